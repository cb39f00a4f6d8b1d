"""Differential runs: for each seed, random tables loaded into Orbit and DuckDB and random
queries over them, each compared between the engines and between Orbit's CPU and OpenCL
devices. A seed gives the tables; (seed, index) gives a query, so any query reproduces alone:

    scripts/querygen --seed 7 --query 42      # one query, printed with both answers
    scripts/querygen --seconds 600 --seed 1   # seeds 1, 2, ... for ten minutes

Each seed runs in a child process (a crash or a hang is reported with its query), unless
--in-process is given."""
import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time

import duckdb

from .compare import is_unsupported, rows_of, same_rows
from .generator import QueryGenerator
from .schema import random_tables

# Not findings, but listed: an overflow raised by one engine only, where it evaluated the
# expression on rows the other never needed (a filter below a join or above it: SQL leaves
# that open); DuckDB's answers with the optimizer off decide the other cases first.
FINDING_CLASSES = ("mismatch", "orbit_error", "duckdb_error", "device_mismatch", "device_error", "crash", "hang")


# DuckDB errors where PostgreSQL (and Orbit) answer: DECIMAL(18) + - kept at 64 bits
# (PostgreSQL's numeric and Orbit widen by one digit); round of a DECIMAL at its precision's
# edge (PostgreSQL's numeric has room; Orbit keeps the type).
# INT_MIN % -1 is 0 in PostgreSQL; DuckDB reports an overflow.
DUCKDB_STRICTER = ("Overflow in addition of DECIMAL(18)", "Overflow in subtract of DECIMAL(18)",
                   "Overflow in division of -2147483648 / -1", "Overflow in division of -9223372036854775808 / -1")


def make_tables(seed):
    return random_tables(random.Random(seed))


def make_query(seed, index, tables):
    return QueryGenerator(random.Random(f"{seed}:{index}"), tables).query()


class Engines:
    def __init__(self, tables, devices):
        import orbit  # noqa: PLC0415 (the binding is found through sys.path set by the caller)

        self.orbit = orbit.connect()
        self.duck = duckdb.connect()
        self.duck.execute("SET threads = 1")
        self.duck.execute("SET default_null_order = 'nulls_last_on_asc_first_on_desc'")
        self.devices = devices
        self.device = None
        for table in tables:
            for statement in (table.create_sql(), table.insert_sql()):
                if statement:
                    self.orbit.sql(statement)
                    self.duck.execute(statement)

    def set_device(self, device):
        if device != self.device:
            self.orbit.sql(f"SET device = '{device}'")
            self.orbit.sql(f"SET fallback = '{'error' if device != 'cpu' else 'cpu'}'")
            self.device = device

    def run_orbit(self, sql, device="cpu"):
        self.set_device(device)
        try:
            relation = self.orbit.sql(sql)  # None for a statement without rows (UPDATE, DELETE)
            return (rows_of(relation) if relation is not None else []), None
        except Exception as e:  # noqa: BLE001 (orbit.Error; anything else is a finding too)
            return None, str(e)

    def run_duckdb(self, sql):
        try:
            return rows_of(self.duck.execute(sql).to_arrow_table()), None
        except Exception as e:  # noqa: BLE001
            return None, str(e)

    def run_duckdb_unoptimized(self, sql):
        """DuckDB without its optimizer: it then evaluates every expression PostgreSQL would,
        where the optimizer may drop an erroring one (LIMIT 0, a constant-false HAVING,
        `-x IS NULL` rewritten to `x IS NULL`)."""
        self.duck.execute("PRAGMA disable_optimizer")
        try:
            return self.run_duckdb(sql)
        finally:
            self.duck.execute("PRAGMA enable_optimizer")

    def close(self):
        self.orbit.close()
        self.duck.close()


def judge(engines, osql, dsql, ordered):
    """(outcome, detail) for one query; outcome is 'agree', 'both_error', 'unsupported' or a
    finding class. With devices, also (device_outcome, detail)."""
    ours, oerr = engines.run_orbit(osql)
    theirs, derr = engines.run_duckdb(dsql)
    if oerr and derr:
        outcome = ("both_error", f"orbit: {oerr} | duckdb: {derr}")
    elif oerr and is_unsupported(oerr):
        outcome = ("unsupported", oerr)
    elif oerr:
        _, unoptimized_err = engines.run_duckdb_unoptimized(dsql)
        outcome = ("both_error_unoptimized", f"orbit: {oerr} | duckdb: {unoptimized_err}") if unoptimized_err \
            else ("orbit_error_empty", oerr) if theirs == [] and "out of range" in oerr.lower() \
            else ("orbit_overflow_only", oerr) if "out of range: overflow" in oerr.lower() \
            else ("orbit_error", oerr)
    elif derr:
        stricter = any(p in derr for p in DUCKDB_STRICTER) or (
            "round(" in dsql and "Casting value" in derr and "to type DECIMAL" in derr)
        # DuckDB may evaluate an overflowing expression or an out-of-range cast on rows Orbit
        # never needs (a filter pushed below a join instead of applied to the joined rows):
        # SQL leaves that open.
        overflow = "Out of Range Error: Overflow" in derr or "can't be cast because the value is out of range" in derr
        outcome = ("duckdb_stricter" if stricter else "duckdb_overflow_only" if overflow else "duckdb_error", derr)
    else:
        diff = same_rows(ours, theirs, ordered)
        outcome = ("agree", None) if diff is None else ("mismatch", diff)
    device = None
    if engines.devices and oerr is None:
        dev, deverr = engines.run_orbit(osql, "opencl")
        engines.set_device("cpu")
        if deverr:
            device = ("device_unsupported" if is_unsupported(deverr) or "fallback" in deverr.lower()
                      else "device_error", deverr)
        else:
            diff = same_rows(dev, ours, ordered, rel_tol=1e-12)
            device = ("device_agree", None) if diff is None else ("device_mismatch", diff)
    return outcome, device


def run_seed(seed, queries, devices, progress_path=None, first=0):
    """Runs queries [first, first + queries) of the seed in this process; returns a report dict."""
    tables = make_tables(seed)
    engines = Engines(tables, devices)
    counts, findings = {}, []
    try:
        for index in range(first, first + queries):
            osql, dsql, ordered = make_query(seed, index, tables)
            if progress_path:
                with open(progress_path, "w") as f:
                    json.dump({"seed": seed, "index": index, "orbit": osql, "duckdb": dsql}, f)
            for result in judge(engines, osql, dsql, ordered):
                if result is None:
                    continue
                outcome, detail = result
                counts[outcome] = counts.get(outcome, 0) + 1
                if outcome in FINDING_CLASSES:
                    findings.append({"seed": seed, "index": index, "class": outcome, "detail": detail,
                                     "orbit": osql, "duckdb": dsql})
    finally:
        engines.close()
    return {"counts": counts, "findings": findings, "queries": queries}


def child_env():
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env = dict(os.environ)
    import orbit  # noqa: PLC0415 (the package this process found: the build tree's or the installed one)

    package_parent = os.path.dirname(os.path.dirname(os.path.abspath(orbit.__file__)))
    env["PYTHONPATH"] = os.pathsep.join([here, package_parent, env.get("PYTHONPATH", "")])
    return env


def run_seed_isolated(seed, queries, devices, timeout=300):
    """run_seed in a child process: a crash or hang becomes a finding naming its query."""
    with tempfile.TemporaryDirectory() as tmp:
        out, progress = os.path.join(tmp, "report.json"), os.path.join(tmp, "current.json")
        command = [sys.executable, "-m", "querygen.runner", "--worker", "--seed", str(seed),
                   "--queries", str(queries), "--out", out, "--progress", progress]
        if not devices:
            command.append("--no-devices")
        try:
            proc = subprocess.run(command, env=child_env(), capture_output=True, text=True, timeout=timeout)
            failure = None if proc.returncode == 0 and os.path.exists(out) else \
                ("crash", f"exit {proc.returncode}: {proc.stderr[-2000:]}")
        except subprocess.TimeoutExpired:
            failure = ("hang", f"no answer within {timeout} s")
        if failure is None:
            with open(out) as f:
                return json.load(f)
        current = {}
        if os.path.exists(progress):
            with open(progress) as f:
                current = json.load(f)
        finding = {"seed": seed, "index": current.get("index"), "class": failure[0], "detail": failure[1],
                   "orbit": current.get("orbit"), "duckdb": current.get("duckdb")}
        done = current.get("index", 0) or 0
        return {"counts": {failure[0]: 1}, "findings": [finding], "queries": done}


def format_finding(f):
    return (f"[{f['class']}] seed {f['seed']} query {f['index']}: {f['detail']}\n"
            f"  orbit:  {f['orbit']}\n  duckdb: {f['duckdb']}\n"
            f"  reproduce: scripts/querygen --seed {f['seed']} --query {f['index']}")


def show_one(seed, index, devices):
    tables = make_tables(seed)
    for table in tables:
        print(table.create_sql() + ";")
        if table.insert_sql():
            print(table.insert_sql() + ";")
    osql, dsql, ordered = make_query(seed, index, tables)
    engines = Engines(tables, devices)
    print(f"-- orbit:  {osql}\n-- duckdb: {dsql}\n-- ordered: {ordered}")
    print("orbit: ", engines.run_orbit(osql))
    print("duckdb:", engines.run_duckdb(dsql))
    print("judged:", judge(engines, osql, dsql, ordered))
    engines.close()


def main(argv=None):
    parser = argparse.ArgumentParser(description="Random differential queries: Orbit vs DuckDB, CPU vs OpenCL")
    parser.add_argument("--seed", type=int, default=1, help="first seed (each seed: new tables)")
    parser.add_argument("--seeds", type=int, default=None, help="how many seeds (default: until --seconds)")
    parser.add_argument("--seconds", type=float, default=60, help="stop starting seeds after this long")
    parser.add_argument("--queries", type=int, default=200, help="queries per seed")
    parser.add_argument("--query", type=int, default=None, help="show one query of --seed and both answers")
    parser.add_argument("--no-devices", action="store_true", help="skip the CPU vs OpenCL comparison")
    parser.add_argument("--in-process", action="store_true", help="no child process per seed")
    parser.add_argument("--json", default=None, help="write the summary and findings here")
    parser.add_argument("--dml", action="store_true",
                        help="random UPDATE and DELETE statements instead (--queries of them per seed, in process)")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--out", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--progress", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    devices = not args.no_devices
    if args.query is not None:
        show_one(args.seed, args.query, devices)
        return 0
    if args.dml:
        from .dml import run_dml_seed  # noqa: PLC0415 (dml imports this module)

        totals, findings = {}, []
        for seed in range(args.seed, args.seed + (args.seeds or 1)):
            report = run_dml_seed(seed, args.queries)
            for k, v in report["counts"].items():
                totals[k] = totals.get(k, 0) + v
            findings += report["findings"]
        for f in findings:
            print(format_finding(f), flush=True)
        print("statements:", ", ".join(f"{k} {v}" for k, v in sorted(totals.items())))
        return 1 if findings else 0
    if args.worker:
        report = run_seed(args.seed, args.queries, devices, args.progress)
        with open(args.out, "w") as f:
            json.dump(report, f)
        return 0
    start = time.monotonic()
    totals, findings, seed, queries = {}, [], args.seed, 0
    while True:
        if args.seeds is not None and seed >= args.seed + args.seeds:
            break
        if args.seeds is None and time.monotonic() - start > args.seconds:
            break
        report = (run_seed(seed, args.queries, devices) if args.in_process
                  else run_seed_isolated(seed, args.queries, devices))
        queries += report["queries"]
        for k, v in report["counts"].items():
            totals[k] = totals.get(k, 0) + v
        for f in report["findings"]:
            print(format_finding(f), flush=True)
        findings += report["findings"]
        seed += 1
    elapsed = time.monotonic() - start
    print(f"seeds {args.seed}..{seed - 1}: {queries} queries in {elapsed:.0f} s; " +
          ", ".join(f"{k} {v}" for k, v in sorted(totals.items())))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"totals": totals, "queries": queries, "findings": findings}, f, indent=1)
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
