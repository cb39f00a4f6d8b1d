"""Variable-length arrays (T[]) across the boundaries: Arrow List and LargeList in and out in
place (sliced arrays too), Polars and pandas through Arrow, Parquet LIST columns written by
pyarrow and by Orbit, a database folder, Python lists as results and parameters. Expected
values are the inputs themselves or written out by hand."""
import datetime
import decimal

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import orbit

INTS = [[1, 2, 3], None, [], [4, None, 6], [7]]
TEXTS = [["a", "b c"], None, [None, ""], ['x "y"', "{z}"], []]


def list_table():
    return pa.table({"id": pa.array(range(5), type=pa.int32()),
                     "a": pa.array(INTS, type=pa.list_(pa.int32())),
                     "s": pa.array(TEXTS, type=pa.list_(pa.string()))})


def test_arrow_lists_round_trip():
    con = orbit.connect()
    con.register("t", list_table())
    got = con.sql("SELECT id, a, s FROM t ORDER BY id").arrow()
    assert got.column("a").type == pa.list_(pa.int32())
    assert got.column("s").type == pa.list_(pa.string())
    assert got.column("a").to_pylist() == INTS
    assert got.column("s").to_pylist() == TEXTS
    assert con.sql("SELECT CAST(a AS VARCHAR), CAST(s AS VARCHAR) FROM t WHERE id = 3").fetchall() == [
        ("{4,NULL,6}", '{"x \\"y\\"","{z}"}')]


def test_large_and_sliced_lists_import():
    con = orbit.connect()
    large = pa.array([[1.5, None], [], None, [2.5]], type=pa.large_list(pa.float64()))
    con.register("big", pa.table({"d": large}))
    assert con.sql("SELECT d, cardinality(d) FROM big").fetchall() == [
        ([1.5, None], 2), ([], 0), (None, None), ([2.5], 1)]
    sliced = pa.array(INTS, type=pa.list_(pa.int64())).slice(2, 3)
    con.register("part", pa.table({"a": sliced}))
    assert con.sql("SELECT a, a[1] FROM part").fetchall() == [([], None), ([4, None, 6], 4), ([7], 7)]


def test_malformed_list_offsets_are_refused():
    con = orbit.connect()
    values = pa.array([1, 2, 3], type=pa.int32())
    offsets = np.array([0, 2, 3], dtype=np.int32)
    bad = pa.ListArray.from_buffers(pa.list_(pa.int32()), 2, [None, pa.py_buffer(offsets)], children=[values])
    table = pa.table({"a": bad})
    offsets[2] = 9  # past the 3 elements, after pyarrow validated the array: what a faulty producer hands over
    with pytest.raises(orbit.Error, match="invalid offsets"):
        con.register("bad", table)
    nested = pa.array([[[1]]], type=pa.list_(pa.list_(pa.int32())))
    with pytest.raises(orbit.Error, match="one dimension"):
        con.register("nested", pa.table({"a": nested}))


def test_python_lists_as_results_and_parameters():
    con = orbit.connect()
    assert con.sql("SELECT ARRAY[1, NULL, 3] AS a, string_to_array('x,y', ',') AS s").fetchall() == [
        ([1, None, 3], ["x", "y"])]
    texts = ["a", None, 'x "y"', "b\\c"]
    assert con.sql("SELECT $1::VARCHAR[]", params=[texts]).fetchall() == [(texts,)]
    assert con.sql("SELECT cardinality($1::BIGINT[])", params=[[1, 2, 3]]).fetchall() == [(3,)]
    dates = [datetime.date(2024, 1, 2), None]
    assert con.sql("SELECT $1::DATE[]", params=[dates]).fetchall() == [(dates,)]
    assert con.sql("SELECT $1::DECIMAL(5,2)[]", params=[[decimal.Decimal("1.25")]]).fetchall() == [
        ([decimal.Decimal("1.25")],)]


def test_polars_and_pandas_through_arrow():
    polars = pytest.importorskip("polars")
    con = orbit.connect()
    con.register("t", list_table())
    frame = con.sql("SELECT id, a, s FROM t ORDER BY id").pl()
    assert frame["a"].to_list() == INTS
    assert frame["s"].to_list() == TEXTS
    con.register("p", polars.DataFrame({"v": [[1, 2], None, [3]]}))
    assert con.sql("SELECT v, cardinality(v) FROM p").fetchall() == [([1, 2], 2), (None, None), ([3], 1)]
    pandas_frame = con.sql("SELECT a FROM t WHERE id = 0").df()
    assert list(pandas_frame["a"][0]) == [1, 2, 3]


def test_parquet_list_columns(tmp_path):
    written = str(tmp_path / "pyarrow.parquet")
    pq.write_table(list_table(), written)
    con = orbit.connect()
    got = con.sql(f"SELECT id, a, s FROM read_parquet('{written}') ORDER BY id").arrow()
    assert got.column("a").to_pylist() == INTS
    assert got.column("s").to_pylist() == TEXTS
    out = str(tmp_path / "orbit.parquet")
    con.register("t", list_table())
    con.sql(f"COPY (SELECT * FROM t ORDER BY id) TO '{out}' (FORMAT parquet)")
    back = pq.read_table(out)
    assert back.column("a").type == pa.list_(pa.int32())
    assert back.column("a").to_pylist() == INTS
    assert back.column("s").to_pylist() == TEXTS


def test_lists_persist(tmp_path):
    path = str(tmp_path / "lists.orbit")
    con = orbit.connect(path)
    con.sql("CREATE TABLE t (id INTEGER, a INTEGER[], s VARCHAR[], n DECIMAL(6,2)[])")
    con.sql("INSERT INTO t VALUES (1, '{1,NULL}', '{\"a b\"}', '{1.5}'), (2, NULL, '{}', NULL)")
    con.close()
    again = orbit.connect(path)
    assert again.sql("SELECT id, a, s, n FROM t ORDER BY id").fetchall() == [
        (1, [1, None], ["a b"], [decimal.Decimal("1.50")]), (2, None, [], None)]
    assert again.sql("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 't' "
                     "ORDER BY ordinal_position").fetchall() == [
        ("id", "integer"), ("a", "ARRAY"), ("s", "ARRAY"), ("n", "ARRAY")]
