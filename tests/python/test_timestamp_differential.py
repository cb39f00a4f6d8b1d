"""TIMESTAMP differential tests: the same seeded random timestamps (NULLs, duplicates,
microseconds, dates before 1970, month ends) in Orbit and DuckDB, and queries whose meaning
PostgreSQL and DuckDB share compared value by value: ordering, grouping, joins, casts,
comparisons with dates, interval arithmetic, date_trunc, the integer EXTRACT fields,
strftime and date_diff, on the CPU and on the OpenCL device. (EXTRACT(second) is an exact DECIMAL with its fraction in Orbit,
as PostgreSQL's numeric, and an integer in DuckDB: compared after a cast.)"""
import datetime
import random

import pytest

from csv_loaded_engines import load_both
from tpch_compare import device_absent_reason

OPENCL_ABSENT = device_absent_reason("opencl")
needs_opencl = pytest.mark.skipif(OPENCL_ABSENT is not None, reason=f"no OpenCL device ({OPENCL_ABSENT})")

ROWS = 3000
SCHEMA = "(id INTEGER, ts TIMESTAMP, other TIMESTAMP, day DATE, k INTEGER)"


def random_rows(seed=20261203):
    rng = random.Random(seed)
    start = datetime.datetime(1960, 1, 1)
    month_ends = [datetime.datetime(2024, m, 1) - datetime.timedelta(microseconds=1) for m in range(1, 13)]

    def moment():
        choice = rng.random()
        if choice < 0.08:
            return None
        if choice < 0.15:
            return rng.choice(month_ends)
        if choice < 0.25:
            return datetime.datetime(2024, 3, rng.randint(1, 3), rng.randint(0, 23))  # many duplicates
        return start + datetime.timedelta(microseconds=rng.randint(0, 70 * 365 * 86400 * 10**6))

    rows = []
    for i in range(ROWS):
        ts, other, third = moment(), moment(), moment()
        day = ts.date() if ts and rng.random() < 0.3 else third.date() if third else None
        rows.append((i, ts, other, day, rng.randint(0, 20)))
    return rows


@pytest.fixture(scope="module")
def engines(tmp_path_factory):
    ours, theirs = load_both(tmp_path_factory.mktemp("ts"), "t", SCHEMA, random_rows(),
                             text=lambda v: v.isoformat(sep=" ") if isinstance(v, datetime.datetime) else v)
    yield ours, theirs
    ours.close()


QUERIES = [
    "SELECT id, ts, other FROM t ORDER BY ts NULLS FIRST, id",
    "SELECT id FROM t WHERE ts > other ORDER BY id",
    "SELECT id FROM t WHERE ts >= day AND ts < day + INTERVAL '1 day' ORDER BY id",
    "SELECT id FROM t WHERE ts BETWEEN TIMESTAMP '2024-03-01 05:00' AND TIMESTAMP '2024-03-02 17:00' ORDER BY id",
    "SELECT ts, count(*), min(other), max(other), count(day) FROM t GROUP BY ts ORDER BY ts NULLS LAST",
    "SELECT k, min(ts), max(ts) FROM t GROUP BY k ORDER BY k",
    "SELECT CAST(ts AS DATE) AS d, count(*) FROM t GROUP BY d ORDER BY d NULLS FIRST",
    "SELECT CAST(day AS TIMESTAMP), CAST(ts AS VARCHAR) FROM t ORDER BY id",
    "SELECT a.id, b.id FROM t a JOIN t b ON a.ts = b.other ORDER BY a.id, b.id",
    "SELECT a.id, b.id FROM t a JOIN t b ON a.ts = b.day WHERE a.id < 2000 ORDER BY a.id, b.id",
    "SELECT id, ts + INTERVAL '1 month', ts - INTERVAL '1 year 2 months', ts + INTERVAL '36 hours 5 minutes' FROM t "
    "ORDER BY id",
    "SELECT id, day + INTERVAL '90 minutes', ts - INTERVAL '0.5 seconds' FROM t ORDER BY id",
    "SELECT date_trunc('month', ts), date_trunc('hour', ts), date_trunc('week', ts), date_trunc('quarter', ts), "
    "date_trunc('year', ts), date_trunc('second', ts), date_trunc('day', day) FROM t ORDER BY id",
    "SELECT date_trunc('minute', ts) AS m, count(*) FROM t GROUP BY m ORDER BY m NULLS LAST",
    "SELECT EXTRACT(year FROM ts), EXTRACT(month FROM ts), EXTRACT(day FROM ts), EXTRACT(hour FROM ts), "
    "EXTRACT(minute FROM ts), EXTRACT(dow FROM ts), EXTRACT(doy FROM ts), EXTRACT(quarter FROM ts), "
    "EXTRACT(isodow FROM ts), EXTRACT(week FROM ts), EXTRACT(isoyear FROM ts) FROM t ORDER BY id",
    "SELECT CAST(floor(EXTRACT(second FROM ts)) AS BIGINT), EXTRACT(microseconds FROM ts) FROM t ORDER BY id",
    "SELECT strftime(ts, '%Y/%m/%d %H:%M:%S.%f %j %a %b'), strftime(day, '%d.%m.%y') FROM t ORDER BY id",
    "SELECT strptime(strftime(ts, '%d/%m/%Y %H:%M:%S.%f'), '%d/%m/%Y %H:%M:%S.%f'), "
    "strptime(strftime(day, '%j %Y'), '%j %Y'), strptime(strftime(ts, '%b %d %y %I%p'), '%b %d %y %I%p') FROM t "
    "ORDER BY id",
    "SELECT time_bucket(INTERVAL '15 minutes', ts, TIMESTAMP '2001-01-01'), time_bucket(INTERVAL '1 day 6 hours', "
    "ts, other), time_bucket(INTERVAL '1 week', ts), time_bucket(INTERVAL '3 months', ts), time_bucket(INTERVAL "
    "'90 minutes', ts, TIMESTAMP '2024-01-01 00:10'), time_bucket(INTERVAL '1 year', day) FROM t ORDER BY id",
    "SELECT date_diff('day', ts, other), date_diff('hour', ts, other), date_diff('month', day, ts), "
    "date_diff('year', ts, other), date_diff('second', ts, other), date_diff('quarter', ts, other) FROM t ORDER BY id",
    "SELECT id, ts FROM t WHERE ts = (SELECT max(ts) FROM t) ORDER BY id",
    "SELECT count(*) FROM t WHERE ts IN (SELECT other FROM t)",
    "SELECT ts FROM t UNION SELECT other FROM t ORDER BY 1 NULLS LAST",
    "SELECT id, max(ts) OVER (PARTITION BY k ORDER BY id ROWS BETWEEN 3 PRECEDING AND CURRENT ROW), "
    "lag(ts) OVER (ORDER BY id) FROM t ORDER BY id",
    "SELECT id, sum(k) OVER (ORDER BY ts RANGE BETWEEN INTERVAL '3 days 12 hours' PRECEDING AND CURRENT ROW), "
    "count(*) OVER (PARTITION BY k ORDER BY day DESC RANGE BETWEEN INTERVAL '30 days' PRECEDING AND "
    "INTERVAL '1 week' FOLLOWING) FROM t ORDER BY id",
    "SELECT * FROM generate_series(TIMESTAMP '2024-01-31 12:00', TIMESTAMP '2025-03-01', INTERVAL '1 month 1 day')",
    "SELECT count(*), min(range), max(range) FROM range(TIMESTAMP '2024-03-01', TIMESTAMP '2024-02-01', "
    "INTERVAL '-7 hours')",
    "SELECT g.ts, count(t.id) FROM generate_series(TIMESTAMP '2024-03-01', TIMESTAMP '2024-03-04', "
    "INTERVAL '6 hours') g(ts) LEFT JOIN t ON date_trunc('hour', t.ts) = g.ts GROUP BY 1 ORDER BY 1",
    "SELECT COALESCE(ts, other, day), GREATEST(ts, other), LEAST(ts, day), CASE WHEN k > 10 THEN ts ELSE day END "
    "FROM t ORDER BY id",
]


@pytest.mark.parametrize("device", ["cpu", pytest.param("opencl", marks=needs_opencl)])
@pytest.mark.parametrize("sql", QUERIES)
def test_same_answer_as_duckdb(engines, sql, device):
    ours, theirs = engines
    # On OpenCL with fallback = 'error': a pipeline that failed there cannot pass as a CPU run.
    ours.sql(f"SET device = '{device}'; SET fallback = '{'error' if device != 'cpu' else 'cpu'}'")
    mine = ours.sql(sql).fetchall()
    expected = theirs.execute(sql).fetchall()
    assert len(mine) == len(expected), f"{len(mine)} rows, DuckDB {len(expected)}"
    for r, (a, b) in enumerate(zip(mine, expected)):
        assert a == b, f"row {r}: orbit {a!r}, duckdb {b!r}"


def test_the_table_is_not_trivial(engines):
    ours, _ = engines
    (count, nulls), = ours.sql("SELECT count(*), count(*) - count(ts) FROM t").fetchall()
    (distinct,), = ours.sql("SELECT count(DISTINCT ts) FROM t").fetchall()
    assert count == ROWS and 0 < nulls < ROWS // 5 and distinct > ROWS // 2
