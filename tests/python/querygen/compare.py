"""Runs one query on Orbit and DuckDB and judges the answers: multisets unless the ORDER BY
fixes the order of every row; DOUBLE values to a relative tolerance, everything else exactly
(dates as day numbers, so dates outside Python's range compare too). An error in both
engines is agreement; an Orbit error saying "not supported yet" is counted, not a finding."""
import math
from decimal import Decimal

import pyarrow as pa

UNSUPPORTED_MARKERS = ("not supported yet", "not supported")


def column_values(column):
    t = column.type
    if pa.types.is_date(t):
        return [None if v is None else ("date", v) for v in column.cast(pa.int32()).to_pylist()]
    if pa.types.is_timestamp(t):
        return [None if v is None else ("ts", v) for v in column.cast(pa.int64()).to_pylist()]
    return column.to_pylist()


def rows_of(table):
    table = table.arrow() if hasattr(table, "arrow") else table
    columns = [column_values(table.column(i)) for i in range(table.num_columns)]
    return list(zip(*columns)) if columns else []


def same_value(a, b, rel_tol):
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, float) or isinstance(b, float):
        x, y = float(a), float(b)
        if math.isnan(x) or math.isnan(y):
            return math.isnan(x) and math.isnan(y)
        if math.isinf(x) or math.isinf(y):
            return x == y
        return x == y or math.isclose(x, y, rel_tol=rel_tol, abs_tol=1e-12)
    if isinstance(a, (int, Decimal)) and isinstance(b, (int, Decimal)):
        return Decimal(a) == Decimal(b)
    return a == b


def sort_key(row):
    key = []
    for v in row:
        if v is None:
            key.append((0, 0.0, ""))
        elif isinstance(v, (bool, int, float, Decimal)):
            f = float(v)
            key.append((1, 0.0 if math.isnan(f) else f, ""))
        else:
            key.append((2, 0.0, repr(v)))
    return tuple(key)


def same_rows(ours, theirs, ordered, rel_tol=1e-9):
    """None when the answers agree, else a sentence saying where they differ."""
    if ours and theirs and len(ours[0]) != len(theirs[0]):
        return f"{len(ours[0])} columns vs {len(theirs[0])}"
    if len(ours) != len(theirs):
        return f"{len(ours)} rows vs {len(theirs)}"
    if not ordered:
        ours, theirs = sorted(ours, key=sort_key), sorted(theirs, key=sort_key)
    for r, (a, b) in enumerate(zip(ours, theirs)):
        for c, (x, y) in enumerate(zip(a, b)):
            if not same_value(x, y, rel_tol):
                return f"row {r} column c{c}: {x!r} vs {y!r}"
    return None


def is_unsupported(message):
    text = message.lower()
    return any(marker in text for marker in UNSUPPORTED_MARKERS)
