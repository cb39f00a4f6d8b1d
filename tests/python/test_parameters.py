"""Parameters from Python: Connection.sql(text, params=[...]) binds None, bool, int, float,
str, datetime.date, datetime.datetime and decimal.Decimal to $n or ? placeholders, as literals of their types
(str untyped, as a quoted literal)."""

import datetime
import decimal

import pyarrow as pa
import pytest

import orbit


@pytest.fixture
def con():
    with orbit.connect() as c:
        c.sql("CREATE TABLE trips (day DATE, vendor VARCHAR, fare DECIMAL(8,2));"
              "INSERT INTO trips VALUES (DATE '2024-01-01', 'a', 10.00), (DATE '2024-01-02', 'b', 20.50),"
              " (DATE '2023-12-31', 'a', 5.25)")
        yield c


def test_values_of_each_python_type(con):
    t = con.sql("SELECT ? AS n, ? AS i, ? AS f, ? AS s, ? AS d, ? AS dec, ? AS b",
                params=[None, 7, 0.5, "x'y", datetime.date(2024, 2, 29), decimal.Decimal("-1.25"), True])
    t = t.arrow()
    row = t.to_pylist()[0]
    assert row == {"n": None, "i": 7, "f": 0.5, "s": "x'y", "d": datetime.date(2024, 2, 29),
                   "dec": decimal.Decimal("-1.25"), "b": True}
    dec = t.schema.field("dec").type
    assert (dec.precision, dec.scale) == (3, 2)
    assert t.schema.field("f").type == pa.float64()


def test_filter_with_a_date_and_a_dollar_parameter(con):
    t = con.sql("SELECT vendor, sum(fare) AS total FROM trips WHERE day >= $1 GROUP BY 1 ORDER BY 1",
                params=[datetime.date(2024, 1, 1)])
    assert t.arrow().to_pylist() == [{"vendor": "a", "total": decimal.Decimal("10.00")},
                             {"vendor": "b", "total": decimal.Decimal("20.50")}]
    # the same with text: typed by its place, as PostgreSQL's text parameters are
    assert con.sql("SELECT count(*) AS c FROM trips WHERE day >= ?", params=["2024-01-02"]).arrow().to_pylist() == [{"c": 1}]


def test_datetimes_are_timestamps(con):
    naive = datetime.datetime(1969, 7, 20, 20, 17, 40, 123456)
    aware = datetime.datetime(2024, 3, 1, 12, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=2)))
    t = con.sql("SELECT ? AS naive, ? AS utc, CAST(? AS VARCHAR) AS text, ? > TIMESTAMP '2024-03-01 09:59' AS later",
                params=[naive, aware, naive, aware]).arrow()
    assert t.schema.field("naive").type == pa.timestamp("us")
    # a datetime with a time zone is converted to UTC: Orbit's TIMESTAMP has no zone
    assert t.to_pylist() == [{"naive": naive, "utc": datetime.datetime(2024, 3, 1, 10, 0),
                              "text": "1969-07-20 20:17:40.123456", "later": True}]
    # a datetime compared with a DATE column compares the date's midnight
    assert con.sql("SELECT count(*) AS c FROM trips WHERE day < ?",
                   params=[datetime.datetime(2024, 1, 1, 0, 0, 1)]).fetchall() == [(2,)]


def test_integers_beyond_bigint_are_decimals(con):
    assert con.sql("SELECT ? AS big", params=[10**20]).arrow().to_pylist() == [{"big": decimal.Decimal(10**20)}]


def test_bad_values_and_counts_raise(con):
    with pytest.raises(TypeError, match="cannot pass a dict"):
        con.sql("SELECT ?", params=[{"a": 1}])
    # a list is an array (T[n] or T[]); of values that are not SQL scalars it is refused
    with pytest.raises(TypeError, match="cannot hold a dict"):
        con.sql("SELECT ?", params=[[{"a": 1}]])
    with pytest.raises(orbit.Error, match="takes 2 parameters but 1 value was given"):
        con.sql("SELECT ? + ?", params=[1])
    with pytest.raises(orbit.Error, match="no values were given"):
        con.sql("SELECT $1")
    # the connection goes on after each error
    assert con.sql("SELECT ? AS ok", params=[1]).arrow().to_pylist() == [{"ok": 1}]


def test_empty_params_run_a_plain_statement(con):
    assert con.sql("SELECT count(*) AS c FROM trips", params=[]).arrow().to_pylist() == [{"c": 3}]
