"""TINYINT, SMALLINT and REAL differential tests: one seeded random table (NULLs, the types'
extremes, duplicates, NaN and infinities among the REALs) in Orbit and DuckDB, random
expressions and aggregates over it compared value by value, and round trips through Arrow,
NumPy, Parquet and a database folder checked by their types.

Orbit follows PostgreSQL where DuckDB differs, and the DuckDB side is written to mean the
same: REAL with INTEGER (or a DECIMAL) is DOUBLE PRECISION in PostgreSQL and FLOAT in
DuckDB, so DuckDB's operand is cast to DOUBLE; SMALLINT / SMALLINT divides as integers in
PostgreSQL (DuckDB's //); sum(REAL) is REAL in PostgreSQL and DOUBLE in DuckDB (compared
after rounding to float32)."""
import math
import random

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import orbit
from csv_loaded_engines import assert_same_rows, load_both
from tpch_compare import device_absent_reason

OPENCL_ABSENT = device_absent_reason("opencl")
needs_opencl = pytest.mark.skipif(OPENCL_ABSENT is not None, reason=f"no OpenCL device ({OPENCL_ABSENT})")

ROWS = 2000
SCHEMA = "(id INTEGER, t TINYINT, s SMALLINT, u SMALLINT, r REAL, q REAL, i INTEGER)"
SEED = 20261204


def random_rows(seed=SEED):
    rng = random.Random(seed)

    def maybe(value):
        return None if rng.random() < 0.08 else value

    def small():
        pick = rng.random()
        if pick < 0.05:
            return rng.choice([-32768, 32767])
        if pick < 0.4:
            return rng.randint(-20, 20)  # many duplicates
        return rng.randint(-32768, 32767)

    def real():
        pick = rng.random()
        if pick < 0.02:
            return rng.choice([float("nan"), float("inf"), float("-inf")])
        if pick < 0.3:
            return float(rng.randint(-8, 8)) / 4  # exact, with duplicates
        return float(np.float32(rng.uniform(-1e6, 1e6)))

    return [(n, maybe(rng.randint(-128, 127)), maybe(small()), maybe(small()), maybe(real()), maybe(real()),
             maybe(rng.randint(-10**6, 10**6))) for n in range(ROWS)]


def real_text(value):
    """A float32's shortest text, which both engines read back as the same float."""
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        return repr(float(np.float32(value))) if np.float32(value) == value else repr(value)
    return str(value)


@pytest.fixture(scope="module")
def engines(tmp_path_factory):
    ours, theirs = load_both(tmp_path_factory.mktemp("numeric"), "n", SCHEMA, random_rows(), text=real_text)
    yield ours, theirs
    ours.close()


def same(a, b):
    """Equal as SQL values; floats exactly (float32 results compare as float32), NaN with NaN."""
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, float) or isinstance(b, float):
        a, b = float(a), float(b)
        return (math.isnan(a) and math.isnan(b)) or a == b or math.isclose(a, b, rel_tol=1e-12)
    return a == b


def as_float32(value):
    return None if value is None else float(np.float32(value))


# (Orbit's SQL, DuckDB's SQL meaning the same); one string when both spell it alike.
QUERIES = [
    "SELECT id, t, s, u, r, q FROM n ORDER BY id",
    # abs(-32768::smallint) is itself out of range, as in PostgreSQL: ranges are written out.
    "SELECT id, s + u, s - u, t + t, t * s FROM n WHERE s BETWEEN -99 AND 99 AND u BETWEEN -99 AND 99 "
    "AND t BETWEEN -60 AND 60 ORDER BY id",
    ("SELECT id, s / u, s % u FROM n WHERE u <> 0 ORDER BY id", "SELECT id, s // u, s % u FROM n WHERE u <> 0 ORDER BY id"),
    "SELECT id, s + i, s * (i % 1000), t - i FROM n ORDER BY id",
    "SELECT id, r + q, r - q, r * q FROM n WHERE abs(r) < 1e4 AND abs(q) < 1e4 ORDER BY id",
    "SELECT id, r / q FROM n WHERE q <> 0 AND abs(r) < 1e4 ORDER BY id",
    ("SELECT id, r + i, r * s, r - t FROM n ORDER BY id",
     "SELECT id, r::DOUBLE + i, r::DOUBLE * s, r::DOUBLE - t FROM n ORDER BY id"),
    ("SELECT id, r + 1.5, r * 0.25 FROM n ORDER BY id", "SELECT id, r::DOUBLE + 1.5, r::DOUBLE * 0.25 FROM n ORDER BY id"),
    "SELECT id, -s, -t, -r, abs(r) FROM n WHERE s > -32768 AND t > -128 ORDER BY id",
    "SELECT id FROM n WHERE s < u ORDER BY id",
    "SELECT id FROM n WHERE t = s ORDER BY id",
    "SELECT id FROM n WHERE r > q ORDER BY id",
    ("SELECT id FROM n WHERE r = i ORDER BY id", "SELECT id FROM n WHERE r::DOUBLE = i ORDER BY id"),
    "SELECT id FROM n WHERE s BETWEEN -10 AND 10 AND r >= 0 ORDER BY id",
    "SELECT id FROM n WHERE s IN (1, 2, 3, 32767, -32768) ORDER BY id",
    "SELECT id, CAST(s AS TINYINT) FROM n WHERE s BETWEEN -128 AND 127 ORDER BY id",
    "SELECT id, CAST(r AS INTEGER), CAST(r AS SMALLINT) FROM n WHERE abs(r) < 30000 ORDER BY id",
    "SELECT id, CAST(CAST(r AS VARCHAR) AS REAL), CAST(CAST(s AS VARCHAR) AS SMALLINT) FROM n ORDER BY id",
    "SELECT id, CAST(i AS REAL), CAST(s AS REAL), CAST(r AS DOUBLE) FROM n ORDER BY id",
    "SELECT s, count(*), min(r), max(r), min(t), max(t) FROM n GROUP BY s ORDER BY s NULLS LAST",
    "SELECT t, count(*), sum(s), min(s), max(s) FROM n GROUP BY t ORDER BY t NULLS FIRST",
    "SELECT r, count(*) FROM n GROUP BY r ORDER BY r NULLS LAST",
    "SELECT DISTINCT t FROM n ORDER BY t",
    "SELECT count(DISTINCT s), count(DISTINCT r), count(DISTINCT t) FROM n",
    "SELECT sum(t), sum(s), min(s), max(s), min(r), max(r), count(r) FROM n",
    "SELECT avg(s), avg(t) FROM n",
    "SELECT avg(r) FROM n WHERE abs(r) < 1e30",
    "SELECT a.id, b.id FROM n a JOIN n b ON a.s = b.u ORDER BY a.id, b.id",
    "SELECT a.id, b.id FROM n a JOIN n b ON a.r = b.q WHERE a.id < b.id ORDER BY a.id, b.id",
    "SELECT a.id, b.id FROM n a JOIN n b ON a.t = b.s WHERE a.id < 300 ORDER BY a.id, b.id",
    "SELECT id, s, r FROM n ORDER BY s DESC NULLS LAST, r NULLS FIRST, id",
    "SELECT id, r FROM n ORDER BY r NULLS LAST, id",
    "SELECT id, sum(s) OVER (PARTITION BY t ORDER BY id ROWS BETWEEN 2 PRECEDING AND CURRENT ROW), "
    "lag(r) OVER (ORDER BY id), max(t) OVER (PARTITION BY s % 5) FROM n ORDER BY id",
    "SELECT s FROM n WHERE s > 1000 UNION SELECT u FROM n WHERE u > 1000 ORDER BY 1",
    "SELECT COALESCE(s, u, 0::SMALLINT), GREATEST(t, s), LEAST(r, q), CASE WHEN i > 0 THEN s ELSE u END FROM n "
    "ORDER BY id",
]


@pytest.mark.parametrize("device", ["cpu", pytest.param("opencl", marks=needs_opencl)])
@pytest.mark.parametrize("query", QUERIES)
def test_same_answer_as_duckdb(engines, query, device):
    ours, theirs = engines
    # A forced device with fallback = 'error': pipelines over these columns stay on the host
    # (no device kernel takes them), which is a placement, not a failure.
    ours.sql(f"SET device = '{device}'; SET fallback = '{'error' if device != 'cpu' else 'cpu'}'")
    mine_sql, their_sql = query if isinstance(query, tuple) else (query, query)
    mine = ours.sql(mine_sql).fetchall()
    expected = theirs.execute(their_sql).fetchall()
    assert_same_rows(mine, expected, same=same)


def test_sum_of_real_is_a_real(engines):
    # PostgreSQL sums a REAL as REAL; DuckDB as DOUBLE: equal once rounded to float32.
    ours, theirs = engines
    query = "SELECT t, sum(r) FROM n WHERE abs(r) < 1e30 GROUP BY t ORDER BY t NULLS LAST"
    mine = ours.sql(query).fetchall()
    expected = [(t, as_float32(v)) for t, v in theirs.execute(query).fetchall()]
    assert len(mine) == len(expected)
    for (t, a), (u, b) in zip(mine, expected):
        assert t == u and (a is None) == (b is None)
        if a is not None:
            assert math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-3), f"group {t}: orbit {a}, duckdb {b}"


def test_overflow_is_an_error_in_both(engines):
    ours, theirs = engines
    for sql in ["SELECT s + u FROM n", "SELECT s * u FROM n", "SELECT t + t FROM n", "SELECT CAST(s AS TINYINT) FROM n"]:
        with pytest.raises(Exception, match="out of range|Overflow|Conversion"):
            theirs.execute(sql).fetchall()
        with pytest.raises(orbit.Error, match="out of range"):
            ours.sql(sql).fetchall()


def test_result_types(engines):
    ours, _ = engines
    got = ours.sql("SELECT t, s, r, t + t, s + s, s + i, r + r, r + i, sum(s) OVER (), min(t) OVER () FROM n "
                   "WHERE t BETWEEN -60 AND 60 AND s BETWEEN -1000 AND 1000").arrow().schema.types
    assert got == [pa.int8(), pa.int16(), pa.float32(), pa.int8(), pa.int16(), pa.int32(), pa.float32(),
                   pa.float64(), pa.int64(), pa.int8()]
    names = ours.sql("SELECT pg_typeof(t), pg_typeof(s), pg_typeof(r), typeof(r), typeof(s + t) FROM n "
                     "WHERE id = 0")
    assert names.fetchall() == [("tinyint", "smallint", "real", "FLOAT", "SMALLINT")]


def test_the_table_is_not_trivial(engines):
    ours, _ = engines
    (count, distinct_s, nan), = ours.sql("SELECT count(*), count(DISTINCT s), count(*) FILTER (WHERE r = 'NaN') "
                                         "FROM n").fetchall()
    assert count == ROWS and distinct_s > ROWS // 2 and nan > 0


def arrow_table():
    return pa.table({
        "t": pa.array([1, -128, 127, None], pa.int8()),
        "s": pa.array([-32768, 32767, None, 7], pa.int16()),
        "r": pa.array([0.1, float("nan"), None, -3.25e38], pa.float32()),
    })


def test_arrow_in_and_out_keeps_the_types():
    con = orbit.connect()
    con.register("a", arrow_table())
    result = con.sql("SELECT t, s, r FROM a").arrow()
    assert result.schema.types == [pa.int8(), pa.int16(), pa.float32()]
    assert result.equals(arrow_table()) or result.to_pylist()[0] == arrow_table().to_pylist()[0]
    assert con.sql("SELECT typeof(t), typeof(s), typeof(r) FROM a LIMIT 1").fetchall() == [("TINYINT", "SMALLINT",
                                                                                            "FLOAT")]
    # NumPy results are float32, int16 and int8 arrays.
    numpy = {name: result.column(name).to_numpy(zero_copy_only=False) for name in ("t", "s", "r")}
    assert numpy["r"].dtype == np.float32
    filled = con.sql("SELECT t, s FROM a WHERE t IS NOT NULL AND s IS NOT NULL").arrow()
    assert filled.column("t").to_numpy().dtype == np.int8 and filled.column("s").to_numpy().dtype == np.int16


def test_parquet_round_trip_keeps_the_types(tmp_path):
    source = tmp_path / "in.parquet"
    pq.write_table(arrow_table(), source)
    con = orbit.connect()
    read = con.sql(f"SELECT t, s, r FROM read_parquet('{source}')").arrow()
    assert read.schema.types == [pa.int8(), pa.int16(), pa.float32()]
    con.sql(f"CREATE TABLE p AS SELECT * FROM read_parquet('{source}')")
    out = tmp_path / "out.parquet"
    con.sql(f"COPY p TO '{out}' (FORMAT parquet)")
    written = pq.read_table(out)
    assert written.schema.types == [pa.int8(), pa.int16(), pa.float32()]
    assert written.column("s").to_pylist() == [-32768, 32767, None, 7]


def test_csv_round_trip(tmp_path):
    con = orbit.connect()
    con.register("a", arrow_table())
    path = tmp_path / "a.csv"
    con.sql(f"COPY a TO '{path}' (FORMAT csv, HEADER)")
    assert path.read_text().splitlines() == ["t,s,r", "1,-32768,0.1", "-128,32767,NaN", "127,,", ",7,-3.25e+38"]
    con.sql("CREATE TABLE c (t TINYINT, s SMALLINT, r REAL)")
    con.sql(f"COPY c FROM '{path}' (FORMAT csv, HEADER)")
    assert con.sql("SELECT * FROM c").arrow().schema.types == [pa.int8(), pa.int16(), pa.float32()]
    assert con.sql("SELECT t, s, CAST(r AS VARCHAR) FROM c").fetchall() == [
        (1, -32768, "0.1"), (-128, 32767, "NaN"), (127, None, None), (None, 7, "-3.25e+38")]
    # A TINYINT field beyond the type's range is an error, not a wrapped value.
    bad = tmp_path / "bad.csv"
    bad.write_text("128,1,1\n")
    with pytest.raises(orbit.Error):
        con.sql(f"COPY c FROM '{bad}' (FORMAT csv)")


def test_database_folder_keeps_the_types(tmp_path):
    path = str(tmp_path / "db.orbit")
    with orbit.connect(path) as con:
        con.sql("CREATE TABLE k (t TINYINT, s SMALLINT, r REAL)")
        con.sql("INSERT INTO k VALUES (-128, 32767, 0.1), (NULL, -1, 'Infinity')")
    with orbit.connect(path) as con:
        assert con.sql("SELECT data_type FROM information_schema.columns WHERE table_name = 'k' "
                       "ORDER BY ordinal_position").fetchall() == [("tinyint",), ("smallint",), ("real",)]
        assert con.sql("SELECT t, s, CAST(r AS VARCHAR) FROM k ORDER BY s").fetchall() == [(None, -1, "Infinity"),
                                                                                          (-128, 32767, "0.1")]


def test_numpy_scalars_are_parameters():
    con = orbit.connect()
    con.sql("CREATE TABLE k (t TINYINT, s SMALLINT, r REAL)")
    con.sql("INSERT INTO k VALUES ($1, $2, $3)", [np.int8(-128), np.int16(32767), np.float32(0.1)])
    assert con.sql("SELECT t, s, CAST(r AS VARCHAR) FROM k").fetchall() == [(-128, 32767, "0.1")]
    with pytest.raises(orbit.Error, match="smallint out of range"):
        con.sql("INSERT INTO k VALUES (0, $1, 0)", [np.int32(40000)])
