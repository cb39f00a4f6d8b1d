"""Zero-copy Arrow exchange between Orbit, pyarrow and DuckDB (DESIGN rule 5).

Each direction is checked twice: the values must match exactly, and the buffer
addresses on both sides must be equal, which proves that no bytes were copied.
"""

import datetime
import decimal
import gc

import duckdb
import pyarrow as pa
import pytest

import orbit

D = decimal.Decimal

CREATE_T = "CREATE TABLE t (a INTEGER, b BIGINT, c DOUBLE, d DECIMAL(15,2), e DATE, f VARCHAR, g BOOLEAN)"

EDGE_ROWS = [
    (1, 10_000_000_000, 1.5, D("12.34"), datetime.date(2024, 2, 29), "alpha", True),
    (None, None, None, None, None, None, None),
    (-7, -3, -0.25, D("-0.05"), datetime.date(1970, 1, 1), "", False),
    (2147483647, 9223372036854775807, 1e300, D("9999999999999.99"), datetime.date(1900, 1, 1), "ünïcödé ✓", True),
]
# Enough rows that validity bitmaps span several bytes, with a NULL in every column.
ROWS = EDGE_ROWS + [
    (i, i * 1_000_003, i / 4, D(i) / 100, datetime.date(2000, 1, 1) + datetime.timedelta(days=i), f"row {i}",
     i % 3 == 0)
    if i % 7 else (i, None, i / 4, None, None, None, i % 2 == 0)
    for i in range(30)
]


def sql_literal(value):
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.date):
        return f"DATE '{value.isoformat()}'"
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    return repr(value) if isinstance(value, float) else str(value)


def insert_sql(table, rows):
    return f"INSERT INTO {table} VALUES " + ", ".join(
        "(" + ", ".join(sql_literal(v) for v in row) + ")" for row in rows)


def rows_of(table):
    """A pyarrow table's (or relation's) rows as tuples (by position: result columns may share a name)."""
    table = table.arrow() if hasattr(table, "arrow") else table
    return list(zip(*(column.to_pylist() for column in table.columns)))


def expected_orbit_addresses(array):
    """The (validity, data, chars) addresses Orbit holds after importing `array` in place.

    Orbit columns start at row 0, so a sliced array's data address moves by its offset;
    a validity bitmap is dropped when the array has no NULLs.
    """
    buffers, offset = array.buffers(), array.offset
    assert offset % 8 == 0, "an unaligned slice copies its bitmap; check that case separately"
    validity = buffers[0].address + offset // 8 if buffers[0] is not None and array.null_count > 0 else 0
    if pa.types.is_string(array.type):
        return validity, buffers[1].address + 4 * offset, buffers[2].address
    if pa.types.is_boolean(array.type):
        return validity, buffers[1].address + offset // 8, None
    return validity, buffers[1].address + offset * array.type.bit_width // 8, None


def orbit_addresses(con, table, column, batch, with_chars):
    validity = con.buffer_address(table, column, batch, orbit.BUFFER_VALIDITY)
    data = con.buffer_address(table, column, batch, orbit.BUFFER_DATA)
    chars = con.buffer_address(table, column, batch, orbit.BUFFER_CHARS) if with_chars else None
    return validity, data, chars


def assert_orbit_shares(con, name, arrow_table, columns=None):
    """Every buffer of the stored Orbit table `name` is the buffer pyarrow holds."""
    batches = [b for b in arrow_table.to_batches() if b.num_rows > 0]  # Orbit skips empty batches
    for b, batch in enumerate(batches):
        for c in columns if columns is not None else range(batch.num_columns):
            array = batch.column(c)
            actual = orbit_addresses(con, name, c, b, pa.types.is_string(array.type))
            assert actual == expected_orbit_addresses(array), f"column {c} batch {b} was copied"


@pytest.fixture
def con():
    with orbit.connect() as connection:
        yield connection


@pytest.fixture
def orbit_t(con):
    """Table t created and filled through Orbit SQL."""
    con.sql(CREATE_T)
    con.sql(insert_sql("t", ROWS))
    return con


# --- Orbit -> pyarrow --------------------------------------------------------------------

def test_sql_result_arrives_in_pyarrow_with_every_value(orbit_t):
    result = orbit_t.sql("SELECT * FROM t").arrow()
    assert result.schema.types == [pa.int32(), pa.int64(), pa.float64(), pa.decimal64(15, 2), pa.date32(),
                                   pa.string(), pa.bool_()]
    assert result.column_names == list("abcdefg")
    assert rows_of(result) == ROWS


def test_stored_table_exports_without_copy(orbit_t):
    exported = orbit_t.table("t").arrow()
    assert rows_of(exported) == ROWS
    for b, batch in enumerate(exported.to_batches()):
        for c in range(batch.num_columns):
            array = batch.column(c)
            buffers = [buf.address if buf is not None else 0 for buf in array.buffers()]
            is_string = pa.types.is_string(array.type)
            validity, data, chars = orbit_addresses(orbit_t, "t", c, b, is_string)
            assert (buffers[0], buffers[1]) == (validity, data), f"column {c} batch {b}"
            if is_string:
                assert buffers[2] == chars


def test_exported_result_outlives_the_connection(con):
    con.sql(CREATE_T)
    con.sql(insert_sql("t", ROWS))
    result = con.sql("SELECT f, d FROM t").arrow()
    con.close()
    gc.collect()
    assert result.column("f").to_pylist() == [row[5] for row in ROWS]
    assert result.column("d").to_pylist() == [row[3] for row in ROWS]


def test_duckdb_reads_orbit_results_in_place(orbit_t):
    arrow_tbl = orbit_t.sql("SELECT * FROM t").arrow()  # noqa: F841 (read by name from DuckDB)
    aggregates = ("SELECT count(*), count(a), sum(a), sum(b), min(c), max(c), min(d), max(d), min(e), max(e), "
                  "min(f), max(f) FROM {}")
    from_duckdb = duckdb.sql(aggregates.format("arrow_tbl")).fetchall()
    from_orbit = rows_of(orbit_t.sql(aggregates.format("t")))
    assert from_orbit == from_duckdb

    grouped = "SELECT g, count(*), sum(b) FROM {} WHERE a > 0 GROUP BY g ORDER BY g"
    assert rows_of(orbit_t.sql(grouped.format("t"))) == duckdb.sql(grouped.format("arrow_tbl")).fetchall()


# --- pyarrow -> Orbit --------------------------------------------------------------------

def make_arrow_table(rows=100, chunks=2):
    """Every zero-copy type, NULLs in every column, `chunks` record batches."""
    def batch(start):
        idx = range(start, start + rows)
        valid = [i % 5 != 1 for i in idx]

        def col(values, type):
            return pa.array([v if ok else None for v, ok in zip(values, valid)], type)

        return pa.record_batch([
            col([i - 50 for i in idx], pa.int32()),
            col([i * 10**12 for i in idx], pa.int64()),
            col([i / 8 for i in idx], pa.float64()),
            col([D(i) / 100 for i in idx], pa.decimal64(15, 2)),
            col([D(i) * 10**20 for i in idx], pa.decimal128(30, 4)),
            col([datetime.date(2020, 1, 1) + datetime.timedelta(days=i) for i in idx], pa.date32()),
            col([f"s{i}" * (i % 4) for i in idx], pa.string()),
            col([i % 3 == 0 for i in idx], pa.bool_()),
        ], names=["i32", "i64", "f64", "dec", "wide", "day", "text", "flag"])

    return pa.Table.from_batches([batch(k * rows) for k in range(chunks)])


def test_register_pyarrow_table_without_copy(con):
    table = make_arrow_table()
    con.register("r", table)
    assert_orbit_shares(con, "r", table)
    assert rows_of(con.table("r")) == rows_of(table)
    assert rows_of(con.sql("SELECT * FROM r")) == rows_of(table)


def test_register_byte_aligned_slice_without_copy(con):
    table = make_arrow_table().slice(8, 150)  # crosses the chunk boundary at row 100
    con.register("s", table)
    assert_orbit_shares(con, "s", table)
    assert rows_of(con.table("s")) == rows_of(table)


def test_register_unaligned_slice_copies_only_the_bitmap(con):
    table = make_arrow_table(chunks=1).slice(3, 90)
    con.register("u", table)
    array = table.column("i64").chunk(0)
    validity = con.buffer_address("u", 1, 0, orbit.BUFFER_VALIDITY)
    data = con.buffer_address("u", 1, 0, orbit.BUFFER_DATA)
    assert data == array.buffers()[1].address + 3 * 8
    assert validity not in (0, array.buffers()[0].address)
    assert rows_of(con.table("u")) == rows_of(table)


def test_registered_table_keeps_arrow_memory_alive_until_orbit_drops_it():
    before = pa.total_allocated_bytes()
    con = orbit.connect()
    table = make_arrow_table(rows=5000)
    expected = rows_of(table)
    con.register("r", table)
    del table
    gc.collect()
    assert pa.total_allocated_bytes() > before, "Orbit still references the pyarrow buffers"
    assert rows_of(con.table("r")) == expected
    con.close()
    gc.collect()
    assert pa.total_allocated_bytes() == before, "the release callbacks ran once Orbit let go"


def test_narrow_and_large_types_convert_on_import(con):
    table = pa.table({
        "tiny": pa.array([1, None, -128], pa.int8()),
        "small": pa.array([300, -2, None], pa.int16()),
        "single": pa.array([0.5, None, -2.25], pa.float32()),
        "money": pa.array([D("1.25"), None, D("-7.00")], pa.decimal128(12, 2)),
        "long_text": pa.array(["x", None, "yz"], pa.large_string()),
    })
    con.register("n", table)
    result = con.table("n").arrow()
    # int8, int16 and float32 are TINYINT, SMALLINT and REAL: they come back as they went in.
    assert result.schema.types == [pa.int8(), pa.int16(), pa.float32(), pa.decimal64(12, 2), pa.string()]
    assert rows_of(result) == rows_of(table)


def test_unsupported_arrow_type_is_a_clear_error(con):
    table = pa.table({"when": pa.array([1, 2], pa.timestamp("us", tz="UTC"))})
    with pytest.raises(orbit.Error, match=r'"tsu:UTC".*"when".*TIME ZONE'):
        con.register("bad", table)


def test_timestamps_of_every_unit_import_as_microseconds(con):
    import datetime
    moments = [datetime.datetime(2024, 2, 29, 23, 59, 59, 999000), None, datetime.datetime(1969, 12, 31, 23, 59, 59)]
    table = pa.table({unit: pa.array(moments, pa.timestamp(unit)) for unit in ("s", "ms", "us", "ns")}
                     | {"s": pa.array([m.replace(microsecond=0) if m else None for m in moments], pa.timestamp("s"))})
    con.register("stamps", table)
    result = con.sql("SELECT * FROM stamps").arrow()
    assert result.schema.types == [pa.timestamp("us")] * 4
    assert result.column("us").to_pylist() == moments
    assert result.column("ns").to_pylist() == moments
    assert result.column("ms").to_pylist() == moments
    assert result.column("s").to_pylist() == table.column("s").to_pylist()
    # nanoseconds below a microsecond round down, before 1970 as after
    ns = pa.table({"t": pa.array([1_500, -1_500], pa.timestamp("ns"))})
    con.register("ns", ns)
    assert con.sql("SELECT CAST(t AS VARCHAR) AS t FROM ns").fetchall() == [
        ("1970-01-01 00:00:00.000001",), ("1969-12-31 23:59:59.999998",)]


def test_errors_are_exceptions_not_crashes(con):
    with pytest.raises(orbit.Error, match="missing"):
        con.sql("SELECT * FROM missing")
    with pytest.raises(orbit.Error, match="missing"):
        con.table("missing")
    with pytest.raises(orbit.Error):
        con.buffer_address("missing", 0, 0, orbit.BUFFER_DATA)


# --- DuckDB -> Orbit ---------------------------------------------------------------------

DUCKDB_ROWS = """
    SELECT i::INTEGER AS a, i * 1000000007 AS b, i / 4 AS c, (i * 0.01)::DECIMAL(15,2) AS d,
           DATE '2000-01-01' + i::INTEGER AS e, CASE WHEN i % 5 = 0 THEN NULL ELSE 'row ' || i END AS f,
           i % 3 = 0 AS g
    FROM range(5000) t(i)
"""


def test_duckdb_result_imports_without_copy(con):
    from_duckdb = duckdb.sql(DUCKDB_ROWS).arrow()
    from_duckdb = from_duckdb.read_all() if isinstance(from_duckdb, pa.RecordBatchReader) else from_duckdb
    con.register("ddb", from_duckdb)
    # DuckDB exports DECIMAL(15,2) as decimal128, which Orbit narrows to its int64 layout with
    # a copy (column d); every other column is DuckDB's own buffer, in place.
    assert_orbit_shares(con, "ddb", from_duckdb, columns=[0, 1, 2, 4, 5, 6])
    assert rows_of(con.table("ddb")) == rows_of(from_duckdb)

    query = "SELECT count(*), sum(a), sum(b), count(f), min(d), max(d), min(e), max(e) FROM {} WHERE g"
    assert rows_of(con.sql(query.format("ddb"))) == duckdb.sql(query.format("from_duckdb")).fetchall()


def test_duckdb_record_batch_reader_registers_directly(con):
    con.register("stream", duckdb.sql(DUCKDB_ROWS).to_arrow_reader())
    expected = duckdb.sql(DUCKDB_ROWS).fetchall()
    assert rows_of(con.table("stream")) == expected
    assert rows_of(con.sql("SELECT count(*), max(f) FROM stream")) == [
        (len(expected), max(row[5] for row in expected if row[5] is not None))]
