"""Where a benchmark figure came from (DESIGN rule 8), for every JSON under bench/results/:
the commit (from git, or from the COMMIT file of a GPU bundle, whose copy has no git
metadata), the CPU model, cores, the SIMD target Orbit dispatches to, memory, the GPU and
its driver where there is one, and the Python and DuckDB versions.

    from provenance import provenance
    report = {"provenance": provenance(orbit_bin), ...}
"""
import os
import platform
import re
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _run(args, timeout=60, env=None):
    try:
        proc = subprocess.run(args, capture_output=True, text=True, timeout=timeout, env=env)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return proc.stdout if proc.returncode == 0 else None


def commit():
    """{"commit", "describe", "source"}: git's answer in a checkout, else the COMMIT file of
    the bundle this tree was copied into (bundle/tree/...), else unknown."""
    head = _run(["git", "-C", ROOT, "rev-parse", "HEAD"])
    if head:
        describe = _run(["git", "-C", ROOT, "describe", "--always", "--dirty"]) or ""
        return {"commit": head.strip(), "describe": describe.strip(), "source": "git"}
    for path in (os.environ.get("ORBIT_BUNDLE_COMMIT", ""), os.path.join(os.path.dirname(ROOT), "COMMIT")):
        if path and os.path.isfile(path):
            fields = dict(line.split(" ", 1) for line in open(path).read().splitlines() if " " in line)
            return {"commit": fields.get("commit", "unknown"), "describe": fields.get("describe", ""),
                    "source": f"bundle {path}"}
    return {"commit": "unknown", "describe": "", "source": "none"}


def cpu():
    model = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name") and model == "unknown":
                    model = line.split(":", 1)[1].strip()
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {"model": model, "cores": os.cpu_count(), "usable_cores": usable}


def memory_bytes():
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def orbit_devices(orbit_bin):
    """`orbit devices` as text, and the SIMD target the CPU line names."""
    text = _run([orbit_bin, "devices"], timeout=120) if orbit_bin and os.path.exists(orbit_bin) else None
    simd = None
    if text:
        match = re.search(r"^\s*simd target: (\S+)", text, re.M)
        simd = match.group(1) if match else None
    return text, simd


def gpus():
    """nvidia-smi's view of each GPU, or [] where there is none."""
    query = "name,driver_version,memory.total,clocks.max.sm,clocks.max.mem,pci.bus_id"
    text = _run(["nvidia-smi", f"--query-gpu={query}", "--format=csv,noheader"], timeout=30)
    if not text:
        return []
    keys = query.split(",")
    return [dict(zip(keys, (v.strip() for v in line.split(",")))) for line in text.splitlines() if line.strip()]


def provenance(orbit_bin=None, simd_target=None):
    """Everything a result must carry about the run that made it. `simd_target`, when the
    caller knows it (Google Benchmark's context does), wins over `orbit devices`' line."""
    devices, simd = orbit_devices(orbit_bin)
    try:
        import duckdb
        duckdb_version = duckdb.__version__
    except ImportError:
        duckdb_version = None
    return {**commit(), "cpu": cpu(), "simd_target": simd_target or simd, "memory_bytes": memory_bytes(),
            "gpus": gpus(), "orbit_devices": devices, "platform": platform.platform(),
            "glibc": " ".join(platform.libc_ver()), "python": platform.python_version(), "duckdb": duckdb_version}
