"""Orbit and DuckDB, each given the same table through the same CSV file: the starting point
of the differential tests that compare one query on both."""
import csv

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
