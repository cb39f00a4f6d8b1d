"""INTERVAL values across Orbit's boundaries: Arrow month_day_nano out and in (pyarrow,
pandas), Python values (a datetime.timedelta without months, pyarrow's MonthDayNano with),
timedelta parameters, CSV round trips, and the PostgreSQL server's interval OID (1186) with
PostgreSQL's text. Expected values are PostgreSQL's (derived by hand from its rules)."""
import datetime

import pyarrow as pa
import pytest

import orbit

try:
    import psycopg
except ImportError:  # pragma: no cover - psycopg is in requirements.txt
    psycopg = None

ROWS = "(VALUES (1, INTERVAL '1 year 2 mons 3 days 04:05:06.5'), (2, INTERVAL '-36 hours'), (3, NULL), (4, INTERVAL '0'))"


@pytest.fixture()
def con():
    with orbit.connect() as connection:
        yield connection


def test_arrow_export_is_month_day_nano(con):
    table = con.sql(f"SELECT id, v FROM {ROWS} t(id, v) ORDER BY id").arrow()
    assert table.schema.field("v").type == pa.month_day_nano_interval()
    assert table.column("v").to_pylist() == [
        pa.MonthDayNano([14, 3, (4 * 3600 + 5 * 60 + 6) * 10**9 + 500_000_000]),
        pa.MonthDayNano([0, 0, -36 * 3600 * 10**9]),
        None,
        pa.MonthDayNano([0, 0, 0]),
    ]


def test_fetchall_gives_timedelta_without_months(con):
    rows = con.sql(f"SELECT id, v FROM {ROWS} t(id, v) ORDER BY id").fetchall()
    assert rows[0][1] == pa.MonthDayNano([14, 3, 14706500000000])
    assert rows[1][1] == datetime.timedelta(hours=-36)
    assert rows[2][1] is None
    assert rows[3][1] == datetime.timedelta(0)


def test_arrow_import_rounds_nanoseconds_down_and_compares_by_span(con):
    values = pa.array(
        [pa.MonthDayNano([1, 0, 0]), pa.MonthDayNano([0, 30, 0]), pa.MonthDayNano([0, 0, -1500]), None],
        type=pa.month_day_nano_interval())
    con.register("imported", pa.table({"id": [1, 2, 3, 4], "v": values}))
    assert con.sql("SELECT CAST(v AS VARCHAR) FROM imported ORDER BY id").fetchall() == [
        ("1 mon",), ("30 days",), ("-00:00:00.000002",), (None,)]
    # '1 mon' and '30 days' are equal (a month counts as 30 days), as in PostgreSQL.
    assert con.sql("SELECT count(DISTINCT v), sum(CASE WHEN v = INTERVAL '30 days' THEN 1 ELSE 0 END) FROM imported"
                   ).fetchall() == [(2, 2)]
    back = con.sql("SELECT v FROM imported ORDER BY id").arrow().column("v").to_pylist()
    assert back == [pa.MonthDayNano([1, 0, 0]), pa.MonthDayNano([0, 30, 0]), pa.MonthDayNano([0, 0, -2000]), None]


def test_pandas_frame_holds_the_intervals(con):
    frame = con.sql(f"SELECT id, v FROM {ROWS} t(id, v) ORDER BY id").df()
    assert list(frame["id"]) == [1, 2, 3, 4]
    assert len(frame["v"]) == 4


def test_arrow_export_refuses_a_time_past_int64_nanoseconds(con):
    # The stream reports it to pyarrow, which raises it as its own error.
    with pytest.raises((orbit.Error, pa.ArrowInvalid), match="month_day_nano"):
        con.sql("SELECT INTERVAL '3000000 hours' AS v").arrow()


def test_timedelta_parameter_reads_as_an_interval(con):
    delta = datetime.timedelta(days=2, hours=3, microseconds=7)
    assert con.sql("SELECT CAST($1 AS INTERVAL), TIMESTAMP '2024-01-01' + CAST($1 AS INTERVAL)",
                   [delta]).fetchall() == [(delta, datetime.datetime(2024, 1, 3, 3, 0, 0, 7))]


def test_csv_round_trip(con, tmp_path):
    path = tmp_path / "iv.csv"
    con.execute(f"COPY (SELECT id, v FROM {ROWS} t(id, v)) TO '{path}' (FORMAT csv, HEADER)")
    assert "1 year 2 mons 3 days 04:05:06.5" in path.read_text()
    con.execute("CREATE TABLE back (id INTEGER, v INTERVAL)")
    con.execute(f"COPY back FROM '{path}' (FORMAT csv, HEADER)")
    assert con.sql("SELECT id, CAST(v AS VARCHAR) FROM back ORDER BY id").fetchall() == [
        (1, "1 year 2 mons 3 days 04:05:06.5"), (2, "-36:00:00"), (3, None), (4, "00:00:00")]


def test_parquet_refuses_an_interval_column_before_writing(con, tmp_path):
    path = tmp_path / "iv.parquet"
    with pytest.raises(orbit.Error, match='column "v" is INTERVAL, which Orbit cannot write to Parquet'):
        con.execute(f"COPY (SELECT INTERVAL '1 day' AS v) TO '{path}' (FORMAT parquet)")
    assert not path.exists()


@pytest.mark.skipif(psycopg is None, reason="psycopg is not installed")
def test_pg_server_sends_interval_oid_and_text():
    from test_pg_server import Server, connect

    server = Server()
    try:
        with connect(server) as pg:
            cur = pg.execute("SELECT INTERVAL '1 day 02:03:04' AS a, TIMESTAMP '2024-03-01' - TIMESTAMP '2024-01-01' AS b")
            assert [c.type_code for c in cur.description] == [1186, 1186]
            assert cur.fetchall() == [(datetime.timedelta(days=1, seconds=7384), datetime.timedelta(days=60))]
            text = pg.execute("SELECT CAST(INTERVAL '1 year -2 mons' AS VARCHAR)").fetchall()
            assert text == [("10 mons",)]
            binary = pg.cursor(binary=True)
            binary.execute("SELECT INTERVAL '-1 days +02:00:00.25' AS a, CAST(NULL AS INTERVAL) AS b")
            assert binary.fetchall() == [(datetime.timedelta(days=-1, hours=2, microseconds=250000), None)]
    finally:
        server.stop()
