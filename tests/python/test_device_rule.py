"""The device rule of scripts/gpu-check's 22-query check (judge in bench/tpch_devices.py),
held to real EXPLAIN ANALYZE text on OpenCL: a plan whose last pipeline only sorts a few rows
passes (that pipeline is kernel-less, and EXPLAIN ANALYZE says so), while a pipeline that
ran elsewhere or fell back, one that called device kernels and launched none, and a query
that launched nothing in all fail, so a CPU run can never pass for a device run."""
import os
import subprocess
import sys

import pytest

from tpch_compare import device_absent_reason, orbit_binary

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                                "bench"))
import tpch_devices  # noqa: E402

SETUP = ["CREATE TABLE t (k INTEGER, v BIGINT)", "INSERT INTO t VALUES (1, 10), (2, 20), (3, 30), (4, 40)",
         "SET fallback = 'error'"]
# Pipeline 1 filters and aggregates (device kernels); pipeline 2 sorts two groups (none).
QUERY = "SELECT k % 2 AS g, sum(v) FROM t WHERE k > 1 GROUP BY g ORDER BY g"


def explain_analyze(device):
    args = [orbit_binary(), "--device", device, "--format", "csv"]
    for sql in SETUP + ["EXPLAIN ANALYZE " + QUERY]:
        args += ["-c", sql]
    proc = subprocess.run(args, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return "\n".join(line.strip('"') for line in proc.stdout.splitlines())


def test_a_final_sort_without_kernels_passes_and_is_reported():
    why = device_absent_reason("opencl")
    if why is not None:
        pytest.skip(f"no OpenCL device: {why}")
    text = explain_analyze("opencl")
    pipelines = tpch_devices.pipelines(text)
    assert [p["device"] for p in pipelines] == ["opencl:0", "opencl:0"], text
    assert pipelines[0]["kernel_calls"] > 0 and pipelines[0]["launches"] > 0, text
    assert pipelines[1]["kernel_calls"] == 0 and pipelines[1]["launches"] == 0, text
    assert text.count("device kernels: none, so no launch") == 1, text
    verdict = tpch_devices.judge(pipelines, "opencl")
    assert verdict["pipelines_failing"] == [] and verdict["kernelless_pipelines"] == [2], verdict
    assert verdict["launches"] == pipelines[0]["launches"] and verdict["device_rule_passed"]


def pipeline(n, device="cuda:0", launches=1, calls=1, fallback=False):
    return {"pipeline": n, "device": device, "launches": launches, "kernel_calls": calls, "fallback": fallback}


def test_what_the_rule_rejects():
    # On the CPU: every pipeline is off the device, and nothing launched.
    cpu = tpch_devices.judge([pipeline(1, "cpu", 0, 0), pipeline(2, "cpu", 0, 0)], "cuda")
    assert cpu["pipelines_failing"] == [1, 2] and cpu["launches"] == 0 and not cpu["device_rule_passed"]
    # A fallback, and kernels called but never launched.
    assert tpch_devices.judge([pipeline(1, fallback=True), pipeline(2)], "cuda")["pipelines_failing"] == [1]
    assert tpch_devices.judge([pipeline(1, launches=0, calls=3)], "cuda")["pipelines_failing"] == [1]
    # Only kernel-less pipelines: allowed one by one, but the query launched nothing.
    idle = tpch_devices.judge([pipeline(1, launches=0, calls=0)], "cuda")
    assert idle["pipelines_failing"] == [] and idle["kernelless_pipelines"] == [1] and not idle["device_rule_passed"]
    assert not tpch_devices.judge([], "cuda")["device_rule_passed"]
    assert tpch_devices.judge([pipeline(1), pipeline(2, launches=0, calls=0)], "cuda")["device_rule_passed"]
