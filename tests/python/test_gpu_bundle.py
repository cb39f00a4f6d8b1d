"""The GPU bundle (scripts/gpu-bundle) is what a lent GPU machine runs, with nothing but
glibc and the NVIDIA driver of its own: these tests prove that here, before a GPU is ever
lent. They run on the bundle in $ORBIT_GPU_BUNDLE (scripts/gpu-bundle sets it; scripts/test
builds one from build/ and sets it), else skip saying so.

- the bundle plus the tracked tree fit in 56 MiB (a GPU machine takes 64 MiB in all);
- the tree holds the Python package as the build tree has it (tree/build/python/orbit),
  with orbit._core built for CPython 3.12, the GPU machine's;
- every library a binary or the Python module loads resolves inside the bundle's bin/ (once
  unpacked beside the tree, as gpu-check does), but glibc's own;
- Python 3.12 ($ORBIT_GPU_PYTHON: scripts/gpu-bundle's build/venv312) imports the module
  from there with an empty environment, runs SQL, and finds the CUDA plugin in bin/;
- the binaries run in a throwaway root holding only glibc and the bundle, with an empty
  environment: the CLI answers SQL, lists the CPU and says why CUDA is absent, the plugin
  loads and its ABI test passes, the GPU benchmark lists its cases;
- the newest GLIBC symbol version the bundle needs is printed (and recorded in MANIFEST.json);
- scripts/gpu-check, run on the bundle here with that Python, fails cleanly where it needs
  a GPU and passes every step that does not.
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
# A Python 3.12 like the GPU machine's (pytest, pyarrow, numpy; no DuckDB): scripts/gpu-bundle makes it.
GPU_PYTHON = os.environ.get("ORBIT_GPU_PYTHON", os.path.join(ROOT, "build", "venv312", "bin", "python"))
MODULE = "tree/build/python/orbit/_core.cpython-312-x86_64-linux-gnu.so"
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
    """The bundle's bin/, unpacked beside a copy of its tree/ as gpu-check does."""
    where = tmp_path_factory.mktemp("bundle")
    with tarfile.open(os.path.join(BUNDLE, "bin.tar.xz")) as archive:
        archive.extractall(where, filter="tar") if sys.version_info >= (3, 12) else archive.extractall(where)
    shutil.copytree(os.path.join(BUNDLE, "tree"), where / "tree", symlinks=True)
    return str(where / "bin")


def gpu_python():
    if not os.access(GPU_PYTHON, os.X_OK):
        pytest.fail(f"no Python 3.12 for the GPU machine's part at {GPU_PYTHON}: scripts/gpu-bundle makes build/venv312 "
                    "(or set ORBIT_GPU_PYTHON)")
    return GPU_PYTHON


def test_bundle_and_tracked_tree_fit_the_limit():
    bundle, tree = folder_bytes(BUNDLE), tracked_tree_bytes()
    with_mib = lambda b: f"{b / 2**20:.1f} MiB"  # noqa: E731
    print(f"\nbundle {with_mib(bundle)} + tracked tree {with_mib(tree)} = {with_mib(bundle + tree)} "
          f"(limit {with_mib(LIMIT_BYTES)})")
    assert bundle + tree <= LIMIT_BYTES, f"bundle {bundle} B + tracked tree {tree} B exceed {LIMIT_BYTES} B"


def test_bundle_holds_what_the_gpu_check_needs():
    manifest = json.load(open(os.path.join(BUNDLE, "MANIFEST.json")))
    for binary in ("orbit", "orbit_tests", "orbit_gpu_bench", "liborbit_cuda.so"):
        assert binary in manifest["binaries"], binary
    # The Python package: python/orbit's files beside orbit._core for CPython 3.12 (where the
    # tests' conftest and the bench scripts look: <tree>/build/python), and no other copy.
    assert manifest["python_module"] == MODULE and MODULE in manifest["files"], manifest["python_module"]
    package = os.path.join(BUNDLE, "tree", "build", "python", "orbit")
    shipped = sorted(n for n in os.listdir(package) if n != "__pycache__")
    sources = sorted(n for n in os.listdir(os.path.join(ROOT, "python", "orbit")) if n != "__pycache__")
    assert shipped == sorted(sources + [os.path.basename(MODULE)]), shipped
    assert not any(os.path.islink(os.path.join(package, n)) for n in shipped), "the package's files must be copies"
    assert not os.path.exists(os.path.join(BUNDLE, "tree", "python")), "a second orbit package (no _core) in tree/"
    wheels = os.listdir(os.path.join(BUNDLE, "wheels"))
    assert any(re.match(r"duckdb-[0-9.]+-cp312-cp312-manylinux.*x86_64.*\.whl$", w) for w in wheels), wheels
    assert any(w.startswith("duckdb_extension_tpch-") for w in wheels), wheels
    commit = open(os.path.join(BUNDLE, "COMMIT")).read()
    assert re.search(r"^commit [0-9a-f]{40}$", commit, re.M), commit
    for path in ("scripts/gpu-check", "bench/tpch_devices.py", "bench/tpch/q22.sql", "build/python/orbit/__init__.py",
                 "tests/python/conftest.py", "tests/python/test_tpch.py"):
        assert os.path.isfile(os.path.join(BUNDLE, "tree", path)), path


def test_every_library_resolves_inside_the_bundle_but_glibc(unpacked):
    needed_versions = set()
    module = os.path.join(os.path.dirname(unpacked), MODULE)
    for path in [os.path.join(unpacked, n) for n in sorted(os.listdir(unpacked))] + [module]:
        name = os.path.basename(path)
        dynamic = subprocess.run(["readelf", "-d", "-W", path], capture_output=True, text=True, check=True).stdout
        runpath = r"\[\$ORIGIN/\.\./\.\./\.\./\.\./bin\]" if path == module else r"\[\$ORIGIN\]"
        assert re.search(r"\((RUNPATH|RPATH)\).*" + runpath, dynamic), f"{name} has no RUNPATH {runpath}"
        assert "libcuda.so" not in dynamic, f"{name} links the driver: it must open it at run time"
        assert "libpython" not in dynamic, f"{name} links libpython: an extension module takes the interpreter's"
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
    manifest = json.load(open(os.path.join(BUNDLE, "MANIFEST.json")))
    assert manifest["newest_glibc_symbol_version"] == newest
    assert os.path.basename(MODULE) in manifest["newest_glibc_by_file"], "gpu-check's glibc step must see the module"


def test_python_312_imports_the_module_from_the_tree_with_its_libraries_from_bin(unpacked):
    # As gpu-check's steps do: the tree's package on the path, bin/ beside the tree, and no
    # LD_LIBRARY_PATH. The CUDA plugin is found beside the engine (in bin/, through the
    # module's RUNPATH), so only the driver is missing here.
    tree = os.path.join(os.path.dirname(unpacked), "tree")
    script = """
import json, os, sys
import orbit
con = orbit.connect()
answer = con.execute("SELECT 40 + 2 AS answer").fetchall()
devices = con.execute("SELECT kind, available, reason FROM orbit_devices()").fetchall()
maps = sorted({l.split()[-1] for l in open("/proc/self/maps") if ".so" in l.split()[-1]})
print(json.dumps({"version": list(sys.version_info[:2]), "orbit": orbit.__file__, "core": orbit._core.__file__,
                  "answer": answer, "devices": devices, "maps": maps}))
"""
    proc = subprocess.run([gpu_python(), "-c", script], capture_output=True, text=True, timeout=120, cwd="/",
                          env={"PYTHONPATH": os.path.join(tree, "build", "python"), "PYTHONNOUSERSITE": "1"})
    assert proc.returncode == 0, proc.stderr
    seen = json.loads(proc.stdout.splitlines()[-1])
    assert seen["version"] == [3, 12], seen["version"]
    assert seen["core"] == os.path.join(tree, MODULE[len("tree/"):]), seen["core"]
    assert seen["answer"] == [[42]] or seen["answer"] == [(42,)], seen["answer"]
    cuda = [d for d in seen["devices"] if d[0] == "cuda"]
    assert cuda and "no CUDA driver" in cuda[0][2], seen["devices"]
    bundled = set(os.listdir(unpacked))
    for path in seen["maps"]:
        if os.path.basename(path) in bundled:
            assert os.path.dirname(os.path.realpath(path)) == os.path.realpath(unpacked), path
    assert os.path.join(os.path.realpath(unpacked), "libtbb.so.12") in [os.path.realpath(p) for p in seen["maps"]], \
        seen["maps"]


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
    proc = subprocess.run([os.path.join(BUNDLE, "tree", "scripts", "gpu-check"), BUNDLE, str(out), "--dry-run",
                           "--python", gpu_python()], capture_output=True, text=True, timeout=600)
    lines = proc.stdout.strip().splitlines()
    assert lines and lines[-1].startswith("gpu-check: DRY RUN PASSED"), proc.stdout[-6000:] + proc.stderr[-2000:]
    assert proc.returncode == 0, proc.stdout[-3000:]
    files = sorted(p.name for p in out.iterdir())
    assert len(files) <= 8, files
    summary = json.load(open(out / "summary.json"))
    assert summary["dry_run"] and summary["passed"], summary["verdict"]
    assert summary["machine"]["cpu"]["cores"] == os.cpu_count() and summary["machine"]["gpus"] == []
    by_name = {s["step"]: s for s in summary["steps"]}
    for needs_none in ("unpack", "glibc", "wheels"):  # glibc: the orbit CLI and the Python module run
        assert by_name[needs_none]["status"] == "pass", by_name[needs_none]
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
