"""Which orbit package the tests import: the installed one when ORBIT_TEST_INSTALLED=1 (the
wheel in a virtual environment, as scripts/test runs them), else the build tree's
(build/python: the extension module beside links to python/orbit's files; $ORBIT_BUILD
names another build folder)."""

import os
import pathlib
import sys

if os.environ.get("ORBIT_TEST_INSTALLED") != "1":
    root = pathlib.Path(__file__).resolve().parents[2]
    build = pathlib.Path(os.environ.get("ORBIT_BUILD", root / "build"))
    sys.path.insert(0, str(build / "python"))
