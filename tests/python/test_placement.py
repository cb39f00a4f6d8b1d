"""Placement end to end through the orbit program: TPC-H Q1 and Q6 stay exact (against
DuckDB) with `auto` whatever it decides (defaults, a device promised fast, slow, or
failing); two processes sharing the performance database lose no sample; a corrupt
database or calibration file is a warning, never a failure; `orbit calibrate` stores
figures that `orbit devices` shows; a failing device's circuit opens and `auto` avoids it.
Each test has its own cache folder (ORBIT_CACHE_DIR)."""
import json
import os
import re
import subprocess

import pytest

from tpch_compare import assert_same_answer, load_sql, orbit_binary, query_sql, run_duckdb, run_orbit

DATA = os.environ.get("ORBIT_TPCH_DIR")
needs_data = pytest.mark.skipif(not DATA, reason="ORBIT_TPCH_DIR (TPC-H SF0.01 tables) not set")


def orbit(args, env, timeout=300):
    return subprocess.run([orbit_binary(), *args], capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **env})


def opencl_name():
    """The first OpenCL device's name, or None where there is none."""
    listing = orbit(["devices"], {}).stdout
    match = re.search(r"^opencl:0: (.*)$", listing, re.M)
    return match.group(1) if match else None


def promise_fast_opencl(cache):
    """A calibration file claiming the OpenCL device costs nothing, so `auto` sends work there."""
    name = opencl_name()
    if name is None:
        pytest.skip("no OpenCL device")
    per_row = {k: 0.0 for k in ["filter", "arithmetic", "sum", "grouped_aggregate", "hash"]}
    figures = {"name": name, "memory_bytes_per_second": 1e12, "link_bytes_per_second": 1e15,
               "launch_seconds": 0.0, "session_seconds": 0.0, "setup_seconds": 0.0, "seconds_per_row": per_row}
    os.makedirs(cache, exist_ok=True)
    with open(os.path.join(cache, "calibration.json"), "w") as f:
        json.dump({"format": "orbit-calibration", "version": 1, "devices": {"opencl:0": figures}}, f)


def first_pipeline_devices(text):
    return re.findall(r"^Pipeline 1: device (\S+)", text, re.M)


def database_counts(cache):
    """Samples per pipeline kind in the cache's performance database."""
    with open(os.path.join(cache, "performance.json")) as f:
        db = json.load(f)
    assert db["format"] == "orbit-performance-database" and db["version"] == 1
    counts = {}
    for entry in db["entries"]:
        counts[entry["kind"]] = counts.get(entry["kind"], 0) + entry["count"]
    return counts


@needs_data
@pytest.mark.parametrize("situation", ["defaults", "device promised fast", "device slow", "device failing"])
@pytest.mark.parametrize("query", ["q1", "q6"])
def test_tpch_answers_stay_exact_with_auto(tmp_path, monkeypatch, situation, query):
    cache = str(tmp_path / "cache")
    monkeypatch.setenv("ORBIT_CACHE_DIR", cache)
    if situation != "defaults":
        promise_fast_opencl(cache)
    if situation == "device slow":
        monkeypatch.setenv("ORBIT_DEVICE_DELAY", "opencl:0=5")
    if situation == "device failing":
        monkeypatch.setenv("ORBIT_FAULT_INJECT", "opencl:enqueue:3")
    sql = query_sql(query)
    # Three runs in one process: the later ones decide with the earlier ones' history.
    proc = orbit(["--format", "csv", "--device", "auto", "-c", load_sql(DATA), "-c", "EXPLAIN ANALYZE " + sql,
                  "-c", sql, "-c", sql], {})
    assert proc.returncode == 0, proc.stderr
    if situation != "defaults":
        assert "Pipeline 1: device opencl:0" in proc.stdout or "fallback" in proc.stdout, proc.stdout
    ours = run_orbit(DATA, sql, "--device", "auto")
    assert_same_answer(ours, run_duckdb(DATA, sql))


@needs_data
def test_auto_answers_match_duckdb_after_every_decision(tmp_path, monkeypatch):
    # The same process runs Q6 several times while `auto` learns (promised fast, actually
    # slow): every answer, whichever device gave it, equals DuckDB's.
    cache = str(tmp_path / "cache")
    monkeypatch.setenv("ORBIT_CACHE_DIR", cache)
    promise_fast_opencl(cache)
    monkeypatch.setenv("ORBIT_DEVICE_DELAY", "opencl:0=10")
    sql = query_sql("q6")
    proc = orbit(["--format", "csv", "-c", load_sql(DATA)] + ["-c", sql] * 4, {})
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.strip().splitlines()
    header, rows = lines[0], lines[1:]
    expected = run_duckdb(DATA, sql)[1][0][0]
    answers = [r for r in rows if r != header]
    assert len(answers) == 4, proc.stdout
    for answer in answers:
        assert_same_answer(([header], [[answer]]), (["revenue"], [(expected,)]))


def test_two_processes_sharing_the_database_lose_no_sample(tmp_path):
    script = ["-c", "CREATE TABLE t AS SELECT 1 AS x", "-c", "INSERT INTO t VALUES (2), (3), (4)"]
    script += ["-c", "SELECT sum(x) FROM t WHERE x > 1"] * 40
    env = {"ORBIT_EXPLORE": "off"}
    alone = str(tmp_path / "alone")
    proc = orbit(script, {**env, "ORBIT_CACHE_DIR": alone})
    assert proc.returncode == 0, proc.stderr
    one_process = database_counts(alone)
    assert sum(one_process.values()) >= 80

    shared = str(tmp_path / "shared")
    procs = [subprocess.Popen([orbit_binary(), *script], env={**os.environ, **env, "ORBIT_CACHE_DIR": shared},
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    for p in procs:
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
    assert database_counts(shared) == {kind: 2 * n for kind, n in one_process.items()}
    assert not [f for f in os.listdir(shared) if ".tmp." in f]


def test_a_corrupt_database_is_rebuilt_with_a_warning(tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "performance.json").write_text('{"format": "orbit-performance-database", "version": 1, "entr')
    proc = orbit(["-c", "SELECT 41 + 1 AS answer"], {"ORBIT_CACHE_DIR": str(cache)})
    assert proc.returncode == 0, proc.stderr
    assert "42" in proc.stdout
    assert "warning: performance database" in proc.stderr and "corrupt or truncated" in proc.stderr, proc.stderr
    assert sum(database_counts(str(cache)).values()) >= 1  # rebuilt, with this run's sample
    again = orbit(["-c", "SELECT 1"], {"ORBIT_CACHE_DIR": str(cache)})
    assert again.returncode == 0 and "warning" not in again.stderr, again.stderr


def test_calibrate_stores_figures_that_devices_shows(tmp_path):
    env = {"ORBIT_CACHE_DIR": str(tmp_path / "cache")}
    before = orbit(["devices"], env)
    assert before.returncode == 0, before.stderr
    assert "calibration: none, conservative defaults" in before.stdout
    proc = orbit(["calibrate", "--rows", "8192", "--repetitions", "1"], env)
    assert proc.returncode == 0, proc.stderr
    with open(tmp_path / "cache" / "calibration.json") as f:
        stored = json.load(f)
    cpu = stored["devices"]["cpu"]
    assert cpu["launch_seconds"] >= 0 and cpu["memory_bytes_per_second"] > 0
    assert all(v > 0 for v in cpu["seconds_per_row"].values()), cpu
    if opencl_name() is not None:
        assert stored["devices"]["opencl:0"]["link_bytes_per_second"] > 0
    after = orbit(["devices"], env)
    assert "calibration: measured" in after.stdout and "per-row cost (ns): filter" in after.stdout, after.stdout
    assert "calibration: none" not in after.stdout
    bad = orbit(["calibrate", "--rows", "12"], env)
    assert bad.returncode != 0 and "rows" in bad.stderr.lower(), bad.stderr


@pytest.mark.parametrize("text", ["\x00garbage",
                                  # a version beyond int, read as a double: an error, not undefined behaviour
                                  '{"format": "orbit-calibration", "version": 1e300, "devices": {}}'])
def test_a_corrupt_calibration_file_means_defaults_and_a_warning(tmp_path, text):
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "calibration.json").write_text(text)
    proc = orbit(["-c", "SELECT 6 * 7"], {"ORBIT_CACHE_DIR": str(cache)})
    assert proc.returncode == 0 and "42" in proc.stdout, proc.stderr
    assert "warning: calibration file" in proc.stderr, proc.stderr


@needs_data
def test_a_failing_device_opens_its_circuit_and_auto_avoids_it(tmp_path):
    cache = str(tmp_path / "cache")
    promise_fast_opencl(cache)
    sql = "EXPLAIN ANALYZE " + query_sql("q6")
    proc = orbit(["-c", load_sql(DATA), "-c", sql, "-c", sql],
                 {"ORBIT_CACHE_DIR": cache, "ORBIT_FAULT_INJECT": "opencl:enqueue", "ORBIT_DEVICE_COOL_DOWN_MS": "3600000"})
    assert proc.returncode == 0, proc.stderr
    first, second = proc.stdout.split("Total time")[:2]
    assert "fallback: 1 event: opencl:0 failed" in first, first
    assert "circuit open" in first
    assert first_pipeline_devices(second) == ["cpu"], second
    assert "not considered: opencl:0 (circuit open after 1 failure(s)" in second, second
    assert "fallback" not in second
    assert "device opencl:0: circuit open after a failure" in proc.stderr, proc.stderr


@needs_data
def test_explain_analyze_shows_the_decision(tmp_path):
    proc = orbit(["-c", load_sql(DATA), "-c", "EXPLAIN ANALYZE " + query_sql("q1")],
                 {"ORBIT_CACHE_DIR": str(tmp_path / "cache")})
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert re.search(r"^  placement: auto", out, re.M), out
    assert re.search(r"^  predicted: cpu [0-9.]+ ms \(compute", out, re.M), out
    assert re.search(r"^  measured: [0-9.]+ ms on cpu \(predicted [0-9.]+ ms\); recorded as 60175 rows", out, re.M), out
    assert "device transfers: none" in out
    assert re.search(r"^Placement: [0-9.]+ ms for 2 pipeline\(s\) \([0-9.]+% of the query\)", out, re.M), out
    if opencl_name() is not None:
        # A device sharing host memory (PoCL) has no transfer term; one that copies has.
        term = "compute" if "host memory: shared" in orbit(["devices"], {}).stdout else "transfer"
        assert re.search(rf"^  predicted: opencl:0 [0-9.]+ ms \({term}", out, re.M), out
        proc = orbit(["-c", load_sql(DATA), "-c", "EXPLAIN ANALYZE " + query_sql("q1")],
                     {"ORBIT_CACHE_DIR": str(tmp_path / "cache"), "ORBIT_OPENCL_COPY_INPUTS": "1"})
        assert re.search(r"^  predicted: opencl:0 [0-9.]+ ms \(transfer", proc.stdout, re.M), proc.stdout


def test_the_cpu_is_calibrated_quickly_on_first_use(tmp_path):
    cache = tmp_path / "cache"
    env = {"ORBIT_CACHE_DIR": str(cache)}
    proc = orbit(["-c", "CREATE TABLE t AS SELECT 1 AS x", "-c", "SELECT sum(x) FROM t"], env)
    assert proc.returncode == 0, proc.stderr
    with open(cache / "calibration.json") as f:
        cpu = json.load(f)["devices"]["cpu"]
    assert cpu["source"] == "quick calibration on first use"
    assert all(v > 0 for v in cpu["seconds_per_row"].values()), cpu
    listing = orbit(["devices"], env).stdout
    assert "calibration: measured (quick calibration on first use)" in listing, listing
    # Accelerators keep their conservative defaults until `orbit calibrate` measures them.
    if opencl_name() is not None:
        assert "opencl" not in json.dumps(json.load(open(cache / "calibration.json"))["devices"])


@needs_data
def test_orbit_devices_shows_devices_and_an_open_circuit_in_sql(tmp_path):
    if opencl_name() is None:
        pytest.skip("no OpenCL device: the circuit of one cannot be shown")
    cache = str(tmp_path / "cache")
    promise_fast_opencl(cache)
    status = "SELECT device, kind, available, circuit, failures, times_opened, calibrated FROM orbit_devices() ORDER BY device"
    proc = orbit(["--format", "csv", "-c", load_sql(DATA), "-c", status, "-c", query_sql("q6"), "-c", status],
                 {"ORBIT_CACHE_DIR": cache, "ORBIT_FAULT_INJECT": "opencl:enqueue",
                  "ORBIT_DEVICE_COOL_DOWN_MS": "3600000"})
    assert proc.returncode == 0, proc.stderr
    rows = [line for line in proc.stdout.splitlines() if line.startswith(("cpu,", "opencl:0,"))]
    assert len(rows) == 4, proc.stdout
    before, after = rows[:2], rows[2:]
    # The host has no circuit; the OpenCL device's opens after Q6's pipeline fails on it.
    assert before[0].startswith("cpu,cpu,true,,,,"), before
    assert before[1] == "opencl:0,opencl,true,closed,0,0,true", before
    assert after[1] == "opencl:0,opencl,true,open,1,1,true", after
