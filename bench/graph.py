#!/usr/bin/env python3
"""Spreading activation, Orbit vs SciPy in one run: a random power-law graph of --edges edges
(NumPy; out- and in-degrees following a power law of exponent 2.25, weights in (0, 1]) is handed to Orbit through
the Python API (register: Arrow, zero-copy) and to SciPy as a CSR matrix; both run the same
hops of issue 16's rules (SciPy as one sparse matrix-vector product per hop over the
transposed weight matrix, plus its masks). The answers are compared first (every node that
fired, activations to 1e-9). Figures are medians of --repeats runs: Orbit warm (its CSR graph
cached from the cold run) and cold (the first query on the table, which builds the CSR);
SciPy with its matrix built beforehand. Edges per second count the out-edges of the nodes
that fired at hops 0 .. max_hops-1 (what a frontier traversal must visit); SciPy's products
read every edge at every hop, which its "matrix edges" figure counts.

    python3 bench/graph.py [--edges 10000000] [--repeats 5] [--threads N] [--out bench/results/graph.json]
"""
import argparse
import json
import os
import statistics
import sys
import time

import numpy as np
import pyarrow as pa
import scipy
import scipy.sparse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.append(os.path.join(ROOT, "build", "python"))  # the build tree's package, unless one is installed
sys.path.insert(0, os.path.join(ROOT, "bench"))

import orbit  # noqa: E402
from provenance import provenance  # noqa: E402


def power_law_graph(edges, nodes, seed, alpha=0.8):
    """Chung-Lu style: the node of rank r is an edge's end with probability ~ r^-alpha, so
    degrees follow a power law of exponent 1 + 1/alpha (2.25); ranks shuffled over the ids."""
    rng = np.random.default_rng(seed)
    rank = rng.permutation(nodes)
    top = nodes ** (1 - alpha) - 1

    def ends():
        r = np.floor((rng.random(edges) * top + 1) ** (1 / (1 - alpha))).astype(np.int64) - 1
        return rank[np.minimum(r, nodes - 1)]

    source, target = ends(), ends()
    weight = 1.0 - rng.random(edges)
    return source, target, weight


class ScipySpread:
    """Issue 16's rules over a CSR matrix built once; weights > 0, so a node was reached at a
    hop exactly when what it received is > 0."""

    def __init__(self, source, target, weight, nodes):
        self.transposed = scipy.sparse.csr_matrix((weight, (target, source)), shape=(nodes, nodes))
        self.out_degree = np.bincount(source, minlength=nodes)
        self.nodes = nodes

    def run(self, seeds, max_hops, decay, threshold, refractory):
        total = np.zeros(self.nodes)
        fired_at = np.full(self.nodes, -1)
        sent = np.zeros(self.nodes)
        total[seeds], fired_at[seeds], sent[seeds] = 1.0, 0, 1.0
        traversed = 0
        for hop in range(1, max_hops + 1):
            firing = sent > 0
            if not firing.any():
                break
            traversed += int(self.out_degree[firing].sum())
            incoming = self.transposed @ sent * decay
            fires = (incoming > 0) & ~((fired_at >= 0) & (hop - fired_at <= refractory)) & (incoming >= threshold)
            sent = np.where(fires, incoming, 0.0)
            total[fires] += incoming[fires]
            fired_at[fires] = hop
        fired = np.flatnonzero(fired_at >= 0)
        return fired, total[fired], traversed


def median_seconds(run, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edges", type=int, default=10_000_000)
    parser.add_argument("--nodes", type=int, default=0, help="default: edges / 10")
    parser.add_argument("--seeds", type=int, default=1000)
    parser.add_argument("--max-hops", type=int, default=3)
    parser.add_argument("--decay", type=float, default=0.5)
    parser.add_argument("--threshold", type=float, default=0.01)
    parser.add_argument("--refractory", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--out", default=os.path.join(ROOT, "bench", "results", "graph.json"))
    args = parser.parse_args()
    nodes = args.nodes or max(args.edges // 10, 1)

    start = time.perf_counter()
    source, target, weight = power_law_graph(args.edges, nodes, seed=16)
    generate_s = time.perf_counter() - start
    rng = np.random.default_rng(17)
    seeds = np.sort(rng.choice(np.unique(source), size=min(args.seeds, nodes), replace=False))

    con = orbit.connect()
    con.sql(f"SET threads = {args.threads}")
    start = time.perf_counter()
    con.register("edges", pa.table({"source": source, "target": target, "weight": weight}))
    load_s = time.perf_counter() - start
    sql = (f"SELECT node, activation FROM spread_activation('edges', seeds => ARRAY[{', '.join(map(str, seeds))}], "
           f"max_hops => {args.max_hops}, decay => {args.decay!r}, threshold => {args.threshold!r}, "
           f"refractory => {args.refractory})")
    start = time.perf_counter()
    ours = con.sql(sql).arrow()
    orbit_cold_s = time.perf_counter() - start

    start = time.perf_counter()
    peer = ScipySpread(source, target, weight, nodes)
    scipy_build_s = time.perf_counter() - start
    hops = (seeds, args.max_hops, args.decay, args.threshold, args.refractory)
    fired, totals, traversed = peer.run(*hops)

    order = np.argsort(ours.column("node").to_numpy())
    our_nodes = ours.column("node").to_numpy()[order]
    our_values = ours.column("activation").to_numpy()[order]
    checked = bool(np.array_equal(our_nodes, fired) and np.allclose(our_values, totals, rtol=1e-9, atol=0))

    orbit_warm_s = median_seconds(lambda: con.sql(sql).arrow(), args.repeats)
    scipy_s = median_seconds(lambda: peer.run(*hops), args.repeats)
    hop_count = args.max_hops
    report = {
        "benchmark": "graph", "what": "spreading activation, warm: Orbit's CSR cached; SciPy's matrix prebuilt",
        "edges": args.edges, "nodes": nodes, "seeds": len(seeds), "max_hops": args.max_hops, "decay": args.decay,
        "threshold": args.threshold, "refractory": args.refractory, "repeats": args.repeats, "threads": args.threads,
        "answers_agree": checked, "nodes_fired": int(len(fired)), "edges_traversed": traversed,
        "generate_s": round(generate_s, 3), "orbit_register_s": round(load_s, 3),
        "orbit_cold_s": round(orbit_cold_s, 4), "orbit_warm_s": round(orbit_warm_s, 4),
        "scipy_build_s": round(scipy_build_s, 4), "scipy_s": round(scipy_s, 4),
        "orbit_edges_per_s": round(traversed / orbit_warm_s), "scipy_edges_per_s": round(traversed / scipy_s),
        "scipy_matrix_edges_per_s": round(args.edges * hop_count / scipy_s),
        "orbit_over_scipy_speed": round(scipy_s / orbit_warm_s, 2),
        "scipy_version": scipy.__version__, "numpy_version": np.__version__,
        "provenance": provenance(os.path.join(ROOT, "build", "orbit")),
    }
    print(f"graph: {args.edges} edges, {nodes} nodes, {len(seeds)} seeds, {traversed} edges traversed, "
          f"{len(fired)} nodes fired; answers {'agree' if checked else 'DIFFER'}")
    print(f"orbit warm {orbit_warm_s * 1e3:9.1f} ms ({traversed / orbit_warm_s / 1e6:7.1f} M edges/s), "
          f"cold {orbit_cold_s * 1e3:9.1f} ms (CSR built)")
    print(f"scipy      {scipy_s * 1e3:9.1f} ms ({traversed / scipy_s / 1e6:7.1f} M edges/s), "
          f"matrix built in {scipy_build_s * 1e3:.1f} ms")
    print(f"orbit / scipy speed: {scipy_s / orbit_warm_s:.2f}x")
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(report, f, indent=2)
    print(f"wrote {args.out}")
    if not checked:
        sys.exit(1)


if __name__ == "__main__":
    main()
