"""Orbit and DuckDB, each given the same table through the same CSV file, and how their
answers are compared: the starting point of the differential tests that run one query on both."""
import csv
import math
from decimal import Decimal

import duckdb

import orbit


def load_both(directory, table, schema, rows, text=lambda value: value):
    """A new Orbit connection and a new DuckDB one, each holding `table` (`schema`: the column
    list in parentheses) filled with `rows` through one CSV file (NULL as \\N; `text` writes
    the other values)."""
    path = directory / f"{table}.csv"
    with open(path, "w", newline="") as f:
        writer = csv.writer(f, delimiter="|")
        for row in rows:
            writer.writerow(["\\N" if v is None else text(v) for v in row])
    create = f"CREATE TABLE {table} {schema}"
    copy = f"COPY {table} FROM '{path}' (DELIMITER '|', HEADER false, NULL '\\N')"
    ours = orbit.connect()
    ours.sql(create)
    ours.sql(copy)
    theirs = duckdb.connect()
    theirs.execute(create)
    theirs.execute(copy)
    return ours, theirs


def same_value(a, b):
    """Equal as SQL values: NULL only with NULL, doubles (and NaN) to 1e-9, integers and
    decimals exactly whatever their Python type."""
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, float) or isinstance(b, float):
        a, b = float(a), float(b)
        return (math.isnan(a) and math.isnan(b)) or math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
    if isinstance(a, (int, Decimal)) and isinstance(b, (int, Decimal)):
        return Decimal(a) == Decimal(b)
    return a == b


def sort_key(row):
    """An order for rows of mixed types and NULLs (NULLs last in each column)."""
    return tuple((v is None, str(type(v)), v if v is not None else 0) for v in row)


def rows_of(table):
    """An Orbit relation or a pyarrow table as a list of tuples."""
    table = table.arrow() if hasattr(table, "arrow") else table
    return list(zip(*(column.to_pylist() for column in table.columns)))


def assert_same_rows(mine, expected, same=same_value, describe=lambda row: ""):
    """Row by row and value by value (`same`), with the row's place, `describe(row)` and both
    values in the message."""
    assert len(mine) == len(expected), f"{len(mine)} rows, DuckDB {len(expected)}"
    for r, (a, b) in enumerate(zip(mine, expected)):
        assert len(a) == len(b)
        for c, (x, y) in enumerate(zip(a, b)):
            assert same(x, y), f"row {r}{describe(a)} column {c}: orbit {x!r}, duckdb {y!r}"
