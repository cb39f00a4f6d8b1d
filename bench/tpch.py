#!/usr/bin/env python3
"""TPC-H queries (Q1 and Q6 unless --queries says otherwise): Orbit vs DuckDB on the same
data, same thread count, in one run.

Both engines load the tables from the same '|'-delimited files into memory first (load time
is reported separately, never mixed with query time). Each query runs once to warm up,
then --runs more times; the median is reported with the Orbit/DuckDB ratio. Peak resident
memory of "load SF + run Q1" is measured for each engine in a fresh process.

Usage: bench/tpch.py [--sf 1] [--threads 2] [--runs 5] [--queries q3,q5,q10]
Writes bench/results/tpch_sf<SF>_t<threads>.json (with the query names appended when
--queries is given). Q1 and Q6 load lineitem alone; other queries load all eight tables.
"""
import argparse
import datetime
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_QUERIES = ["q1", "q6"]
QUERIES = list(DEFAULT_QUERIES)
SCHEMA = "schema.sql"


def read(path):
    with open(path) as f:
        return f.read()


def load_sql(data_dir):
    return read(os.path.join(ROOT, "bench", "tpch", SCHEMA)).replace("@DATA@", os.path.abspath(data_dir))


def query_sql(name):
    return read(os.path.join(ROOT, "bench", "tpch", f"{name}.sql"))


def orbit_times(binary, data_dir, threads, runs):
    """One orbit process: load, then every query 1 + runs times. Times come from --timer."""
    args = [binary, "--format", "csv", "--timer", "--threads", str(threads), "-c", load_sql(data_dir)]
    for q in QUERIES:
        args += ["-c", query_sql(q)] * (1 + runs)
    proc = subprocess.run(args, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"orbit failed: {proc.stderr}")
    times = [float(t) for t in re.findall(r"Run Time: ([0-9.]+) s", proc.stderr)]
    # The load script's statements (CREATE, COPY, ...) come first; the query times follow.
    statements = len([s for s in load_sql(data_dir).split(";") if s.strip()])
    load, rest = times[:statements], times[statements:]
    out = {"load_s": sum(load)}
    for i, q in enumerate(QUERIES):
        out[q] = rest[i * (1 + runs) + 1:(i + 1) * (1 + runs)]
    return out


def duckdb_times(data_dir, threads, runs):
    import duckdb
    con = duckdb.connect()
    con.execute(f"SET threads = {threads}")
    start = time.perf_counter()
    for statement in load_sql(data_dir).split(";"):
        if statement.strip():
            con.execute(statement)
    out = {"load_s": time.perf_counter() - start}
    for q in QUERIES:
        sql = query_sql(q)
        con.execute(sql).fetchall()
        samples = []
        for _ in range(runs):
            t = time.perf_counter()
            con.execute(sql).fetchall()
            samples.append(time.perf_counter() - t)
        out[q] = samples
    return out


def peak_rss_mib(args):
    """Peak RSS of one child process in MiB (its own rusage, not the largest child so far).
    Call it before this process grows: ru_maxrss counts the pages a fork starts with."""
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"{args[0]} failed while measuring memory")
    return usage.ru_maxrss / 1024.0


def machine():
    model = "unknown"
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    return {"cpu": model, "cores": os.cpu_count(), "platform": platform.platform()}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sf", default="1")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--orbit", default=os.path.join(ROOT, "build", "orbit"))
    parser.add_argument("--queries", default=",".join(DEFAULT_QUERIES), help="comma-separated, e.g. q3,q5,q10")
    args = parser.parse_args()
    global SCHEMA
    QUERIES[:] = [q.strip() for q in args.queries.split(",") if q.strip()]
    if any(q not in DEFAULT_QUERIES for q in QUERIES):
        SCHEMA = "schema_all.sql"

    data_dir = subprocess.run([os.path.join(ROOT, "scripts", "tpch-data"), args.sf], check=True,
                              capture_output=True, text=True).stdout.strip().splitlines()[-1]
    data_dir = os.path.join(ROOT, data_dir)
    # Peak memory of loading + Q1, each engine in a fresh process (DuckDB's figure includes
    # the Python interpreter). Measured first: a child forked from this process after it
    # held DuckDB's tables would inherit that peak.
    orbit_rss = peak_rss_mib([args.orbit, "--threads", str(args.threads), "-c", load_sql(data_dir),
                              "-c", query_sql("q1")])
    duck_script = (f"import duckdb; c=duckdb.connect(); c.execute('SET threads={args.threads}');"
                   f"[c.execute(s) for s in {load_sql(data_dir)!r}.split(';') if s.strip()];"
                   f"c.execute({query_sql('q1')!r}).fetchall()")
    duck_rss = peak_rss_mib([sys.executable, "-c", duck_script])

    orbit = orbit_times(args.orbit, data_dir, args.threads, args.runs)
    duck = duckdb_times(data_dir, args.threads, args.runs)

    results = {"benchmark": "tpch", "scale_factor": args.sf, "schema": SCHEMA, "threads": args.threads, "runs": args.runs,
               "date": datetime.datetime.now().isoformat(timespec="seconds"), "machine": machine(),
               "load_s": {"orbit": orbit["load_s"], "duckdb": duck["load_s"]},
               "peak_rss_mib_load_and_q1": {"orbit": orbit_rss, "duckdb_python_process": duck_rss},
               "queries": {}}
    print(f"TPC-H SF {args.sf}, {args.threads} threads, median of {args.runs} runs after one warm-up")
    print(f"{'query':6} {'orbit ms':>10} {'duckdb ms':>10} {'orbit/duckdb':>13}")
    for q in QUERIES:
        o, d = statistics.median(orbit[q]), statistics.median(duck[q])
        results["queries"][q] = {"orbit_s": o, "duckdb_s": d, "ratio": o / d,
                                 "orbit_samples_s": orbit[q], "duckdb_samples_s": duck[q]}
        print(f"{q:6} {o * 1e3:10.1f} {d * 1e3:10.1f} {o / d:13.2f}")
    print(f"load   {orbit['load_s']:9.2f}s {duck['load_s']:9.2f}s")
    print(f"peak RSS (load + Q1): orbit {orbit_rss:.0f} MiB, duckdb (python process) {duck_rss:.0f} MiB")
    suffix = "" if QUERIES == DEFAULT_QUERIES else "_" + "_".join(QUERIES)
    out = os.path.join(ROOT, "bench", "results", f"tpch_sf{args.sf}_t{args.threads}{suffix}.json")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w") as f:
        json.dump(results, f, indent=2)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
