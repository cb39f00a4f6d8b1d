"""Window functions, differential against DuckDB: every window function and frame Orbit
supports runs on both over the same seeded random rows (several partitions and a NULL one,
many ties in the ORDER BY key, NULLs in every column), and the answers must agree row by
row after sorting: exactly for integers and decimals, to 1e-9 relative for doubles. Where
the dialects differ the queries say what PostgreSQL means: NULLS FIRST/LAST is written out
(DuckDB puts NULLs last for DESC too). Row order within ties is made unique (ORDER BY ...,
id) wherever a result would depend on it."""
import random
from decimal import Decimal

import pytest

from csv_loaded_engines import assert_same_rows, load_both, rows_of, sort_key

SCHEMA = "(id BIGINT, p INTEGER, o INTEGER, v INTEGER, m DECIMAL(10,2), d DOUBLE)"
ROWS = 3000


def random_rows(seed=20261202):
    rng = random.Random(seed)

    def maybe(value, rate=0.1):
        return None if rng.random() < rate else value

    rows = []
    for i in range(ROWS):
        rows.append((
            i,
            maybe(rng.randint(0, 7), 0.05),
            maybe(rng.randint(-20, 20)),  # few distinct values: many peers
            maybe(rng.randint(-100, 100)),
            maybe(Decimal(rng.randint(-10**6, 10**6)) / 100),
            maybe(rng.choice([rng.randint(-8, 8) / 4, rng.uniform(-1000, 1000)])),
        ))
    return rows


@pytest.fixture(scope="module")
def engines(tmp_path_factory):
    ours, theirs = load_both(tmp_path_factory.mktemp("window"), "r", SCHEMA, random_rows())
    yield ours, theirs
    ours.close()



BY_ID = "PARTITION BY p ORDER BY id"
BY_O = "PARTITION BY p ORDER BY o NULLS LAST"

QUERIES = [
    # ranking, with ties in o, both NULL orders and both directions
    "SELECT id, row_number() OVER (PARTITION BY p ORDER BY o NULLS LAST, id), rank() OVER (" + BY_O + "), "
    "dense_rank() OVER (PARTITION BY p ORDER BY o DESC NULLS FIRST), percent_rank() OVER (PARTITION BY p ORDER BY o "
    "NULLS FIRST), cume_dist() OVER (" + BY_O + "), ntile(4) OVER (PARTITION BY p ORDER BY o NULLS LAST, id), "
    "ntile(7) OVER (ORDER BY id), row_number() OVER () > 0 FROM r",
    "SELECT id, rank() OVER (ORDER BY o DESC NULLS LAST, v NULLS FIRST), dense_rank() OVER (PARTITION BY p, o % 3 "
    "ORDER BY v DESC NULLS FIRST), cume_dist() OVER (PARTITION BY o ORDER BY p NULLS FIRST) FROM r",
    # lag and lead: offsets, defaults, across partitions' edges
    "SELECT id, lag(v) OVER (" + BY_ID + "), lead(v, 2) OVER (" + BY_ID + "), lag(v, 3, -1) OVER (PARTITION BY p "
    "ORDER BY o NULLS LAST, id), lead(m, 1, 0) OVER (ORDER BY id), lag(d, 0) OVER (" + BY_ID + "), "
    "lead(o, 5, 99) OVER (PARTITION BY p ORDER BY id DESC) FROM r",
    # aggregates over the default frame (to the last peer) and over whole partitions
    "SELECT id, sum(v) OVER (" + BY_O + "), count(*) OVER (" + BY_O + "), count(v) OVER (PARTITION BY p), "
    "avg(d) OVER (PARTITION BY p ORDER BY o DESC NULLS FIRST), min(m) OVER (" + BY_O + "), max(v) OVER (), "
    "sum(m) OVER (PARTITION BY p), avg(v) OVER (PARTITION BY p) FROM r",
    # ROWS frames at and across the partitions' edges
    "SELECT id, sum(v) OVER (" + BY_ID + " ROWS BETWEEN 3 PRECEDING AND CURRENT ROW), avg(d) OVER (" + BY_ID +
    " ROWS BETWEEN 2 PRECEDING AND 2 FOLLOWING), min(v) OVER (" + BY_ID + " ROWS BETWEEN 5 PRECEDING AND 1 "
    "PRECEDING), max(m) OVER (" + BY_ID + " ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING), count(v) OVER (" +
    BY_ID + " ROWS BETWEEN 1 FOLLOWING AND 4 FOLLOWING), sum(m) OVER (" + BY_ID + " ROWS UNBOUNDED PRECEDING) "
    "FROM r",
    # (A frame that ends before it starts is empty, count 0, in PostgreSQL and Orbit; DuckDB
    # 1.5 counts -1, so the sqllogic tests check it by hand instead.)
    # a 28-row rolling sum and average over one big partition
    "SELECT id, sum(v) OVER (ORDER BY id ROWS BETWEEN 27 PRECEDING AND CURRENT ROW), avg(m) OVER (ORDER BY id ROWS "
    "BETWEEN 27 PRECEDING AND CURRENT ROW), min(d) OVER (ORDER BY id ROWS BETWEEN 100 PRECEDING AND 100 FOLLOWING) "
    "FROM r",
    # RANGE frames with offsets, over INTEGER, DECIMAL and DOUBLE keys, both directions
    "SELECT id, sum(v) OVER (" + BY_O + " RANGE BETWEEN 2 PRECEDING AND 1 FOLLOWING), count(*) OVER (PARTITION BY p "
    "ORDER BY o DESC NULLS FIRST RANGE BETWEEN 1 PRECEDING AND CURRENT ROW), sum(v) OVER (" + BY_O +
    " RANGE BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING), count(v) OVER (PARTITION BY p ORDER BY o NULLS FIRST "
    "RANGE BETWEEN 3 FOLLOWING AND 6 FOLLOWING) FROM r",
    "SELECT id, count(*) OVER (ORDER BY m NULLS LAST RANGE BETWEEN 100.5 PRECEDING AND 20 FOLLOWING), "
    "sum(v) OVER (ORDER BY d DESC NULLS FIRST RANGE BETWEEN 0.5 PRECEDING AND 0.5 FOLLOWING) FROM r",
    # GROUPS frames and EXCLUDE
    "SELECT id, sum(v) OVER (" + BY_O + " GROUPS BETWEEN 1 PRECEDING AND 1 FOLLOWING), count(*) OVER (" + BY_O +
    " GROUPS BETWEEN CURRENT ROW AND 2 FOLLOWING), sum(v) OVER (" + BY_O + " RANGE BETWEEN UNBOUNDED PRECEDING AND "
    "CURRENT ROW EXCLUDE GROUP), count(v) OVER (" + BY_O + " ROWS BETWEEN 3 PRECEDING AND 3 FOLLOWING EXCLUDE "
    "CURRENT ROW), sum(v) OVER (PARTITION BY p ORDER BY o NULLS LAST, id ROWS BETWEEN 2 PRECEDING AND 2 FOLLOWING "
    "EXCLUDE TIES) FROM r",
    # the value functions over frames
    "SELECT id, first_value(v) OVER (" + BY_ID + "), last_value(v) OVER (" + BY_ID + " ROWS BETWEEN 1 PRECEDING AND "
    "3 FOLLOWING), nth_value(v, 3) OVER (" + BY_ID + " ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING), "
    "last_value(o) OVER (" + BY_O + "), first_value(m) OVER (" + BY_ID + " ROWS BETWEEN 2 FOLLOWING AND 5 FOLLOWING),"
    " nth_value(d, 2) OVER (" + BY_ID + " ROWS BETWEEN 3 PRECEDING AND CURRENT ROW EXCLUDE CURRENT ROW) FROM r",
    # the statistics aggregates as window functions
    "SELECT id, var_samp(d) OVER (PARTITION BY p), stddev_pop(v) OVER (" + BY_ID + " ROWS BETWEEN 5 PRECEDING AND "
    "CURRENT ROW), var_pop(m) OVER (" + BY_O + "), covar_pop(d, v) OVER (" + BY_ID + "), corr(v, o) OVER (" + BY_ID +
    " ROWS BETWEEN 10 PRECEDING AND 10 FOLLOWING), bool_or(v > 50) OVER (" + BY_ID + " ROWS BETWEEN 2 PRECEDING "
    "AND 2 FOLLOWING) FROM r",
    # over GROUP BY; named windows; expressions around and inside window calls
    "SELECT p, sum(v), rank() OVER (ORDER BY sum(v) DESC NULLS FIRST), sum(sum(v)) OVER (), "
    "avg(count(*)) OVER (ORDER BY p NULLS LAST ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM r GROUP BY p",
    "SELECT id, sum(v) OVER w, row_number() OVER w, count(*) OVER (w ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) "
    "FROM r WINDOW w AS (PARTITION BY p ORDER BY id)",
    "SELECT id, v - lag(v) OVER (" + BY_ID + "), sum(v * 2) OVER (PARTITION BY p % 3 ORDER BY id) + 1, "
    "max(o) OVER (PARTITION BY v % 4 ORDER BY abs(o) NULLS FIRST, id) FROM r WHERE v > -50",
    "SELECT * FROM (SELECT id, p, row_number() OVER (PARTITION BY p ORDER BY v DESC NULLS LAST, id) AS k FROM r) s "
    "WHERE k <= 3",
    "SELECT id, row_number() OVER (ORDER BY id), sum(v) OVER () FROM r WHERE id < 0",
]


@pytest.mark.parametrize("sql", QUERIES)
def test_same_answer_as_duckdb(engines, sql):
    ours, theirs = engines
    mine = sorted(rows_of(ours.sql(sql)), key=sort_key)
    expected = sorted(theirs.execute(sql).fetchall(), key=sort_key)
    assert_same_rows(mine, expected, describe=lambda row: f" (id {row[0]})")


def test_the_rows_have_ties_and_nulls(engines):
    ours, _ = engines
    (rows, null_p), = rows_of(ours.sql("SELECT count(*), count(*) - count(p) FROM r"))
    (distinct_o,), = rows_of(ours.sql("SELECT count(DISTINCT o) FROM r"))
    assert rows == ROWS and distinct_o < 50 and null_p > 0


def test_explain_shows_the_window_operator(engines):
    ours, _ = engines
    text = "\n".join(str(v) for row in rows_of(ours.sql(
        "EXPLAIN SELECT id, rank() OVER (PARTITION BY p ORDER BY o) FROM r")) for v in row)
    assert "Window" in text and "rank() OVER (PARTITION BY p ORDER BY o ASC NULLS LAST)" in text
