#!/usr/bin/env python3
"""Exits 0 when every pinned requirement (name==version) is installed at that version."""
import sys
from importlib import metadata

ok = True
for line in open(sys.argv[1]):
    line = line.split("#")[0].strip()
    if not line:
        continue
    name, _, version = line.partition("==")
    name = name.split("[")[0]  # psycopg[binary]: the package's own version (its extra comes with it)
    try:
        ok &= metadata.version(name) == version if version else True
    except metadata.PackageNotFoundError:
        ok = False
sys.exit(0 if ok else 1)
