"""bench/regress catches what it is there to catch: kernel inputs of twice the size, a slower
SIMD target (SSE4 instead of AVX2), and a count that drifted past 5 % of its baseline but not
one within it; --update writes baselines the next run agrees with; ORBIT_SIMD_TARGET caps the
target any Orbit process dispatches to. Each bench/regress run is the kernel
part under callgrind (about two seconds)."""

import json
import os
import pathlib
import platform
import shutil
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
BUILD = pathlib.Path(os.environ.get("ORBIT_BUILD", ROOT / "build"))
REGRESS = ROOT / "bench" / "regress"

ORBIT_BIN = os.environ.get("ORBIT_BIN", str(BUILD / "orbit"))


def why_no_guard():
    if shutil.which("valgrind") is None:
        return "valgrind is not installed (scripts/setup installs it)"
    if not (BUILD / "orbit_regress_driver").exists():
        return f"{BUILD}/orbit_regress_driver is not built (CMake builds it where valgrind/callgrind.h is)"
    return None


needs_guard = pytest.mark.skipif(why_no_guard() is not None, reason=str(why_no_guard()))


@pytest.mark.skipif(platform.machine() != "x86_64", reason="SSE4 is an x86 target")
def test_simd_target_environment_caps_dispatch():
    env = dict(os.environ, ORBIT_SIMD_TARGET="SSE4")
    run = subprocess.run([ORBIT_BIN, "devices"], capture_output=True, text=True, env=env)
    assert run.returncode == 0 and "simd target: SSE4" in run.stdout, run.stdout + run.stderr
    env["ORBIT_SIMD_TARGET"] = "AVX9"
    run = subprocess.run([ORBIT_BIN, "devices"], capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr
    assert "ORBIT_SIMD_TARGET='AVX9' is not a Highway target" in run.stderr


def regress(*args):
    run = subprocess.run([sys.executable, str(REGRESS), "--kernels", "--build", str(BUILD), *args],
                         capture_output=True, text=True)
    assert run.returncode in (0, 1), f"bench/regress failed to run (exit {run.returncode}):\n{run.stdout}{run.stderr}"
    return run


def flagged(run):
    """{name: change text} of the table rows marked as over the threshold."""
    rows = {}
    for line in run.stdout.splitlines():
        if "<<" in line:
            fields = line.split()
            rows[fields[0]] = line
    return rows


@pytest.fixture(scope="module")
def fresh_baselines(tmp_path_factory):
    """Baselines counted now, by --update, into a file of the test's own."""
    path = tmp_path_factory.mktemp("regress") / "baselines.json"
    run = regress("--update", "--baselines", str(path))
    assert run.returncode == 0, run.stdout + run.stderr
    return path


@needs_guard
def test_update_then_compare_agrees(fresh_baselines):
    counts = json.loads(fresh_baselines.read_text())["counts"]
    assert any(name.startswith("kernel/reference/") for name in counts)
    assert any(name.startswith("kernel/cpu-simd/") for name in counts)
    run = regress("--baselines", str(fresh_baselines))
    assert run.returncode == 0, run.stdout
    assert not flagged(run), run.stdout


@needs_guard
def test_change_over_five_percent_is_reported_and_within_is_not(fresh_baselines, tmp_path):
    recorded = json.loads(fresh_baselines.read_text())
    counts = recorded["counts"]
    kernel_names = sorted(n for n in counts if n.startswith("kernel/"))
    over, within, missing = kernel_names[0], kernel_names[1], kernel_names[2]
    counts[over] = int(counts[over] / 1.06)  # now is 6 % above its baseline
    counts[within] = int(counts[within] / 1.04)  # 4 %: not a change worth failing on
    del counts[missing]
    path = tmp_path / "baselines.json"
    path.write_text(json.dumps(recorded))
    run = regress("--baselines", str(path))
    assert run.returncode == 1, run.stdout
    rows = flagged(run)
    assert set(rows) == {over, missing}, run.stdout
    assert "more" in rows[over] and "no baseline" in rows[missing]
    assert "--update" in run.stdout


@needs_guard
def test_doubled_inputs_are_reported(fresh_baselines):
    run = regress("--scale", "2", "--baselines", str(fresh_baselines))
    assert run.returncode == 1, run.stdout
    rows = flagged(run)
    kernel_names = {n for n in json.loads(fresh_baselines.read_text())["counts"] if n.startswith("kernel/")}
    assert set(rows) == kernel_names, run.stdout
    # Only the measured call is counted, so twice the rows is close to twice the count.
    for line in rows.values():
        change = float(line.split()[3].rstrip("%"))
        assert 90 < change < 110, line


@needs_guard
@pytest.mark.skipif(platform.machine() != "x86_64", reason="SSE4 and AVX2 are x86 targets")
def test_slower_simd_target_is_reported(fresh_baselines):
    run = regress("--simd-target", "SSE4", "--baselines", str(fresh_baselines))
    assert run.returncode == 1, run.stdout
    rows = flagged(run)
    # Half the lanes: the vectorised sums at least double their count; the reference is untouched.
    assert "kernel/cpu-simd/aggregate/sum_i64" in rows, run.stdout
    assert not [n for n in rows if n.startswith("kernel/reference/")], run.stdout
