"""Parquet in and out, differentially: read_parquet against DuckDB, pyarrow and Polars on
files written by DuckDB, pyarrow and Polars (every supported type, NULLs, several row groups,
dictionary strings, filters whose statistics skip row groups), round trips Orbit ->
Parquet -> DuckDB and DuckDB -> Parquet -> Orbit, CSV writing, and bad files (a clear
error naming the file, the process alive).

Every test but the one about a missing plugin needs liborbit_parquet.so: they skip, saying
why, when this build has none (it is built when python3 finds pyarrow)."""

import datetime
import decimal
import math
import os
import re
import subprocess

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import orbit
from parquet_support import parquet_missing

D = decimal.Decimal
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ORBIT_BIN = os.environ.get("ORBIT_BIN", os.path.join(ROOT, "build", "orbit"))


MISSING = parquet_missing()
needs_plugin = pytest.mark.skipif(MISSING is not None, reason=f"this build has no Parquet plugin: {MISSING}")


@pytest.fixture
def con():
    with orbit.connect() as c:
        yield c


def rows(table):
    """Rows as tuples (by position: aggregates' column names repeat)."""
    table = table.arrow() if hasattr(table, "arrow") else table
    return list(zip(*[column.to_pylist() for column in table.columns])) if table.num_columns else []


def orbit_rows(con, sql):
    return rows(con.sql(sql))


def close(a, b):
    """Equal rows, doubles to 1e-12 relative (sums may add in another order)."""
    if len(a) != len(b):
        return False
    for x, y in zip(a, b):
        for u, v in zip(x, y):
            if isinstance(u, float) and isinstance(v, float):
                if not math.isclose(u, v, rel_tol=1e-12):
                    return False
            elif u != v:
                return False
    return True


def mixed_table(n=5000):
    """Every type pyarrow writes that Orbit reads, NULLs in every column, sorted by id."""
    def nullable(values, every=7):
        return [None if i % every == 3 else v for i, v in enumerate(values)]

    ids = list(range(n))
    return pa.table({
        "id": pa.array(ids, pa.int64()),
        "i8": pa.array(nullable([i % 100 - 50 for i in ids]), pa.int8()),
        "i16": pa.array(nullable([i % 30000 for i in ids]), pa.int16()),
        "i32": pa.array(nullable([i * 3 - 7000 for i in ids]), pa.int32()),
        "u8": pa.array(nullable([i % 250 for i in ids]), pa.uint8()),
        "u16": pa.array(nullable([i % 60000 for i in ids]), pa.uint16()),
        "u32": pa.array(nullable([i * 800011 for i in ids]), pa.uint32()),
        "f32": pa.array(nullable([i / 8 for i in ids]), pa.float32()),
        "f64": pa.array(nullable([i / 3 for i in ids]), pa.float64()),
        "flag": pa.array(nullable([i % 3 == 0 for i in ids]), pa.bool_()),
        "d5": pa.array(nullable([D(i % 999) / 100 for i in ids]), pa.decimal128(5, 2)),
        "d18": pa.array(nullable([D(i * 7919) / 10000 for i in ids]), pa.decimal128(18, 4)),
        "d25": pa.array(nullable([D(i) * D(10) ** 15 + D("0.125") for i in ids]), pa.decimal128(25, 3)),
        "d38": pa.array(nullable([D(i) * D(10) ** 20 - D("0.0000000001") for i in ids]), pa.decimal128(38, 10)),
        "day": pa.array(nullable([datetime.date(2000, 1, 1) + datetime.timedelta(days=i) for i in ids]), pa.date32()),
        "seen": pa.array(nullable([datetime.datetime(1969, 12, 31, 23) + datetime.timedelta(seconds=i * 3599.25)
                                 for i in ids]), pa.timestamp("us")),
        "seen_ms": pa.array(nullable([datetime.datetime(2024, 2, 28) + datetime.timedelta(milliseconds=i * 86399)
                                    for i in ids], every=5), pa.timestamp("ms")),
        "name": pa.array(nullable([f"name {i}" for i in ids]), pa.string()),
        "big": pa.array(nullable([f"large ünïcödé {i}" for i in ids]), pa.large_string()),
        "cat": pa.array(nullable([["red", "green", "blue"][i % 3] for i in ids])).dictionary_encode(),
    })


@needs_plugin
def test_pyarrow_file_every_type(con, tmp_path):
    path = str(tmp_path / "mixed.parquet")
    table = mixed_table()
    pq.write_table(table, path, row_group_size=1000)
    assert pq.ParquetFile(path).metadata.num_row_groups == 5
    got = con.sql(f"SELECT * FROM read_parquet('{path}') ORDER BY id").arrow()
    assert got.column_names == table.column_names
    expected = rows(pq.read_table(path))
    assert rows(got) == expected
    types = dict(zip(got.column_names, [str(t) for t in got.schema.types]))
    # int8, int16 and float32 are TINYINT, SMALLINT and REAL; unsigned types widen.
    assert types["i8"] == "int8" and types["i16"] == "int16" and types["f32"] == "float"
    assert types["u8"] == "int16" and types["u16"] == "int32" and types["u32"] == "int64"
    assert types["d5"].startswith("decimal64(5, 2)") or types["d5"].startswith("decimal128(5, 2)")
    assert types["cat"] == "string" and types["big"] == "string"


@needs_plugin
def test_pyarrow_file_matches_duckdb(con, tmp_path):
    path = str(tmp_path / "mixed.parquet")
    pq.write_table(mixed_table(), path, row_group_size=700)
    queries = [
        "SELECT count(*), count(i8), sum(i32), min(name), max(big), sum(d18), sum(d38) FROM {f}",
        "SELECT cat, count(*), sum(u16), min(day), max(day) FROM {f} GROUP BY cat ORDER BY cat NULLS LAST",
        "SELECT id, d25, f32 FROM {f} WHERE id >= 4990 ORDER BY id",
        "SELECT count(*) FROM {f} WHERE name = 'name 1234'",
        "SELECT count(*) FROM {f} WHERE day < DATE '2000-03-01' AND flag",
        "SELECT min(seen), max(seen), count(seen_ms), max(seen_ms) FROM {f} WHERE seen_ms >= TIMESTAMP '2024-03-01'",
        "SELECT CAST(seen AS DATE), count(*) FROM {f} WHERE seen < TIMESTAMP '1970-01-03' GROUP BY 1 ORDER BY 1",
    ]
    ddb = duckdb.connect()
    for q in queries:
        expected = ddb.sql(q.format(f=f"read_parquet('{path}')")).fetchall()
        assert orbit_rows(con, q.format(f=f"read_parquet('{path}')")) == expected, q


@needs_plugin
def test_polars_file_matches_polars(con, tmp_path):
    pl = pytest.importorskip("polars", reason="polars is not installed")
    n = 3000
    frame = pl.DataFrame({
        "id": list(range(n)),
        "s": [None if i % 9 == 0 else f"text {i % 40}" for i in range(n)],
        "c": pl.Series([["low", "mid", "high"][i % 3] for i in range(n)], dtype=pl.Categorical),
        "day": [datetime.date(2010, 1, 1) + datetime.timedelta(days=i) for i in range(n)],
        "x": [None if i % 5 == 0 else i / 7 for i in range(n)],
        "m": pl.Series([D(i) / 100 for i in range(n)], dtype=pl.Decimal(12, 2)),
        "flag": [i % 4 == 0 for i in range(n)],
    })
    path = str(tmp_path / "polars.parquet")
    frame.write_parquet(path, row_group_size=500)
    assert pq.ParquetFile(path).metadata.num_row_groups == 6
    got = orbit_rows(con, f"SELECT * FROM read_parquet('{path}') ORDER BY id")
    assert got == [tuple(r) for r in pl.read_parquet(path).rows()]
    sql = f"SELECT c, count(*), sum(m), max(s) FROM read_parquet('{path}') WHERE id < 700 GROUP BY c ORDER BY c"
    assert row_groups(explain_analyze(con, sql)) == (2, 4)
    assert orbit_rows(con, sql) == duckdb.sql(sql).fetchall()


def duckdb_types_file(path, row_group_size=2048):
    """12288 rows sorted by id (and day); DuckDB's row groups hold at least 2048 rows."""
    duckdb.sql(f"""
        COPY (SELECT i AS id, (i % 100 - 50)::TINYINT AS ti, (i % 3000)::SMALLINT AS si, i * 7 AS ii,
                     i::BIGINT * 100000007 AS bi, i / 7 AS dbl, (i / 4)::REAL AS real,
                     CASE WHEN i % 5 = 0 THEN NULL ELSE i % 2 = 0 END AS flag,
                     (i % 1000 / 10)::DECIMAL(4,1) AS d4, (i / 100)::DECIMAL(9,2) AS d9,
                     (i * 1.001)::DECIMAL(18,3) AS d18, (i::HUGEINT * 1000000000000)::DECIMAL(38,5) AS d38,
                     DATE '1999-12-31' + i::INTEGER AS day, CASE WHEN i % 11 = 0 THEN NULL ELSE 'str ' || (i % 50) END AS s
              FROM range(12288) t(i))
        TO '{path}' (FORMAT parquet, ROW_GROUP_SIZE {row_group_size})""")


@needs_plugin
def test_duckdb_file_matches_duckdb(con, tmp_path):
    path = str(tmp_path / "duck.parquet")
    duckdb_types_file(path)
    f = f"read_parquet('{path}')"
    ddb = duckdb.connect()
    expected = ddb.sql(f"SELECT * FROM {f} ORDER BY id").fetchall()
    got = orbit_rows(con, f"SELECT * FROM {f} ORDER BY id")
    # DuckDB gives REAL as a float32 widened to a Python float; Orbit widens it to DOUBLE exactly.
    assert got == expected
    q = f"SELECT s, count(*), sum(d38), avg(dbl), sum(d9) FROM {f} WHERE id % 3 = 1 GROUP BY s ORDER BY s NULLS LAST"
    assert close(orbit_rows(con, q), ddb.sql(q).fetchall())


def explain_analyze(con, sql):
    return "\n".join(r[0] for r in orbit_rows(con, "EXPLAIN ANALYZE " + sql))


def row_groups(plan):
    m = re.search(r"row groups: (\d+) read, (\d+) skipped", plan)
    assert m, plan
    return int(m.group(1)), int(m.group(2))


@needs_plugin
def test_filters_skip_row_groups(con, tmp_path):
    path = str(tmp_path / "sorted.parquet")
    duckdb_types_file(path)  # 6 row groups of 2048 rows
    assert pq.ParquetFile(path).metadata.num_row_groups == 6
    f = f"read_parquet('{path}')"
    ddb = duckdb.connect()
    cases = [
        (f"SELECT count(*), sum(bi) FROM {f} WHERE id < 3000", (2, 4)),
        (f"SELECT count(*) FROM {f} WHERE id >= 10240", (1, 5)),
        (f"SELECT count(*) FROM {f} WHERE 5000 > id AND id > 2500", (2, 4)),
        (f"SELECT count(*) FROM {f} WHERE id = 4321", (1, 5)),
        (f"SELECT count(*) FROM {f} WHERE id BETWEEN 2048 AND 4095", (1, 5)),
        (f"SELECT count(*) FROM {f} WHERE day <= DATE '2000-01-05'", (1, 5)),
        (f"SELECT count(*), min(s) FROM {f} WHERE id > 100000", (0, 6)),
        (f"SELECT count(*) FROM {f} WHERE d18 < 999.0", (1, 5)),
        (f"SELECT count(*) FROM {f} WHERE id <> 5", (6, 0)),
        (f"SELECT count(*) FROM {f} WHERE s = 'str 7'", (6, 0)),
    ]
    for sql, counts in cases:
        assert row_groups(explain_analyze(con, sql)) == counts, sql
        assert orbit_rows(con, sql) == ddb.sql(sql).fetchall(), sql


@needs_plugin
def test_timestamp_filters_skip_row_groups(con, tmp_path):
    path = str(tmp_path / "times.parquet")
    start = datetime.datetime(2024, 1, 1)
    pq.write_table(pa.table({"at": [start + datetime.timedelta(minutes=i) for i in range(6000)]}), path,
                   row_group_size=1000)
    sql = f"SELECT count(*), min(at) FROM read_parquet('{path}') WHERE at >= TIMESTAMP '2024-01-04 10:00'"
    assert row_groups(explain_analyze(con, sql)) == (2, 4)  # minute 4920 lies in the fifth group of 1000
    assert orbit_rows(con, sql) == [(6000 - 4920, datetime.datetime(2024, 1, 4, 10, 0))]


@needs_plugin
def test_filters_reach_the_scan_through_views(con, tmp_path):
    path = str(tmp_path / "sorted.parquet")
    duckdb_types_file(path)
    con.sql(f"CREATE VIEW v AS SELECT id AS key, s FROM read_parquet('{path}')")
    sql = "SELECT count(*), min(s) FROM v WHERE key >= 10240"
    assert row_groups(explain_analyze(con, sql)) == (1, 5)
    assert orbit_rows(con, sql) == duckdb.sql(
        f"SELECT count(*), min(s) FROM read_parquet('{path}') WHERE id >= 10240").fetchall()
    sql = "SELECT count(*) FROM (SELECT id + 1 AS k FROM v2) x WHERE k < 10"
    con.sql(f"CREATE VIEW v2 AS SELECT * FROM read_parquet('{path}')")
    assert row_groups(explain_analyze(con, sql)) == (6, 0)  # a computed column: no statistics
    assert orbit_rows(con, sql) == [(9,)]


@needs_plugin
def test_reads_only_used_columns(con, tmp_path):
    """The pages of column b are garbage: a query that does not use b never reads them."""
    path = tmp_path / "two.parquet"
    pq.write_table(pa.table({"a": list(range(20000)), "b": [i * 3 for i in range(20000)]}), str(path),
                   compression="none", use_dictionary=False)
    chunk = pq.ParquetFile(str(path)).metadata.row_group(0).column(1)
    start = chunk.dictionary_page_offset or chunk.data_page_offset
    data = bytearray(path.read_bytes())
    data[start:start + chunk.total_compressed_size] = bytes([0xAB]) * chunk.total_compressed_size
    path.write_bytes(bytes(data))
    assert orbit_rows(con, f"SELECT count(*), sum(a) FROM read_parquet('{path}')") == [(20000, 199990000)]
    plan = "\n".join(r[0] for r in orbit_rows(con, f"EXPLAIN SELECT sum(a) FROM read_parquet('{path}')"))
    assert "[a]" in next(line for line in plan.splitlines() if "TableScan" in line), plan
    with pytest.raises(orbit.Error) as error:
        con.sql(f"SELECT sum(b) FROM read_parquet('{path}')").fetchall()
    assert str(path) in str(error.value)


@needs_plugin
def test_globs_and_lists(con, tmp_path):
    for k in range(3):
        pq.write_table(pa.table({"k": [k] * 10, "v": list(range(10))}), str(tmp_path / f"part{k}.parquet"))
    d = str(tmp_path)
    assert orbit_rows(con, f"SELECT count(*), sum(k) FROM read_parquet('{d}/part*.parquet')") == [(30, 30)]
    assert orbit_rows(con, f"SELECT sum(k) FROM read_parquet(['{d}/part1.parquet', '{d}/part2.parquet'])") == [(30,)]
    assert orbit_rows(con, f"SELECT sum(k) FROM read_parquet(ARRAY['{d}/part2.parquet'])") == [(20,)]


ORBIT_TABLE = """CREATE TABLE t AS SELECT g AS id, g * 1000000007 AS big, g / 8.0 AS dbl,
    CAST(g AS DECIMAL(12,2)) / 4 AS small_dec, CAST(g AS DECIMAL(38,6)) * 1000000000000 AS wide_dec,
    DATE '2020-01-01' + CAST(g AS INTEGER) AS day, 'row ' || g AS name, g % 2 = 0 AS even,
    CAST(DATE '1960-01-01' + CAST(g AS INTEGER) AS TIMESTAMP) + INTERVAL '1 hour 0.25 seconds' AS at
    FROM generate_series(1, 3000) AS s(g)"""


@needs_plugin
@pytest.mark.parametrize("compression", ["zstd", "snappy", "uncompressed"])
def test_orbit_to_parquet_to_duckdb(con, tmp_path, compression):
    con.sql(ORBIT_TABLE)
    con.sql("INSERT INTO t VALUES (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)")
    path = str(tmp_path / "out.parquet")
    con.sql(f"COPY t TO '{path}' (FORMAT parquet, COMPRESSION {compression}, ROW_GROUP_SIZE 1000)")
    metadata = pq.ParquetFile(path).metadata
    assert metadata.num_rows == 3001 and metadata.num_row_groups == 4
    assert metadata.row_group(0).column(0).compression == compression.upper()
    assert metadata.row_group(0).column(0).statistics.has_min_max
    expected = orbit_rows(con, "SELECT * FROM t ORDER BY id NULLS LAST")
    got = duckdb.sql(f"SELECT * FROM read_parquet('{path}') ORDER BY id NULLS LAST").fetchall()
    assert got == expected
    assert not [p for p in os.listdir(tmp_path) if p != "out.parquet"], "a temporary file was left behind"


@needs_plugin
def test_copy_query_to_parquet(con, tmp_path):
    con.sql(ORBIT_TABLE)
    path = str(tmp_path / "q.parquet")
    con.sql(f"COPY (SELECT name, dbl FROM t WHERE id > 2990) TO '{path}'")
    got = duckdb.sql(f"SELECT * FROM read_parquet('{path}') ORDER BY name").fetchall()
    assert got == orbit_rows(con, "SELECT name, dbl FROM t WHERE id > 2990 ORDER BY name")
    assert len(got) == 10


@needs_plugin
def test_duckdb_to_parquet_to_orbit(con, tmp_path):
    path = str(tmp_path / "duck.parquet")
    duckdb_types_file(path)
    con.sql("""CREATE TABLE t (id BIGINT, ti INTEGER, si INTEGER, ii BIGINT, bi BIGINT, dbl DOUBLE, real DOUBLE,
               flag BOOLEAN, d4 DECIMAL(4,1), d9 DECIMAL(9,2), d18 DECIMAL(18,3), d38 DECIMAL(38,5), day DATE,
               s VARCHAR)""")
    con.sql(f"COPY t FROM '{path}'")
    con.sql(f"COPY t FROM '{path}' (FORMAT parquet)")
    expected = duckdb.sql(f"SELECT * FROM read_parquet('{path}') ORDER BY id").fetchall()
    got = orbit_rows(con, "SELECT * FROM t ORDER BY id")
    assert got[::2] == expected and got[1::2] == expected


@needs_plugin
def test_copy_to_csv(con, tmp_path):
    con.sql(ORBIT_TABLE)
    con.sql("INSERT INTO t VALUES (0, NULL, NULL, NULL, NULL, NULL, 'with, comma \"and quote\"', NULL, NULL)")
    path = str(tmp_path / "t.csv")
    con.sql(f"COPY t TO '{path}' (FORMAT csv, HEADER)")
    got = duckdb.sql(f"SELECT * FROM read_csv('{path}', header = true, "
                     "types = {'small_dec': 'DECIMAL(18,4)', 'wide_dec': 'DECIMAL(38,6)'}) ORDER BY id").fetchall()
    expected = orbit_rows(con, "SELECT * FROM t ORDER BY id")
    assert got == expected
    piped = str(tmp_path / "p.csv")
    con.sql(f"COPY (SELECT id, name FROM t WHERE id < 3 ORDER BY id) TO '{piped}' (FORMAT csv, DELIMITER '|', NULL 'NA')")
    assert open(piped).read() == '0|"with, comma ""and quote"""\n1|row 1\n2|row 2\n'


def corrupt_files(tmp_path):
    good = tmp_path / "good.parquet"
    pq.write_table(pa.table({"a": list(range(10000)), "s": [f"s{i}" for i in range(10000)]}), str(good),
                   compression="snappy", row_group_size=2500)
    data = good.read_bytes()
    files = {
        "empty": b"",
        "garbage": b"this is not a parquet file at all" * 10,
        "truncated": data[: len(data) // 2],
        "no_footer": data[:-8],
        "bad_magic": data[:-4] + b"XXXX",
        "bad_footer_length": data[:-8] + (2 ** 31 - 1).to_bytes(4, "little") + b"PAR1",
        # The footer intact, pages overwritten: an error when the row groups are read.
        "bad_pages": data[:4] + bytes(i % 251 for i in range(len(data) // 2)) + data[4 + len(data) // 2:],
    }
    paths = {}
    for name, content in files.items():
        p = tmp_path / f"{name}.parquet"
        p.write_bytes(content)
        paths[name] = str(p)
    return paths


@needs_plugin
def test_corrupt_files_are_clear_errors(con, tmp_path):
    for name, path in corrupt_files(tmp_path).items():
        with pytest.raises(orbit.Error) as error:
            con.sql(f"SELECT count(*), max(s) FROM read_parquet('{path}')").fetchall()
        assert path in str(error.value), (name, str(error.value))
        assert orbit_rows(con, "SELECT 1") == [(1,)]  # the session goes on
    with pytest.raises(orbit.Error, match="no such file"):
        con.sql(f"SELECT * FROM read_parquet('{tmp_path}/missing.parquet')").fetchall()
    with pytest.raises(orbit.Error, match="is a directory"):
        con.sql(f"SELECT * FROM read_parquet('{tmp_path}')").fetchall()


@needs_plugin
def test_corrupt_files_in_the_cli(tmp_path):
    """The same files through the orbit program: an error, never a crash."""
    for name, path in corrupt_files(tmp_path).items():
        run = subprocess.run([ORBIT_BIN, "-c", f"SELECT count(*), max(s) FROM read_parquet('{path}'); SELECT 42"],
                             capture_output=True, text=True, timeout=60)
        assert run.returncode in (0, 1), (name, run.returncode, run.stderr)
        assert path in run.stderr, (name, run.stderr)


@needs_plugin
def test_unsupported_type_names_the_column(con, tmp_path):
    path = str(tmp_path / "ts.parquet")
    pq.write_table(pa.table({"ok": [1], "when": pa.array([datetime.datetime(2024, 1, 1)], pa.timestamp("us", tz="UTC"))}),
                   path)
    with pytest.raises(orbit.Error) as error:
        con.sql(f"SELECT ok FROM read_parquet('{path}')").fetchall()
    message = str(error.value)
    assert '"when"' in message and path in message and "TIMESTAMP WITH TIME ZONE" in message, message
    binary = str(tmp_path / "bin.parquet")
    pq.write_table(pa.table({"blob": pa.array([b"\x00\xff"], pa.binary())}), binary)
    with pytest.raises(orbit.Error, match='column "blob" is binary data'):
        con.sql(f"SELECT * FROM read_parquet('{binary}')").fetchall()
    assert orbit_rows(con, "SELECT 1") == [(1,)]


@needs_plugin
def test_failed_copy_leaves_no_file(con, tmp_path):
    con.sql("CREATE TABLE t AS SELECT g FROM generate_series(0, 10) AS s(g)")
    for target in ("x.parquet", "x.csv"):
        with pytest.raises(orbit.Error, match="division by zero"):
            con.sql(f"COPY (SELECT 10 / g FROM t) TO '{tmp_path / target}'")
    with pytest.raises(orbit.Error):
        con.sql(f"COPY t TO '{tmp_path}/no/such/folder/x.parquet'")
    assert os.listdir(tmp_path) == []


def test_missing_plugin_says_so(tmp_path):
    env = dict(os.environ, ORBIT_PARQUET_PLUGIN=str(tmp_path / "liborbit_parquet.so"))
    run = subprocess.run([ORBIT_BIN, "-c", "SELECT * FROM read_parquet('x.parquet')"], capture_output=True, text=True,
                         env=env, timeout=60)
    assert run.returncode != 0
    assert "this build has no Parquet support" in run.stderr, run.stderr
    assert "ORBIT_PARQUET_PLUGIN" in run.stderr, run.stderr
    not_a_plugin = tmp_path / "liborbit_parquet.so"
    not_a_plugin.write_text("not a shared library")
    run = subprocess.run([ORBIT_BIN, "-c", "COPY (SELECT 1) TO 'x.parquet'"], capture_output=True, text=True, env=env,
                         timeout=60)
    assert "this build has no Parquet support: the Parquet plugin could not be loaded" in run.stderr, run.stderr
