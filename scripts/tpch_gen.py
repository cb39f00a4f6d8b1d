#!/usr/bin/env python3
"""Writes TPC-H tables as '|'-delimited files (no header) with DuckDB's TPC-H generator.

The generator is DuckDB's tpch extension, installed offline from PyPI as the
duckdb-extension-tpch package (pinned in requirements.txt), so no network is needed.
Usage: tpch_gen.py SCALE_FACTOR OUT_DIR [TABLE ...]   (default tables: lineitem)
"""
import os
import sys

import duckdb
import duckdb_extension_tpch


def tpch_connection(scale_factor):
    path = os.path.join(os.path.dirname(duckdb_extension_tpch.__file__), "extensions",
                        "v" + duckdb.__version__, "tpch.duckdb_extension")
    con = duckdb.connect()
    con.execute(f"LOAD '{path}'")
    con.execute(f"CALL dbgen(sf={scale_factor})")
    return con


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    scale_factor, out_dir = float(sys.argv[1]), sys.argv[2]
    tables = sys.argv[3:] or ["lineitem"]
    os.makedirs(out_dir, exist_ok=True)
    con = tpch_connection(scale_factor)
    for table in tables:
        target = os.path.join(out_dir, f"{table}.tbl")
        tmp = target + ".tmp"
        con.execute(f"COPY {table} TO '{tmp}' (DELIMITER '|', HEADER false)")
        os.replace(tmp, target)  # only complete files count as generated


if __name__ == "__main__":
    main()
