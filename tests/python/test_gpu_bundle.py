"""The GPU bundle (scripts/gpu-bundle) is what a lent GPU machine runs, with nothing but
glibc and the NVIDIA driver of its own: these tests prove that here, before a GPU is ever
lent. They run on the bundle in $ORBIT_GPU_BUNDLE (scripts/gpu-bundle sets it; scripts/test
builds one from build/ and sets it), else skip saying so.

- the bundle plus the tracked tree fit in 56 MiB (a GPU machine takes 64 MiB in all);
- every library a binary loads resolves inside the bundle, but glibc's own;
- the binaries run in a throwaway root holding only glibc and the bundle, with an empty
  environment: the CLI answers SQL, lists the CPU and says why CUDA is absent, the plugin
  loads and its ABI test passes, the GPU benchmark lists its cases;
- the newest GLIBC symbol version the bundle needs is printed (and recorded in MANIFEST.json);
- scripts/gpu-check, run on the bundle here, fails cleanly where it needs a GPU and passes
  every step that does not.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUNDLE = os.environ.get("ORBIT_GPU_BUNDLE", "")
LIMIT_BYTES = 56 * 1024 * 1024
GLIBC_LIBRARIES = re.compile(r"^(linux-vdso\.so\.1|ld-linux-x86-64\.so\.2|libc\.so\.6|libm\.so\.6|libmvec\.so\.1|"
                             r"libpthread\.so\.0|libdl\.so\.2|librt\.so\.1|libresolv\.so\.2|libutil\.so\.1|"
                             r"libanl\.so\.1)$")

pytestmark = pytest.mark.skipif(not os.path.isfile(os.path.join(BUNDLE, "bin.tar.xz")),
                                reason="no GPU bundle: set ORBIT_GPU_BUNDLE to a folder scripts/gpu-bundle made "
                                       "(scripts/test does when nvcc is installed)")


def tracked_tree_bytes():
    names = subprocess.run(["git", "-C", ROOT, "ls-files", "-z"], capture_output=True, check=True).stdout
    return sum(os.path.getsize(os.path.join(ROOT, n)) for n in names.decode().split("\0")
               if n and os.path.isfile(os.path.join(ROOT, n)))


def folder_bytes(path):
    return sum(os.path.getsize(os.path.join(d, n)) for d, _, names in os.walk(path) for n in names)


@pytest.fixture(scope="module")
def unpacked(tmp_path_factory):
    where = tmp_path_factory.mktemp("bundle")
    with tarfile.open(os.path.join(BUNDLE, "bin.tar.xz")) as archive:
        archive.extractall(where, filter="tar") if sys.version_info >= (3, 12) else archive.extractall(where)
    return str(where / "bin")


def test_bundle_and_tracked_tree_fit_the_limit():
    bundle, tree = folder_bytes(BUNDLE), tracked_tree_bytes()
    with_mib = lambda b: f"{b / 2**20:.1f} MiB"  # noqa: E731
    print(f"\nbundle {with_mib(bundle)} + tracked tree {with_mib(tree)} = {with_mib(bundle + tree)} "
          f"(limit {with_mib(LIMIT_BYTES)})")
    assert bundle + tree <= LIMIT_BYTES, f"bundle {bundle} B + tracked tree {tree} B exceed {LIMIT_BYTES} B"


def test_bundle_holds_what_the_gpu_check_needs():
    manifest = json.load(open(os.path.join(BUNDLE, "MANIFEST.json")))
    for binary in ("orbit", "orbit_tests", "orbit_gpu_bench", "liborbit_c.so", "liborbit_cuda.so"):
        assert binary in manifest["binaries"], binary
    wheels = os.listdir(os.path.join(BUNDLE, "wheels"))
    assert any(re.match(r"duckdb-[0-9.]+-cp312-cp312-manylinux.*x86_64.*\.whl$", w) for w in wheels), wheels
    assert any(w.startswith("duckdb_extension_tpch-") for w in wheels), wheels
    commit = open(os.path.join(BUNDLE, "COMMIT")).read()
    assert re.search(r"^commit [0-9a-f]{40}$", commit, re.M), commit
    for path in ("scripts/gpu-check", "bench/tpch_devices.py", "bench/tpch/q22.sql", "python/orbit/__init__.py",
                 "tests/python/test_tpch.py"):
        assert os.path.isfile(os.path.join(BUNDLE, "tree", path)), path


def test_every_library_resolves_inside_the_bundle_but_glibc(unpacked):
    needed_versions = set()
    for name in sorted(os.listdir(unpacked)):
        path = os.path.join(unpacked, name)
        dynamic = subprocess.run(["readelf", "-d", "-W", path], capture_output=True, text=True, check=True).stdout
        assert re.search(r"\((RUNPATH|RPATH)\).*\[\$ORIGIN\]", dynamic), f"{name} has no RUNPATH $ORIGIN"
        assert "libcuda.so" not in dynamic, f"{name} links the driver: it must open it at run time"
        symbols = subprocess.run(["readelf", "-S", "-W", path], capture_output=True, text=True, check=True).stdout
        assert ".symtab" not in symbols, f"{name} is not stripped"
        ldd = subprocess.run(["ldd", path], capture_output=True, text=True, env={}).stdout
        for line in ldd.splitlines():
            parts = line.split()
            if len(parts) >= 3 and parts[1] == "=>":
                assert parts[2] != "not", f"{name}: {line.strip()}"
                if not GLIBC_LIBRARIES.match(parts[0]):
                    assert os.path.dirname(os.path.realpath(parts[2])) == os.path.realpath(unpacked), \
                        f"{name} loads {parts[0]} from outside the bundle: {parts[2]}"
        versions = subprocess.run(["readelf", "-V", "-W", path], capture_output=True, text=True).stdout
        needed_versions.update(re.findall(r"Name: GLIBC_([0-9.]+)", versions))
    newest = max(needed_versions, key=lambda v: tuple(int(p) for p in v.split(".")))
    print(f"\nnewest GLIBC symbol version the bundle needs: GLIBC_{newest}")
    assert json.load(open(os.path.join(BUNDLE, "MANIFEST.json")))["newest_glibc_symbol_version"] == newest


def glibc_root(tmp_path, unpacked):
    """A root file system holding glibc's libraries (as this machine has them) and the
    bundle's binaries, nothing else."""
    root = tmp_path / "root"
    (root / "bundle").mkdir(parents=True)
    shutil.copytree(unpacked, root / "bundle" / "bin", symlinks=True)
    ldd = subprocess.run(["ldd", os.path.join(unpacked, "orbit_tests"), os.path.join(unpacked, "orbit")],
                         capture_output=True, text=True, env={}).stdout
    for line in ldd.splitlines():
        parts = line.split()
        source = parts[2] if len(parts) >= 3 and parts[1] == "=>" else parts[0] if parts and "/" in parts[0] else None
        name = os.path.basename(source) if source else ""
        if source and GLIBC_LIBRARIES.match(name):
            target = root / source.lstrip("/")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(os.path.realpath(source), target)
    (root / "tmp").mkdir()
    (root / "proc").mkdir()
    return root


def in_root(root, *args):
    """Runs a program of the root with an empty environment, in a mount namespace of its own
    with /proc mounted (ld.so reads /proc/self/exe to expand $ORIGIN)."""
    script = 'mount -t proc proc "$0/proc" && exec chroot "$0" "$@"'
    return subprocess.run([shutil.which("unshare"), "--mount", "--fork", "/bin/sh", "-c", script, str(root), *args],
                          capture_output=True, text=True, env={}, timeout=300)


def test_binaries_run_with_nothing_but_glibc(tmp_path, unpacked):
    if os.geteuid() != 0 or shutil.which("chroot") is None or shutil.which("unshare") is None:
        pytest.skip("a throwaway root needs chroot and unshare as root; the ldd test above still ran")
    root = glibc_root(tmp_path, unpacked)
    probe = in_root(root, "/bundle/bin/orbit", "--format", "csv", "-c", "SELECT 40 + 2 AS answer")
    if probe.returncode != 0 and ("Operation not permitted" in probe.stderr or "unshare failed" in probe.stderr):
        pytest.skip(f"a mount namespace or chroot is not permitted here: {probe.stderr.strip()}")
    assert probe.returncode == 0, probe.stderr
    assert probe.stdout.splitlines() == ["answer", "42"], probe.stdout
    devices = in_root(root, "/bundle/bin/orbit", "devices")
    assert devices.returncode == 0, devices.stderr
    assert devices.stdout.startswith("cpu: "), devices.stdout
    # The plugin loads (from beside the binary) and only the driver is missing.
    assert "cuda: not available (no CUDA driver" in devices.stdout, devices.stdout
    tests = in_root(root, "/bundle/bin/orbit_tests", "--gtest_filter=CudaPlugin.*:CudaSession*.*:CudaExecution*.*",
                    "--gtest_brief=1")
    assert tests.returncode == 0, tests.stdout + tests.stderr
    bench = in_root(root, "/bundle/bin/orbit_gpu_bench", "--benchmark_list_tests")
    assert bench.returncode == 0 and "BM_GpuSum" in bench.stdout, bench.stdout + bench.stderr


def test_gpu_check_dry_run_fails_only_where_a_gpu_is_needed(tmp_path):
    # The whole gpu-check, run from the bundle on this machine with no GPU: every step that
    # needs none must pass, and those that need one must fail cleanly with the reason.
    out = tmp_path / "out"
    proc = subprocess.run([os.path.join(BUNDLE, "tree", "scripts", "gpu-check"), BUNDLE, str(out), "--dry-run"],
                          capture_output=True, text=True, timeout=600)
    lines = proc.stdout.strip().splitlines()
    assert lines and lines[-1].startswith("gpu-check: DRY RUN PASSED"), proc.stdout[-6000:] + proc.stderr[-2000:]
    assert proc.returncode == 0, proc.stdout[-3000:]
    files = sorted(p.name for p in out.iterdir())
    assert len(files) <= 8, files
    summary = json.load(open(out / "summary.json"))
    assert summary["dry_run"] and summary["passed"], summary["verdict"]
    assert summary["machine"]["cpu"]["cores"] == os.cpu_count() and summary["machine"]["gpus"] == []
    by_name = {s["step"]: s for s in summary["steps"]}
    for needs_gpu in ("devices", "cxx-tests", "tpch-check", "python-tests", "gpu-kernels"):
        assert by_name[needs_gpu]["status"] == "fail", by_name[needs_gpu]
    check = json.load(open(out / "tpch_check_sf1.json"))
    assert "cuda" in check["error"], check.get("error")
    assert check["provenance"]["commit"] == summary["machine"]["bundle"]["commit"]
    bench = json.load(open(out / "tpch_bench_sf1.json"))
    q1 = bench["queries"]["q1"]
    assert q1["orbit_cpu"]["answer_checked"] and not q1["orbit_cpu"]["answer_differs"], q1
    assert q1["duckdb"]["warm_s"] > 0 and "error" in q1["orbit_cuda"], q1
    assert bench["provenance"]["cpu"]["cores"] == os.cpu_count()
    # Each GPU step failed for want of a GPU, not for a fault of its own.
    log = (out / "gpu-check.log").read_text()
    assert "no CUDA device: cuda: not available" in log, log[-3000:]
    assert "ORBIT_REQUIRE_CUDA is set but there is no CUDA device" in log, log[-3000:]
    assert "cxx-tests: skipped CUDA cases" in log or "ORBIT_REQUIRE_CUDA is set but no CUDA device" in log, log
    kernels = json.load(open(out / "gpu_kernels.json"))
    assert kernels["errors"] and all("no CUDA device" in e for e in kernels["errors"]), kernels["errors"]
    assert json.load(open(out / "kernel_tests.json"))["testsuites"], "no test report"
