"""Runs TPC-H queries on the orbit program and on DuckDB over the same files and compares
the answers value by value: exact for integers, decimals and strings, 1e-9 relative for
doubles, ORDER BY respected."""
import csv
import io
import math
import os
import subprocess
from decimal import Decimal

import duckdb

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
QUERY_DIR = os.path.join(ROOT, "bench", "tpch")


def orbit_binary():
    return os.environ.get("ORBIT_BIN", os.path.join(ROOT, "build", "orbit"))


def device_absent_reason(kind):
    """Why `orbit devices` lists no device of this kind ("opencl", "cuda"), or None when it lists one."""
    out = subprocess.run([orbit_binary(), "devices"], capture_output=True, text=True, timeout=120).stdout
    if f"\n{kind}:0:" in "\n" + out:
        return None
    return next((l for l in out.splitlines() if l.startswith(f"{kind}:")), f"{kind}: not listed")


def load_sql(data_dir, schema="schema.sql"):
    """The statements creating and loading the tables: schema.sql (lineitem alone) or
    schema_all.sql (all eight tables)."""
    with open(os.path.join(QUERY_DIR, schema)) as f:
        return f.read().replace("@DATA@", os.path.abspath(data_dir))


def query_sql(name):
    with open(os.path.join(QUERY_DIR, f"{name}.sql")) as f:
        return f.read()


def run_orbit(data_dir, sql, *flags, schema="schema.sql"):
    proc = subprocess.run([orbit_binary(), "--format", "csv", *flags, "-c", load_sql(data_dir, schema), "-c", sql],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, f"orbit failed: {proc.stderr}"
    rows = list(csv.reader(io.StringIO(proc.stdout)))
    return rows[0], rows[1:]


def run_duckdb(data_dir, sql, schema="schema.sql"):
    """Runs every statement of `sql` (Q15: CREATE VIEW, SELECT, DROP VIEW) and returns the
    SELECT's answer. (The orbit program prints only statements that return rows.)"""
    con = duckdb.connect()
    for statement in load_sql(data_dir, schema).split(";"):
        if statement.strip():
            con.execute(statement)
    answer = None
    for statement in (s.strip() for s in sql.split(";")):
        if not statement:
            continue
        cursor = con.execute(statement)
        if statement.split(None, 1)[0].upper() in ("SELECT", "WITH"):
            answer = [d[0] for d in cursor.description], cursor.fetchall()
    assert answer is not None, "the query text has no SELECT"
    return answer


def same_value(ours, theirs):
    """`ours` is orbit's CSV text, `theirs` DuckDB's Python value."""
    if theirs is None:
        return ours == ""
    if isinstance(theirs, float):
        value = float(ours)
        return math.isclose(value, theirs, rel_tol=1e-9, abs_tol=1e-12)
    if isinstance(theirs, Decimal):
        return Decimal(ours) == theirs
    if isinstance(theirs, int):
        return int(ours) == theirs
    return ours == str(theirs)


def assert_same_answer(ours, theirs):
    our_header, our_rows = ours
    their_header, their_rows = theirs
    assert len(our_header) == len(their_header), (our_header, their_header)
    assert len(our_rows) == len(their_rows), f"{len(our_rows)} rows vs DuckDB's {len(their_rows)}"
    for r, (mine, expected) in enumerate(zip(our_rows, their_rows)):
        for c, (a, b) in enumerate(zip(mine, expected)):
            assert same_value(a, b), f"row {r} column {their_header[c]}: orbit {a!r} vs duckdb {b!r}"
