"""The Python package's API as DuckDB and Polars users know it: module-level sql(), lazy
relations and their composition, fetch methods, Arrow/Polars/pandas/DuckDB exchange through
the PyCapsule interface, PEP 249 cursors, the exception classes, the GIL released while a
query runs, and Ctrl-C cancelling a query on the main thread."""
import datetime
import decimal
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time

import duckdb
import pyarrow as pa
import pytest

import orbit

D = decimal.Decimal


@pytest.fixture
def con():
    with orbit.connect() as connection:
        connection.sql("CREATE TABLE trips (day DATE, vendor VARCHAR, fare DECIMAL(8,2), n INTEGER)")
        connection.sql("INSERT INTO trips VALUES (DATE '2024-01-01', 'a', 10.00, 1), (DATE '2024-01-02', 'b', 20.50, 2),"
                       " (DATE '2024-01-03', 'a', 5.25, 3), (DATE '2023-12-31', NULL, NULL, 4)")
        yield connection


def test_module_level_sql_uses_one_default_connection():
    assert orbit.sql("SELECT 42 AS x").fetchall() == [(42,)]
    orbit.sql("CREATE OR REPLACE TABLE module_level (v INTEGER); INSERT INTO module_level VALUES (7)")
    assert orbit.sql("SELECT v FROM module_level").fetchall() == [(7,)]
    assert orbit.default_connection() is orbit.default_connection()
    orbit.sql("DROP TABLE module_level")


def test_the_package_is_the_installed_one_when_asked():
    if os.environ.get("ORBIT_TEST_INSTALLED") != "1":
        pytest.skip("testing the build tree's package (scripts/test runs the suite on the installed wheel too)")
    assert orbit.__file__.startswith(sys.prefix), (orbit.__file__, sys.prefix)


def test_a_relation_runs_when_read_not_when_made(con):
    relation = con.sql("SELECT count(*) AS c FROM trips")
    con.sql("INSERT INTO trips VALUES (DATE '2024-02-01', 'c', 1.00, 5)")
    assert relation.fetchall() == [(5,)]  # it saw the row inserted after it was made
    con.sql("DELETE FROM trips WHERE n = 5")
    assert relation.fetchall() == [], "rows are read once and kept: the cursor is at the end"
    assert relation.arrow().column("c").to_pylist() == [5]


def test_a_mistake_fails_when_the_relation_is_made(con):
    with pytest.raises(orbit.ParserError):
        con.sql("SELEC 1")
    with pytest.raises(orbit.BinderError, match="missing"):
        con.sql("SELECT * FROM missing")
    with pytest.raises(orbit.BinderError):
        con.sql("SELECT nope FROM trips")


def test_errors_map_to_their_classes(con):
    with pytest.raises(orbit.OutOfRangeError) as error:
        con.sql("SELECT n / 0 FROM trips").fetchall()
    assert isinstance(error.value, orbit.DataError) and isinstance(error.value, orbit.DatabaseError)
    assert (error.value.code, error.value.sqlstate) == (6, "22003")
    with pytest.raises(orbit.ConversionError):
        con.sql("SELECT CAST(vendor AS INTEGER) FROM trips").fetchall()
    with pytest.raises(orbit.NotSupportedError):
        con.sql("CREATE INDEX trips_n ON trips (n)")
    with pytest.raises(orbit.ProgrammingError):
        con.sql("SET no_such_setting = 1")
    assert issubclass(orbit.UniqueViolation, orbit.IntegrityError)
    assert issubclass(orbit.QueryCanceled, orbit.OperationalError)


def test_statements_without_rows_give_none_and_scripts_run_in_order(con):
    assert con.sql("CREATE TABLE s (x INTEGER)") is None
    assert con.sql("INSERT INTO s VALUES (1); INSERT INTO s VALUES (2); SELECT sum(x) FROM s").fetchall() == [(3,)]
    plan = con.sql("EXPLAIN SELECT x FROM s WHERE x > 1")
    assert "Filter" in "\n".join(row[0] for row in plan.fetchall()) or "FILTER" in str(plan.fetchall())


def test_fetch_methods_columns_and_types(con):
    relation = con.sql("SELECT vendor, fare, day FROM trips ORDER BY n")
    assert relation.columns == ["vendor", "fare", "day"]
    assert relation.types == ["VARCHAR", "DECIMAL(8,2)", "DATE"]
    assert relation.fetchone() == ("a", D("10.00"), datetime.date(2024, 1, 1))
    assert relation.fetchmany(2) == [("b", D("20.50"), datetime.date(2024, 1, 2)), ("a", D("5.25"),
                                                                                  datetime.date(2024, 1, 3))]
    assert relation.fetchall() == [(None, None, datetime.date(2023, 12, 31))]
    assert relation.fetchone() is None
    assert len(relation) == 4


def test_parameters_are_values(con):
    relation = con.sql("SELECT vendor, sum(fare) AS total FROM trips WHERE day >= ? GROUP BY 1 ORDER BY 1",
                       params=[datetime.date(2024, 1, 1)])
    assert relation.fetchall() == [("a", D("15.25")), ("b", D("20.50"))]
    assert con.sql("SELECT count(*) FROM trips WHERE vendor = $1", params=["a' OR 'x' = 'x"]).fetchall() == [(0,)]


def test_explain_repr_and_html(con):
    relation = con.sql("SELECT vendor, n FROM trips WHERE n > 1 ORDER BY n")
    assert "Filter" in relation.explain() or "FILTER" in relation.explain().upper()
    text = repr(relation)
    assert "vendor" in text and "INTEGER" in text and "NULL" in text and "3 rows" in text
    page = relation._repr_html_()
    assert page.startswith("<table>") and "<td>b</td>" in page and "3 rows" in page
    escaped = con.sql("SELECT '<b>' AS tag")._repr_html_()
    assert "&lt;b&gt;" in escaped and "<b>" not in escaped


def test_results_cross_the_arrow_pycapsule_interface_without_copies(con):
    relation = con.sql("SELECT n, vendor FROM trips ORDER BY n")
    first = relation.arrow()
    again = pa.table(relation)  # a second export of the same result, read through __arrow_c_stream__
    assert first.equals(again)
    assert first.column("n").chunk(0).buffers()[1].address == again.column("n").chunk(0).buffers()[1].address
    from_duckdb = duckdb.sql("SELECT sum(n) FROM relation").fetchall()
    assert from_duckdb == [(10,)]


def test_polars_and_pandas_results_and_registration(con):
    polars = pytest.importorskip("polars")
    pandas = pytest.importorskip("pandas")
    relation = con.sql("SELECT n, vendor, fare FROM trips ORDER BY n")
    frame = relation.pl()
    assert isinstance(frame, polars.DataFrame) and frame["n"].to_list() == [1, 2, 3, 4]
    assert polars.from_arrow(relation.arrow())["vendor"].to_list() == ["a", "b", "a", None]
    pandas_frame = relation.df()
    assert isinstance(pandas_frame, pandas.DataFrame) and list(pandas_frame["n"]) == [1, 2, 3, 4]

    con.register("from_polars", polars.DataFrame({"k": [1, 2, 3], "s": ["x", None, "z"]}))
    assert con.sql("SELECT sum(k), count(s) FROM from_polars").fetchall() == [(6, 2)]
    con.register("from_pandas", pandas.DataFrame({"k": [4, 5], "v": [0.5, 1.5]}))
    assert con.sql("SELECT sum(k), sum(v) FROM from_pandas").fetchall() == [(9, 2.0)]
    con.register("from_duckdb", duckdb.sql("SELECT range AS r FROM range(10)"))
    assert con.sql("SELECT sum(r) FROM from_duckdb").fetchall() == [(45,)]
    con.unregister("from_duckdb")
    assert "from_duckdb" not in con.tables()


def test_relations_compose_without_sql_text(con):
    trips = con.table("trips")
    assert trips.filter("n > 1").aggregate("count(*)").fetchall() == [(3,)]
    assert trips.project("n", "n * 2 AS twice").order("n DESC").limit(2).fetchall() == [(4, 8), (3, 6)]
    assert trips.aggregate("vendor, sum(fare)", "vendor").order("vendor").fetchall() == [
        ("a", D("15.25")), ("b", D("20.50")), (None, None)]
    assert trips.project("vendor").distinct().order("vendor").limit(1, offset=1).fetchall() == [("b",)]
    vendors = con.sql("SELECT * FROM (VALUES ('a', 'Alpha'), ('b', 'Beta')) AS v (vendor, name)")
    joined = trips.join(vendors, "vendor").project("name", "n").order("n")
    assert joined.fetchall() == [("Alpha", 1), ("Beta", 2), ("Alpha", 3)]
    left = trips.set_alias("l").join(vendors.set_alias("r"), "l.vendor = r.vendor", how="left")
    assert left.aggregate("count(*), count(name)").fetchall() == [(4, 3)]


def test_the_stored_table_is_exported_in_place(con):
    stored = con.table("trips").arrow()
    assert stored.column("n").chunk(0).buffers()[1].address == con.buffer_address("trips", 3, 0, orbit.BUFFER_DATA)
    with pytest.raises(orbit.Error, match="missing"):
        con.table("missing")


def test_pep_249_cursor(con):
    assert (orbit.apilevel, orbit.paramstyle) == ("2.0", "qmark")
    cursor = con.cursor()
    cursor.execute("CREATE TABLE kv (k INTEGER, v VARCHAR)")
    cursor.executemany("INSERT INTO kv VALUES (?, ?)", [(1, "one"), (2, "two"), (3, None)])
    assert cursor.rowcount == 3
    cursor.execute("SELECT k, v FROM kv WHERE k >= ? ORDER BY k", [2])
    assert [column[0] for column in cursor.description] == ["k", "v"]
    assert cursor.description[0][1] == "INTEGER"
    assert cursor.fetchone() == (2, "two")
    assert cursor.fetchall() == [(3, None)]
    cursor.execute("UPDATE kv SET v = 'many' WHERE k > 1")
    assert cursor.rowcount == 2 and cursor.description is None
    assert list(con.cursor().execute("SELECT k FROM kv ORDER BY k")) == [(1,), (2,), (3,)]
    assert con.execute("SELECT count(*) FROM kv").fetch_arrow_table().num_rows == 1
    cursor.close()
    with pytest.raises(orbit.InterfaceError):
        cursor.execute("SELECT 1")


def test_the_gil_is_released_while_a_query_runs():
    with orbit.connect(config={"statement_timeout": "500ms"}) as connection:
        connection.sql("CREATE TABLE t AS SELECT 1 AS k FROM generate_series(1, 1000)")
        endless = connection.sql("SELECT count(*) FROM t a JOIN t b ON a.k = b.k JOIN t c ON b.k = c.k")
        ticks = []
        done = threading.Event()

        def count_ticks():
            while not done.is_set():
                ticks.append(1)
                time.sleep(0.001)

        ticker = threading.Thread(target=count_ticks)
        ticker.start()
        try:
            with pytest.raises(orbit.QueryCanceled):
                endless.fetchall()  # runs until statement_timeout ends it, half a second
        finally:
            done.set()
            ticker.join()
        # Holding the GIL for that half second, the query would have let the ticker tick at most once.
        assert len(ticks) > 20, len(ticks)


def test_ctrl_c_cancels_a_query_on_the_main_thread(tmp_path):
    script = tmp_path / "endless.py"
    script.write_text(textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {os.path.dirname(os.path.dirname(orbit.__file__))!r})
        import orbit
        con = orbit.connect()
        con.sql("CREATE TABLE t AS SELECT 1 AS k FROM generate_series(1, 1000)")
        print("ready", flush=True)
        try:
            con.sql("SELECT count(*) FROM t a JOIN t b ON a.k = b.k JOIN t c ON b.k = c.k JOIN t d ON c.k = d.k").fetchall()
        except orbit.QueryCanceled as error:
            print("cancelled", error.sqlstate, flush=True)
        print(con.sql("SELECT 1 AS after").fetchall(), flush=True)
    """))
    child = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    first = child.stdout.readline().strip()
    assert first == "ready", (first, child.communicate(timeout=60))
    time.sleep(0.5)
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=60)
    assert child.returncode == 0, err
    assert out.split("\n")[:2] == ["cancelled 57014", "[(1,)]"], (out, err)


def test_relations_write_and_read_files(con, tmp_path):
    with pytest.raises(orbit.NotSupportedError, match="parameters"):
        con.sql("SELECT n FROM trips WHERE n > ?", params=[1]).write_parquet(str(tmp_path / "never.parquet"))
    assert not (tmp_path / "never.parquet").exists()
    relation = con.table("trips").filter("n > 1").project("n", "vendor", "fare")
    parquet_path = tmp_path / "it's.parquet"
    relation.write_parquet(str(parquet_path), compression="zstd")
    assert sorted(duckdb.sql(f"SELECT * FROM read_parquet('{str(parquet_path)}')".replace("it's", "it''s")).fetchall(),
                  key=lambda row: row[0]) == [(2, "b", D("20.50")), (3, "a", D("5.25")), (4, None, None)]
    assert con.read_parquet(str(parquet_path)).order("n").fetchall() == [(2, "b", D("20.50")), (3, "a", D("5.25")),
                                                                       (4, None, None)]
    assert con.read_parquet([str(parquet_path), str(parquet_path)]).aggregate("count(*)").fetchall() == [(6,)]
    csv_path = tmp_path / "out.csv"
    relation.write_csv(str(csv_path))
    assert csv_path.read_text().splitlines()[0] == "n,vendor,fare"
    assert con.read_csv(str(csv_path)).aggregate("sum(n)").fetchall() == [(9,)]
