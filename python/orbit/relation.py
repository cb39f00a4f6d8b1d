"""Relations: a query that runs when its rows are asked for, composable without SQL text.

`Connection.sql("SELECT ...")` checks the query at once (a typo fails there) but runs it
only when its rows are read: `.arrow()`, `.pl()`, `.df()`, `.fetchall()`, ... The rows are
read once and kept, so several reads of one relation run it once. `.filter()`,
`.project()`, `.aggregate()`, `.join()`, `.order()` and `.limit()` make new relations over
this one's query, as DuckDB's relational API does.
"""
import datetime
import html
import itertools

import pyarrow as pa

from .errors import NotSupportedError

_PREVIEW_ROWS = 10
_aliases = itertools.count()


def _as_list(expressions):
    """A comma-separated SQL list from a string or a sequence of strings."""
    if isinstance(expressions, str):
        return expressions
    return ", ".join(expressions)


class Relation:
    """A query and, once read, its rows. Exposes __arrow_c_stream__, so pyarrow
    (`pa.table(rel)`), Polars (`pl.from_arrow(rel)`) and DuckDB read it without copying."""

    def __init__(self, connection, sql, params=None, alias=None, orderable=False):
        self._connection = connection
        self._sql = sql
        self._params = list(params) if params is not None else None
        self._alias = alias or f"orbit_relation_{next(_aliases)}"
        self._orderable = orderable  # its text ends in ORDER BY: a LIMIT may follow it directly
        self._result = None
        self._table = None
        self._cursor = 0
        self._exporter = None  # for a stored table: its zero-copy export instead of a query

    @classmethod
    def of_result(cls, connection, sql, params, result):
        """A relation whose query already ran (EXPLAIN, SHOW, ...)."""
        relation = cls(connection, sql, params)
        relation._result = result
        return relation

    @classmethod
    def of_export(cls, connection, sql, exporter):
        """A stored table: `sql` reads it, `exporter()` gives its own buffers as a stream."""
        relation = cls(connection, sql)
        relation._exporter = exporter
        return relation

    # --- what it is ---------------------------------------------------------------------
    @property
    def sql_query(self):
        """The query's SQL text."""
        return self._sql

    @property
    def alias(self):
        """The name this relation has inside a composed query (join conditions use it)."""
        return self._alias

    def set_alias(self, alias):
        """The same query under another name for joins."""
        return Relation(self._connection, self._sql, self._params, alias, self._orderable)

    @property
    def columns(self):
        """The names of the result's columns."""
        return [name for name, _ in self._run().columns]

    @property
    def types(self):
        """The SQL types of the result's columns, such as "INTEGER" or "DECIMAL(15,2)"."""
        return [type_name for _, type_name in self._run().columns]

    @property
    def dtypes(self):
        return self.types

    def __len__(self):
        return self.arrow().num_rows

    def explain(self, analyze=False):
        """The plan Orbit would run (with `analyze`, runs it and adds what it measured)."""
        keyword = "EXPLAIN ANALYZE " if analyze else "EXPLAIN "
        table = _arrow_table(self._connection._query(keyword + self._sql, self._params))
        return "\n".join(str(value) for value in table.column(table.num_columns - 1).to_pylist())

    # --- its rows -----------------------------------------------------------------------
    def arrow(self):
        """The rows as a pyarrow.Table over Orbit's buffers (no copy)."""
        if self._table is None:
            self._table = _read_capsule(self.__arrow_c_stream__())
        return self._table

    fetch_arrow_table = arrow
    to_arrow_table = arrow

    def pl(self):
        """The rows as a Polars DataFrame (it shares the Arrow buffers where it can)."""
        import polars

        return polars.from_arrow(self.arrow())

    def df(self):
        """The rows as a pandas DataFrame."""
        return self.arrow().to_pandas()

    fetchdf = df
    to_df = df

    def fetchall(self):
        """The rows not yet fetched, as tuples."""
        rows = self._rows(self._cursor, None)
        self._cursor += len(rows)
        return rows

    def fetchone(self):
        """The next row as a tuple, or None after the last."""
        rows = self._rows(self._cursor, 1)
        self._cursor += len(rows)
        return rows[0] if rows else None

    def fetchmany(self, size=1):
        """The next `size` rows as tuples (fewer at the end)."""
        rows = self._rows(self._cursor, size)
        self._cursor += len(rows)
        return rows

    def __arrow_c_stream__(self, requested_schema=None):
        if self._exporter is not None:
            return self._connection._engine_call(self._exporter)
        return self._run().export()

    # --- files ----------------------------------------------------------------------------
    def write_parquet(self, path, compression=None):
        """Writes the rows to a Parquet file (compression: zstd, snappy or uncompressed),
        whole or not at all."""
        options = "FORMAT parquet" + (f", COMPRESSION {compression}" if compression else "")
        self._copy_to(path, options)

    to_parquet = write_parquet

    def write_csv(self, path, header=True, delimiter=","):
        """Writes the rows to a CSV file, whole or not at all."""
        options = f"FORMAT csv, HEADER {'true' if header else 'false'}, DELIMITER {sql_literal(delimiter)}"
        self._copy_to(path, options)

    to_csv = write_csv

    # --- composition --------------------------------------------------------------------
    def filter(self, condition):
        """The rows for which `condition` (SQL text over this relation's columns) is true."""
        return self._derive(f"SELECT * FROM {self._from()} WHERE {condition}")

    def project(self, *expressions):
        """The given expressions (SQL text) of each row."""
        return self._derive(f"SELECT {_as_list(expressions)} FROM {self._from()}")

    select = project

    def aggregate(self, aggregates, groups=None):
        """Aggregates (SQL text, e.g. "vendor, avg(fare)") grouped by `groups` (text or list)."""
        group_by = f" GROUP BY {_as_list(groups)}" if groups else ""
        return self._derive(f"SELECT {_as_list(aggregates)} FROM {self._from()}{group_by}")

    def order(self, *expressions):
        """The rows sorted by the given expressions (SQL text, with ASC/DESC as SQL has them)."""
        return self._derive(f"SELECT * FROM {self._from()} ORDER BY {_as_list(expressions)}", orderable=True)

    sort = order

    def limit(self, count, offset=0):
        """At most `count` rows, after skipping `offset`."""
        suffix = f" LIMIT {int(count)}" + (f" OFFSET {int(offset)}" if offset else "")
        if self._orderable:  # keep ORDER BY and LIMIT in one query, so the order holds
            return Relation(self._connection, self._sql + suffix, self._params)
        return self._derive(f"SELECT * FROM {self._from()}{suffix}")

    def distinct(self):
        """Each distinct row once."""
        return self._derive(f"SELECT DISTINCT * FROM {self._from()}")

    def join(self, other, condition, how="inner"):
        """This relation joined with `other` on `condition`: SQL text over both aliases
        (`rel.alias`, `set_alias`), or a column name both have (joined USING it).
        `how`: inner, left, right, outer (full) or cross."""
        kinds = {"inner": "JOIN", "left": "LEFT JOIN", "right": "RIGHT JOIN", "outer": "FULL JOIN",
                 "full": "FULL JOIN", "cross": "CROSS JOIN"}
        if how not in kinds:
            raise ValueError(f"join kind {how!r} is not one of {', '.join(kinds)}")
        if self._params and other._params:
            raise NotSupportedError("joining two relations that both have parameters is not supported yet")
        if how == "cross":
            on = ""
        elif condition.isidentifier():
            on = f" USING ({condition})"
        else:
            on = f" ON {condition}"
        sql = f"SELECT * FROM {self._from()} {kinds[how]} {other._from()}{on}"
        return Relation(self._connection, sql, self._params or other._params)

    # --- display ------------------------------------------------------------------------
    def __repr__(self):
        table = self.arrow()
        preview = table.slice(0, _PREVIEW_ROWS)
        headers = [f"{name}\n{type_name}" for name, type_name in self._run().columns]
        cells = [[_display(value) for value in column.to_pylist()] for column in preview.columns]
        widths = [max([len(line) for line in header.split("\n")] + [len(cell) for cell in column])
                  for header, column in zip(headers, cells)]
        rule = "+" + "+".join("-" * (width + 2) for width in widths) + "+"
        lines = [rule]
        for part in range(2):
            lines.append("| " + " | ".join(header.split("\n")[part].ljust(width)
                                           for header, width in zip(headers, widths)) + " |")
        lines.append(rule)
        for row in zip(*cells):
            lines.append("| " + " | ".join(cell.ljust(width) for cell, width in zip(row, widths)) + " |")
        lines.append(rule)
        more = table.num_rows - preview.num_rows
        lines.append(f"{table.num_rows} rows" + (f" ({preview.num_rows} shown)" if more else ""))
        return "\n".join(lines)

    def _repr_html_(self):
        table = self.arrow()
        preview = table.slice(0, _PREVIEW_ROWS)
        head = "".join(f"<th>{html.escape(name)}<br><small>{html.escape(type_name)}</small></th>"
                       for name, type_name in self._run().columns)
        body = "".join("<tr>" + "".join(f"<td>{html.escape(_display(value))}</td>" for value in row) + "</tr>"
                       for row in tuples_of(preview))
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table><p>{table.num_rows} rows</p>"

    # --- inside -------------------------------------------------------------------------
    def _copy_to(self, path, options):
        if self._params:
            raise NotSupportedError("writing a relation that has parameters to a file is not supported yet "
                                    "(COPY does not take parameters)")
        self._connection._query(f"COPY ({self._sql}) TO {sql_literal(path)} ({options})", None)

    def _from(self):
        return f"({self._sql}) AS {self._alias}"

    def _derive(self, sql, orderable=False):
        return Relation(self._connection, sql, self._params, orderable=orderable)

    def _run(self):
        if self._result is None:
            self._result = self._connection._query(self._sql, self._params)
        return self._result

    def _rows(self, start, count):
        table = self.arrow()
        return tuples_of(table.slice(start, count)) if start < table.num_rows else []


def _read_capsule(capsule):
    return pa.RecordBatchReader._import_from_c_capsule(capsule).read_all()


def _arrow_table(result):
    """A pyarrow.Table over an engine result's buffers."""
    return _read_capsule(result.export())


def sql_literal(text):
    """A SQL string literal of `text`."""
    return "'" + str(text).replace("'", "''") + "'"


def tuples_of(table):
    """A pyarrow table's rows as tuples (by position: result columns may share a name)."""
    return list(zip(*[_python_values(column) for column in table.columns])) if table.num_columns else []


def _python_values(column):
    """A column's values as Python objects. An INTERVAL (Arrow month_day_nano) is a
    datetime.timedelta when it has no months (a month has no fixed length), else pyarrow's
    MonthDayNano(months, days, nanoseconds)."""
    values = column.to_pylist()
    if str(column.type) != "month_day_nano_interval":
        return values
    return [_interval_value(v) for v in values]


def _interval_value(value):
    if value is None or value.months != 0:
        return value
    return datetime.timedelta(days=value.days, microseconds=value.nanoseconds // 1000)


def _display(value):
    return "NULL" if value is None else str(value)
