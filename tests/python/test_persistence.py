"""Database folders (orbit.connect("x.orbit"), `orbit x.orbit`): what a statement commits
survives the process, also a kill -9 at any moment; random changes match DuckDB's after
every reopen; one writer at a time, read-only readers beside it; damaged and foreign
folders are clear errors.

Database folders store their tables as Parquet: every test skips, saying why, when this
build has no Parquet plugin (it is built when python3 finds pyarrow)."""

import datetime
import decimal
import json
import os
import random
import signal
import subprocess
import sys
import time

import duckdb
import pyarrow as pa
import pytest

import orbit
from parquet_support import parquet_missing

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ORBIT_BIN = os.environ.get("ORBIT_BIN", os.path.join(ROOT, "build", "orbit"))


MISSING = parquet_missing()
pytestmark = pytest.mark.skipif(MISSING is not None, reason=f"this build has no Parquet plugin: {MISSING}")


def cli(*args, check=True):
    done = subprocess.run([ORBIT_BIN, "--format", "csv", *args], capture_output=True, text=True, timeout=60)
    if check:
        assert done.returncode == 0, done.stderr
    return done


def test_every_kind_of_column_survives_a_reopen(tmp_path):
    path = tmp_path / "kinds.orbit"
    data = pa.table({
        "b": pa.array([True, None, False]),
        "i": pa.array([1, None, -2147483648], pa.int32()),
        "l": pa.array([2**62, -1, None], pa.int64()),
        "d": pa.array([0.1, None, float("inf")]),
        "day": pa.array([datetime.date(2024, 2, 29), None, datetime.date(1, 1, 1)]),
        "at": pa.array([datetime.datetime(1969, 12, 31, 23, 59, 59, 999999), None,
                        datetime.datetime(9999, 12, 31, 23, 59, 59)], pa.timestamp("us")),
        "s": pa.array(["", None, "naïve, \"quoted\"\n"]),
        "m": pa.array([decimal.Decimal("12345678901234567890.12"), None, decimal.Decimal("-0.01")],
                      pa.decimal128(22, 2)),
    })
    with orbit.connect(path) as con:
        con.register("incoming", data)
        con.sql("CREATE TABLE kinds AS SELECT * FROM incoming")
        before = con.sql("SELECT * FROM kinds").fetchall()
    assert before == [tuple(row.values()) for row in data.to_pylist()]
    with orbit.connect(path) as con:
        assert con.sql("SELECT * FROM kinds").fetchall() == before
        assert con.sql("SELECT * FROM kinds").arrow().schema.field("at").type == pa.timestamp("us")
        # Registered tables are the session's own: never stored, never shadowing a stored one.
        with pytest.raises(orbit.Error, match="stored in the database"):
            con.register("kinds", data)
    with orbit.connect(path) as con:
        with pytest.raises(orbit.Error):
            con.sql("SELECT * FROM incoming").fetchall()


def test_random_changes_match_duckdb_after_every_reopen(tmp_path):
    """INSERT, UPDATE, DELETE, ALTER and CTAS in random order, on Orbit's folder and on DuckDB:
    the tables agree after each reopen."""
    rng = random.Random(20261203)
    path = tmp_path / "random.orbit"
    duck = duckdb.connect()
    schema = "CREATE TABLE t (id INTEGER, v BIGINT, s VARCHAR)"
    duck.execute(schema)
    con = orbit.connect(path)
    con.sql(schema)
    next_id = 0
    for step in range(60):
        choice = rng.random()
        if choice < 0.45:
            rows = ", ".join(f"({next_id + k}, {rng.randint(-50, 50)}, {repr(rng.choice(['a', 'b', 'c']))})"
                             for k in range(rng.randint(1, 30)))
            next_id += 30
            sql = f"INSERT INTO t VALUES {rows}"
        elif choice < 0.65:
            sql = f"UPDATE t SET v = v + {rng.randint(1, 9)}, s = s || 'x' WHERE v % 3 = {rng.randint(0, 2)}"
        elif choice < 0.8:
            sql = f"DELETE FROM t WHERE v < {rng.randint(-60, 0)}"
        elif choice < 0.9:
            sql = "CREATE OR REPLACE TABLE summary AS SELECT s, count(*) AS n, sum(v) AS total FROM t GROUP BY s"
        else:
            sql = "INSERT INTO t SELECT id + 100000, v, s FROM t WHERE id % 7 = 0 AND id < 100000"
        duck.execute(sql)
        con.sql(sql)
        if step % 10 == 9:
            con.close()
            con = orbit.connect(path)
            for table, order in (("t", "id"), ("summary", "s")):
                if table == "summary" and not duck.execute(
                        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'summary'").fetchone()[0]:
                    continue
                query = f"SELECT * FROM {table} ORDER BY {order}"
                assert con.sql(query).fetchall() == duck.execute(query).fetchall(), (step, table)
    files = os.listdir(path / "tables")
    assert 1 <= len(files) <= 2 * 32, files
    con.close()


# A writer that loops until killed: each line it prints is a statement that returned, and so
# is committed. The table `t` holds 0..n-1 after n INSERTs; `copy` is t as it was after some
# INSERT, made by CREATE OR REPLACE ... AS; `moved` follows t by UPDATE.
WRITER = r"""
import sys
sys.path[:0] = sys.argv[2:]
import orbit
con = orbit.connect(sys.argv[1])
con.sql("CREATE TABLE IF NOT EXISTS t (i INTEGER PRIMARY KEY, pad VARCHAR)")
n = con.sql("SELECT count(*) FROM t").fetchone()[0]
while True:
    con.sql(f"INSERT INTO t SELECT {n}, repeat('x', 200) FROM range(1)")
    n += 1
    print(n, flush=True)
    if n % 5 == 0:
        con.sql("CREATE OR REPLACE TABLE copy AS SELECT i FROM t")
        print("copy", n, flush=True)
"""


def test_a_kill_at_any_moment_loses_nothing_committed(tmp_path):
    path = str(tmp_path / "crash.orbit")
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    rng = random.Random(7)
    committed = 0
    for _ in range(6):
        writer = subprocess.Popen([sys.executable, str(script), path, *sys.path], stdout=subprocess.PIPE, text=True)
        deadline = time.time() + rng.uniform(0.3, 1.5)
        last = committed
        while time.time() < deadline:
            line = writer.stdout.readline()
            if not line:
                break
            if line[0].isdigit():
                last = int(line)
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait()
        assert writer.returncode == -signal.SIGKILL
        for line in writer.stdout:  # printed before the kill: committed too
            if line[0].isdigit():
                last = int(line)
        with orbit.connect(path, read_only=True) as con:
            count, low, high = con.sql("SELECT count(*), min(i), max(i) FROM t").fetchone()
            distinct = con.sql("SELECT count(DISTINCT i) FROM t").fetchone()[0]
            # Every INSERT that returned is there, at most the one in flight besides, no gaps.
            assert count in (last, last + 1), (count, last)
            if count:
                assert (low, high, distinct) == (0, count - 1, count)
            tables = [r[0] for r in con.sql("SHOW TABLES").fetchall()]
            if "copy" in tables:
                copied, copy_high = con.sql("SELECT count(*), max(i) FROM copy").fetchone()
                assert copied % 5 == 0 and copy_high == copied - 1 and copied <= count
        committed = count
    assert committed >= 20, committed  # the writers got far enough to be killed mid-commit
    # What a crash left (files written for a commit that never happened) is gone at the next
    # open: the folder holds exactly the files its catalog names.
    with orbit.connect(path) as con:
        with open(os.path.join(path, "catalog.json")) as f:
            named = {file for table in json.load(f)["tables"] for file in table["files"]}
        assert set(os.listdir(os.path.join(path, "tables"))) == named
        assert con.sql("SELECT count(*) FROM t").fetchone() == (committed,)


# A writer of transaction blocks: each block adds three rows to `t`, one to `u` and a table
# of its own, then commits and prints how many blocks have committed. `hold` makes it open
# one more block, change everything in it, print "open" and wait to be killed.
BLOCK_WRITER = r"""
import sys, time
sys.path[:0] = sys.argv[3:]
import orbit
con = orbit.connect(sys.argv[1])
con.sql("CREATE TABLE IF NOT EXISTS t (i INTEGER, pad VARCHAR)")
con.sql("CREATE TABLE IF NOT EXISTS u (n INTEGER)")
n = con.sql("SELECT count(*) FROM u").fetchone()[0]
while True:
    con.sql("BEGIN")
    con.sql(f"INSERT INTO t SELECT {n} * 3 + i, repeat('x', 100) FROM range(3) AS r(i)")
    con.sql(f"INSERT INTO u VALUES ({n})")
    con.sql(f"CREATE TABLE block_{n} AS SELECT {n} AS n")
    if sys.argv[2] == "hold":
        con.sql("DELETE FROM u")
        con.sql("DROP TABLE t")
        print("open", flush=True)
        time.sleep(60)
    con.sql("COMMIT")
    n += 1
    print(n, flush=True)
"""


def _check_blocks_whole(path, committed):
    with orbit.connect(path, read_only=True) as con:
        blocks = con.sql("SELECT count(*) FROM u").fetchone()[0]
        rows, high = con.sql("SELECT count(*), max(i) FROM t").fetchone()
        assert rows == 3 * blocks, (rows, blocks)  # all of each block or none of it
        assert blocks in (committed, committed + 1), (blocks, committed)
        if blocks:
            assert high == rows - 1
        made = sorted(name for name in con.tables() if name.startswith("block_"))
        assert made == sorted(f"block_{n}" for n in range(blocks))
        return blocks


def test_a_kill_mid_block_keeps_none_of_it_and_a_committed_block_all_of_it(tmp_path):
    path = str(tmp_path / "blocks.orbit")
    script = tmp_path / "block_writer.py"
    script.write_text(BLOCK_WRITER)
    # Killed at random moments: every block that committed is there whole, the one in flight
    # whole or not at all.
    rng = random.Random(11)
    committed = 0
    for _ in range(4):
        writer = subprocess.Popen([sys.executable, str(script), path, "loop", *sys.path], stdout=subprocess.PIPE,
                                  text=True)
        deadline = time.time() + rng.uniform(0.5, 1.5)
        last = committed
        while time.time() < deadline:
            line = writer.stdout.readline()
            if not line:
                break
            last = int(line)
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait()
        for line in writer.stdout:
            last = int(line)
        committed = _check_blocks_whole(path, last)
    assert committed >= 3, committed
    # Killed while a block that changed every table is open: none of it survives.
    writer = subprocess.Popen([sys.executable, str(script), path, "hold", *sys.path], stdout=subprocess.PIPE,
                              text=True)
    assert writer.stdout.readline().strip() == "open"
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait()
    assert _check_blocks_whole(path, committed) == committed
    with orbit.connect(path) as con:
        assert con.sql("SELECT count(*) FROM t").fetchone() == (3 * committed,)
        assert f"block_{committed}" not in con.tables()


def test_one_writer_and_readers_beside_it(tmp_path):
    path = str(tmp_path / "shared.orbit")
    with orbit.connect(path) as writer:
        writer.sql("CREATE TABLE t AS SELECT * FROM range(10) r(x)")
        second = cli(path, "-c", "SELECT 1", check=False)
        assert second.returncode != 0
        assert "is in use by another process; open it read-only" in second.stderr
        assert cli("--read-only", path, "-c", "SELECT count(*) FROM t").stdout.splitlines()[-1] == "10"
        with orbit.connect(path, read_only=True) as reader:
            writer.sql("DELETE FROM t WHERE x < 5")
            assert reader.sql("SELECT count(*) FROM t").fetchone() == (10,)  # its snapshot
            with pytest.raises(orbit.Error, match="read-only"):
                reader.sql("INSERT INTO t VALUES (1)")
    # Once the writer is gone the CLI writes it, with views and defaults kept.
    cli(path, "-c", "CREATE TABLE d (a INTEGER, b VARCHAR DEFAULT 'dflt')",
        "-c", "CREATE VIEW big AS SELECT x FROM t WHERE x > 7")
    cli("--database", path, "-c", "INSERT INTO d (a) VALUES (1)")
    assert cli(path, "-c", "SELECT * FROM d").stdout.splitlines()[-1] == "1,dflt"
    assert cli(path, "-c", "SELECT count(*) FROM big").stdout.splitlines()[-1] == "2"
    with pytest.raises(orbit.Error, match="does not exist"):
        orbit.connect(str(tmp_path / "absent.orbit"), read_only=True)


def test_damaged_and_foreign_folders_are_clear_errors(tmp_path):
    foreign = tmp_path / "photos"
    foreign.mkdir()
    (foreign / "cat.jpg").write_bytes(b"\xff\xd8")
    with pytest.raises(orbit.Error, match="is not an Orbit database"):
        orbit.connect(foreign)
    assert (foreign / "cat.jpg").exists()

    path = tmp_path / "damaged.orbit"
    with orbit.connect(path) as con:
        con.sql("CREATE TABLE t AS SELECT * FROM range(1000) r(x)")
        (file,) = os.listdir(path / "tables")
        con.sql("CREATE TABLE ok AS SELECT 1 AS y")
    data = (path / "tables" / file).read_bytes()
    (path / "tables" / file).write_bytes(data[: len(data) // 2])
    with orbit.connect(path) as con:
        assert con.sql("SELECT y FROM ok").fetchall() == [(1,)]  # tables are read at first use
        with pytest.raises(orbit.Error, match=file):
            con.sql("SELECT count(*) FROM t").fetchall()
    (path / "catalog.json").write_text('{"format": "orbit-database", "version": 1, "tables": 3}')
    with pytest.raises(orbit.Error, match="damaged database catalog"):
        orbit.connect(path)
