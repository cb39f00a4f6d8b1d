"""`orbit devices` on machines without OpenCL: the binary must run, list the CPU, and say
plainly why OpenCL is absent; asking for the device is then a clear error, not a crash.
The machines are simulated: a loader that does not exist, and a loader with no driver."""
import os
import subprocess

from tpch_compare import orbit_binary


def run(args, **env):
    return subprocess.run([orbit_binary(), *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, **env})


def test_no_opencl_loader(tmp_path):
    proc = run(["devices"], ORBIT_OPENCL_LIBRARY=str(tmp_path / "libOpenCL.so.1"))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("cpu: ")
    assert "opencl: not available (no OpenCL loader (" in proc.stdout, proc.stdout
    proc = run(["--device", "opencl", "-c", "SELECT 1"], ORBIT_OPENCL_LIBRARY=str(tmp_path / "missing.so"))
    assert proc.returncode == 2
    assert "device 'opencl' is not available: no OpenCL loader" in proc.stderr, proc.stderr


def test_no_opencl_platform(tmp_path):
    # ocl-icd reads the drivers to load from OCL_ICD_VENDORS: an empty folder means none.
    proc = run(["devices"], OCL_ICD_VENDORS=str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert "opencl: not available (no OpenCL platform" in proc.stdout, proc.stdout
    proc = run(["-c", "SET device = 'opencl'"], OCL_ICD_VENDORS=str(tmp_path))
    assert proc.returncode == 1
    assert "no OpenCL platform" in proc.stderr, proc.stderr


def test_no_cuda_plugin(tmp_path):
    # A build without nvcc has no plugin: the binary still runs and says so.
    proc = run(["devices"], ORBIT_CUDA_PLUGIN=str(tmp_path / "liborbit_cuda.so"))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("cpu: ")
    assert "cuda: not available (CUDA plugin not built" in proc.stdout, proc.stdout
    proc = run(["--device", "cuda", "-c", "SELECT 1"], ORBIT_CUDA_PLUGIN=str(tmp_path / "liborbit_cuda.so"))
    assert proc.returncode == 2
    assert "device 'cuda' is not available: CUDA plugin not built" in proc.stderr, proc.stderr


def test_no_cuda_driver(tmp_path):
    # With the plugin built but no driver (this project's build machines, CI).
    plugin = os.path.join(os.path.dirname(orbit_binary()), "liborbit_cuda.so")
    if not os.path.exists(plugin):
        import pytest
        pytest.skip("CUDA plugin not built (no nvcc): the no-driver path needs it")
    proc = run(["devices"], ORBIT_CUDA_DRIVER_LIBRARY=str(tmp_path / "libcuda.so.1"))
    assert proc.returncode == 0, proc.stderr
    assert f"cuda: not available (no CUDA driver ({tmp_path / 'libcuda.so.1'} not found))" in proc.stdout, proc.stdout
    proc = run(["-c", "SET device = 'cuda'"], ORBIT_CUDA_DRIVER_LIBRARY=str(tmp_path / "libcuda.so.1"))
    assert proc.returncode == 1
    assert "no CUDA driver" in proc.stderr, proc.stderr


def test_orbit_devices_table_says_why_a_kind_is_absent(tmp_path):
    sql = "SELECT kind, available, reason FROM orbit_devices() WHERE kind IN ('cpu', 'opencl') ORDER BY kind"
    proc = run(["--format", "csv", "-c", sql], ORBIT_OPENCL_LIBRARY=str(tmp_path / "libOpenCL.so.1"))
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == "kind,available,reason", lines
    assert lines[1] == "cpu,true,", lines
    assert lines[2].startswith("opencl,false,no OpenCL loader ("), lines
    proc = run(["-c", "SELECT * FROM orbit_devices('x')"])
    assert proc.returncode == 1 and "orbit_devices() takes no arguments" in proc.stderr, proc.stderr
