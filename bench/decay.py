#!/usr/bin/env python3
"""decay(value, elapsed, half_life) = value * 0.5^(elapsed / half_life) over --rows doubles:
Orbit's SQL (a table registered from NumPy arrays through Arrow, no copy; the SIMD math
kernels on --threads threads) against NumPy's `v * 0.5 ** (t / h)` in the same run. Two
shapes: the decayed column itself, returned as Arrow (NumPy returns an array), and its sum
(no result column: closer to the kernel alone). Each figure is the median of --repeats runs
after a warm-up, in milliseconds, Orbit's and NumPy's runs alternating; the answers are checked first (every row within 2e-15
relative of NumPy's, the sums within 1e-9).

    python3 bench/decay.py [--rows 100000000] [--repeats 5] [--threads 2] [--out bench/results/decay.json]
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

HALF_LIFE = 30.0
SEED = 16


def median_ms_alternating(ours, theirs, repeats):
    """Medians of both, their runs alternating so that both see the same machine load."""
    ours(), theirs()  # warm-up
    ours_ms, theirs_ms = [], []
    for _ in range(repeats):
        for run, times in ((ours, ours_ms), (theirs, theirs_ms)):
            start = time.perf_counter()
            run()
            times.append((time.perf_counter() - start) * 1e3)
    return statistics.median(ours_ms), statistics.median(theirs_ms)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--out", default=os.path.join(ROOT, "bench", "results", "decay.json"))
    args = parser.parse_args()

    rng = np.random.default_rng(SEED)
    value = rng.uniform(0, 1, args.rows)
    elapsed = rng.uniform(0, 365, args.rows)
    con = orbit.connect()
    con.set("threads", args.threads)
    con.register("memories", pa.table({"strength": value, "age_days": elapsed}))
    column_sql = f"SELECT decay(strength, age_days, {HALF_LIFE}) FROM memories"
    sum_sql = f"SELECT sum(decay(strength, age_days, {HALF_LIFE})) FROM memories"

    def numpy_column():
        return value * 0.5 ** (elapsed / HALF_LIFE)

    def orbit_column():
        return con.sql(column_sql).arrow()

    # Answers first: every row, and the sums.
    expected = numpy_column()
    ours = np.concatenate([c.to_numpy() for c in orbit_column().column(0).chunks])
    rows_agree = ours.shape == expected.shape and bool(np.allclose(ours, expected, rtol=2e-15, atol=0))
    max_rel = float(np.max(np.abs(ours - expected) / np.abs(expected)))
    del ours
    numpy_sum = float(np.sum(expected))
    del expected
    orbit_sum = con.sql(sum_sql).fetchall()[0][0]
    sums_agree = abs(orbit_sum - numpy_sum) <= 1e-9 * abs(numpy_sum)

    results = {}
    for name, ours_run, numpy_run in [
        ("column", orbit_column, numpy_column),
        ("sum", lambda: con.sql(sum_sql).fetchall(), lambda: float(np.sum(numpy_column()))),
    ]:
        orbit_ms, numpy_ms = median_ms_alternating(ours_run, numpy_run, args.repeats)
        results[name] = {"orbit_ms": round(orbit_ms, 1), "numpy_ms": round(numpy_ms, 1),
                         "speedup_over_numpy": round(numpy_ms / orbit_ms, 2)}
        print(f"decay {name:6} orbit {orbit_ms:9.1f} ms  numpy {numpy_ms:9.1f} ms  "
              f"orbit is {numpy_ms / orbit_ms:5.2f}x numpy (target 4x: {'met' if numpy_ms / orbit_ms >= 4 else 'MISSED'})")

    report = {
        "benchmark": "decay", "rows": args.rows, "repeats": args.repeats, "threads": args.threads,
        "half_life": HALF_LIFE, "numpy_version": np.__version__, "numpy_expression": "v * 0.5 ** (t / h)",
        "target_speedup": 4.0, "answers_agree": rows_agree and sums_agree, "max_relative_error_vs_numpy": max_rel,
        "orbit_sum": orbit_sum, "numpy_sum": numpy_sum, "results": results,
        "provenance": provenance(os.path.join(ROOT, "build", "orbit")),
    }
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(report, f, indent=2)
    print(f"answers {'agree' if report['answers_agree'] else 'DIFFER'} (max relative error vs NumPy {max_rel:.2e}); "
          f"wrote {args.out}")
    if not report["answers_agree"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
