#!/usr/bin/env python3
"""TPC-H on a device, as scripts/gpu-check runs it on a lent GPU machine (and, with a smaller
scale factor and no GPU, here). The data is made in this process by DuckDB's generator, one
dbgen step per core in parallel, and loaded into DuckDB and, through Arrow, into Orbit, with
the column types of bench/tpch/schema_all.sql. No text files, no network.

  check  every query (default: the 22) on --device with SET fallback = 'error', each answer
         compared with DuckDB's (decimals exact, doubles to 1e-9, ORDER BY respected), and
         each pipeline's kernel calls and launches counted from EXPLAIN ANALYZE. A query
         passes when every pipeline ran on the device with no fallback, every pipeline whose
         operators called device kernels launched some, and the query launched some in all;
         a pipeline with no device work (a final sort of a few rows) is allowed and listed as
         kernel-less (EXPLAIN ANALYZE says "device kernels: none"). So a CPU run can never
         pass for a device run, and an honest plan is not failed for its host-only steps.
         Exit status 1 on any failure.
  bench  with fixed time budgets: each query on the device, on Orbit's CPU engine and on
         DuckDB, all at --threads (default: every core); cold (the first run in a new Orbit
         database over the same Arrow buffers: every host->device copy included) and warm
         (the median of later runs) reported apart, never compared; the bytes that crossed
         to the device in each, from EXPLAIN ANALYZE. Then Orbit's CPU engine and DuckDB at
         1, 2, 4, ... threads (--scaling-queries). A device that cannot run is reported as
         such beside the CPU figures; what the budget cut is listed, not hidden.

The JSON (--out) is rewritten after every query, so a run stopped by its time limit keeps
what it measured. Usage:
  bench/tpch_devices.py check --sf 1 --device cuda --out tpch_check_sf1.json
  bench/tpch_devices.py bench --sf 1 --device cuda --budget 120 --out tpch_bench_sf1.json
  bench/tpch_devices.py bench --sf 10 --queries q1,q6 --scaling-queries '' --out tpch_bench_sf10.json
"""
import argparse
import datetime
import json
import multiprocessing
import os
import re
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.append(os.path.join(ROOT, "build", "python"))  # the build tree's package, unless one is installed
sys.path.insert(0, os.path.join(ROOT, "bench"))

from provenance import provenance  # noqa: E402
from tpch import QUERY_DIR, answer_mismatch, available_queries, query_sql, split_query  # noqa: E402

TABLES = ["lineitem", "orders", "customer", "part", "partsupp", "supplier", "nation", "region"]


def arrow_schemas():
    """{table: pyarrow schema} from bench/tpch/schema_all.sql, the types the other TPC-H
    tests give Orbit's tables."""
    import pyarrow as pa
    types = {"BIGINT": pa.int64(), "INTEGER": pa.int32(), "DOUBLE": pa.float64(), "DATE": pa.date32(),
             "VARCHAR": pa.string()}
    text = open(os.path.join(QUERY_DIR, "schema_all.sql")).read()
    schemas = {}
    for name, body in re.findall(r"CREATE TABLE (\w+) \((.*?)\);", text, re.S):
        fields = []
        for column, type_name in re.findall(r"(\w+) (BIGINT|INTEGER|DOUBLE|DATE|VARCHAR|DECIMAL\(\d+,\d+\))", body):
            decimal = re.match(r"DECIMAL\((\d+),(\d+)\)", type_name)
            fields.append(pa.field(column, pa.decimal128(int(decimal[1]), int(decimal[2])) if decimal
                                   else types[type_name]))
        schemas[name] = pa.schema(fields)
    return schemas


def extension_path():
    import duckdb
    import duckdb_extension_tpch
    return os.path.join(os.path.dirname(duckdb_extension_tpch.__file__), "extensions", "v" + duckdb.__version__,
                        "tpch.duckdb_extension")


def generate_step(sf, children, step, tables, folder):
    """One dbgen step (of `children`) in this worker process, each table written as an
    Arrow IPC file."""
    import duckdb
    import pyarrow as pa
    con = duckdb.connect()
    con.execute("SET threads = 1")
    con.execute(f"LOAD '{extension_path()}'")
    con.execute(f"CALL dbgen(sf={sf}, children={children}, step={step})")
    for table in tables:
        batches = con.execute(f"SELECT * FROM {table}").to_arrow_table()
        with pa.ipc.new_file(os.path.join(folder, f"{table}.{step}.arrow"), batches.schema) as writer:
            writer.write_table(batches)
    return step


def generate(sf, tables, workers, folder):
    """{table: pyarrow.Table} of TPC-H at `sf`, memory-mapped from the steps' files and cast
    to schema_all.sql's types. dbgen's steps together give exactly the one-step tables."""
    import pyarrow as pa
    children = workers if float(sf) >= 0.1 else 1
    spawn = multiprocessing.get_context("spawn")  # no fork of a process that may hold threads
    with ProcessPoolExecutor(max_workers=min(children, workers), mp_context=spawn) as pool:
        list(pool.map(generate_step, [sf] * children, [children] * children, range(children),
                      [tables] * children, [folder] * children))
    schemas = arrow_schemas()
    out = {}
    for table in tables:
        parts = [pa.ipc.open_file(pa.memory_map(os.path.join(folder, f"{table}.{s}.arrow"))).read_all()
                 for s in range(children)]
        combined = pa.concat_tables(parts)
        out[table] = combined.select(schemas[table].names).cast(schemas[table])
    return out


def load(tables, orbit_con=None, duck_con=None):
    """Loads the tables into either engine; returns the seconds each took."""
    seconds = {}
    if orbit_con is not None:
        start = time.perf_counter()
        for name, table in tables.items():
            orbit_con.register(name, table)
        seconds["orbit"] = time.perf_counter() - start
    if duck_con is not None:
        start = time.perf_counter()
        for name, table in tables.items():
            duck_con.register("tpch_arrow_source", table)
            duck_con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM tpch_arrow_source")
            duck_con.unregister("tpch_arrow_source")
        seconds["duckdb"] = time.perf_counter() - start
    return seconds


def plan_text(orbit_con, sql):
    return "\n".join(str(v) for v in orbit_con.execute("EXPLAIN ANALYZE " + sql).fetch_arrow_table().column(0).to_pylist())


def pipelines(text):
    """Each pipeline of an EXPLAIN ANALYZE: its device, kernel launches and calls (kernel
    entries that reached the device), host->device bytes and whether it fell back to the CPU."""
    found = []
    for part in re.split(r"^(?=Pipeline \d+: )", text, flags=re.M):
        header = re.match(r"Pipeline (\d+): device (\S+)", part)
        if not header:
            continue
        launches = re.search(r"kernel launches: (\d+)", part)
        calls = re.search(r"kernel calls: (\d+)", part)
        moved = re.search(r"host->device ([0-9.]+) (B|KiB|MiB)", part)
        scale = {"B": 1, "KiB": 1024, "MiB": 1024 * 1024}
        found.append({"pipeline": int(header[1]), "device": header[2],
                      "launches": int(launches[1]) if launches else 0,
                      "kernel_calls": int(calls[1]) if calls else 0,
                      "host_to_device_bytes": int(float(moved[1]) * scale[moved[2]]) if moved else 0,
                      "fallback": "fallback: " in part})
    return found


def new_orbit(tables, threads, device):
    import orbit
    con = orbit.connect()
    con.sql(f"SET threads = {threads}")
    con.sql(f"SET device = '{device}'")
    if device != "auto":
        con.sql("SET fallback = 'error'")  # a CPU re-run must not pass for a device run
    load(tables, orbit_con=con)
    return con


def write(path, report):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(report, f, indent=1, default=str)
    os.replace(tmp, path)


def check(args, tables, report):
    """The correctness run; returns the number of failed queries."""
    import duckdb
    import orbit
    duck = duckdb.connect()
    duck.execute(f"SET threads = {args.threads}")
    report["load_s"] = load(tables, duck_con=duck)
    try:
        con = new_orbit(tables, args.threads, args.device)
    except orbit.Error as error:
        report["error"] = f"Orbit cannot use device '{args.device}': {error}"
        print(report["error"], flush=True)
        write(args.out, report)
        return len(args.queries)
    results = report["queries"] = {}
    failed = 0
    for q in args.queries:
        setup, sql, teardown = split_query(query_sql(q))
        for statement in setup:
            con.sql(statement)
            duck.execute(statement)
        entry = results[q] = {"answer_checked": False}
        start = time.perf_counter()
        try:
            entry["pipelines"] = pipelines(plan_text(con, sql))
            answer = con.execute(sql).fetch_arrow_table()
            entry["answer_checked"] = True
            entry["answer_differs"] = answer_mismatch(answer, duck.execute(sql).to_arrow_table())
        except orbit.Error as error:
            entry["error"] = str(error)
        entry["seconds"] = time.perf_counter() - start
        for statement in teardown:
            con.sql(statement)
            duck.execute(statement)
        verdict = judge(entry.get("pipelines", []), args.device)
        entry.update(verdict)
        entry["ok"] = "error" not in entry and not entry.get("answer_differs") and verdict["device_rule_passed"]
        failed += not entry["ok"]
        launches = ",".join(str(p["launches"]) for p in entry.get("pipelines", []))
        why = entry.get("error") or entry.get("answer_differs") or (
            f"pipelines {verdict['pipelines_failing']} did not run their kernels on {args.device}"
            if verdict["pipelines_failing"] else
            f"no kernel launched on {args.device}" if entry.get("pipelines") and not verdict["launches"] else "")
        kernelless = f"  kernel-less pipelines {verdict['kernelless_pipelines']}" \
            if verdict["kernelless_pipelines"] else ""
        print(f"{q:4} {'ok ' if entry['ok'] else 'FAIL'} {entry['seconds']:7.2f}s  launches per pipeline [{launches}]"
              f"{kernelless}{'  ' + why if why else ''}", flush=True)
        write(args.out, report)
    report["summary"] = {"queries": len(args.queries), "failed": failed,
                         "answers_equal_duckdb": sum(1 for e in results.values()
                                                     if e["answer_checked"] and not e.get("answer_differs")),
                         "queries_with_kernelless_pipelines": sum(1 for e in results.values()
                                                                  if e.get("kernelless_pipelines"))}
    write(args.out, report)
    print(f"check: {len(args.queries) - failed} of {len(args.queries)} passed; answers equal DuckDB's in "
          f"{report['summary']['answers_equal_duckdb']}; "
          f"{report['summary']['queries_with_kernelless_pipelines']} have kernel-less pipelines (allowed)", flush=True)
    return failed


def judge(pipelines, device):
    """The device rule for one query's pipelines (README, "The device rule"): each must run on
    `device` with no fallback; each whose operators called device kernels (kernel calls > 0)
    must have launched some; one with no kernel call is kernel-less (allowed, listed); and the
    query must have launched some in all."""
    on_device = [p for p in pipelines if p["device"].startswith(device + ":") and not p["fallback"]]
    failing = [p["pipeline"] for p in pipelines
               if p not in on_device or (p["kernel_calls"] > 0 and p["launches"] <= 0)]
    launches = sum(p["launches"] for p in on_device)
    return {"pipelines_failing": failing,
            "kernelless_pipelines": [p["pipeline"] for p in on_device if p["kernel_calls"] == 0],
            "launches": launches, "device_rule_passed": bool(pipelines) and not failing and launches > 0}


class Budget:
    def __init__(self, seconds):
        self.deadline = time.monotonic() + seconds

    def left(self):
        return self.deadline - time.monotonic()


def timed_runs(run, runs, seconds, budget):
    """Up to `runs` timings of run(), fewer when they pass `seconds` or the budget."""
    samples, start = [], time.monotonic()
    while len(samples) < runs and budget.left() > 0 and (not samples or time.monotonic() - start < seconds):
        begin = time.perf_counter()
        run()
        samples.append(time.perf_counter() - begin)
    return samples


def bench(args, tables, report):
    import duckdb
    import orbit
    budget = Budget(args.budget)
    duck = duckdb.connect()
    duck.execute(f"SET threads = {args.threads}")
    report["load_s"] = load(tables, duck_con=duck)
    engines = [f"orbit_{args.device}", "orbit_cpu", "duckdb"]
    report["engines"] = {f"orbit_{args.device}": f"Orbit, SET device = '{args.device}', fallback = 'error', "
                                                 f"{args.threads} threads",
                         "orbit_cpu": f"Orbit's CPU engine, {args.threads} threads",
                         "duckdb": f"DuckDB {duckdb.__version__}, {args.threads} threads"}
    results = report["queries"] = {}
    report["cut_by_budget"] = []
    device_error = None
    try:  # the device's first use (context, plugin, bandwidth probe) stays out of every cold figure
        warm_up = new_orbit(tables, args.threads, args.device)
        warm_up.sql("SELECT sum(l_quantity) FROM lineitem")
        warm_up.close()
    except orbit.Error as error:
        device_error = str(error)
    for q in args.queries:
        setup, sql, teardown = split_query(query_sql(q))
        entry = results[q] = {}
        expected = None
        for statement in setup:
            duck.execute(statement)
        for engine in engines:
            if budget.left() <= 0:
                report["cut_by_budget"].append(f"{q} {engine}")
                continue
            row = entry[engine] = {}
            try:
                if engine == "duckdb":
                    first = time.perf_counter()
                    answer = duck.execute(sql).to_arrow_table()
                    row["first_run_s"] = time.perf_counter() - first
                    run = lambda: duck.execute(sql).to_arrow_table()  # noqa: E731
                else:
                    if engine != "orbit_cpu" and device_error:
                        raise orbit.Error(device_error)
                    con = new_orbit(tables, args.threads, "cpu" if engine == "orbit_cpu" else args.device)
                    for statement in setup:
                        con.sql(statement)
                    first = time.perf_counter()
                    cold_plan = plan_text(con, sql)  # the first run in this database: cold
                    row["cold_s"] = time.perf_counter() - first
                    row["cold_host_to_device_bytes"] = sum(p["host_to_device_bytes"] for p in pipelines(cold_plan))
                    answer = con.execute(sql).fetch_arrow_table()
                    row["warm_host_to_device_bytes"] = sum(p["host_to_device_bytes"]
                                                           for p in pipelines(plan_text(con, sql)))
                    run = lambda con=con: con.execute(sql).fetch_arrow_table()  # noqa: E731
                if expected is None:
                    expected = duck.execute(sql).to_arrow_table()
                row["answer_checked"] = True
                row["answer_differs"] = answer_mismatch(answer, expected)
                samples = timed_runs(run, args.runs, args.query_seconds, budget)
                row["warm_samples_s"] = samples
                row["warm_s"] = statistics.median(samples) if samples else None
                if engine != "duckdb":
                    con.close()
            except orbit.Error as error:
                row["error"] = str(error)
                if engine != "orbit_cpu":
                    device_error = device_error or str(error)
        for statement in teardown:
            duck.execute(statement)
        warm = {e: entry[e].get("warm_s") for e in engines if e in entry}
        for e in engines[:2]:
            if warm.get(e) and warm.get("duckdb"):
                entry[e]["warm_over_duckdb"] = warm[e] / warm["duckdb"]
        if warm.get(engines[0]) and warm.get("orbit_cpu"):
            entry[engines[0]]["warm_over_orbit_cpu"] = warm[engines[0]] / warm["orbit_cpu"]
        print(f"{q:4} " + "  ".join(f"{e} " + (f"{warm[e] * 1e3:9.1f} ms" if warm.get(e) else
                                               entry.get(e, {}).get("error", "not run")[:60])
                                    for e in engines), flush=True)
        write(args.out, report)
    scaling(args, tables, duck, budget, report)
    write(args.out, report)


def scaling(args, tables, duck, budget, report):
    """Orbit's CPU engine and DuckDB at 1, 2, 4, ... threads on the scaling queries."""
    counts = sorted({t for t in (1, 2, 4, 8, 16, 32, 64) if t <= os.cpu_count()} | {os.cpu_count()})
    out = report["scaling"] = {"threads": counts, "queries": {}}
    for q in args.scaling_queries:
        setup, sql, teardown = split_query(query_sql(q))
        for statement in setup:
            duck.execute(statement)
        out["queries"][q] = per_engine = {"orbit_cpu": {}, "duckdb": {}}
        for threads in counts:
            if budget.left() <= 0:
                report["cut_by_budget"].append(f"scaling {q} {threads} threads")
                continue
            con = new_orbit(tables, threads, "cpu")
            for statement in setup:
                con.sql(statement)
            con.execute(sql).fetch_arrow_table()
            duck.execute(f"SET threads = {threads}")
            duck.execute(sql).fetchall()
            for engine, run in (("orbit_cpu", lambda: con.execute(sql).fetch_arrow_table()),
                                ("duckdb", lambda: duck.execute(sql).to_arrow_table())):
                samples = timed_runs(run, args.runs, args.query_seconds, budget)
                per_engine[engine][str(threads)] = statistics.median(samples) if samples else None
            con.close()
        for statement in teardown:
            duck.execute(statement)
        print(f"scaling {q}: " + "  ".join(f"{e} " + " ".join(f"{t}:{v * 1e3:.0f}ms" for t, v in r.items() if v)
                                           for e, r in per_engine.items()), flush=True)
    duck.execute(f"SET threads = {args.threads}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=["check", "bench"])
    parser.add_argument("--sf", default="1")
    parser.add_argument("--device", default="cuda")
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--queries", default=",".join(available_queries()))
    parser.add_argument("--scaling-queries", default="q1,q6,q3")
    parser.add_argument("--runs", type=int, default=5, help="warm runs per query and engine, at most")
    parser.add_argument("--query-seconds", type=float, default=3.0,
                        help="stop timing a query on an engine after this long (at least one run)")
    parser.add_argument("--budget", type=float, default=150.0, help="seconds for all the timings of the run")
    parser.add_argument("--workers", type=int, default=os.cpu_count(), help="processes making the data")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    args.queries = [q for q in args.queries.split(",") if q]
    args.scaling_queries = [q for q in args.scaling_queries.split(",") if q]
    needed = ["lineitem"] if set(args.queries + args.scaling_queries) <= {"q1", "q6"} else TABLES

    report = {"benchmark": f"tpch_{args.mode}", "scale_factor": args.sf, "device": args.device,
              "threads": args.threads, "date": datetime.datetime.now(datetime.timezone.utc).isoformat(),
              "provenance": provenance(os.environ.get("ORBIT_BIN")),
              "method": "data from DuckDB's dbgen in this process (parallel steps), loaded into DuckDB tables and "
                        "registered in Orbit through Arrow without copies; Orbit and DuckDB in one process"}
    with tempfile.TemporaryDirectory(prefix="orbit_tpch_") as folder:
        start = time.perf_counter()
        tables = generate(args.sf, needed, max(1, args.workers), folder)
        report["generate_s"] = time.perf_counter() - start
        report["rows"] = {name: table.num_rows for name, table in tables.items()}
        print(f"TPC-H SF {args.sf}: {sum(report['rows'].values()):,} rows made in {report['generate_s']:.1f} s",
              flush=True)
        if args.mode == "check":
            failed = check(args, tables, report)
            print(f"check: {len(args.queries) - failed} of {len(args.queries)} queries ran on {args.device} with "
                  f"DuckDB's answer", flush=True)
            return 1 if failed else 0
        bench(args, tables, report)
        differs = [f"{q} {e}" for q, r in report["queries"].items() for e, v in r.items()
                   if isinstance(v, dict) and v.get("answer_differs")]
        if differs:
            print(f"bench: answers differ from DuckDB's: {differs}", flush=True)
        return 1 if differs else 0


if __name__ == "__main__":
    sys.exit(main())
