"""graph_bfs and spread_activation through SQL against an independent implementation: SciPy's
sparse matrices (spreading as sparse matrix-vector products, hop distances from
scipy.sparse.csgraph.shortest_path) on random power-law graphs with duplicate edges and
self-loops, loaded from Arrow; node ids of INTEGER and BIGINT, sparse and negative; weights of
DOUBLE and DECIMAL; the graph rebuilt after its table changes; and the errors a user gets."""
import decimal

import numpy as np
import pyarrow as pa
import pytest

import orbit

scipy_sparse = pytest.importorskip("scipy.sparse", reason="SciPy is the independent implementation (requirements.txt)")
from scipy.sparse import csgraph  # noqa: E402


def power_law_edges(seed, nodes, edges, sparse_ids=False):
    """Edges whose sources and targets follow Zipf-like degrees, some self-loops, weights in (0, 1]."""
    rng = np.random.default_rng(seed)
    rank = rng.permutation(nodes)
    source = rank[np.minimum(rng.zipf(1.6, edges) - 1, nodes - 1)]
    target = rank[np.minimum(rng.zipf(1.4, edges) - 1, nodes - 1)]
    loops = rng.random(edges) < 0.02
    target[loops] = source[loops]
    weight = 1.0 - rng.random(edges)
    if sparse_ids:
        ids = np.sort(rng.choice(2**62, nodes, replace=False)) - 2**61
        source, target = ids[source], ids[target]
    return source.astype(np.int64), target.astype(np.int64), weight


def scipy_spread(source, target, weight, seeds, max_hops, decay, threshold, refractory):
    """Issue 16's rules as sparse matrix-vector products: {node id: total activation}."""
    ids = np.unique(np.concatenate([source, target, np.asarray(seeds, dtype=np.int64)]))
    s, t = np.searchsorted(ids, source), np.searchsorted(ids, target)
    n = len(ids)
    weights_in = scipy_sparse.csr_matrix((weight, (t, s)), shape=(n, n))  # row v: what v receives from each u
    edges_in = scipy_sparse.csr_matrix((np.ones_like(weight), (t, s)), shape=(n, n))
    seed_index = np.searchsorted(ids, np.unique(seeds))
    total = np.zeros(n)
    fired_at = np.full(n, -1)
    sent = np.zeros(n)
    firing = np.zeros(n, dtype=bool)
    total[seed_index], fired_at[seed_index], sent[seed_index], firing[seed_index] = 1.0, 0, 1.0, True
    for hop in range(1, max_hops + 1):
        if not firing.any():
            break
        incoming = weights_in @ sent * decay
        reached = edges_in @ firing.astype(float) > 0
        refractory_now = (fired_at >= 0) & (hop - fired_at <= refractory)
        firing = reached & ~refractory_now & (incoming >= threshold)
        sent = np.where(firing, incoming, 0.0)
        total[firing] += incoming[firing]
        fired_at[firing] = hop
    fired = fired_at >= 0
    return dict(zip(ids[fired].tolist(), total[fired].tolist()))


def scipy_distances(source, target, start):
    ids = np.unique(np.concatenate([source, target, [start]]))
    n = len(ids)
    graph = scipy_sparse.csr_matrix((np.ones(len(source)), (np.searchsorted(ids, source), np.searchsorted(ids, target))),
                                    shape=(n, n))
    distance = csgraph.shortest_path(graph, directed=True, unweighted=True, indices=np.searchsorted(ids, start))
    reachable = np.isfinite(distance)
    return dict(zip(ids[reachable].tolist(), distance[reachable].astype(int).tolist()))


def spread_sql(table, seeds, max_hops, decay, threshold, refractory):
    return (f"SELECT node, activation FROM spread_activation('{table}', seeds => ARRAY[{', '.join(map(str, seeds))}], "
            f"max_hops => {max_hops}, decay => {decay!r}, threshold => {threshold!r}, refractory => {refractory})")


def assert_same_activations(ours, theirs, context):
    assert sorted(ours) == sorted(theirs), context
    for node, value in theirs.items():
        assert ours[node] == pytest.approx(value, rel=1e-9, abs=1e-12), (context, node)


@pytest.fixture
def con():
    with orbit.connect() as connection:
        yield connection


CASES = [  # seed, nodes, edges, sparse ids
    (1, 50, 200, False), (2, 300, 3000, True), (3, 2000, 20000, False), (4, 20000, 200000, False),
]


@pytest.mark.parametrize("seed,nodes,edges,sparse_ids", CASES)
def test_spreading_matches_scipy_on_random_power_law_graphs(con, seed, nodes, edges, sparse_ids):
    source, target, weight = power_law_edges(seed, nodes, edges, sparse_ids)
    con.register("edges", pa.table({"source": source, "target": target, "weight": weight}))
    rng = np.random.default_rng(seed + 100)
    for case in range(6):
        seeds = rng.choice(np.unique(source), size=min(1 + case * 20, len(np.unique(source))), replace=False).tolist()
        if case == 5:
            seeds.append(int(source.max()) + 1)  # a seed no edge names
        max_hops, refractory = int(rng.integers(0, 5)), int(rng.integers(0, 3))
        decay, threshold = float(rng.uniform(0.3, 1.0)), float(rng.choice([0.0, 0.001, 0.01, 0.1]))
        sql = spread_sql("edges", seeds, max_hops, decay, threshold, refractory)
        ours = dict(con.sql(sql).fetchall())
        theirs = scipy_spread(source, target, weight, seeds, max_hops, decay, threshold, refractory)
        assert_same_activations(ours, theirs, f"seed {seed} case {case}: {sql}")


@pytest.mark.parametrize("seed,nodes,edges,sparse_ids", CASES)
def test_bfs_matches_scipy_shortest_paths(con, seed, nodes, edges, sparse_ids):
    source, target, _ = power_law_edges(seed, nodes, edges, sparse_ids)
    con.register("edges", pa.table({"source": source, "target": target}))
    rng = np.random.default_rng(seed + 200)
    for start in rng.choice(source, size=3).tolist() + [int(max(source.max(), target.max())) + 1]:
        ours = dict(con.sql(f"SELECT node, distance FROM graph_bfs('edges', {start})").fetchall())
        assert ours == scipy_distances(source, target, start), f"seed {seed} start {start}"


def test_integer_ids_and_decimal_weights(con):
    source, target, weight = power_law_edges(7, 500, 4000)
    con.register("raw", pa.table({"s": source.astype(np.int32), "t": target.astype(np.int32),
                                  "w": [decimal.Decimal(f"{w:.3f}") for w in weight]}))
    con.sql("CREATE TABLE edges AS SELECT s AS source, t AS target, w AS weight FROM raw")
    seeds = [int(source[0]), int(source[1])]
    ours = dict(con.sql(spread_sql("edges", seeds, 3, 0.5, 0.01, 1)).fetchall())
    rounded = np.array([float(f"{w:.3f}") for w in weight])
    assert_same_activations(ours, scipy_spread(source, target, rounded, seeds, 3, 0.5, 0.01, 1), "decimal weights")


def test_the_graph_follows_its_table(con):
    con.sql("CREATE TABLE edges (source BIGINT, target BIGINT, weight DOUBLE)")
    con.sql("INSERT INTO edges VALUES (1, 2, 1.0)")
    query = "SELECT node, activation FROM spread_activation('edges', seeds => [1]) ORDER BY node"
    assert con.sql(query).fetchall() == [(1, 1.0), (2, 0.5)]
    con.sql("INSERT INTO edges VALUES (2, 3, 1.0)")
    assert con.sql(query).fetchall() == [(1, 1.0), (2, 0.5), (3, 0.25)]
    con.sql("UPDATE edges SET weight = 0.5")
    assert con.sql(query).fetchall() == [(1, 1.0), (2, 0.25), (3, 0.0625)]
    con.sql("DELETE FROM edges WHERE target = 2")
    assert con.sql(query).fetchall() == [(1, 1.0)]
    con.register("edges", pa.table({"source": [1], "target": [9], "weight": [2.0]}))
    assert con.sql(query).fetchall() == [(1, 1.0), (9, 1.0)]


@pytest.mark.parametrize("sql,message", [
    ("SELECT * FROM graph_bfs('missing', 1)", 'table "missing" does not exist'),
    ("SELECT * FROM graph_bfs('edges')", "graph_bfs needs a source node"),
    ("SELECT * FROM spread_activation('edges')", "spread_activation needs seeds"),
    ("SELECT * FROM spread_activation('edges', seeds => ARRAY['a'])", "an integer or a list of integers"),
    ("SELECT * FROM spread_activation('edges', seeds => [1], decay => 'x')", "decay must be a constant number"),
    ("SELECT * FROM spread_activation('edges', seeds => [1], refractory => -1)", "refractory must be between"),
    ("SELECT * FROM spread_activation('words', seeds => [1])", "node ids must be INTEGER or BIGINT"),
    ("SELECT * FROM spread_activation('pairs', seeds => [1])", "has no column weight"),
    ("SELECT * FROM graph_bfs('pairs', 1.5)", "graph_bfs takes"),
])
def test_errors_say_what_to_fix(con, sql, message):
    con.sql("CREATE TABLE edges (source BIGINT, target BIGINT, weight DOUBLE)")
    con.sql("CREATE TABLE words (source VARCHAR, target VARCHAR, weight DOUBLE)")
    con.sql("CREATE TABLE pairs (source INTEGER, target INTEGER)")
    with pytest.raises(orbit.Error, match=message):
        con.sql(sql).fetchall()
