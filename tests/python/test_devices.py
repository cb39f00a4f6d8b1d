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
