#!/usr/bin/env python3
"""TPC-H queries: Orbit vs DuckDB on the same data, same thread count, in one process.

Both engines load the TPC-H tables from the same '|'-delimited files into memory first
(load time is reported separately, never mixed with query time). Each query runs once on
each engine to warm up, then --runs more times with the two engines alternating, so that
anything else running on the machine slows both alike; both hand back an Arrow table. The
median is reported with the Orbit/DuckDB ratio and the geometric mean of the ratios. Peak
resident memory of "load + run Q1" is measured for each engine in a fresh process.

Usage: bench/tpch.py [--sf 1] [--threads 2] [--runs 5] [--queries q1,q6] [--device opencl]
(default: every bench/tpch/q*.sql, device auto). Q1 and Q6 need lineitem alone; other
queries load all eight tables. Writes bench/results/tpch_sf<SF>_t<threads>.json (the device
and the query names appended when given).
Each query's answer is compared with DuckDB's first (decimals exact, doubles to 1e-9,
row order as ORDER BY gives); a difference is reported and the exit status is 1.
"""
import argparse
import datetime
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
QUERY_DIR = os.path.join(ROOT, "bench", "tpch")
sys.path.append(os.path.join(ROOT, "build", "python"))  # the build tree's package, unless one is installed
sys.path.insert(0, os.path.join(ROOT, "bench"))


def read(path):
    with open(path) as f:
        return f.read()


def available_queries():
    names = [f[:-4] for f in os.listdir(QUERY_DIR) if f.startswith("q") and f.endswith(".sql")]
    return sorted(names, key=lambda name: int(name[1:]))


def load_statements(data_dir, schema="schema.sql"):
    script = read(os.path.join(QUERY_DIR, schema)).replace("@DATA@", os.path.abspath(data_dir))
    return [s for s in script.split(";") if s.strip()]


def query_sql(name):
    return read(os.path.join(QUERY_DIR, f"{name}.sql"))


def split_query(sql):
    """A query file's statements as (setup, query, teardown): Q15 creates a view, selects
    and drops the view; only the SELECT is timed and its result compared."""
    statements = [s.strip() for s in sql.split(";") if s.strip()]
    selects = [i for i, s in enumerate(statements) if s.split(None, 1)[0].upper() in ("SELECT", "WITH")]
    if len(selects) != 1:
        raise SystemExit(f"a query file needs exactly one SELECT, found {len(selects)}")
    i = selects[0]
    return statements[:i], statements[i], statements[i + 1:]


def answer_mismatch(ours, theirs):
    """Why two Arrow tables differ, or None: same row count, and row by row the same values
    (decimals exactly, doubles within 1e-9 relative), in the order ORDER BY gives."""
    mine, expected = ours.to_pylist(), theirs.to_pylist()
    if len(mine) != len(expected):
        return f"{len(mine)} rows vs DuckDB's {len(expected)}"
    for r, (a_row, b_row) in enumerate(zip(mine, expected)):
        for (name, b), a in zip(b_row.items(), a_row.values()):
            same = (math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
                    if isinstance(b, float) and a is not None else a == b)
            if not same:
                return f"row {r} column {name}: orbit {a!r} vs duckdb {b!r}"
    return None


def timed(run):
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def peak_rss_mib(args):
    """Peak resident memory of one command, in MiB, measured by GNU time. (Not by wait4 from
    here: Linux carries this big process's peak into a child it forks, through exec.)"""
    with tempfile.NamedTemporaryFile("r") as report:
        subprocess.run(["/usr/bin/time", "-f", "%M", "-o", report.name, *args], check=True,
                       stdout=subprocess.DEVNULL)
        return int(report.read().strip().splitlines()[-1]) / 1024.0


def machine():
    model = "unknown"
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    return {"cpu": model, "cores": os.cpu_count(), "platform": platform.platform()}


def main():
    import duckdb
    import orbit
    from provenance import provenance

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sf", default="1")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--queries", default=",".join(available_queries()))
    parser.add_argument("--orbit", default=os.path.join(ROOT, "build", "orbit"), help="the orbit program (memory)")
    parser.add_argument("--device", default="auto",
                        help="Orbit's device: auto, cpu, opencl, cuda (a forced device runs with fallback = 'error')")
    parser.add_argument("--out", help="where to write the JSON (default: bench/results/tpch_sf<SF>_t<threads>"
                                      "[_<device>][_<queries>].json)")
    args = parser.parse_args()
    queries = [q.strip() for q in args.queries.split(",") if q.strip()]
    schema = "schema.sql" if set(queries) <= {"q1", "q6"} else "schema_all.sql"

    data_dir = subprocess.run([os.path.join(ROOT, "scripts", "tpch-data"), args.sf], check=True,
                              capture_output=True, text=True).stdout.strip().splitlines()[-1]
    statements = load_statements(os.path.join(ROOT, data_dir), schema)
    lineitem_statements = load_statements(os.path.join(ROOT, data_dir))

    orbit_con = orbit.connect()
    orbit_con.sql(f"SET threads = {args.threads}")
    orbit_con.sql(f"SET device = '{args.device}'")
    if args.device != "auto":
        orbit_con.sql("SET fallback = 'error'")  # a CPU re-run must not pass for a device run
    duck_con = duckdb.connect()
    duck_con.execute(f"SET threads = {args.threads}")
    load_s = {"orbit": sum(timed(lambda s=s: orbit_con.sql(s)) for s in statements),
              "duckdb": sum(timed(lambda s=s: duck_con.execute(s)) for s in statements)}

    samples = {}
    skipped = {}
    mismatches = {}
    for q in queries:
        setup, sql, teardown = split_query(query_sql(q))
        for statement in setup:
            orbit_con.sql(statement)
            duck_con.execute(statement)
        run_orbit = lambda: orbit_con.execute(sql).fetch_arrow_table()  # noqa: E731 (both return an Arrow table)
        run_duckdb = lambda: duck_con.execute(sql).to_arrow_table()  # noqa: E731
        try:
            run_orbit()
        except orbit.Error as error:
            if "not supported yet" not in str(error):
                raise
            # A query needing SQL Orbit does not run yet is reported, not timed.
            skipped[q] = str(error)
            print(f"{q}: skipped, {error}")
            for statement in teardown:
                orbit_con.sql(statement)
                duck_con.execute(statement)
            continue
        mismatch = answer_mismatch(run_orbit(), run_duckdb())
        if mismatch:
            mismatches[q] = mismatch
            print(f"{q}: ANSWER DIFFERS FROM DUCKDB: {mismatch}")
        samples[q] = {"orbit": [], "duckdb": []}
        for _ in range(args.runs):
            samples[q]["orbit"].append(timed(run_orbit))
            samples[q]["duckdb"].append(timed(run_duckdb))
        for statement in teardown:
            orbit_con.sql(statement)
            duck_con.execute(statement)

    # Peak memory of loading + Q1, each engine in a fresh process. DuckDB runs inside a
    # Python interpreter; that interpreter's own peak with duckdb imported is reported too.
    orbit_rss = peak_rss_mib([args.orbit, "--threads", str(args.threads), "-c", ";".join(lineitem_statements),
                              "-c", query_sql("q1")])
    duck_script = (f"import duckdb; c=duckdb.connect(); c.execute('SET threads={args.threads}');"
                   f"[c.execute(s) for s in {lineitem_statements!r}]; c.execute({query_sql('q1')!r}).fetchall()")
    duck_rss = peak_rss_mib([sys.executable, "-c", duck_script])
    python_rss = peak_rss_mib([sys.executable, "-c", "import duckdb"])

    results = {"benchmark": "tpch", "scale_factor": args.sf, "schema": schema, "threads": args.threads,
               "orbit_device": args.device,
               "runs": args.runs,
               "method": "one Python process, both engines in memory, alternating runs, Arrow results, "
                         "median after one warm-up",
               "date": datetime.datetime.now().isoformat(timespec="seconds"), "machine": machine(),
               "provenance": provenance(args.orbit),
               "versions": {"duckdb": duckdb.__version__},
               "load_s": load_s,
               "peak_rss_mib_load_and_q1": {"orbit": orbit_rss, "duckdb_python_process": duck_rss,
                                            "python_with_duckdb_imported": python_rss},
               "queries": {}, "skipped": skipped, "answers_differ_from_duckdb": mismatches}
    print(f"TPC-H SF {args.sf}, {args.threads} threads, median of {args.runs} runs after one warm-up")
    print(f"{'query':6} {'orbit ms':>10} {'duckdb ms':>10} {'orbit/duckdb':>13}")
    ratios = []
    for q in (q for q in queries if q in samples):
        o, d = statistics.median(samples[q]["orbit"]), statistics.median(samples[q]["duckdb"])
        ratios.append(o / d)
        results["queries"][q] = {"orbit_s": o, "duckdb_s": d, "ratio": o / d,
                                 "answer_checked": True, "answer_equals_duckdb": q not in mismatches,
                                 "orbit_samples_s": samples[q]["orbit"], "duckdb_samples_s": samples[q]["duckdb"]}
        print(f"{q:6} {o * 1e3:10.1f} {d * 1e3:10.1f} {o / d:13.2f}")
    geomean = math.exp(sum(math.log(r) for r in ratios) / len(ratios))
    results["geometric_mean_ratio"] = geomean
    print(f"geometric mean of orbit/duckdb: {geomean:.2f}")
    print(f"load   {load_s['orbit']:9.2f}s {load_s['duckdb']:9.2f}s")
    print(f"peak RSS (load + Q1): orbit {orbit_rss:.0f} MiB, duckdb {duck_rss:.0f} MiB "
          f"(its Python process alone: {python_rss:.0f} MiB)")
    os.makedirs(os.path.join(ROOT, "bench", "results"), exist_ok=True)
    suffix = "" if args.device == "auto" else "_" + args.device
    suffix += "" if args.queries == parser.get_default("queries") else "_" + "_".join(queries)
    out = args.out or os.path.join(ROOT, "bench", "results", f"tpch_sf{args.sf}_t{args.threads}{suffix}.json")
    with open(out, "w") as f:
        json.dump(results, f, indent=2)
    print(f"wrote {out}")
    print(f"answers: {len(samples) - len(mismatches)} of {len(samples)} queries equal DuckDB's")
    if mismatches:
        sys.exit(1)


if __name__ == "__main__":
    main()
