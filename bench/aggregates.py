#!/usr/bin/env python3
"""The aggregates beyond sum and count, Orbit vs DuckDB in one run: DISTINCT aggregates beside
ordinary ones, median and quantiles, mode, string_agg, approx_count_distinct and ROLLUP, over
one generated table of --rows rows held by both engines (made by the same SQL in each). Each
figure is the median of --repeats runs after a warm-up, in milliseconds; the answers are
compared before anything is timed (approx_count_distinct against the exact count, within 5 %).

    python3 bench/aggregates.py [--rows 4000000] [--repeats 5] [--threads N] [--out bench/results/aggregates.json]
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
sys.path.insert(0, os.path.join(ROOT, "tests", "python"))  # the differential tests' comparison

import duckdb  # noqa: E402

import orbit  # noqa: E402
from csv_loaded_engines import rows_of, same_value, sort_key  # noqa: E402
from provenance import provenance  # noqa: E402

# Integers only in the generator, so both engines make the same rows: 1,000 groups, 100,003
# distinct values of v, doubles with repeats, 5,000 distinct strings.
TABLE = ("CREATE TABLE t AS SELECT i AS id, i % 1000 AS g, (i * 7919) % 100003 AS v, "
         "CAST((i * 31) % 10007 AS DOUBLE) / 7 AS d, 'k' || CAST((i * 13) % 5000 AS VARCHAR) AS s, "
         "(i * 17) % 13 AS small FROM generate_series(1, {rows}) AS x (i)")

# (name, query, exact): exact queries must agree value for value (doubles to 1e-9).
QUERIES = [
    ("count_distinct_grouped", "SELECT g, count(DISTINCT v) FROM t GROUP BY g", True),
    ("distinct_mix_grouped", "SELECT g, count(DISTINCT v), sum(DISTINCT small), count(*), sum(v) FROM t GROUP BY g",
     True),
    ("count_distinct_strings", "SELECT count(DISTINCT s), count(DISTINCT v) FROM t", True),
    ("median_grouped", "SELECT g, median(v), median(d) FROM t GROUP BY g", True),
    ("quantiles_whole_table", "SELECT quantile_cont(d, 0.9), quantile_disc(v, 0.5), median(v) FROM t", True),
    ("mode_grouped", "SELECT g, mode(small) FROM t GROUP BY g", False),  # DuckDB's pick among ties is arbitrary
    ("string_agg_grouped", "SELECT g, length(string_agg(s, ',' ORDER BY id)) FROM t GROUP BY g", True),
    ("approx_count_distinct", "SELECT approx_count_distinct(v), approx_count_distinct(s) FROM t", False),
    ("rollup", "SELECT small, g % 10, sum(v), count(*) FROM t GROUP BY ROLLUP (small, g % 10)", True),
]


def same_answer(name, ours, theirs, exact):
    ours, theirs = sorted(ours, key=sort_key), sorted(theirs, key=sort_key)
    if len(ours) != len(theirs):
        return False
    if name == "approx_count_distinct":  # both are estimates: each within 5 % of the exact count
        return all(abs(a - b) <= 0.05 * b for a, b in zip(ours[0], theirs[0]))
    if not exact:  # mode: the group keys agree; the values are each group's own pick
        return [r[0] for r in ours] == [r[0] for r in theirs]
    return all(same_value(x, y) for a, b in zip(ours, theirs) for x, y in zip(a, b))


def median_ms(run, repeats):
    run()  # warm-up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1e3)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=4_000_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--out", default=os.path.join(ROOT, "bench", "results", "aggregates.json"))
    args = parser.parse_args()

    ours = orbit.connect()
    ours.sql(f"SET threads = {args.threads}")
    theirs = duckdb.connect()
    theirs.execute(f"SET threads = {args.threads}")
    ours.sql(TABLE.format(rows=args.rows))
    theirs.execute(TABLE.format(rows=args.rows))

    results, failures = [], []
    for name, sql, exact in QUERIES:
        agree = same_answer(name, rows_of(ours.sql(sql)), theirs.execute(sql).fetchall(), exact)
        if not agree:
            failures.append(name)
        orbit_ms = median_ms(lambda: ours.sql(sql).arrow(), args.repeats)
        duckdb_ms = median_ms(lambda: theirs.execute(sql).arrow(), args.repeats)
        results.append({"name": name, "sql": sql, "answers_agree": agree, "orbit_ms": round(orbit_ms, 2),
                        "duckdb_ms": round(duckdb_ms, 2), "orbit_over_duckdb": round(orbit_ms / duckdb_ms, 2)})
        print(f"{name:26} orbit {orbit_ms:9.1f} ms  duckdb {duckdb_ms:9.1f} ms  "
              f"ratio {orbit_ms / duckdb_ms:5.2f}  {'ok' if agree else 'ANSWERS DIFFER'}")

    report = {"benchmark": "aggregates", "rows": args.rows, "repeats": args.repeats, "threads": args.threads,
              "duckdb_version": duckdb.__version__, "provenance": provenance(os.path.join(ROOT, "build", "orbit")),
              "queries": results}
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(report, f, indent=2)
    print(f"wrote {args.out}")
    if failures:
        print(f"answers differ: {', '.join(failures)}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
