"""TPC-H Q1 and Q6 on the data scripts/tpch-data made (SF 0.01 in CI), compared with
DuckDB's answers on the same files, with SIMD and reference kernels and 1 or 2 threads, and
on the OpenCL device (PoCL in CI) and the CUDA device (where one exists) with fallback =
'error', so a CPU fallback cannot pass for a device run; device failures injected at each point must still give DuckDB's answer."""
import os
import re
import subprocess

import pytest

from tpch_compare import assert_same_answer, device_absent_reason, orbit_binary, query_sql, run_duckdb, run_orbit

DATA_DIR = os.environ.get("ORBIT_TPCH_DIR", "")

pytestmark = pytest.mark.skipif(not os.path.exists(os.path.join(DATA_DIR, "lineitem.tbl")),
                                reason="no TPC-H data: set ORBIT_TPCH_DIR (scripts/test does)")


OPENCL_ABSENT = device_absent_reason("opencl")
# Whether the OpenCL device reads host memory in place (PoCL does), as `orbit devices` says.
OPENCL_SHARES_HOST_MEMORY = "host memory: shared" in subprocess.run(
    [orbit_binary(), "devices"], capture_output=True, text=True, timeout=120).stdout
if OPENCL_ABSENT is not None and os.environ.get("ORBIT_REQUIRE_OPENCL"):
    # scripts/test sets this: CI always has PoCL, so a missing OpenCL device is a failure.
    raise RuntimeError(f"ORBIT_REQUIRE_OPENCL is set but there is no OpenCL device ({OPENCL_ABSENT})")
needs_opencl = pytest.mark.skipif(OPENCL_ABSENT is not None, reason=f"no OpenCL device ({OPENCL_ABSENT})")
CUDA_ABSENT = device_absent_reason("cuda")
if CUDA_ABSENT is not None and os.environ.get("ORBIT_REQUIRE_CUDA"):
    # scripts/gpu-check sets this: on a GPU machine a missing device is a failure, not a skip.
    raise RuntimeError(f"ORBIT_REQUIRE_CUDA is set but there is no CUDA device ({CUDA_ABSENT})")
needs_cuda = pytest.mark.skipif(CUDA_ABSENT is not None, reason=f"no CUDA device ({CUDA_ABSENT})")
# The device must run the query: with fallback = 'error' a device failure fails the test.
DEVICE_STRICT = ("-c", "SET fallback = 'error'")


@pytest.mark.parametrize("query", ["q1", "q6"])
@pytest.mark.parametrize("flags", [(), ("--threads", "1"), ("--kernels", "reference", "--threads", "2"),
                                   pytest.param(("--device", "opencl"), marks=needs_opencl),
                                   pytest.param(("--device", "opencl", "--threads", "1"), marks=needs_opencl),
                                   pytest.param(("--device", "cuda"), marks=needs_cuda),
                                   pytest.param(("--device", "cuda", "--threads", "1"), marks=needs_cuda)],
                         ids=["simd-all-threads", "simd-1-thread", "reference-2-threads", "opencl-all-threads",
                              "opencl-1-thread", "cuda-all-threads", "cuda-1-thread"])
def test_tpch_matches_duckdb(query, flags):
    sql = query_sql(query)
    strict = DEVICE_STRICT if "opencl" in flags or "cuda" in flags else ()
    assert_same_answer(run_orbit(DATA_DIR, sql, *flags, *strict), run_duckdb(DATA_DIR, sql))


@pytest.mark.parametrize("query", ["q1", "q6"])
@pytest.mark.parametrize("fault", ["build", "alloc", "upload:5", "enqueue:40", "download:40"])
@pytest.mark.parametrize("backend", [pytest.param("opencl", marks=needs_opencl),
                                     pytest.param("cuda", marks=needs_cuda)])
def test_tpch_exact_after_injected_device_failure(query, fault, backend):
    sql = query_sql(query)
    flags = ("--device", backend, "-c", f"SET fault_inject = '{backend}:{fault}'")
    assert_same_answer(run_orbit(DATA_DIR, sql, *flags), run_duckdb(DATA_DIR, sql))
    _, plan = run_orbit(DATA_DIR, "EXPLAIN ANALYZE " + sql, *flags)
    text = "\n".join(row[0] for row in plan)
    assert f"fallback: 1 event: {backend}:0 failed (injected fault ({backend}:{fault})" in text, text


@needs_opencl
@pytest.mark.parametrize("query", ["q1", "q6"])
@pytest.mark.parametrize("copy_inputs,memory_mb", [("0", None), ("1", None), ("1", "0")],
                         ids=["in-place-where-shared", "copied-once", "copied-per-call-over-budget"])
def test_opencl_reads_columns_in_place_or_copies_them(query, copy_inputs, memory_mb, monkeypatch):
    # ORBIT_OPENCL_COPY_INPUTS=1 copies as a discrete GPU must, even where the device could
    # read host memory; ORBIT_DEVICE_MEMORY_MB=0 makes every column too big for the device,
    # so each kernel call copies its morsel's slice. Every way gives DuckDB's answer, and
    # EXPLAIN ANALYZE says which ran.
    monkeypatch.setenv("ORBIT_OPENCL_COPY_INPUTS", copy_inputs)
    if memory_mb is not None:
        monkeypatch.setenv("ORBIT_DEVICE_MEMORY_MB", memory_mb)
    sql = query_sql(query)
    assert_same_answer(run_orbit(DATA_DIR, sql, "--device", "opencl", *DEVICE_STRICT), run_duckdb(DATA_DIR, sql))
    _, plan = run_orbit(DATA_DIR, "EXPLAIN ANALYZE " + sql, "--device", "opencl", *DEVICE_STRICT)
    text = "\n".join(row[0] for row in plan)
    first = text.split("Pipeline 2")[0]
    if OPENCL_SHARES_HOST_MEMORY and copy_inputs == "0":
        assert "read in place (the device shares host memory): " in first, first
        assert re.search(r"\(0 column buffers once", first), first
    elif memory_mb == "0":
        assert "read in place" not in first, first
        assert re.search(r"\(0 column buffers once for the pipeline: 0 B; per kernel call: [1-9]", first), first
    else:
        assert "read in place" not in first, first
        assert re.search(r"\([1-9][0-9]* column buffers once for the pipeline: [1-9]", first), first


def test_q1_answer_is_not_trivial():
    # Guards the comparison itself: Q1 has 4 groups with non-zero sums at any scale factor.
    header, rows = run_orbit(DATA_DIR, query_sql("q1"))
    assert len(rows) == 4
    assert all(int(r[-1]) > 0 for r in rows)
