#!/usr/bin/env python3
"""Exact vector search, 1:N: the 10 rows of a REAL[dim] table most similar (cosine) to a query
vector, through SQL (`ORDER BY array_cosine_similarity(emb, $1) DESC LIMIT 10`), against the
peers in the same run: NumPy (normalised matrix-vector product + argpartition), DuckDB's
array_cosine_similarity over FLOAT[dim], and FAISS IndexFlatIP or USearch exact search where
installed (`pip install faiss-cpu usearch`; they are not test dependencies). The machine's
memory bandwidth is measured in the same run (NumPy summing the same matrix, one pass), so each
time is also reported as the share of that bandwidth the scan of rows x dim x 4 bytes reached.

Every engine's ids are checked against the exact answer (float64 NumPy) before timing: equal
wherever the 10th and 11th scores differ by more than 1e-6. Figures are medians of --repeats
runs after a warm-up, in milliseconds, warm (data already in memory: Orbit's table is loaded
from the NumPy matrix through Arrow without copies).

    python3 bench/vectors.py [--rows 1000000] [--dims 384,768] [--repeats 5] [--threads N] \
        [--out bench/results/vectors.json]
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

K = 10


def median_ms(fn, repeats):
    fn()  # warm-up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def exact_top(vectors, query):
    a = vectors.astype(np.float64)
    q = query.astype(np.float64)
    scores = (a @ q) / np.sqrt((a * a).sum(axis=1) * (q @ q))
    order = np.lexsort((np.arange(len(scores)), -scores))
    return scores, order


def check(name, ids, scores, order):
    """ids agree with the exact order wherever the scores around the k-th leave no doubt."""
    want = order[:K].tolist()
    if list(ids) == want:
        return True
    kth, next_ = scores[order[K - 1]], scores[order[K]]
    if abs(kth - next_) <= 1e-6 and set(ids[:K - 1]) == set(want[:K - 1]):
        return True
    raise SystemExit(f"{name}: top-{K} ids {list(ids)} differ from the exact {want}")


def run_dim(rows, dim, repeats, threads):
    rng = np.random.default_rng(dim)
    vectors = rng.standard_normal((rows, dim), dtype=np.float32)
    query = rng.standard_normal(dim, dtype=np.float32)
    scores, order = exact_top(vectors, query)
    figures = {}
    bytes_scanned = vectors.nbytes

    bandwidth_ms = median_ms(lambda: vectors.sum(dtype=np.float32), repeats)
    figures["memory_read_numpy_sum"] = bandwidth_ms

    normalised = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    unit_query = query / np.linalg.norm(query)

    def numpy_top():
        sims = normalised @ unit_query
        top = np.argpartition(-sims, K)[:K]
        return top[np.lexsort((top, -sims[top]))]

    check("numpy", numpy_top().tolist(), scores, order)
    figures["numpy_normalised_matvec"] = median_ms(numpy_top, repeats)

    table = pa.table({"id": pa.array(np.arange(rows, dtype=np.int64)),
                      "emb": pa.FixedSizeListArray.from_arrays(pa.array(vectors.reshape(-1)), dim)})
    con = orbit.connect()
    con.sql(f"SET threads = {threads}")
    con.register("docs", table)
    sql = f"SELECT id FROM docs ORDER BY array_cosine_similarity(emb, $1::REAL[{dim}]) DESC, id LIMIT {K}"
    orbit_ids = [r[0] for r in con.sql(sql, params=[query]).fetchall()]
    check("orbit", orbit_ids, scores, order)
    figures["orbit_sql_top10"] = median_ms(lambda: con.sql(sql, params=[query]).fetchall(), repeats)

    try:
        import duckdb
        ddb = duckdb.connect()
        ddb.execute(f"SET threads = {threads}")
        ddb.register("docs_arrow", table)
        ddb.execute(f"CREATE TABLE docs AS SELECT id, emb::FLOAT[{dim}] AS emb FROM docs_arrow")
        dsql = (f"SELECT id FROM docs ORDER BY array_cosine_similarity(emb, $q::FLOAT[{dim}]) DESC, id "
                f"LIMIT {K}")
        q_list = query.tolist()
        duck_ids = [r[0] for r in ddb.execute(dsql, {"q": q_list}).fetchall()]
        check("duckdb", duck_ids, scores, order)
        figures["duckdb_sql_top10"] = median_ms(lambda: ddb.execute(dsql, {"q": q_list}).fetchall(), repeats)
    except ImportError:
        figures["duckdb_sql_top10"] = None

    try:
        import faiss
        faiss.omp_set_num_threads(threads)
        index = faiss.IndexFlatIP(dim)
        index.add(normalised)
        _, found = index.search(unit_query.reshape(1, -1), K)
        check("faiss", found[0].tolist(), scores, order)
        figures["faiss_flat_ip"] = median_ms(lambda: index.search(unit_query.reshape(1, -1), K), repeats)
    except ImportError:
        figures["faiss_flat_ip"] = None

    try:
        from usearch.index import search as usearch_search, MetricKind
        found = usearch_search(vectors, query, K, MetricKind.Cos, exact=True)
        check("usearch", found.keys.tolist(), scores, order)
        figures["usearch_exact"] = median_ms(lambda: usearch_search(vectors, query, K, MetricKind.Cos, exact=True),
                                             repeats)
    except ImportError:
        figures["usearch_exact"] = None

    gbs = {name: (bytes_scanned / 1e9) / (ms / 1000) for name, ms in figures.items() if ms}
    return {
        "rows": rows, "dim": dim, "bytes_scanned": bytes_scanned, "median_ms": figures,
        "gb_per_s": gbs,
        "share_of_measured_bandwidth": {name: g / gbs["memory_read_numpy_sum"] for name, g in gbs.items()},
        "orbit_vs": {name: ms / figures["orbit_sql_top10"] for name, ms in figures.items()
                     if ms and name != "orbit_sql_top10"},
        "answers_checked": True,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--dims", default="384,768")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--out", default=os.path.join(ROOT, "bench", "results", "vectors.json"))
    args = parser.parse_args()
    results = [run_dim(args.rows, int(d), args.repeats, args.threads) for d in args.dims.split(",")]
    for r in results:
        print(f"rows {r['rows']} x dim {r['dim']} (median ms; GB/s; share of measured bandwidth):")
        for name, ms in r["median_ms"].items():
            if ms is None:
                print(f"  {name:28s} not installed")
                continue
            print(f"  {name:28s} {ms:9.1f} ms  {r['gb_per_s'][name]:6.2f} GB/s  "
                  f"{r['share_of_measured_bandwidth'][name]:5.0%}")
        print("  peer time / Orbit time: " + ", ".join(f"{k} {v:.2f}" for k, v in r["orbit_vs"].items()))
    report = {"benchmark": "vectors", "provenance": provenance(os.path.join(ROOT, "build", "orbit")),
              "threads": args.threads, "repeats": args.repeats, "results": results}
    with open(args.out, "w") as f:
        json.dump(report, f, indent=2)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
