"""PEP 249 cursors, for the database tools that speak DB-API 2.0."""
from .errors import InterfaceError
from .relation import _arrow_table, tuples_of
from .session_holder import SessionHolder


class Cursor(SessionHolder):
    """Runs statements and reads their rows. Each cursor is its own session on the
    connection's database (as DuckDB's cursors are), so cursors may be used on different
    threads; settings made with SET on one do not reach the others."""

    arraysize = 1
    _kind = "cursor"

    def __init__(self, connection, session=None):
        self.connection = connection
        self._session = session or connection._database.connect()
        self._result = None
        self._table = None
        self._rows = None  # the rows as tuples, made at the first fetch
        self._position = 0
        self.description = None
        self.rowcount = -1

    def execute(self, operation, parameters=None):
        """Runs one statement (or a script; the last statement's rows are kept)."""
        result = self.connection._query(operation, parameters, session=self._require_open())
        self._keep(result)
        return self

    def executemany(self, operation, seq_of_parameters):
        """Runs one statement once per parameter sequence; rowcount is their total."""
        total = 0
        for parameters in seq_of_parameters:
            self.execute(operation, parameters)
            total += max(self.rowcount, 0)
        self.rowcount = total
        return self

    def fetchone(self):
        rows = self.fetchmany(1)
        return rows[0] if rows else None

    def fetchmany(self, size=None):
        count = self.arraysize if size is None else size
        rows = self._tuples()[self._position:self._position + count]
        self._position += len(rows)
        return rows

    def fetchall(self):
        rows = self._tuples()[self._position:]
        self._position += len(rows)
        return rows

    def fetch_arrow_table(self):
        """The last statement's rows as a pyarrow.Table over Orbit's buffers (no copy)."""
        if self._table is None:
            if self._result is None or not self._result.returns_rows:
                raise InterfaceError("the last statement returned no rows")
            self._table = _arrow_table(self._result)
        return self._table

    arrow = fetch_arrow_table
    to_arrow_table = fetch_arrow_table

    def pl(self):
        """The last statement's rows as a Polars DataFrame."""
        import polars

        return polars.from_arrow(self.fetch_arrow_table())

    def df(self):
        """The last statement's rows as a pandas DataFrame."""
        return self.fetch_arrow_table().to_pandas()

    fetchdf = df

    def __iter__(self):
        return iter(self.fetchone, None)

    def setinputsizes(self, sizes):
        """Accepted and ignored, as PEP 249 allows."""

    def setoutputsize(self, size, column=None):
        """Accepted and ignored, as PEP 249 allows."""

    def _keep(self, result):
        self._result, self._table, self._rows, self._position = result, None, None, 0
        self.rowcount = result.rows_changed
        if not result.returns_rows:
            self.description = None
            return
        if self.rowcount < 0:
            self.rowcount = result.num_rows
        # (name, type_code, display_size, internal_size, precision, scale, null_ok)
        self.description = [(name, type_name, None, None, None, None, True) for name, type_name in result.columns]

    def _tuples(self):
        if self._rows is None:
            if self._result is None or not self._result.returns_rows:
                self._rows = []
            else:
                self._rows = tuples_of(self.fetch_arrow_table())
        return self._rows
