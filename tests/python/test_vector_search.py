"""Fixed-size arrays and vector search, checked against NumPy (an independent implementation):
REAL[n] columns exchanged with pyarrow without copies (FixedSizeList), the similarity
functions and pgvector's operators on random vectors, top-k by ORDER BY ... LIMIT with ties
broken by id, NumPy arrays as parameters, and persistence of array columns."""

import numpy as np
import pyarrow as pa
import pytest

import orbit

SEED = 20261204
DIM = 37  # odd, so no kernel can assume a multiple of its vector width


def random_table(rows, dim, seed=SEED, dtype=np.float32):
    rng = np.random.default_rng(seed)
    vectors = rng.standard_normal((rows, dim)).astype(dtype)
    values = pa.array(vectors.reshape(-1))
    emb = pa.FixedSizeListArray.from_arrays(values, dim)
    return vectors, pa.table({"id": pa.array(np.arange(rows, dtype=np.int64)), "emb": emb})


@pytest.fixture()
def docs():
    vectors, table = random_table(3000, DIM)
    con = orbit.connect()
    con.register("docs_arrow", table)
    con.sql("CREATE TABLE docs AS SELECT * FROM docs_arrow")
    return con, vectors


def reference(measure, rows, query):
    """Each measure in float64 from the float32 inputs, as Orbit's reference accumulates."""
    a, q = rows.astype(np.float64), query.astype(np.float64)
    dot = a @ q
    if measure == "array_inner_product":
        return dot
    if measure == "array_negative_inner_product":
        return -dot
    cosine = dot / np.sqrt((a * a).sum(axis=1) * (q * q).sum())
    if measure == "array_cosine_similarity":
        return cosine
    if measure == "array_cosine_distance":
        return 1 - cosine
    return np.sqrt(((a - q) ** 2).sum(axis=1))


def bound(rows, query):
    """|r - ref| <= 1e-6 * sum |a_i q_i| (+ a little for the norms and square roots)."""
    return 1e-6 * (np.abs(rows.astype(np.float64) * query.astype(np.float64)).sum(axis=1) + 1.0)


@pytest.mark.parametrize("measure", ["array_inner_product", "array_negative_inner_product",
                                     "array_cosine_similarity", "array_cosine_distance", "array_distance"])
def test_measures_match_numpy(docs, measure):
    con, vectors = docs
    query = np.random.default_rng(SEED + 1).standard_normal(DIM).astype(np.float32)
    got = con.sql(f"SELECT {measure}(emb, $1::REAL[{DIM}]) AS m FROM docs ORDER BY id", params=[query]).arrow()
    got = got.column("m").to_numpy()
    want = reference(measure, vectors, query)
    err = np.abs(got - want)
    assert (err <= bound(vectors, query)).all(), f"seed {SEED}: worst error {err.max()} at row {err.argmax()}"


def test_pairwise_columns(docs):
    con, vectors = docs
    got = con.sql("SELECT a.id, array_distance(a.emb, b.emb) AS d FROM docs a JOIN docs b ON b.id = a.id + 1 "
                  "ORDER BY a.id").arrow()
    want = np.sqrt(((vectors[:-1].astype(np.float64) - vectors[1:].astype(np.float64)) ** 2).sum(axis=1))
    assert got.column("id").to_pylist() == list(range(len(vectors) - 1))
    np.testing.assert_allclose(got.column("d").to_numpy(), want, rtol=1e-6)


@pytest.mark.parametrize("operator,measure,descending", [("<->", "array_distance", False),
                                                         ("<=>", "array_cosine_distance", False),
                                                         ("<#>", "array_negative_inner_product", False)])
def test_top_k_by_operator(docs, operator, measure, descending):
    con, vectors = docs
    query = np.random.default_rng(SEED + 2).standard_normal(DIM).astype(np.float32)
    got = con.sql(f"SELECT id FROM docs ORDER BY emb {operator} $1 LIMIT 10", params=[query]).fetchall()
    scores = reference(measure, vectors, query)
    order = np.lexsort((np.arange(len(scores)), scores))  # by score, ties by id
    assert [row[0] for row in got] == order[:10].tolist()


def test_top_k_similarity_descending(docs):
    con, vectors = docs
    query = vectors[123]
    got = con.sql(f"SELECT id, array_cosine_similarity(emb, $1::REAL[{DIM}]) AS sim FROM docs "
                  "ORDER BY sim DESC, id LIMIT 5", params=[query]).fetchall()
    assert got[0][0] == 123 and abs(got[0][1] - 1.0) < 1e-6
    scores = reference("array_cosine_similarity", vectors, query)
    assert [row[0] for row in got] == np.lexsort((np.arange(len(scores)), -scores))[:5].tolist()


def test_arrays_cross_without_copies():
    """Registered: Orbit's column is pyarrow's float buffer; exported: pyarrow's is Orbit's."""
    _, table = random_table(100, DIM, seed=SEED + 3)
    con = orbit.connect()
    con.register("t", table)
    values = table.column("emb").chunks[0].values
    assert con.buffer_address("t", 1, 0, orbit.BUFFER_DATA) == values.buffers()[1].address
    con.sql("CREATE TABLE stored AS SELECT * FROM t")
    exported = con.table("stored").arrow().column("emb")
    assert exported.type == pa.list_(pa.float32(), DIM)
    assert exported.chunks[0].values.buffers()[1].address == con.buffer_address("stored", 1, 0, orbit.BUFFER_DATA)
    assert exported.to_pylist() == table.column("emb").to_pylist()


def test_double_and_integer_arrays_round_trip():
    rows = [[1.5, -2.25, 1e300], [0.0, -0.0, 3.0]]
    table = pa.table({"v": pa.array(rows, type=pa.list_(pa.float64(), 3)),
                      "w": pa.array([[1, 2], [-3, 2**31 - 1]], type=pa.list_(pa.int32(), 2)),
                      "x": pa.array([[2**62, -2**62], None], type=pa.list_(pa.int64(), 2))})
    con = orbit.connect()
    con.register("t", table)
    got = con.sql("SELECT v, w, x, CAST(w AS DOUBLE[2]) AS wd FROM t").fetchall()
    assert got == [(rows[0], [1, 2], [2**62, -2**62], [1.0, 2.0]), (rows[1], [-3, 2**31 - 1], None, [-3.0, 2**31 - 1.0])]


def test_unsupported_arrow_lists_say_what_to_do():
    con = orbit.connect()
    with pytest.raises(orbit.Error, match="one dimension"):
        con.register("t", pa.table({"v": pa.array([[[1.0, 2.0]], [[3.0]]])}))
    with pytest.raises(orbit.Error, match="NULL elements inside an array"):
        con.register("u", pa.table({"v": pa.array([[1.0, None]], type=pa.list_(pa.float32(), 2))}))


def test_parameters_as_lists_and_numpy():
    con = orbit.connect()
    assert con.sql("SELECT array_inner_product($1::REAL[3], $2::REAL[3])",
                   params=[[1, 2, 3], np.array([4, 5, 6], dtype=np.float32)]).fetchall() == [(32.0,)]
    with pytest.raises(orbit.Error, match="invalid element"):
        con.sql("SELECT $1::REAL[2]", params=[["a", "b"]])


def test_arrays_persist(tmp_path):
    path = str(tmp_path / "vectors.orbit")
    vectors, table = random_table(50, 8, seed=SEED + 4)
    con = orbit.connect(path)
    con.register("src", table)
    con.sql("CREATE TABLE docs AS SELECT * FROM src")
    con.close()
    again = orbit.connect(path)
    got = again.sql("SELECT emb FROM docs ORDER BY id").arrow().column("emb")
    assert got.type == pa.list_(pa.float32(), 8)
    np.testing.assert_array_equal(np.array(got.to_pylist(), dtype=np.float32), vectors)
