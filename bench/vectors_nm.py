#!/usr/bin/env python3
"""Exact vector search, N:M: for every row of a queries table, the k items nearest by cosine
distance, through SQL

    SELECT q.id, n.id, n.d FROM queries q
    CROSS JOIN LATERAL (SELECT id, v <=> q.v AS d FROM items ORDER BY d LIMIT k) n

(Orbit runs it as a per-query top-k over blocks of items: the vector kernels for the distances,
the mergeable top-k kernels per thread, merged per query), against the peers in the same run:
NumPy (one matrix product of the normalised matrices, then argpartition per row, in float32) and
DuckDB (the same LATERAL query with array_cosine_distance over FLOAT[dim]).

Every engine's ids are checked against the exact answer (float64 NumPy, ties by item id) before
timing: per query equal, or equal up to the k-th place where the k-th and (k+1)-th distances are
within 1e-5 of each other. Figures are medians of --repeats runs after a warm-up, in
milliseconds, warm (Orbit's tables are loaded from NumPy through Arrow without copies).

    python3 bench/vectors_nm.py [--cases 1000x100000x128,100x10000x128] [--k 5] [--repeats 3] \
        [--threads N] [--out bench/results/vectors_nm.json]
"""
import argparse
import json
import os
import statistics
import sys
import time

import numpy as np
import pyarrow as pa

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.append(os.path.join(ROOT, "build", "python"))  # the build tree's package, unless one is installed
sys.path.insert(0, os.path.join(ROOT, "bench"))

import orbit  # noqa: E402
from provenance import provenance  # noqa: E402


def median_ms(fn, repeats):
    fn()  # warm-up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def exact(queries, items, k):
    """Per query: the float64 cosine distances and the ids of the best k + 1, ties by id."""
    a = items.astype(np.float64)
    a /= np.linalg.norm(a, axis=1, keepdims=True)
    q = queries.astype(np.float64)
    q /= np.linalg.norm(q, axis=1, keepdims=True)
    out = []
    ids = np.arange(len(items))
    for start in range(0, len(q), 256):
        d = 1 - q[start:start + 256] @ a.T
        for row in d:
            top = np.argpartition(row, k)[:k + 1]
            top = top[np.lexsort((ids[top], row[top]))]
            out.append((row, top))
    return out


def check(name, got, truth, k):
    """got: per query, the ids in order."""
    for qi, ((row, top), ids) in enumerate(zip(truth, got)):
        ids = list(ids)
        want = top[:k].tolist()
        if ids == want:
            continue
        close = abs(row[top[k - 1]] - row[top[k]]) <= 1e-5
        near = all(abs(row[i] - row[j]) <= 1e-5 for i, j in zip(ids, want))
        if len(ids) == k and (close or near):
            continue
        raise SystemExit(f"{name}: query {qi}: ids {ids} differ from the exact {want}")
    return True


def run_case(m, n, dim, k, repeats, threads):
    rng = np.random.default_rng(m * 31 + n + dim)
    queries = rng.standard_normal((m, dim), dtype=np.float32)
    items = rng.standard_normal((n, dim), dtype=np.float32)
    truth = exact(queries, items, k)
    figures = {}

    normalised = items / np.linalg.norm(items, axis=1, keepdims=True)
    unit = queries / np.linalg.norm(queries, axis=1, keepdims=True)

    def numpy_top():
        d = 1 - unit @ normalised.T
        top = np.argpartition(d, k, axis=1)[:, :k]
        part = np.take_along_axis(d, top, axis=1)
        order = np.lexsort((top, part), axis=1)
        return np.take_along_axis(top, order, axis=1)

    check("numpy", numpy_top().tolist(), truth, k)
    figures["numpy_matmul_argpartition"] = median_ms(numpy_top, repeats)

    def arrow_table(vectors):
        return pa.table({"id": pa.array(np.arange(len(vectors), dtype=np.int64)),
                         "v": pa.FixedSizeListArray.from_arrays(pa.array(vectors.reshape(-1)), dim)})

    con = orbit.connect()
    con.sql(f"SET threads = {threads}")
    con.register("queries", arrow_table(queries))
    con.register("items", arrow_table(items))
    sql = ("SELECT q.id AS qid, n.id AS iid, n.d FROM queries q CROSS JOIN LATERAL "
           f"(SELECT id, v <=> q.v AS d FROM items ORDER BY d LIMIT {k}) n")
    plan = "\n".join(r[0] for r in con.sql("EXPLAIN " + sql).fetchall())
    if "LATERAL vector top-k" not in plan:
        raise SystemExit("Orbit did not choose the vector top-k:\n" + plan)

    def orbit_top():
        return con.sql(sql).arrow()

    def per_query(table, qcol, icol):
        result = [[] for _ in range(m)]
        for qid, iid in zip(table.column(qcol).to_pylist(), table.column(icol).to_pylist()):
            result[qid].append(iid)
        return result

    check("orbit", per_query(orbit_top(), "qid", "iid"), truth, k)
    figures["orbit_lateral_top_k"] = median_ms(orbit_top, repeats)

    try:
        import duckdb
        ddb = duckdb.connect()
        ddb.execute(f"SET threads = {threads}")
        for name, vectors in (("queries", queries), ("items", items)):
            ddb.register(name + "_arrow", arrow_table(vectors))
            ddb.execute(f"CREATE TABLE {name} AS SELECT id, v::FLOAT[{dim}] AS v FROM {name}_arrow")
        dsql = ("SELECT q.id AS qid, n.id AS iid, n.d FROM queries q CROSS JOIN LATERAL "
                f"(SELECT id, array_cosine_distance(v, q.v) AS d FROM items ORDER BY d LIMIT {k}) n "
                "ORDER BY qid, d, iid")

        def duck_top():
            return ddb.execute(dsql).to_arrow_table()

        check("duckdb", per_query(duck_top(), "qid", "iid"), truth, k)
        figures["duckdb_lateral_top_k"] = median_ms(duck_top, repeats)
    except ImportError:
        figures["duckdb_lateral_top_k"] = None

    orbit_ms = figures["orbit_lateral_top_k"]
    return {
        "queries": m, "items": n, "dim": dim, "k": k, "median_ms": figures,
        "distances_per_s": {name: m * n / (ms / 1000) for name, ms in figures.items() if ms},
        "peer_over_orbit": {name: ms / orbit_ms for name, ms in figures.items()
                            if ms and name != "orbit_lateral_top_k"},
        "answers_checked": True,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", default="1000x100000x128,100x10000x128",
                        help="queries x items x dim, comma-separated")
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--out", default=os.path.join(ROOT, "bench", "results", "vectors_nm.json"))
    args = parser.parse_args()
    results = []
    for case in args.cases.split(","):
        m, n, dim = (int(x) for x in case.split("x"))
        results.append(run_case(m, n, dim, args.k, args.repeats, args.threads))
    for r in results:
        print(f"{r['queries']} queries x {r['items']} items x dim {r['dim']}, k = {r['k']} (median ms):")
        for name, ms in r["median_ms"].items():
            print(f"  {name:28s} " + ("not installed" if ms is None else f"{ms:10.1f} ms"))
        print("  peer time / Orbit time: " + ", ".join(f"{n} {v:.2f}" for n, v in r["peer_over_orbit"].items()))
    report = {"benchmark": "vectors_nm", "provenance": provenance(os.path.join(ROOT, "build", "orbit")),
              "threads": args.threads, "repeats": args.repeats, "results": results}
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(report, f, indent=2)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
