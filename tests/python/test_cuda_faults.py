"""A CUDA device that survives its faults (DESIGN rule 4), tested with no GPU on
liborbit_fake_cuda.so: a CUDA plugin on host memory whose kernels compute nothing and answer
an error (tests/devices/fake_cuda/), loaded in place of the real one. Every pipeline placed on
it fails, so each answer here is the CPU's re-run; what is tested is what the engine does with
the error. A sticky error (cudaErrorIllegalAddress) marks the device lost: the pipeline re-runs
on the CPU, the device gets one fresh context (cudaDeviceReset) when the pipeline ends, and
after a second loss later queries stop trying it, with the reason in orbit_devices(), EXPLAIN
and SET fallback = 'error''s message. A plain error loses nothing. At exit the fake says what
the engine asked of it (launches, resets, the pool's release threshold, trims)."""
import os
import re
import subprocess

import pytest

from tpch_compare import orbit_binary

QUERY = "SELECT count(*) AS n, sum(v) AS s FROM t WHERE k > 2"
ANSWER = "8,520"
SETUP = ["CREATE TABLE t (k INTEGER, v BIGINT)",
         "INSERT INTO t VALUES " + ", ".join(f"({k}, {10 * k})" for k in range(1, 11)),
         "SET device = 'cuda'"]


def fake_plugin():
    path = os.path.join(os.path.dirname(orbit_binary()), "liborbit_fake_cuda.so")
    if not os.path.exists(path):
        pytest.skip(f"{path} not built (cmake --build build --target orbit_fake_cuda)")
    return path


def run(tmp_path, statements, kernel_error, **env):
    plugin = fake_plugin()
    args = [orbit_binary(), "--threads", "1", "--format", "csv"]
    for sql in SETUP + statements:
        args += ["-c", sql]
    return subprocess.run(args, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "ORBIT_CUDA_PLUGIN": plugin, "ORBIT_CUDA_DRIVER_LIBRARY": plugin,
                               "ORBIT_FAKE_CUDA_KERNEL_ERROR": str(kernel_error), "ORBIT_EXPLORE": "off",
                               "ORBIT_CACHE_DIR": str(tmp_path / "cache"), **env})


def fake_report(stderr):
    found = re.search(r"fake cuda: launches (\d+) resets (\d+) release-threshold-calls (\d+) threshold (\d+) "
                      r"trims (\d+)", stderr)
    assert found, stderr
    return dict(zip(["launches", "resets", "threshold_calls", "threshold", "trims"], map(int, found.groups())))


AVAILABILITY = "SELECT available, reason FROM orbit_devices() WHERE kind = 'cuda'"


def test_a_sticky_error_loses_the_device_once_then_for_good(tmp_path):
    proc = run(tmp_path, [QUERY, AVAILABILITY, QUERY, AVAILABILITY, QUERY, "EXPLAIN ANALYZE " + QUERY,
                          "SET device = 'auto'", "EXPLAIN " + QUERY,
                          "SET device = 'cuda'", "SET fallback = 'error'", QUERY], kernel_error=700)
    out = proc.stdout
    # Every answer is right: each failed pipeline re-ran on the CPU.
    assert out.count(ANSWER) == 3, out
    lines = out.splitlines()
    availability = [lines[i + 1] for i, line in enumerate(lines) if line == "available,reason"]
    # The first loss: a fresh context when the pipeline ended, and the device is used again.
    assert availability[0] == "true,", availability
    # The second: unavailable for the rest of the process, with the sticky error named.
    assert availability[1].startswith("false,its CUDA context was lost (cudaErrorIllegalAddress (700) while "
                                      "launching for CUDA kernel "), availability
    assert "restart the process" in availability[1], availability
    assert "device = 'cuda' forced but cuda:0 is unavailable (its CUDA context was lost" in out, out
    assert "fallback: 1 event: cuda:0 failed (cuda:0 is unavailable: its CUDA context was lost" in out, out
    assert "not considered: cuda:0 (unavailable: its CUDA context was lost" in out, out
    # fallback = 'error' makes the unavailable device an error, never a silent CPU run.
    assert proc.returncode == 1
    assert "cuda:0 is unavailable: its CUDA context was lost" in proc.stderr, proc.stderr
    assert "fallback = 'error'" in proc.stderr, proc.stderr
    # The context was tried twice (one launch each) and reset once; the later queries never
    # reached it.
    report = fake_report(proc.stderr)
    assert report["launches"] == 2 and report["resets"] == 1, report


def test_the_injected_sticky_fault_loses_the_device_as_a_real_one_would(tmp_path):
    proc = run(tmp_path, ["SET fault_inject = 'cuda:sticky'", QUERY, "SET fault_inject = 'none'", AVAILABILITY,
                          "SET fault_inject = 'cuda:sticky'", QUERY, "SET fault_inject = 'none'", AVAILABILITY],
               kernel_error=801)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count(ANSWER) == 2, proc.stdout
    availability = [line for line in proc.stdout.splitlines() if line.startswith(("true,", "false,"))]
    assert availability[0] == "true,", availability
    assert availability[1].startswith("false,its CUDA context was lost (cudaErrorIllegalAddress (700) while "
                                      "launching (injected fault cuda:sticky) for CUDA kernel "), availability
    assert "CUDA context lost (cudaErrorIllegalAddress" in proc.stderr, proc.stderr
    report = fake_report(proc.stderr)
    assert report["launches"] == 0 and report["resets"] == 1, report  # the injected error stands for the launch


def test_a_plain_error_loses_nothing_and_the_pool_keeps_its_threshold(tmp_path):
    proc = run(tmp_path, [QUERY, QUERY, AVAILABILITY], kernel_error=801, ORBIT_DEVICE_POOL_MB="64")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count(ANSWER) == 2, proc.stdout
    assert "true," in proc.stdout.splitlines(), proc.stdout
    report = fake_report(proc.stderr)
    assert report["launches"] >= 2 and report["resets"] == 0, report  # tried again by each query
    # The stream-ordered pool's release threshold is set once, and the idle pool is trimmed.
    assert report["threshold_calls"] == 1 and report["threshold"] == 64 << 20, report
    assert report["trims"] >= 1, report
