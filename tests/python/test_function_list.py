"""README.md's function list is what the function registry produces (scripts/function-list)."""
import os
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]


def test_readme_function_list_matches_the_registry():
    env = dict(os.environ)
    env.setdefault("ORBIT_BIN", str(ROOT / "build" / "orbit"))
    check = subprocess.run([sys.executable, str(ROOT / "scripts" / "function-list"), "--check"], env=env,
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
