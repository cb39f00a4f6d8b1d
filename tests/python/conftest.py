"""Makes the in-tree Python binding (python/orbit) importable without installing it.

The binding finds liborbit_c.so through $ORBIT_LIB, else build/liborbit_c.so.
"""

import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "python"))
