#!/usr/bin/env python3
"""What a query costs from Python beyond the engine's work, Orbit vs DuckDB in one run:
a tiny query (`SELECT 1` to tuples), a 1,000-row result to Polars, and the same through
a PEP 249 cursor. Each figure is the median of --repeats timed batches of --calls calls
(after a warm-up batch), in microseconds per call; answers are compared first.

    python3 bench/python_overhead.py [--repeats 15] [--calls 200] [--out bench/results/python_overhead.json]
"""
import argparse
import json
import os
import statistics
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.append(os.path.join(ROOT, "build", "python"))  # the build tree's package, unless one is installed
sys.path.insert(0, os.path.join(ROOT, "bench"))

import duckdb  # noqa: E402
import polars  # noqa: E402

import orbit  # noqa: E402
from provenance import provenance  # noqa: E402

ROWS_1000 = "SELECT i, i * 2 AS twice, 'row ' || CAST(i AS VARCHAR) AS label FROM generate_series(1, 1000) AS g (i)"


def per_call_us(run, calls, repeats):
    run()  # warm-up: the first call loads what a process loads once
    batches = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(calls):
            run()
        batches.append((time.perf_counter() - start) / calls * 1e6)
    return statistics.median(batches)


def cases(orbit_con, duck_con):
    """(name, orbit call, duckdb call): each pair gives the same answer."""
    return [
        ("select_1_fetchall", lambda: orbit_con.sql("SELECT 1").fetchall(),
         lambda: duck_con.sql("SELECT 1").fetchall()),
        ("select_1_cursor", lambda: orbit_con.execute("SELECT 1").fetchall(),
         lambda: duck_con.execute("SELECT 1").fetchall()),
        ("rows_1000_to_polars", lambda: orbit_con.sql(ROWS_1000).pl(),
         lambda: duck_con.sql(ROWS_1000).pl()),
        ("rows_1000_to_arrow", lambda: orbit_con.sql(ROWS_1000).arrow(),
         lambda: duck_con.sql(ROWS_1000).arrow()),
    ]


def same_answer(ours, theirs):
    if isinstance(ours, polars.DataFrame):
        return ours.rows() == theirs.rows()
    if hasattr(ours, "to_pylist"):
        theirs = theirs.read_all() if hasattr(theirs, "read_all") else theirs
        return ours.to_pylist() == theirs.to_pylist()
    return ours == theirs


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--threads", type=int, default=1, help="both engines' threads (1: overhead, not work)")
    parser.add_argument("--out", default=os.path.join(ROOT, "bench", "results", "python_overhead.json"))
    args = parser.parse_args()

    orbit_con = orbit.connect(config={"threads": args.threads})
    duck_con = duckdb.connect()
    duck_con.execute(f"SET threads = {args.threads}")
    results = {}
    for name, run_orbit, run_duckdb in cases(orbit_con, duck_con):
        checked = same_answer(run_orbit(), run_duckdb())
        results[name] = {"orbit_us": per_call_us(run_orbit, args.calls, args.repeats),
                         "duckdb_us": per_call_us(run_duckdb, args.calls, args.repeats),
                         "answer_checked": checked}
        entry = results[name]
        entry["orbit_over_duckdb"] = entry["orbit_us"] / entry["duckdb_us"]
        print(f"{name:22s} orbit {entry['orbit_us']:9.1f} us  duckdb {entry['duckdb_us']:9.1f} us  "
              f"ratio {entry['orbit_over_duckdb']:.2f}  answers {'agree' if checked else 'DIFFER'}")
    report = {"benchmark": "python_overhead", "repeats": args.repeats, "calls_per_batch": args.calls,
              "threads": args.threads, "statistic": "median of batches, microseconds per call",
              "orbit_version": orbit.__version__, "duckdb_version": duckdb.__version__,
              "provenance": provenance(os.path.join(ROOT, "build", "orbit")), "results": results}
    with open(args.out, "w") as f:
        json.dump(report, f, indent=1)
    print(f"wrote {args.out}")
    return 0 if all(r["answer_checked"] for r in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
