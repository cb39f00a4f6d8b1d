"""Inputs that used to kill the orbit program or load nothing in silence: streamed files,
text that is not UTF-8, running out of memory, a damaged OpenCL program cache."""
import glob
import os
import resource
import subprocess

import pytest

from tpch_compare import device_absent_reason, orbit_binary


def run(*args, stdin=None, env=None, preexec_fn=None):
    return subprocess.run([orbit_binary(), *args], input=stdin, capture_output=True, timeout=300, env=env,
                          preexec_fn=preexec_fn)


def test_copy_from_dev_stdin_streams_the_rows():
    out = run("--format", "csv", "-c", "CREATE TABLE t (a INTEGER, b VARCHAR)",
              "-c", "COPY t FROM '/dev/stdin' (DELIMITER ',', HEADER false)",
              "-c", "SELECT count(*), sum(a) FROM t", stdin=b"1,x\n2,y\n3,z\n")
    assert out.returncode == 0, out.stderr
    assert out.stdout.decode().strip().splitlines()[-1] == "3,6"


def test_read_csv_of_dev_zero_is_not_reported_empty():
    out = run("-c", "SELECT * FROM read_csv('/dev/zero')")
    assert out.returncode != 0
    assert b"not text" in out.stderr and b"empty" not in out.stderr


def test_json_output_of_invalid_utf8_keeps_the_script_going(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes(b"name\ncaf\xe9\n")
    out = run("--format", "json", stdin=f"SELECT name FROM read_csv('{path}');\nSELECT 42 AS after;\n".encode())
    assert out.returncode == 0, out.stderr
    text = out.stdout.decode("utf-8")  # valid UTF-8 throughout
    assert "caf\ufffd" in text
    assert "42" in text


def limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))


def test_running_out_of_memory_is_an_error_not_an_abort():
    script = (b"SELECT x FROM (SELECT 1 AS x UNION ALL SELECT 2) AS t ORDER BY x LIMIT 5 OFFSET 4000000000;\n"
              b"SELECT 7 AS still_running;\n")
    out = run("--threads", "2", "--format", "csv", stdin=script, preexec_fn=limit_memory)
    assert out.returncode in (0, 1), (out.returncode, out.stderr)  # not killed by a signal (abort is -6)
    if out.returncode == 1:
        assert b"Out of memory" in out.stderr, out.stderr
    assert b"7" in out.stdout  # the next statement ran


def test_truncated_opencl_program_cache_is_rebuilt_with_a_warning(tmp_path):
    reason = device_absent_reason("opencl")
    if reason is not None:
        pytest.skip(f"no OpenCL device: {reason}")
    env = dict(os.environ, ORBIT_CACHE_DIR=str(tmp_path))
    query = ["--device", "opencl", "--format", "csv", "-c",
             "SELECT sum(x) FROM (SELECT 1 AS x UNION ALL SELECT 2) AS t"]
    first = run(*query, env=env)
    assert first.returncode == 0, first.stderr
    binaries = glob.glob(str(tmp_path / "opencl" / "*.bin"))
    if not binaries:
        pytest.skip("the OpenCL driver returned no program binary to cache")
    for binary in binaries:
        with open(binary, "r+b") as f:
            f.truncate(os.path.getsize(binary) // 2)
    second = run(*query, env=env)
    assert second.returncode == 0, second.stderr
    assert b"rebuilding" in second.stderr
    assert second.stdout == first.stdout
