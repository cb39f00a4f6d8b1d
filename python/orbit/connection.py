"""Connections: a session on a database, in the shape DuckDB's Python API has."""
import re
import threading

import pyarrow as pa

from . import _core as _engine
from .cursor import Cursor
from .errors import Error, InterfaceError, from_engine
from .parameters import to_engine_list
from .relation import Relation, sql_literal
from .session_holder import SessionHolder

# Which buffer Connection.buffer_address reports (enum orbit_buffer_kind in c_api.h).
BUFFER_VALIDITY = 0
BUFFER_DATA = 1  # values, or the int32 offsets of a VARCHAR column
BUFFER_CHARS = 2

# A statement whose first word is one of these is a query: sql() returns it as a relation
# that runs when read. Comments before the word are skipped.
_FIRST_WORD = re.compile(r"\s*(?:(?:--[^\n]*(?:\n|$)|/\*.*?\*/)\s*)*(\(|[A-Za-z_]+)", re.DOTALL)
_QUERY_WORDS = {"select", "with", "values", "table", "from", "("}


def _is_query(statement):
    match = _FIRST_WORD.match(statement)
    return bool(match) and match.group(1).lower() in _QUERY_WORDS


def _without_views(field_type):
    """The type Orbit's layout holds for a string or binary view (Polars' strings): the
    offsets-and-bytes form, which the import can then take as it is."""
    if pa.types.is_string_view(field_type):
        return pa.string()
    if pa.types.is_binary_view(field_type):
        return pa.binary()
    return field_type


def _as_stream_capsule(data):
    """The Arrow C stream of a Table, RecordBatch, reader, pandas frame or any object with
    __arrow_c_stream__ (Polars, DuckDB relations, ...). Columns of view types are cast to
    offsets and bytes on the way (a copy of those columns only)."""
    if isinstance(data, pa.RecordBatch):
        data = pa.Table.from_batches([data])
    if type(data).__module__.split(".")[0] == "pandas" and not hasattr(data, "__arrow_c_stream__"):
        data = pa.Table.from_pandas(data, preserve_index=False)
    if not hasattr(data, "__arrow_c_stream__"):
        raise TypeError(f"cannot register a {type(data).__name__}; pass an Arrow table, a Polars or pandas "
                        "DataFrame, or any object with __arrow_c_stream__")
    reader = pa.RecordBatchReader.from_stream(data)
    wanted = pa.schema([field.with_type(_without_views(field.type)) for field in reader.schema],
                       metadata=reader.schema.metadata)
    if not wanted.equals(reader.schema):
        reader = reader.cast(wanted)
    return reader.__arrow_c_stream__()


class Connection(SessionHolder):
    """A session on a database. Close it (or use `with`) when done; results already read
    stay valid after closing, as they own their buffers."""

    _kind = "connection"

    def __init__(self, database, config=None):
        self._database = database
        self._session = database.connect()
        for name, value in (config or {}).items():
            self.set(name, value)

    # --- SQL ------------------------------------------------------------------------------
    def sql(self, text, params=None):
        """Runs `text`. A query (SELECT, WITH, VALUES, TABLE) comes back as a Relation that
        is checked now and runs when its rows are read; other statements run now and give
        None (or a Relation of their rows, as EXPLAIN and SHOW). In a script of several
        statements all but the last run now. `params` (a sequence) are the values of $1,
        $2, ... or of the ?s in order, for a text of one statement."""
        statements = [text] if params is not None or ";" not in text.rstrip().rstrip(";") else \
            self._split(text)
        if not statements:
            return None
        for statement in statements[:-1]:
            self._query(statement, None)
        last = statements[-1]
        if _is_query(last):
            relation = Relation(self, last, params)
            self._check(relation)
            return relation
        result = self._query(last, params)
        return Relation.of_result(self, last, params, result) if result.returns_rows else None

    query = sql

    def execute(self, text, params=None):
        """Runs `text` now, as a PEP 249 cursor on this session; read rows with fetchall()."""
        cursor = Cursor(self, session=self._require_open())
        return cursor.execute(text, params)

    def cursor(self):
        """A PEP 249 cursor: its own session on this connection's database."""
        return Cursor(self)

    def table(self, name):
        """A stored table as a relation; its arrow() is a pyarrow.Table over the very
        buffers Orbit stores (no copy)."""
        session = self._require_open()
        self._engine_call(lambda: session.export_table(name))  # fails now for a table that is not there
        return Relation.of_export(self, f'SELECT * FROM "{name}"', lambda: session.export_table(name))

    def read_parquet(self, path):
        """A relation over Parquet files: a path, a glob ("trips/*.parquet") or a list of paths."""
        paths = [path] if isinstance(path, str) else list(path)
        listed = ", ".join(sql_literal(p) for p in paths)
        return self.sql(f"SELECT * FROM read_parquet([{listed}])")

    def read_csv(self, path):
        """A relation over a CSV file, its column types inferred."""
        return self.sql(f"SELECT * FROM read_csv({sql_literal(path)})")

    def tables(self):
        """The names of the database's tables, sorted."""
        return self._engine_call(lambda: self._require_open().table_names())

    def register(self, name, data):
        """Creates or replaces table `name` from Arrow data (pyarrow, Polars, pandas, or any
        object with __arrow_c_stream__). Orbit wraps the Arrow buffers in place where its
        layout can hold them, and keeps them alive for as long as it needs them."""
        capsule = _as_stream_capsule(data)
        session = self._require_open()
        self._engine_call(lambda: session.register_arrow(name, capsule))

    def unregister(self, name):
        """Drops table `name` (the Arrow data it wrapped is released once unused)."""
        self._query(f'DROP TABLE IF EXISTS "{name}"', None)

    def set(self, name, value):
        """Changes a setting of this session, as `SET name = value` does."""
        session = self._require_open()
        self._engine_call(lambda: session.set(name, str(value)))

    def interrupt(self):
        """Cancels the statement this connection is running (from another thread); that
        call raises QueryCanceled. Ctrl-C does the same for a statement run on the main thread."""
        if self._session is not None:
            self._session.interrupt()

    def buffer_address(self, table, column, batch, which):
        """The address of a buffer of a stored table (which: BUFFER_VALIDITY, BUFFER_DATA or
        BUFFER_CHARS; 0 for a missing validity bitmap). Lets tests prove nothing was copied."""
        stored = self.table(table).arrow()
        if not 0 <= column < stored.num_columns:
            raise InterfaceError(f'table "{table}" has {stored.num_columns} columns; there is no column {column}')
        chunks = stored.column(column).chunks
        if not 0 <= batch < len(chunks):
            raise InterfaceError(f'table "{table}" has {len(chunks)} batches; there is no batch {batch}')
        if which == BUFFER_CHARS and not pa.types.is_string(chunks[batch].type):
            raise InterfaceError(f'column {column} of "{table}" is not VARCHAR, so it has no character buffer')
        chunk = chunks[batch]
        if which == BUFFER_DATA and pa.types.is_fixed_size_list(chunk.type):
            chunk = chunk.values  # an array column's elements
        buffers = chunk.buffers()
        return buffers[which].address if which < len(buffers) and buffers[which] is not None else 0

    # --- transactions ---------------------------------------------------------------------
    def begin(self):
        """Opens a transaction block, as `BEGIN` does: the statements until commit() or
        rollback() are one unit, seen by other sessions only once committed."""
        self._query("BEGIN", None)

    @property
    def transaction_status(self):
        """'I' outside a transaction block, 'T' in one, 'E' in one an error failed (only
        rollback() or commit(), which then rolls back, ends it): PostgreSQL's letters."""
        return self._require_open().transaction_status()

    @property
    def in_transaction(self):
        """Whether a transaction block is open (failed or not)."""
        return self.transaction_status != "I"

    # --- PEP 249 --------------------------------------------------------------------------
    def commit(self):
        """Commits the open transaction block (a failed one rolls back); outside one every
        statement has committed on its own, and there is nothing to do."""
        if self.in_transaction:
            self._query("COMMIT", None)

    def rollback(self):
        """Undoes the open transaction block; outside one there is nothing to undo."""
        if self.in_transaction:
            self._query("ROLLBACK", None)

    def close(self):
        """Ends the session (the database goes when its last connection and cursor do)."""
        super().close()
        self._database = None

    # --- inside ---------------------------------------------------------------------------
    def _split(self, text):
        return self._engine_call(lambda: _engine.split_statements(text))

    def _query(self, text, params, session=None):
        """Runs one statement (or script) and returns the engine's result."""
        session = session or self._require_open()
        values = to_engine_list(params)
        main_thread = threading.current_thread() is threading.main_thread()
        return self._engine_call(lambda: session.query(text, values, main_thread))

    def _check(self, relation):
        """Fails now for a query that does not parse or bind (EXPLAIN plans it without
        running it); where EXPLAIN itself is what fails, running the query says why."""
        try:
            self._query("EXPLAIN " + relation.sql_query, relation._params)
        except Error:
            relation._run()

    @staticmethod
    def _engine_call(call):
        try:
            return call()
        except _engine.Error as error:
            raise from_engine(error) from None
