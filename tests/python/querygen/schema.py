"""Seeded random tables for the differential query generator: every column draws from a small
pool of values (so joins match and groups repeat) that holds the type's extremes, zero,
negatives and empty strings, and every column holds NULLs. The same INSERT statements load
Orbit and DuckDB."""
import datetime
import os
import random
from decimal import Decimal

INT_MIN, INT_MAX = -2**31, 2**31 - 1
BIGINT_MIN, BIGINT_MAX = -2**63, 2**63 - 1

# Shared by every numeric column, so keys of different tables and types meet.
SMALL = [-3, -1, 0, 1, 2, 3, 7]
STRINGS = ["", "a", "A", "abc", "ab%", "a_c", "hello world", " pad ", "ünï", "ÜNÏ", "Zz", "O'Brien", "x" * 40]
DATES = [datetime.date(1992, 1, 1), datetime.date(1995, 6, 30), datetime.date(2000, 2, 29),
         datetime.date(2024, 1, 31), datetime.date(1970, 1, 1), datetime.date(1, 1, 1), datetime.date(9999, 12, 31)]
TIMESTAMPS = [datetime.datetime(1992, 1, 1), datetime.datetime(1995, 6, 30, 23, 59, 59, 999999),
              datetime.datetime(2000, 2, 29, 12, 30), datetime.datetime(2024, 1, 31, 0, 0, 0, 250000),
              datetime.datetime(1969, 12, 31, 23, 59, 59), datetime.datetime(1, 1, 1, 1, 1, 1),
              datetime.datetime(9999, 12, 31, 23, 59, 59)]
DECIMAL_SHAPES = [(4, 0), (4, 2), (9, 3), (12, 2), (18, 4), (18, 0), (20, 5), (30, 10), (38, 0), (38, 6)]


class Column:
    def __init__(self, name, sql_type, kind, precision=None, scale=None):
        self.name, self.sql_type, self.kind = name, sql_type, kind
        self.precision, self.scale = precision, scale


class Table:
    def __init__(self, name, columns, rows):
        self.name, self.columns, self.rows = name, columns, rows

    def create_sql(self):
        return f"CREATE TABLE {self.name} (" + ", ".join(f"{c.name} {c.sql_type}" for c in self.columns) + ")"

    def insert_sql(self):
        if not self.rows:
            return None
        values = ", ".join("(" + ", ".join(literal(c, v) for c, v in zip(self.columns, row)) + ")"
                           for row in self.rows)
        return f"INSERT INTO {self.name} VALUES {values}"


def quote(text):
    return "'" + text.replace("'", "''") + "'"


def literal(column, value):
    """A typed SQL literal both engines read the same way."""
    if value is None:
        return "NULL"
    kind = column.kind
    if kind == "bool":
        return "true" if value else "false"
    if kind == "text":
        return quote(value)
    if kind == "date":
        return f"DATE '{value.isoformat()}'"
    if kind == "ts":
        return f"TIMESTAMP '{value.isoformat(sep=' ')}'"
    if kind == "double":
        return f"CAST('{value!r}' AS DOUBLE)"
    text = format(value, "f") if isinstance(value, Decimal) else str(value)
    return f"CAST('{text}' AS {column.sql_type})"


def decimal_extremes(precision, scale):
    top = Decimal(10**precision - 1).scaleb(-scale)
    return [top, -top, Decimal(1).scaleb(-scale)]


def value_pool(rng, column):
    """A few distinct values for the column, extremes included now and then."""
    kind = column.kind
    if kind == "int":
        pool = rng.sample(SMALL, 4) + rng.sample([INT_MIN, INT_MAX, 0, -1000000, 123456789], 2)
    elif kind == "bigint":
        pool = rng.sample(SMALL, 4) + rng.sample([BIGINT_MIN, BIGINT_MAX, 10**12, -(10**15), INT_MAX + 1], 2)
    elif kind == "double":
        pool = [float(v) for v in rng.sample(SMALL, 3)] + rng.sample(
            [0.5, -2.25, -0.0, 0.1, 1e15, -1e-300, 3.141592653589793, 1e300, -1.7976931348623157e308], 3)
    elif kind == "decimal":
        p, s = column.precision, column.scale
        small = [Decimal(v) for v in rng.sample(SMALL, 3)]
        if s:
            small.append(Decimal(rng.randint(-999, 999)).scaleb(-min(s, 2)))
        pool = small + rng.sample(decimal_extremes(p, s), 2)
        pool = [v for v in pool if abs(v) < Decimal(10) ** (p - s)]
    elif kind == "date":
        pool = rng.sample(DATES, 4)
    elif kind == "ts":
        pool = rng.sample(TIMESTAMPS, 4)
    elif kind == "text":
        pool = rng.sample(STRINGS, 5)
    else:
        pool = [True, False]
    return pool


KINDS = [("int", "INTEGER"), ("bigint", "BIGINT"), ("double", "DOUBLE"), ("decimal", None),
         ("date", "DATE"), ("text", "VARCHAR"), ("bool", "BOOLEAN")]
# TIMESTAMP columns (ORBIT_QUERYGEN_TIMESTAMPS=0 leaves them out, for the tables the seeds
# made before there were any).
if os.environ.get("ORBIT_QUERYGEN_TIMESTAMPS", "1") != "0":
    KINDS.insert(5, ("ts", "TIMESTAMP"))


def random_column(rng, name):
    kind, sql_type = rng.choice(KINDS)
    if kind == "decimal":
        p, s = rng.choice(DECIMAL_SHAPES)
        return Column(name, f"DECIMAL({p},{s})", kind, p, s)
    return Column(name, sql_type, kind)


def random_tables(rng, count=None):
    tables = []
    for t in range(count or rng.randint(2, 3)):
        columns = [random_column(rng, f"c{i}") for i in range(rng.randint(2, 6))]
        # Every table gets at least one integer column so joins have keys that meet.
        if not any(c.kind in ("int", "bigint") for c in columns):
            columns[0] = Column("c0", "INTEGER", "int")
        pools = [value_pool(rng, c) for c in columns]
        null_rate = rng.choice([0.0, 0.1, 0.3])
        rows = []
        for _ in range(rng.choice([0, 1, 3, 8, 20, 40, 40, 300])):
            rows.append(tuple(None if rng.random() < null_rate else rng.choice(pool) for pool in pools))
        tables.append(Table(f"t{t}", columns, rows))
    return tables
