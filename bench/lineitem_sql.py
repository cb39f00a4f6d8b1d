#!/usr/bin/env python3
"""Window functions, statistics aggregates and UPDATE over TPC-H lineitem, Orbit vs DuckDB
in one run: ROW_NUMBER per order, a 28-row rolling SUM and a 28-day RANGE window per
supplier, the statistics aggregates grouped and over the whole table, and an UPDATE of
10 % of the rows. Both engines load the same lineitem (scripts/tpch-data); each figure is
the median of --repeats runs after a warm-up, in milliseconds. Window results are reduced
to a few sums inside the query, so the figure is the window's cost, not the cost of handing
six million rows to Python. The answers are compared before anything is timed (exactly for
integers and decimals, to a relative 1e-9 for the statistics, which each engine computes
in its own order); the UPDATE's answer is the table's checksum after it.

    python3 bench/lineitem_sql.py [--sf 1] [--repeats 5] [--threads N] [--out bench/results/lineitem_sql_sf1.json]
"""
import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import time
from decimal import Decimal

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.append(os.path.join(ROOT, "build", "python"))  # the build tree's package, unless one is installed
sys.path.insert(0, os.path.join(ROOT, "bench"))

import duckdb  # noqa: E402

import orbit  # noqa: E402
from provenance import provenance  # noqa: E402

# Ties in every window's ORDER BY are broken by the key (l_orderkey, l_linenumber), so
# ROWS frames hold the same rows in both engines.
QUERIES = [
    ("row_number_per_order",
     "SELECT count(*), sum(rn), max(rn) FROM (SELECT row_number() OVER (PARTITION BY l_orderkey "
     "ORDER BY l_linenumber) AS rn FROM lineitem) w"),
    ("rolling_sum_28_rows",
     "SELECT sum(s), max(s), min(s) FROM (SELECT sum(l_quantity) OVER (PARTITION BY l_suppkey "
     "ORDER BY l_shipdate, l_orderkey, l_linenumber ROWS BETWEEN 27 PRECEDING AND CURRENT ROW) AS s "
     "FROM lineitem) w"),
    ("rolling_avg_28_days",
     "SELECT sum(a), max(a) FROM (SELECT avg(l_extendedprice) OVER (PARTITION BY l_suppkey "
     "ORDER BY l_shipdate RANGE BETWEEN INTERVAL '28 days' PRECEDING AND CURRENT ROW) AS a "
     "FROM lineitem) w"),
    ("lag_lead_per_part",
     "SELECT sum(l_quantity - prev), sum(next - l_quantity) FROM (SELECT l_quantity, "
     "lag(l_quantity) OVER w AS prev, lead(l_quantity) OVER w AS next FROM lineitem "
     "WINDOW w AS (PARTITION BY l_partkey ORDER BY l_shipdate, l_orderkey, l_linenumber)) x"),
    ("statistics_grouped",
     "SELECT l_returnflag, l_linestatus, stddev_samp(l_extendedprice), var_pop(l_quantity), "
     "corr(l_quantity, l_extendedprice), regr_slope(l_extendedprice, l_quantity), "
     "covar_samp(l_discount, l_tax) FROM lineitem GROUP BY l_returnflag, l_linestatus"),
    ("statistics_whole_table",
     "SELECT stddev_pop(l_extendedprice), variance(l_discount), regr_intercept(l_extendedprice, l_quantity), "
     "avg(l_quantity), median(l_quantity), quantile_cont(l_extendedprice, 0.9) FROM lineitem"),
]

# 10 % of the rows, by order key; the runs alternate adding and taking back one cent, so
# an even number of runs leaves the table as it was.
UPDATE = "UPDATE lineitem SET l_discount = l_discount {sign} 0.01 WHERE l_orderkey % 10 = 3"
CHECKSUM = "SELECT count(*), sum(l_discount), sum(l_orderkey * l_discount) FROM lineitem"


def close(a, b, rel_tol):
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, float) or isinstance(b, float):
        a, b = float(a), float(b)
        return (math.isnan(a) and math.isnan(b)) or math.isclose(a, b, rel_tol=rel_tol, abs_tol=1e-12)
    if isinstance(a, (int, Decimal)) and isinstance(b, (int, Decimal)):
        return Decimal(a) == Decimal(b)
    return a == b


def rows(table):
    columns = [column.to_pylist() for column in table.columns]
    return sorted(zip(*columns), key=lambda row: tuple(str(v) for v in row))


def same_rows(ours, theirs, rel_tol=1e-9):
    return len(ours) == len(theirs) and all(
        len(a) == len(b) and all(close(x, y, rel_tol) for x, y in zip(a, b)) for a, b in zip(ours, theirs))


def median_ms(run, repeats):
    run()  # warm-up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1e3)
    return statistics.median(times)


def load(ours, theirs, data_dir):
    schema = open(os.path.join(ROOT, "bench", "tpch", "schema.sql")).read()
    script = schema.replace("@DATA@", os.path.abspath(data_dir))
    for statement in (s for s in script.split(";") if s.strip()):
        ours.sql(statement)
        theirs.execute(statement)


def timed_update(connection_run, repeats):
    """Median of the UPDATE's runs; warm-up included, the number of runs is even."""
    runs = repeats + 1 + (repeats + 1) % 2
    times = []
    for i in range(runs):
        sql = UPDATE.format(sign="+" if i % 2 == 0 else "-")
        start = time.perf_counter()
        connection_run(sql)
        times.append((time.perf_counter() - start) * 1e3)
    return statistics.median(times[1:])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sf", default="1")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--out")
    args = parser.parse_args()
    out = args.out or os.path.join(ROOT, "bench", "results", f"lineitem_sql_sf{args.sf}.json")

    data_dir = subprocess.run([os.path.join(ROOT, "scripts", "tpch-data"), args.sf], check=True,
                              capture_output=True, text=True).stdout.strip().splitlines()[-1]
    ours = orbit.connect()
    ours.sql(f"SET threads = {args.threads}")
    theirs = duckdb.connect()
    theirs.execute(f"SET threads = {args.threads}")
    load(ours, theirs, os.path.join(ROOT, data_dir))

    results, failures = [], []
    for name, sql in QUERIES:
        agree = same_rows(rows(ours.execute(sql).fetch_arrow_table()), rows(theirs.execute(sql).to_arrow_table()))
        if not agree:
            failures.append(name)
        orbit_ms = median_ms(lambda: ours.execute(sql).fetch_arrow_table(), args.repeats)
        duckdb_ms = median_ms(lambda: theirs.execute(sql).to_arrow_table(), args.repeats)
        results.append({"name": name, "sql": sql, "answers_agree": agree, "orbit_ms": round(orbit_ms, 2),
                        "duckdb_ms": round(duckdb_ms, 2), "orbit_over_duckdb": round(orbit_ms / duckdb_ms, 2)})
        print(f"{name:24} orbit {orbit_ms:9.1f} ms  duckdb {duckdb_ms:9.1f} ms  "
              f"ratio {orbit_ms / duckdb_ms:5.2f}  {'ok' if agree else 'ANSWERS DIFFER'}")

    before = rows(theirs.execute(CHECKSUM).to_arrow_table())
    orbit_ms = timed_update(lambda sql: ours.sql(sql), args.repeats)
    duckdb_ms = timed_update(lambda sql: theirs.execute(sql), args.repeats)
    # One more pair with the row count each reports, and the checksums after every run.
    changed = [ours.execute(UPDATE.format(sign="+")).rowcount, theirs.execute(UPDATE.format(sign="+")).fetchall()[0][0]]
    after_ours = rows(ours.execute(CHECKSUM).fetch_arrow_table())
    after_theirs = rows(theirs.execute(CHECKSUM).to_arrow_table())
    agree = same_rows(after_ours, after_theirs) and after_theirs != before
    ours.sql(UPDATE.format(sign="-"))
    theirs.execute(UPDATE.format(sign="-"))
    agree = agree and same_rows(rows(ours.execute(CHECKSUM).fetch_arrow_table()), before)
    agree = agree and changed[0] == changed[1]
    if not agree:
        failures.append("update_10_percent")
    results.append({"name": "update_10_percent", "sql": UPDATE.format(sign="+/-"), "rows_changed": changed[1],
                    "answers_agree": agree, "orbit_ms": round(orbit_ms, 2), "duckdb_ms": round(duckdb_ms, 2),
                    "orbit_over_duckdb": round(orbit_ms / duckdb_ms, 2)})
    print(f"{'update_10_percent':24} orbit {orbit_ms:9.1f} ms  duckdb {duckdb_ms:9.1f} ms  "
          f"ratio {orbit_ms / duckdb_ms:5.2f}  {'ok' if agree else 'ANSWERS DIFFER'}")

    report = {"benchmark": "lineitem_sql", "sf": args.sf, "repeats": args.repeats, "threads": args.threads,
              "duckdb_version": duckdb.__version__, "provenance": provenance(os.path.join(ROOT, "build", "orbit")),
              "queries": results}
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w") as f:
        json.dump(report, f, indent=2)
    print(f"wrote {out}")
    if failures:
        print(f"answers differ: {', '.join(failures)}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
