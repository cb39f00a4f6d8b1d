"""The aggregates of issue 14's point 4, differential against DuckDB: DISTINCT aggregates
mixed with others, median and the quantiles (both dialects' spellings), string_agg with
ORDER BY, mode, and GROUPING SETS / ROLLUP / CUBE with GROUPING(), over the same seeded
random rows in both engines (groups, a NULL group, NULLs in every column, many repeats).
Answers must agree row by row after sorting: exactly for integers, decimals and text, to
1e-9 relative for doubles. Where the dialects differ the queries ask what both mean:
median of a DECIMAL is cast to DOUBLE first (DuckDB keeps the DECIMAL, Orbit answers
DOUBLE as PostgreSQL), and mode reads a column whose most frequent value is unique
(DuckDB's pick among ties is arbitrary, Orbit takes the smallest as PostgreSQL)."""
import random
from decimal import Decimal

import pytest

from csv_loaded_engines import assert_same_rows, load_both, rows_of, sort_key

SCHEMA = "(id BIGINT, p INTEGER, q INTEGER, v INTEGER, m DECIMAL(10,2), d DOUBLE, s VARCHAR, k INTEGER, dt DATE)"
ROWS = 20000


def random_rows(seed=20261203):
    rng = random.Random(seed)

    def maybe(value, rate=0.1):
        return None if rng.random() < rate else value

    rows = []
    for i in range(ROWS):
        rows.append((
            i,
            maybe(rng.randint(0, 9), 0.03),
            maybe(rng.randint(0, 3), 0.05),
            maybe(rng.randint(-50, 50)),  # few distinct values: DISTINCT matters
            maybe(Decimal(rng.randint(-500, 500)) / 4),
            maybe(rng.choice([rng.randint(-8, 8) / 4, rng.uniform(-1000, 1000)])),
            maybe(rng.choice(["ant", "bee", "cat", "dog", "eel", "", "Émile", "zebra"]) + str(rng.randint(0, 3))),
            maybe(7 if rng.random() < 0.6 else rng.randint(0, 10000)),  # one most frequent value
            maybe(f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"),
        ))
    return rows


@pytest.fixture(scope="module")
def engines(tmp_path_factory):
    ours, theirs = load_both(tmp_path_factory.mktemp("aggregates"), "r", SCHEMA, random_rows())
    yield ours, theirs
    ours.close()



QUERIES = [
    # DISTINCT mixed with other aggregates, grouped and not, with FILTER, over every kind of column
    "SELECT p, count(DISTINCT v), sum(DISTINCT v), avg(DISTINCT v), count(*), sum(v), count(DISTINCT s), "
    "min(DISTINCT s), max(DISTINCT s), sum(DISTINCT m), count(DISTINCT dt), max(DISTINCT dt) FROM r GROUP BY p",
    "SELECT count(DISTINCT v), sum(DISTINCT m), avg(DISTINCT d), count(DISTINCT s), count(*), sum(d), min(v), "
    "count(DISTINCT p) FROM r",
    "SELECT p, q, count(DISTINCT v) FILTER (WHERE d > 0), sum(DISTINCT v) FILTER (WHERE s LIKE 'a%'), "
    "count(*) FILTER (WHERE v IS NULL), avg(m) FROM r GROUP BY p, q",
    "SELECT v % 5, count(DISTINCT p), count(DISTINCT q), sum(DISTINCT q), count(DISTINCT s), max(s) FROM r GROUP BY 1",
    # median and the quantiles, DuckDB's and PostgreSQL's spellings, both directions
    "SELECT p, median(v), median(d), median(CAST(m AS DOUBLE)), quantile_cont(v, 0.3), quantile_disc(v, 0.3), "
    "quantile_disc(m, 0.9), quantile_disc(s, 0.5), quantile_disc(dt, 0.1) FROM r GROUP BY p",
    "SELECT q, percentile_cont(0.25) WITHIN GROUP (ORDER BY d), percentile_cont(0.8) WITHIN GROUP (ORDER BY v DESC), "
    "percentile_disc(0.75) WITHIN GROUP (ORDER BY v DESC), percentile_disc(0.5) WITHIN GROUP (ORDER BY m), "
    "percentile_disc(0) WITHIN GROUP (ORDER BY s), percentile_disc(1) WITHIN GROUP (ORDER BY dt) FROM r GROUP BY q",
    "SELECT median(v), quantile_cont(d, 0.99), quantile_disc(id, 0.5), percentile_cont(1) WITHIN GROUP (ORDER BY v), "
    "mode(k), mode() WITHIN GROUP (ORDER BY k) FROM r",
    "SELECT p, mode(k), count(*) FROM r GROUP BY p",
    # string_agg with ORDER BY (unique orders: id breaks ties), and FILTER
    "SELECT p, string_agg(s, ',' ORDER BY id), string_agg(s, '' ORDER BY s DESC, id), "
    "string_agg(s, '|' ORDER BY v NULLS FIRST, id DESC) FILTER (WHERE q = 1) FROM r GROUP BY p",
    "SELECT q, length(string_agg(s, ', ' ORDER BY id)), string_agg(s, ';' ORDER BY d, id) FROM r WHERE id % 97 = 0 "
    "GROUP BY q",
    # GROUPING SETS, ROLLUP and CUBE with GROUPING(), HAVING and plain columns beside them
    "SELECT p, q, sum(v), count(*), GROUPING(p, q), GROUPING(q) FROM r GROUP BY ROLLUP (p, q)",
    "SELECT p, q, avg(d), max(s), GROUPING(p, q) FROM r GROUP BY CUBE (p, q)",
    "SELECT p, q, v % 3, count(*), sum(m), GROUPING(p, q, v % 3) FROM r GROUP BY GROUPING SETS ((p), (q, v % 3), ())",
    "SELECT q, p, count(DISTINCT v), median(v), sum(v) FROM r GROUP BY q, ROLLUP (p) HAVING count(*) > 100",
    "SELECT p, q, string_agg(s, ',' ORDER BY id) FROM r WHERE id < 300 GROUP BY CUBE (p, q)",
]


@pytest.mark.parametrize("sql", QUERIES)
def test_same_answer_as_duckdb(engines, sql):
    ours, theirs = engines
    mine = sorted(rows_of(ours.sql(sql)), key=sort_key)
    expected = sorted(theirs.execute(sql).fetchall(), key=sort_key)
    assert_same_rows(mine, expected, describe=lambda row: f" ({row[:3]})")


def test_approx_count_distinct_is_near_the_count(engines):
    ours, theirs = engines
    sql = "SELECT p, approx_count_distinct(id), count(DISTINCT id), approx_count_distinct(v), count(DISTINCT v) " \
          "FROM r GROUP BY p"
    for _, approx_ids, ids, approx_v, distinct_v in rows_of(ours.sql(sql)):
        assert abs(approx_ids - ids) <= 0.1 * ids and abs(approx_v - distinct_v) <= 0.05 * distinct_v


def test_the_rows_have_repeats_and_nulls(engines):
    ours, _ = engines
    (rows, null_p, distinct_v, top_k), = rows_of(ours.sql(
        "SELECT count(*), count(*) - count(p), count(DISTINCT v), count(*) FILTER (WHERE k = 7) FROM r"))
    assert rows == ROWS and null_p > 0 and distinct_v <= 101 and top_k > ROWS // 2
