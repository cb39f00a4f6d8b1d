"""LATERAL joins, differential. N:M similarity top-k (queries CROSS JOIN LATERAL (SELECT ...,
v <=> q.v AS d FROM items ORDER BY d LIMIT k)) against NumPy in float64 over several
dimensions, k, measures and directions, with exact ties (repeated item vectors: the item first
in the scan wins), NULL vectors on both sides and empty sides; the vector top-k path against
Orbit's generic path (the same query ordered by the distance + 0, then id, which no fast path
takes) row for
row; and LATERAL subqueries of many shapes against DuckDB on random tables. EXPLAIN names the
strategy each takes."""

import numpy as np
import pyarrow as pa
import pytest

import orbit

SEED = 20261205

# Orbit's spelling, NumPy's reference, and the direction that ranks "most similar" first.
MEASURES = {
    "<=>": ("cosine_distance", "ASC"),
    "<->": ("distance", "ASC"),
    "<#>": ("negative_inner_product", "ASC"),
    "array_cosine_similarity": ("cosine_similarity", "DESC"),
    "array_inner_product": ("inner_product", "DESC"),
}


def numpy_measure(kind, items, query):
    a, q = items.astype(np.float64), query.astype(np.float64)
    dot = a @ q
    if kind == "inner_product":
        return dot
    if kind == "negative_inner_product":
        return -dot
    if kind == "distance":
        return np.sqrt(((a - q) ** 2).sum(axis=1))
    with np.errstate(invalid="ignore", divide="ignore"):
        cosine = dot / np.sqrt((a * a).sum(axis=1) * (q * q).sum())
    return cosine if kind == "cosine_similarity" else 1 - cosine


def vector_array(vectors, nulls, dim):
    flat = pa.array(vectors.reshape(-1).astype(np.float32))
    mask = pa.array(nulls) if nulls is not None else None
    return pa.FixedSizeListArray.from_arrays(flat, dim, mask=mask)


def make_tables(rng, m, n, dim, null_share=0.1, repeats=True):
    queries = rng.standard_normal((m, dim)).astype(np.float32)
    items = rng.standard_normal((n, dim)).astype(np.float32)
    if repeats and n > 4:
        # Exact ties: some items repeat earlier ones.
        for i in rng.choice(np.arange(2, n), size=n // 5, replace=False):
            items[i] = items[rng.integers(0, i)]
    query_nulls = rng.random(m) < null_share
    item_nulls = rng.random(n) < null_share
    q = pa.table({"id": pa.array(np.arange(m, dtype=np.int64)), "v": vector_array(queries, query_nulls, dim)})
    t = pa.table({"id": pa.array(np.arange(n, dtype=np.int64)), "v": vector_array(items, item_nulls, dim)})
    return queries, query_nulls, items, item_nulls, q, t


def expected_top(kind, direction, items, item_nulls, query, query_null, k):
    """(id, distance or None) best first: the distance's order, NULLs last (ASC) or first (DESC), ties by id."""
    n = len(items)
    ids = np.arange(n)
    if query_null:
        return [(i, None) for i in range(min(k, n))]
    scores = numpy_measure(kind, items, query)
    valid = ~item_nulls
    # NaN above every number, as PostgreSQL orders doubles.
    key = np.where(np.isnan(scores), np.inf, scores)
    key = key if direction == "ASC" else -key
    nan_rank = np.isnan(scores).astype(int) if direction == "ASC" else -np.isnan(scores).astype(int)
    order = [i for i in np.lexsort((ids, key, nan_rank)) if valid[i]]
    numbers = [(int(i), float(scores[i])) for i in order]
    nulls = [(int(i), None) for i in ids[~valid]]
    ranked = numbers + nulls if direction == "ASC" else nulls + numbers
    return ranked[:k]


def connect(q, t):
    con = orbit.connect()
    con.register("q_arrow", q)
    con.register("t_arrow", t)
    con.sql("CREATE TABLE queries AS SELECT * FROM q_arrow")
    con.sql("CREATE TABLE items AS SELECT * FROM t_arrow")
    return con


def nm_sql(measure, direction, k, dim, generic=False, join="CROSS JOIN LATERAL", on=""):
    distance = f"v {measure} q.v" if measure.startswith("<") else f"{measure}(v, q.v)"
    order = f"({distance}) + 0 {direction}, id" if generic else f"d {direction}"
    return (f"SELECT q.id AS qid, n.id AS iid, n.d FROM queries q {join} "
            f"(SELECT id, {distance} AS d FROM items ORDER BY {order} LIMIT {k}) n {on}")


def close(a, b):
    if a is None or b is None:
        return a is None and b is None
    if np.isnan(a) or np.isnan(b):
        return np.isnan(a) and np.isnan(b)
    return abs(a - b) <= 1e-5 * (1 + abs(b))


def check_against_numpy(rows, kind, direction, queries, query_nulls, items, item_nulls, k):
    got = {}
    for qid, iid, d in rows:
        got.setdefault(qid, []).append((iid, d))
    for qid in range(len(queries)):
        want = expected_top(kind, direction, items, item_nulls, queries[qid], query_nulls[qid], k)
        have = got.get(qid, [])
        assert len(have) == len(want), (qid, have, want)
        for (gi, gd), (wi, wd) in zip(have, want):
            assert close(gd, wd), (qid, have, want)
            if gi != wi:
                # Only a near tie of different vectors may order differently from NumPy's rounding.
                assert wd is not None and abs(gd - wd) <= 1e-5 * (1 + abs(wd)), (qid, have, want)


@pytest.mark.parametrize("dim", [1, 3, 37, 128])
@pytest.mark.parametrize("measure", sorted(MEASURES))
def test_nm_top_k_matches_numpy_and_generic_path(dim, measure):
    rng = np.random.default_rng(SEED + dim * 7 + len(measure))
    kind, direction = MEASURES[measure]
    queries, query_nulls, items, item_nulls, q, t = make_tables(rng, 23, 2500, dim)
    con = connect(q, t)
    for k in (1, 5, 17):
        sql = nm_sql(measure, direction, k, dim)
        plan = "\n".join(r[0] for r in con.sql("EXPLAIN " + sql).fetchall())
        assert "LATERAL vector top-k" in plan, plan
        # The lateral rows per query in the subquery's order: a final ORDER BY with the rank.
        fast = con.sql(sql).fetchall()
        generic = con.sql(nm_sql(measure, direction, k, dim, generic=True)).fetchall()
        assert "LATERAL vector top-k" not in "\n".join(
            r[0] for r in con.sql("EXPLAIN " + nm_sql(measure, direction, k, dim, generic=True)).fetchall())
        assert fast == generic, f"seed {SEED} dim {dim} {measure} k {k}"
        check_against_numpy(fast, kind, direction, queries, query_nulls, items, item_nulls, k)


def test_nm_offset_nulls_first_and_left_join():
    rng = np.random.default_rng(SEED)
    queries, query_nulls, items, item_nulls, q, t = make_tables(rng, 11, 1500, 8, null_share=0.3)
    con = connect(q, t)
    sql = ("SELECT q.id, n.id, n.d FROM queries q LEFT JOIN LATERAL (SELECT id, v <-> q.v AS d FROM items "
           "ORDER BY d NULLS FIRST LIMIT 4 OFFSET 2) n ON true")
    generic = sql.replace("ORDER BY d NULLS FIRST", "ORDER BY (v <-> q.v) + 0 NULLS FIRST, id")
    assert con.sql(sql).fetchall() == con.sql(generic).fetchall()
    rows = con.sql(sql).fetchall()
    nulls = [i for i in range(len(items)) if item_nulls[i]]
    for qid in range(len(queries)):
        have = [(i, d) for (g, i, d) in rows if g == qid]
        if query_nulls[qid]:
            assert have == [(i, None) for i in range(2, 6)]
            continue
        scores = numpy_measure("distance", items, queries[qid])
        numbers = [int(i) for i in np.lexsort((np.arange(len(items)), scores)) if not item_nulls[i]]
        want = ([(i, None) for i in nulls] + [(i, scores[i]) for i in numbers])[2:6]
        assert [i for i, _ in have] == [i for i, _ in want]


def test_nm_empty_sides():
    rng = np.random.default_rng(SEED + 1)
    _, _, _, _, q, t = make_tables(rng, 5, 40, 4)
    con = connect(q, t.slice(0, 0))
    assert con.sql(nm_sql("<=>", "ASC", 3, 4)).fetchall() == []
    left = con.sql(nm_sql("<=>", "ASC", 3, 4, join="LEFT JOIN LATERAL", on="ON true")).fetchall()
    assert sorted(left) == [(i, None, None) for i in range(5)]
    con = connect(q.slice(0, 0), t)
    assert con.sql(nm_sql("<=>", "ASC", 3, 4)).fetchall() == []
    # k larger than the items: every item, in order.
    con = connect(q, t)
    rows = con.sql(nm_sql("<->", "ASC", 100, 4)).fetchall()
    assert len(rows) == 5 * 40


def test_nm_query_vector_from_an_expression_and_filtered_items():
    rng = np.random.default_rng(SEED + 2)
    queries, query_nulls, items, item_nulls, q, t = make_tables(rng, 7, 900, 5, null_share=0.0)
    con = connect(q, t)
    sql = ("SELECT q.id, n.id, n.d FROM queries q, LATERAL (SELECT id, array_distance(q.v, v) AS d FROM items "
           "WHERE id % 3 = 0 ORDER BY d LIMIT 3) n")
    assert "LATERAL vector top-k" in "\n".join(r[0] for r in con.sql("EXPLAIN " + sql).fetchall())
    rows = con.sql(sql).fetchall()
    keep = np.arange(len(items)) % 3 == 0
    for qid in range(len(queries)):
        scores = numpy_measure("distance", items, queries[qid])
        ids = [int(i) for i in np.lexsort((np.arange(len(items)), scores)) if keep[i]][:3]
        assert [i for g, i, _ in rows if g == qid] == ids


# --- LATERAL subqueries against DuckDB ------------------------------------------------------------

duckdb = pytest.importorskip("duckdb")

LATERAL_QUERIES = [
    "SELECT t.id, s.b FROM t, LATERAL (SELECT u.b FROM u WHERE u.a = t.a) s",
    "SELECT t.id, s.b, s.c FROM t LEFT JOIN LATERAL (SELECT b, c FROM u WHERE u.a = t.a) s ON true",
    "SELECT t.id, s.n, s.total FROM t, LATERAL (SELECT count(*) AS n, sum(b) AS total FROM u WHERE u.a = t.a) s",
    "SELECT t.id, s.n FROM t, LATERAL (SELECT count(c) + 1 AS n FROM u WHERE u.a = t.a AND u.b = t.b) s",
    "SELECT t.id, s.b FROM t CROSS JOIN LATERAL (SELECT b FROM u WHERE u.a = t.a ORDER BY b DESC NULLS LAST, c LIMIT 2) s",
    "SELECT t.id, s.c FROM t LEFT JOIN LATERAL (SELECT c FROM u WHERE u.a = t.a ORDER BY c LIMIT 1 OFFSET 1) s "
    "ON true",
    "SELECT t.id, s.b FROM t, LATERAL (SELECT DISTINCT b FROM u WHERE u.a = t.a) s",
    "SELECT t.id, s.b, s.n FROM t, LATERAL (SELECT b, count(*) AS n FROM u WHERE u.a = t.a GROUP BY b) s",
    "SELECT t.id, s.b FROM t, LATERAL (SELECT b FROM u WHERE u.a = t.a GROUP BY b HAVING count(*) > 1) s",
    "SELECT t.id, s.b FROM t, LATERAL (SELECT b FROM u WHERE u.a = t.a AND u.b > t.b) s",
    "SELECT t.id, s.z FROM t, LATERAL (SELECT u.c + t.b AS z FROM u WHERE u.a = t.a) s",
    "SELECT t.id, s.d FROM t, LATERAL (SELECT t.b * 10 AS d) s",
    "SELECT t.id, s.c FROM t, LATERAL (SELECT c FROM u WHERE u.b > t.b ORDER BY c, b LIMIT 1) s",
    "SELECT t.id, s.c FROM t LEFT JOIN LATERAL (SELECT c FROM u WHERE u.b > t.b ORDER BY c, b LIMIT 1) s ON true",
    "SELECT t.id, s.b FROM t LEFT JOIN LATERAL (SELECT b FROM u WHERE u.a = t.a) s ON s.b > t.b",
    "SELECT t.id, s.b FROM t JOIN LATERAL (SELECT b FROM u WHERE u.a = t.a) s ON s.b > t.b",
    "SELECT t.id, s.n FROM t LEFT JOIN LATERAL (SELECT count(*) AS n FROM u WHERE u.a = t.a) s ON s.n > 1",
    "SELECT t.id, s.m FROM t, LATERAL (SELECT max(c) AS m, min(b) AS l FROM u WHERE u.a = t.a) s",
    "SELECT t.id, s.c, s.k FROM t, LATERAL (SELECT u.c, w.k FROM u, LATERAL (SELECT count(*) AS k FROM u AS u2 "
    "WHERE u2.b = u.b) w WHERE u.a = t.a) s",
    "SELECT t.id, s1.b, s2.c FROM t, LATERAL (SELECT b FROM u WHERE u.a = t.a ORDER BY b, c LIMIT 1) s1, "
    "LATERAL (SELECT c FROM u WHERE u.b = s1.b) s2",
    "SELECT t.id, s.b FROM t, LATERAL (SELECT b FROM u WHERE u.a = t.a OR u.b = t.b) s",
    "SELECT t.id, s.r FROM t, LATERAL (SELECT row_number() OVER (ORDER BY b, c) AS r FROM u WHERE u.a = t.a) s",
    "SELECT t.id, s.z FROM t LEFT JOIN LATERAL (SELECT coalesce(u.b, -1) + t.b AS z, t.id AS i FROM u "
    "WHERE u.a = t.a AND u.c > t.id) s ON s.z > 3",
    "SELECT t.id, s.n FROM t, LATERAL (SELECT count(*) AS n FROM u WHERE u.a = t.a AND u.b > t.b) s",
    "SELECT t.id, s.c FROM t, LATERAL (SELECT c FROM u WHERE u.b > t.b ORDER BY c LIMIT 2) s",
    "SELECT t.id, s.n, s.m, s.l FROM t LEFT JOIN LATERAL (SELECT count(*) AS n, max(c) AS m, count(b) * 10 AS l "
    "FROM u WHERE u.b > t.b OR u.a = t.a) s ON s.n > 1",
    "SELECT t.id, s.b, s.n FROM t, LATERAL (SELECT b, count(*) AS n FROM u WHERE u.b > t.b GROUP BY b) s",
]


def random_tables(rng, rows_t, rows_u):
    def column(n, lo, hi):
        values = rng.integers(lo, hi, size=n)
        return pa.array([None if rng.random() < 0.15 else int(v) for v in values], type=pa.int32())

    t = pa.table({"id": pa.array(np.arange(rows_t, dtype=np.int32)), "a": column(rows_t, 0, 6),
                  "b": column(rows_t, 0, 10)})
    # c is unique, so every ORDER BY ... LIMIT above has one answer.
    u = pa.table({"a": column(rows_u, 0, 6), "b": column(rows_u, 0, 10),
                  "c": pa.array(rng.permutation(rows_u).astype(np.int32))})
    return t, u


def canonical(rows):
    return sorted(rows, key=lambda r: tuple((v is None, v) for v in r))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_lateral_matches_duckdb(seed):
    rng = np.random.default_rng(SEED + seed)
    t, u = random_tables(rng, 30, 60)
    con = orbit.connect()
    ddb = duckdb.connect()
    for name, table in (("t", t), ("u", u)):
        con.register(name + "_arrow", table)
        con.sql(f"CREATE TABLE {name} AS SELECT * FROM {name}_arrow")
        ddb.register(name + "_arrow", table)
        ddb.execute(f"CREATE TABLE {name} AS SELECT * FROM {name}_arrow")
    for sql in LATERAL_QUERIES:
        got = canonical(con.sql(sql).fetchall())
        want = canonical(ddb.execute(sql).fetchall())
        assert got == want, f"seed {SEED + seed}: {sql}"


def test_explain_names_the_strategy():
    rng = np.random.default_rng(SEED)
    t, u = random_tables(rng, 5, 5)
    con = orbit.connect()
    con.register("t", t)
    con.register("u", u)

    def plan(sql):
        return "\n".join(r[0] for r in con.sql("EXPLAIN " + sql).fetchall())

    decorrelated = plan("SELECT * FROM t, LATERAL (SELECT b FROM u WHERE u.a = t.a ORDER BY b LIMIT 2) s")
    assert "LATERAL" not in decorrelated and "PartitionedTopN row_number()" in decorrelated, decorrelated
    per_row = plan("SELECT * FROM t, LATERAL (SELECT b FROM u WHERE u.b > t.b ORDER BY b LIMIT 2) s")
    assert "PARTITION BY lateral_row" in per_row and "PartitionedTopN" in per_row, per_row
    aggregate = plan("SELECT * FROM t, LATERAL (SELECT count(*) AS n FROM u WHERE u.b > t.b) s")
    assert "lateral_row" in aggregate and "LATERAL" not in aggregate, aggregate
    fallback = plan("SELECT * FROM t, LATERAL (SELECT b, count(*) AS n FROM u WHERE u.b > t.b GROUP BY b) s")
    assert "LATERAL subquery run per distinct (b)" in fallback, fallback
