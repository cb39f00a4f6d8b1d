"""`orbit serve`: the PostgreSQL wire protocol against real clients (psycopg 3 and psql) and
a small raw-protocol client for what they do not show (several statements in one Query,
row limits and PortalSuspended, malformed messages, transaction status). Each server runs
on a port the system picks (--pg-port 0; the server prints it), is waited for with a
timeout and is always killed at the end."""

import datetime
import decimal
import math
import os
import random
import shutil
import socket
import struct
import subprocess
import threading
import time

import pytest

from parquet_support import parquet_missing
from serve_process import ORBIT_BIN, PgSocket, ServeProcess


try:
    import psycopg
    import psycopg.errors
except ImportError as e:  # the tests that need it say so
    psycopg = None
    PSYCOPG_MISSING = f"psycopg is not installed ({e}); python3 -m pip install -r requirements.txt"
else:
    PSYCOPG_MISSING = None

needs_psycopg = pytest.mark.skipif(psycopg is None, reason=PSYCOPG_MISSING or "")
needs_psql = pytest.mark.skipif(shutil.which("psql") is None,
                                reason="psql is not installed (scripts/setup installs postgresql-client)")


class Server(ServeProcess):
    """An `orbit serve` process on a free port; stop() kills it."""

    def dsn(self, user="tester", password=None, dbname="memory"):
        text = f"host=127.0.0.1 port={self.port} user={user} dbname={dbname} connect_timeout=10"
        return text + (f" password={password}" if password is not None else "")


@pytest.fixture(scope="module")
def server():
    started = Server()
    yield started
    started.stop()


def connect(server, **kwargs):
    kwargs.setdefault("autocommit", True)
    return psycopg.connect(server.dsn(**{k: kwargs.pop(k) for k in ("user", "password", "dbname") if k in kwargs}),
                           **kwargs)


class RawClient(PgSocket):
    """The protocol by hand: startup, then messages in and out."""

    def __init__(self, port, user="tester", database="memory", password=None):
        super().__init__(port)
        params = b"user\0" + user.encode() + b"\0database\0" + database.encode() + b"\0\0"
        body = struct.pack("!i", 196608) + params
        self.sock.sendall(struct.pack("!i", len(body) + 4) + body)
        kind, payload = self.read()
        if kind == "R" and struct.unpack("!i", payload[:4])[0] == 3:
            self.send("p", (password or "").encode() + b"\0")
            kind, payload = self.read()
        assert (kind, payload) == ("R", b"\0\0\0\0"), (kind, payload)
        self.startup = self.until_ready()

    def until_ready(self):
        messages = []
        while True:
            kind, body = self.read()
            assert kind is not None, f"connection closed after {messages}"
            messages.append((kind, body))
            if kind == "Z":
                return messages

    def query(self, sql):
        self.send("Q", sql.encode() + b"\0")
        return self.until_ready()

    def close(self):
        self.sock.close()


def error_fields(body):
    fields = {}
    for part in body.split(b"\0"):
        if part:
            fields[chr(part[0])] = part[1:].decode()
    return fields


def data_row(body):
    count = struct.unpack("!h", body[:2])[0]
    values, at = [], 2
    for _ in range(count):
        size = struct.unpack("!i", body[at:at + 4])[0]
        at += 4
        values.append(None if size < 0 else body[at:at + size].decode())
        at += max(size, 0)
    return values


def test_startup_reports_parameters_and_a_cancel_key(server):
    client = RawClient(server.port)
    status = {}
    for kind, body in client.startup:
        if kind == "S":
            name, value = body.split(b"\0")[:2]
            status[name.decode()] = value.decode()
    assert status["server_version"].startswith("15.")
    assert status["client_encoding"] == "UTF8" and status["server_encoding"] == "UTF8"
    assert status["DateStyle"] == "ISO, MDY"
    assert status["integer_datetimes"] == "on" and status["standard_conforming_strings"] == "on"
    assert [kind for kind, _ in client.startup][-2:] == ["K", "Z"]
    assert client.startup[-1][1] == b"I"
    client.close()


def test_several_statements_in_one_query_each_answer_and_an_error_stops_the_rest(server):
    client = RawClient(server.port)
    messages = client.query("SELECT 1 AS a; SELECT 'x' AS b, NULL AS c; SELECT 1/0; SELECT 3")
    kinds = [kind for kind, _ in messages]
    assert kinds == ["T", "D", "C", "T", "D", "C", "E", "Z"], kinds
    assert data_row(messages[1][1]) == ["1"]
    assert data_row(messages[4][1]) == ["x", None]
    assert messages[2][1] == b"SELECT 1\0"
    fields = error_fields(messages[6][1])
    assert fields["C"] == "22012" and fields["S"] == "ERROR", fields
    assert [kind for kind, _ in client.query("")] == ["I", "Z"]  # EmptyQueryResponse
    assert [kind for kind, _ in client.query("-- nothing but a comment")] == ["I", "Z"]
    client.close()


def test_transaction_status_follows_begin_commit_and_a_failed_block(server):
    client = RawClient(server.port)
    assert client.query("BEGIN")[-1] == ("Z", b"T")
    assert client.query("SELECT * FROM missing_table")[-1] == ("Z", b"E")
    refused = client.query("SELECT 1")
    assert error_fields(refused[0][1])["C"] == "25P02"
    assert client.query("ROLLBACK")[-2:] == [("C", b"ROLLBACK\0"), ("Z", b"I")]
    client.close()


def test_deallocate_closes_a_protocol_prepared_statement(server):
    client = RawClient(server.port)
    client.send("P", b"_pg3_0\0SELECT 7\0\0\0")
    client.send("S")
    assert [kind for kind, _ in client.until_ready()] == ["1", "Z"]
    assert client.query("DEALLOCATE _pg3_0")[-2:] == [("C", b"DEALLOCATE\0"), ("Z", b"I")]
    client.send("B", b"\0_pg3_0\0" + struct.pack("!hhh", 0, 0, 0))
    client.send("S")
    messages = client.until_ready()
    assert messages[0][0] == "E" and error_fields(messages[0][1])["C"] == "26000"
    assert client.query("DEALLOCATE ALL")[-2][0] == "C"


def test_execute_with_a_row_limit_suspends_the_portal(server):
    client = RawClient(server.port)
    client.send("P", b"\0SELECT x FROM generate_series(1, 5) AS g(x)\0\0\0")
    client.send("B", b"\0\0" + struct.pack("!hhh", 0, 0, 0))
    client.send("E", b"\0" + struct.pack("!i", 2))
    client.send("E", b"\0" + struct.pack("!i", 2))
    client.send("E", b"\0" + struct.pack("!i", 0))
    client.send("S")
    messages = client.until_ready()
    kinds = [kind for kind, _ in messages]
    assert kinds == ["1", "2", "D", "D", "s", "D", "D", "s", "D", "C", "Z"], kinds
    assert [data_row(body) for kind, body in messages if kind == "D"] == [["1"], ["2"], ["3"], ["4"], ["5"]]
    assert messages[-2][1] == b"SELECT 1\0"
    client.close()


def test_describe_tells_parameter_types_and_columns_before_running(server):
    client = RawClient(server.port)
    client.send("P", b"probe\0SELECT $1::INTEGER + 1 AS n, $2 AS s\0" + struct.pack("!hi", 1, 23))
    client.send("D", b"Sprobe\0")
    client.send("B", b"\0probe\0" + struct.pack("!hhh", 1, 1, 2) + struct.pack("!i", 4) + struct.pack("!i", 41)
                + struct.pack("!i", 2) + b"hi" + struct.pack("!hh", 1, 0))
    client.send("E", b"\0" + struct.pack("!i", 0))
    client.send("S")
    messages = client.until_ready()
    kinds = [kind for kind, _ in messages]
    assert kinds == ["1", "t", "T", "2", "D", "C", "Z"], messages
    assert messages[1][1] == struct.pack("!hii", 2, 23, 25)
    assert messages[2][1].startswith(struct.pack("!h", 2) + b"n\0")
    assert data_row(messages[4][1]) == ["42", "hi"]
    # A result format that does not exist: a clean error, then the session goes on after Sync.
    client.send("P", b"\0SELECT NULL AS x\0\0\0")
    client.send("B", b"\0\0" + struct.pack("!hhhh", 0, 0, 1, 2))
    client.send("D", b"P\0")
    client.send("E", b"\0" + struct.pack("!i", 0))
    client.send("S")
    messages = client.until_ready()
    assert [kind for kind, _ in messages] == ["1", "2", "E", "Z"], messages
    assert error_fields(messages[2][1])["C"] == "0A000"
    assert [kind for kind, _ in client.query("SELECT NULL AS x")] == ["T", "D", "C", "Z"]
    client.send("X")
    assert client.read() == (None, None)


def test_a_malformed_or_oversized_message_closes_only_that_connection(server):
    client = RawClient(server.port)
    client.sock.sendall(b"Q" + struct.pack("!i", 0x7fffffff))
    kind, body = client.read()
    assert kind == "E" and error_fields(body)["C"] == "08P01" and error_fields(body)["S"] == "FATAL"
    assert client.read() == (None, None)
    client = RawClient(server.port)
    client.send("B", b"\0")  # a Bind cut short
    kind, body = client.read()
    assert kind == "E" and error_fields(body)["C"] == "08P01"
    garbage = socket.create_connection(("127.0.0.1", server.port), timeout=20)
    garbage.sendall(b"\x00\x00\x00\x08\x12\x34\x56\x78")  # an unknown protocol version
    assert b"E" in garbage.recv(1000)
    garbage.close()
    assert RawClient(server.port).query("SELECT 1")[-1] == ("Z", b"I")  # the server lives


def test_random_messages_never_end_the_server(server):
    rng = random.Random(15)  # fixed: the same messages every run
    kinds = "QPBDECSHdcfFpvz"
    for attempt in range(40):
        client = RawClient(server.port)
        messages = []
        for _ in range(rng.randint(1, 6)):
            kind = rng.choice(kinds)
            body = bytes(rng.randrange(256) for _ in range(rng.randint(0, 40)))
            if kind in "QPBDEC" and rng.random() < 0.5:
                body = body.replace(b"\0", b"") + b"\0" + bytes(rng.randrange(256) for _ in range(rng.randint(0, 12)))
            messages.append((kind, body))
        try:
            for kind, body in messages:
                client.send(kind, body)
            client.send("X")
            while client.read() != (None, None):  # every message answered, then the connection closed
                pass
        except (ConnectionResetError, BrokenPipeError):
            pass  # closed after a FATAL error while messages were still unread: a reset, as PostgreSQL's
        client.close()
    assert server.process.poll() is None, f"attempt {attempt}"
    assert RawClient(server.port).query("SELECT 1")[-1] == ("Z", b"I")


def test_ssl_request_is_answered_no(server):
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=20)
    sock.sendall(struct.pack("!ii", 8, 80877103))
    assert sock.recv(1) == b"N"
    sock.close()


@needs_psycopg
def test_psycopg_simple_query_and_description(server):
    with connect(server) as con:
        cur = con.execute("SELECT 42 AS answer, 'x' AS s, CAST(1.5 AS DECIMAL(10,2)) AS d")
        assert cur.fetchall() == [(42, "x", decimal.Decimal("1.50"))]
        assert [(c.name, c.type_code) for c in cur.description] == [("answer", 23), ("s", 1043), ("d", 1700)]
        assert con.info.server_version >= 150000
        assert con.execute("SELECT x FROM generate_series(1, 3) AS g(x)").fetchall() == [(1,), (2,), (3,)]
        con.execute("CREATE TABLE psy_dml (a INTEGER, b VARCHAR)")
        assert con.execute("INSERT INTO psy_dml VALUES (1, 'a'), (2, 'b'), (3, 'c')").rowcount == 3
        assert con.execute("UPDATE psy_dml SET b = 'z' WHERE a >= 2").rowcount == 2
        assert con.execute("DELETE FROM psy_dml WHERE a = 1").rowcount == 1
        con.cursor().executemany("INSERT INTO psy_dml VALUES (%s, %s)", [(4, "d"), (5, "e")])  # pipelined
        assert con.execute("DELETE FROM psy_dml WHERE a > %s", (3,)).rowcount == 2
        cur = con.execute("SELECT * FROM psy_dml ORDER BY a")
        assert cur.fetchall() == [(2, "z"), (3, "z")] and cur.statusmessage == "SELECT 2"



@needs_psycopg
def test_variable_length_arrays_travel_as_postgresqls_array_types(server):
    with connect(server) as con:
        cur = con.execute("SELECT ARRAY[1, NULL]::INTEGER[] AS i, ARRAY['a b', NULL, 'c'] AS s, "
                          "'{1.5}'::DOUBLE PRECISION[] AS d, ARRAY[true] AS b, '{2024-01-02}'::DATE[] AS day, "
                          "'{1.25}'::DECIMAL(5,2)[] AS n, ARRAY[]::BIGINT[] AS e")
        assert [c.type_code for c in cur.description] == [1007, 1015, 1022, 1000, 1182, 1231, 1016]
        assert cur.fetchall() == [([1, None], ["a b", None, "c"], [1.5], [True], [datetime.date(2024, 1, 2)],
                                   [decimal.Decimal("1.25")], [])]


@needs_psycopg
def test_returning_and_on_conflict_give_rows_and_postgresqls_tags(server):
    with connect(server) as con:
        con.execute("CREATE TABLE psy_upsert (id INTEGER PRIMARY KEY, v INTEGER)")
        cur = con.execute("INSERT INTO psy_upsert VALUES (%s, %s), (2, 20) RETURNING id, v * 2", (1, 10))
        assert cur.fetchall() == [(1, 20), (2, 40)] and cur.statusmessage == "INSERT 0 2"
        cur = con.execute("INSERT INTO psy_upsert VALUES (1, 5), (3, 30) ON CONFLICT (id) DO UPDATE "
                          "SET v = psy_upsert.v + excluded.v")
        assert cur.rowcount == 2 and cur.statusmessage == "INSERT 0 2"
        cur = con.execute("INSERT INTO psy_upsert VALUES (1, 0), (4, 40) ON CONFLICT DO NOTHING RETURNING id")
        assert cur.fetchall() == [(4,)] and cur.statusmessage == "INSERT 0 1"
        cur = con.execute("UPDATE psy_upsert SET v = 0 WHERE id = 3 RETURNING *")
        assert cur.fetchall() == [(3, 0)] and cur.statusmessage == "UPDATE 1"
        cur = con.execute("DELETE FROM psy_upsert WHERE id = 2 RETURNING id")
        assert cur.fetchall() == [(2,)] and cur.statusmessage == "DELETE 1"
        assert con.execute("SELECT id, v FROM psy_upsert ORDER BY id").fetchall() == [(1, 15), (3, 0), (4, 40)]

TYPES_QUERY = """SELECT TRUE AS yes, FALSE AS no, CAST(NULL AS BOOLEAN) AS unknown,
  2147483647 AS i32, CAST(-2147483648 AS INTEGER) AS i32min, CAST(9223372036854775807 AS BIGINT) AS i64,
  CAST(0.1 AS DOUBLE) AS d, CAST(-1e300 AS DOUBLE) AS big, CAST('inf' AS DOUBLE) AS inf,
  CAST(-12.50 AS DECIMAL(10,2)) AS m, CAST(12345678901234567890.12 AS DECIMAL(22,2)) AS wide,
  CAST(0.001 AS DECIMAL(5,3)) AS small,
  DATE '2024-02-29' AS day, DATE '0001-01-01' AS first_day,
  TIMESTAMP '2024-02-29 12:34:56.789' AS at, TIMESTAMP '1969-12-31 23:59:59.999999' AS before_epoch,
  TIMESTAMP '2000-01-01 00:00:00' AS pg_epoch,
  'naïve "quoted" \\ text' AS s, '' AS empty, CAST(NULL AS VARCHAR) AS nothing,
  CAST(-32768 AS SMALLINT) AS i16, CAST(-128 AS TINYINT) AS i8, CAST(0.25 AS REAL) AS r,
  CAST('-Infinity' AS REAL) AS rinf"""


@needs_psycopg
@pytest.mark.parametrize("binary", [False, True], ids=["text", "binary"])
def test_every_type_round_trips_as_orbits_python_api_reads_it(server, binary):
    orbit = pytest.importorskip("orbit", reason="Orbit's Python module is not built (build/python)")
    expected = orbit.sql(TYPES_QUERY).fetchall()
    with connect(server) as con:
        cur = con.cursor(binary=binary)
        rows = cur.execute(TYPES_QUERY).fetchall()
        oids = [c.type_code for c in cur.description]
    assert rows == expected
    assert oids == [16, 16, 16, 23, 23, 20, 701, 701, 701, 1700, 1700, 1700, 1082, 1082, 1114, 1114, 1114,
                    1043, 1043, 1043, 21, 21, 700, 700]
    assert isinstance(rows[0][9], decimal.Decimal) and isinstance(rows[0][14], datetime.datetime)
    assert math.isinf(rows[0][8])


@needs_psycopg
def test_parameters_text_and_binary_with_and_without_prepare(server):
    with connect(server) as con:
        con.execute("CREATE TABLE params (id INTEGER, day DATE, price DECIMAL(10,2), name VARCHAR, at TIMESTAMP)")
        con.execute("INSERT INTO params VALUES (%s, %s, %s, %s, %s)",
                    (1, datetime.date(2024, 1, 2), decimal.Decimal("9.95"), "it's", datetime.datetime(2024, 1, 2, 3, 4, 5)))
        con.execute("INSERT INTO params VALUES (%s, %s, %s, %s, %s)", (2, None, None, None, None))
        for prepare in (False, True):
            for _ in range(2):
                row = con.execute("SELECT id, name FROM params WHERE day = %s AND price > %s",
                                  (datetime.date(2024, 1, 2), decimal.Decimal("1.5")), prepare=prepare).fetchall()
                assert row == [(1, "it's")]
        assert con.execute("SELECT %s + 1, %s, %s", (41, 2.5, True)).fetchone() == (42, 2.5, True)
        assert con.execute("SELECT %b + 1", (2**40,)).fetchone() == (2**40 + 1,)
        assert con.execute("SELECT %t", ("text",)).fetchone() == ("text",)
        assert con.execute("SELECT count(*) FROM params WHERE name IS NULL AND id = %s", (2,)).fetchone() == (1,)
        assert con.execute("SELECT at FROM params WHERE id = %s", (1,)).fetchone() == (
            datetime.datetime(2024, 1, 2, 3, 4, 5),)


@needs_psycopg
@pytest.mark.parametrize("sql, sqlstate", [
    ("SELEC 1", "42601"),
    ("SELECT * FROM no_such_table", "42P01"),
    ("SELECT no_such_column FROM (SELECT 1 AS a) AS t", "42703"),
    ("SELECT 1 / 0", "22012"),
    ("SELECT CAST(2147483647 AS INTEGER) + 1", "22003"),
    ("SELECT CAST('abc' AS INTEGER)", "22P02"),
])
def test_errors_carry_their_sqlstate_and_the_session_goes_on(server, sql, sqlstate):
    with connect(server) as con:
        with pytest.raises(psycopg.Error) as raised:
            con.execute(sql)
        assert raised.value.sqlstate == sqlstate, str(raised.value)
        assert con.execute("SELECT 1").fetchone() == (1,)


@needs_psycopg
def test_out_of_memory_and_not_supported_have_their_sqlstates(server):
    with connect(server) as con:
        con.execute("CREATE TABLE oom AS SELECT x FROM generate_series(1, 300000) AS g(x)")
        con.execute("SET memory_limit = '1MB'")
        with pytest.raises(psycopg.Error) as raised:
            con.execute("SELECT x * 2 AS y FROM oom ORDER BY y DESC")
        assert raised.value.sqlstate == "53200", str(raised.value)
        con.execute("RESET memory_limit")
        assert con.execute("SELECT count(*) FROM oom").fetchone() == (300000,)
        with pytest.raises(psycopg.Error) as raised:
            con.execute("CREATE INDEX i ON oom (x)")
        assert raised.value.sqlstate == "0A000", str(raised.value)


@needs_psycopg
def test_transactions_set_and_show_as_psycopg_uses_them(server):
    with connect(server, autocommit=False) as con:
        con.execute("CREATE TABLE tx (a INTEGER)")
        con.execute("INSERT INTO tx VALUES (1)")
        assert con.info.transaction_status == psycopg.pq.TransactionStatus.INTRANS
        con.commit()
        assert con.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
        with pytest.raises(psycopg.errors.UndefinedTable):
            con.execute("SELECT * FROM missing")
        assert con.info.transaction_status == psycopg.pq.TransactionStatus.INERROR
        con.rollback()
        assert con.execute("SELECT count(*) FROM tx").fetchone() == (1,)
        con.commit()
    with connect(server) as con:
        con.execute("SET application_name = 'orbit-test'")
        assert con.info.parameter_status("application_name") == "orbit-test"
        assert con.execute("SHOW application_name").fetchone() == ("orbit-test",)
        assert con.execute("SHOW DateStyle").fetchone() == ("ISO, MDY",)
        con.execute("SET TIME ZONE 'UTC'")
        con.execute("SET extra_float_digits = 3")
        con.execute("SET threads = 2")  # Orbit's own setting
        assert con.execute("SHOW threads").fetchone() is not None
        with pytest.raises(psycopg.Error) as raised:
            con.execute("SET client_encoding = 'LATIN1'")
        assert raised.value.sqlstate == "0A000"
        with pytest.raises(psycopg.Error) as raised:
            con.execute("SET no_such_setting = 1")
        assert raised.value.sqlstate == "42704"


@needs_psycopg
def test_copy_from_stdin_and_to_stdout(server):
    with connect(server) as con:
        con.execute("CREATE TABLE copied (id INTEGER, name VARCHAR, day DATE, price DECIMAL(8,2))")
        with con.cursor().copy("COPY copied FROM STDIN") as copy:
            copy.write_row((1, "tab\there, and a\nline", datetime.date(2024, 1, 2), decimal.Decimal("1.50")))
            copy.write_row((2, None, None, None))
            copy.write_row((3, 'quote " and \\ backslash', datetime.date(2024, 3, 4), decimal.Decimal("-2.25")))
            copy.write_row((4, "", datetime.date(2024, 3, 5), decimal.Decimal("0")))
        expected = [(1, "tab\there, and a\nline", datetime.date(2024, 1, 2), decimal.Decimal("1.50")),
                    (2, None, None, None),
                    (3, 'quote " and \\ backslash', datetime.date(2024, 3, 4), decimal.Decimal("-2.25")),
                    (4, "", datetime.date(2024, 3, 5), decimal.Decimal("0.00"))]
        assert con.execute("SELECT * FROM copied ORDER BY id").fetchall() == expected
        with con.cursor().copy("COPY (SELECT * FROM copied ORDER BY id) TO STDOUT") as copy:
            assert list(copy.rows()) == [tuple(None if v is None else str(v) for v in row) for row in expected]
        with con.cursor().copy("COPY copied TO STDOUT (FORMAT csv, HEADER)") as copy:
            text = b"".join(bytes(chunk) for chunk in copy).decode()
        assert text.splitlines()[0] == "id,name,day,price" and '3,"quote "" and \\ backslash",2024-03-04,-2.25' in text
        with con.cursor().copy("COPY copied FROM STDIN (FORMAT csv)") as copy:
            copy.write('5,"five, quoted",2024-05-05,5.55\n6,,,\n')
        assert con.execute("SELECT name, day FROM copied WHERE id >= 5 ORDER BY id").fetchall() == [
            ("five, quoted", datetime.date(2024, 5, 5)), (None, None)]
        # A failed COPY inserts nothing: bad data, or the client giving up half-way.
        with pytest.raises(psycopg.Error) as raised:
            with con.cursor().copy("COPY copied FROM STDIN") as copy:
                copy.write("7\tok\t2024-01-01\t1\nnot a number\tx\t2024-01-01\t1\n")
        assert raised.value.sqlstate == "22P02", str(raised.value)
        with pytest.raises(RuntimeError):  # psycopg sends CopyFail, then raises the client's own error
            with con.cursor().copy("COPY copied FROM STDIN") as copy:
                copy.write_row((8, "never", None, None))
                raise RuntimeError("the client gives up")
        assert con.execute("SELECT count(*) FROM copied").fetchone() == (6,)


@needs_psycopg
def test_server_side_cursors_page_through_a_result(server):
    with connect(server, autocommit=False) as con:
        with con.cursor(name="pages") as cur:
            cur.itersize = 3
            cur.execute("SELECT x, 'r' || x AS s FROM generate_series(1, 10) AS g(x) WHERE x > %s ORDER BY x", (2,))
            assert cur.fetchone() == (3, "r3")
            assert cur.fetchmany(2) == [(4, "r4"), (5, "r5")]
            assert [row[0] for row in cur] == [6, 7, 8, 9, 10]
            assert [c.type_code for c in cur.description] == [20, 1043]  # generate_series gives BIGINT
        with con.cursor(name="jump", scrollable=True) as cur:
            cur.execute("SELECT x FROM generate_series(1, 10) AS g(x) ORDER BY x")
            cur.scroll(4, mode="absolute")
            assert cur.fetchone() == (5,)
        con.commit()
        with pytest.raises(psycopg.Error) as raised:
            con.execute("FETCH NEXT FROM no_such_cursor")
        assert raised.value.sqlstate == "34000"


@needs_psycopg
def test_concurrent_connections_share_one_database(server):
    with connect(server) as con:
        con.execute("CREATE TABLE shared (worker INTEGER, n INTEGER)")
    failures = []

    def work(worker):
        try:
            with connect(server) as con:
                for n in range(10):
                    con.execute("INSERT INTO shared VALUES (%s, %s)", (worker, n))
                assert con.execute("SELECT count(*) FROM shared WHERE worker = %s", (worker,)).fetchone() == (10,)
        except Exception as e:  # reported below, with the worker
            failures.append((worker, repr(e)))

    threads = [threading.Thread(target=work, args=(w,)) for w in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not failures
    with connect(server) as con:
        assert con.execute("SELECT count(*), count(DISTINCT worker) FROM shared").fetchone() == (80, 8)


@needs_psycopg
def test_cancel_interrupts_the_running_statement(server):
    with connect(server) as con:
        con.execute("CREATE TABLE endless (k INTEGER)")
        con.execute("INSERT INTO endless SELECT 1 FROM generate_series(1, 1000)")
        outcome = []

        def run():
            try:
                con.execute("SELECT count(*) FROM endless a JOIN endless b ON a.k = b.k JOIN endless c ON b.k = c.k "
                            "JOIN endless d ON c.k = d.k")
                outcome.append("finished")
            except psycopg.Error as e:
                outcome.append(e.sqlstate)

        runner = threading.Thread(target=run)
        runner.start()
        deadline = time.monotonic() + 30
        while runner.is_alive() and time.monotonic() < deadline:
            con.cancel_safe(timeout=5)  # a cancel that comes before the statement runs is dropped: ask again
            runner.join(timeout=0.2)
        assert outcome == ["57014"]
        assert con.execute("SELECT 1").fetchone() == (1,)


@needs_psycopg
def test_a_wrong_password_or_database_is_refused():
    started = Server("--token", "analyst:s3cret:reader")
    try:
        with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
            psycopg.connect(started.dsn(user="analyst", password="wrong"))
        with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
            psycopg.connect(started.dsn(user="nobody", password="s3cret"))
        with pytest.raises(psycopg.OperationalError, match="does not exist"):
            psycopg.connect(started.dsn(user="analyst", password="s3cret", dbname="other"))
        with psycopg.connect(started.dsn(user="analyst", password="s3cret")) as con:
            assert con.execute("SELECT 'in'").fetchone() == ("in",)
    finally:
        started.stop()


def test_serving_beyond_loopback_needs_a_token():
    done = subprocess.run([ORBIT_BIN, "serve", "--pg-port", "0", "--host", "0.0.0.0"], capture_output=True, text=True,
                          timeout=30)
    assert done.returncode == 2 and "--token" in done.stderr


@needs_psycopg
def test_a_persisted_table_is_seen_by_a_second_connection_and_after_a_restart(tmp_path):
    missing = parquet_missing()
    if missing is not None:
        pytest.skip(f"database folders need the Parquet plugin: {missing}")
    path = str(tmp_path / "sales.orbit")
    started = Server("--database", path)
    try:
        with psycopg.connect(started.dsn(dbname="sales"), autocommit=True) as first:
            first.execute("CREATE TABLE trips (id INTEGER, fare DECIMAL(8,2))")
            first.execute("INSERT INTO trips VALUES (1, 9.50), (2, 12.25)")
            with psycopg.connect(started.dsn(dbname="sales"), autocommit=True) as second:
                assert second.execute("SELECT count(*), sum(fare) FROM trips").fetchone() == (2, decimal.Decimal("21.75"))
    finally:
        started.stop()
    restarted = Server("--database", path)
    try:
        with psycopg.connect(restarted.dsn(dbname="sales"), autocommit=True) as con:
            assert con.execute("SELECT id FROM trips ORDER BY id").fetchall() == [(1,), (2,)]
    finally:
        restarted.stop()


def psql(server, *args, password=None):
    env = dict(os.environ, PGCONNECT_TIMEOUT="10")
    if password is not None:
        env["PGPASSWORD"] = password
    return subprocess.run(["psql", server.dsn(), "-X", "-v", "ON_ERROR_STOP=1", *args], capture_output=True, text=True,
                          timeout=30, env=env)


@needs_psql
def test_psql_runs_queries_and_reports_errors(server):
    done = psql(server, "-At", "-c", "SELECT 1 AS a, TRUE AS b, DATE '2024-01-02' AS c, NULL AS d, 2.5 AS e")
    assert done.returncode == 0, done.stderr
    assert done.stdout == "1|t|2024-01-02||2.5\n"
    done = psql(server, "-At", "-c", "SELECT 1; SELECT 'two'")
    assert done.returncode == 0 and done.stdout == "1\ntwo\n", (done.stdout, done.stderr)
    done = psql(server, "-c", "SELECT * FROM missing_table")
    assert done.returncode == 1 and 'ERROR:  table "missing_table" does not exist' in done.stderr, done.stderr
    script = ("CREATE TABLE p (a INTEGER);\nINSERT INTO p VALUES (1), (2);\nBEGIN;\nSELECT sum(a) FROM p;\nCOMMIT;\n"
              "COPY p FROM STDIN;\n3\n\\.\nCOPY (SELECT a FROM p ORDER BY a) TO STDOUT;\n")
    done = subprocess.run(["psql", server.dsn(), "-X", "-v", "ON_ERROR_STOP=1"], input=script, capture_output=True,
                          text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    assert "CREATE TABLE" in done.stdout and "INSERT 0 2" in done.stdout and "BEGIN" in done.stdout
    assert "COMMIT" in done.stdout and " 3\n" in done.stdout
    assert "COPY 1\n1\n2\n3\n" in done.stdout, done.stdout


@needs_psql
def test_psql_with_a_password():
    started = Server("--token", "analyst:s3cret")
    try:
        env = dict(os.environ, PGPASSWORD="s3cret", PGCONNECT_TIMEOUT="10")
        done = subprocess.run(["psql", started.dsn(user="analyst"), "-X", "-At", "-c", "SELECT 'ok'"],
                              capture_output=True, text=True, timeout=30, env=env)
        assert done.returncode == 0 and done.stdout == "ok\n", done.stderr
        env["PGPASSWORD"] = "wrong"
        done = subprocess.run(["psql", started.dsn(user="analyst"), "-X", "-At", "-c", "SELECT 'ok'"],
                              capture_output=True, text=True, timeout=30, env=env)
        assert done.returncode == 2 and "password authentication failed" in done.stderr, done.stderr
    finally:
        started.stop()
