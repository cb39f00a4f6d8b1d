"""Transaction blocks through the Python package (BEGIN/COMMIT/ROLLBACK, commit(),
rollback(), transaction_status, what another session sees) and through psycopg against
`orbit serve` with autocommit off (psycopg's implicit BEGIN). Expected rows are those
PostgreSQL gives; where Orbit's one-writer model differs (a second writer waits, then fails
with 55P03) the test says so."""
import threading

import pytest

import orbit
from test_pg_server import Server, connect, needs_psycopg

try:
    import psycopg
    import psycopg.errors
except ImportError:
    psycopg = None


def test_a_block_is_seen_by_another_session_only_once_committed():
    con = orbit.connect()
    con.sql("CREATE TABLE t (a INTEGER)")
    other = con.cursor()  # a session of its own on the same database
    assert con.transaction_status == "I"
    con.begin()
    assert con.transaction_status == "T" and con.in_transaction
    con.sql("INSERT INTO t VALUES (1), (2)")
    assert con.sql("SELECT count(*) FROM t").fetchone() == (2,)
    assert other.execute("SELECT count(*) FROM t").fetchone() == (0,)
    con.commit()
    assert con.transaction_status == "I"
    assert other.execute("SELECT count(*) FROM t").fetchone() == (2,)
    con.begin()
    con.sql("DELETE FROM t")
    con.sql("CREATE TABLE gone (x INTEGER)")
    con.rollback()
    assert con.sql("SELECT count(*) FROM t").fetchone() == (2,)
    assert "gone" not in con.tables()
    con.commit()  # outside a block: nothing to do, as PostgreSQL's warning-only COMMIT
    con.rollback()


def test_an_error_fails_the_block_until_rollback():
    con = orbit.connect()
    con.sql("CREATE TABLE t (a INTEGER CHECK (a > 0))")
    con.sql("BEGIN")
    con.sql("INSERT INTO t VALUES (1)")
    with pytest.raises(orbit.CheckViolation) as violated:
        con.sql("INSERT INTO t VALUES (-1)")
    assert violated.value.sqlstate == "23514"
    assert 'violates check constraint "t_a_check"' in str(violated.value)
    assert con.transaction_status == "E"
    with pytest.raises(orbit.InFailedSqlTransaction) as refused:
        con.sql("SELECT 1").fetchall()
    assert refused.value.sqlstate == "25P02"
    con.commit()  # a failed block's COMMIT rolls it back
    assert con.transaction_status == "I"
    assert con.sql("SELECT count(*) FROM t").fetchone() == (0,)
    with pytest.raises(orbit.NoActiveSqlTransaction):
        con.sql("SAVEPOINT s")
    con.sql("BEGIN READ ONLY")
    with pytest.raises(orbit.ReadOnlySqlTransaction) as read_only:
        con.sql("UPDATE t SET a = 2")
    assert read_only.value.sqlstate == "25006"
    con.rollback()


def test_a_writer_waits_for_another_sessions_block_then_fails_with_55p03():
    con = orbit.connect()
    con.sql("CREATE TABLE t (a INTEGER)")
    other = con.cursor()
    other.execute("SET lock_timeout = '200ms'")
    con.begin()
    con.sql("INSERT INTO t VALUES (1)")
    with pytest.raises(orbit.LockNotAvailable) as waited:
        other.execute("INSERT INTO t VALUES (2)")
    assert waited.value.sqlstate == "55P03"
    # Once the block ends the other writer goes through: it waited rather than failed.
    other.execute("SET lock_timeout = '20s'")
    done = []
    writer = threading.Thread(target=lambda: done.append(other.execute("INSERT INTO t VALUES (2)")))
    writer.start()
    writer.join(timeout=0.3)
    assert not done  # still waiting for the block
    con.commit()
    writer.join(timeout=20)
    assert done
    assert con.sql("SELECT a FROM t ORDER BY a").fetchall() == [(1,), (2,)]


def test_repeatable_read_keeps_its_snapshot():
    con = orbit.connect()
    con.sql("CREATE TABLE t (a INTEGER)")
    other = con.cursor()
    con.sql("BEGIN ISOLATION LEVEL REPEATABLE READ")
    assert con.sql("SELECT count(*) FROM t").fetchone() == (0,)
    other.execute("INSERT INTO t VALUES (1)")
    assert con.sql("SELECT count(*) FROM t").fetchone() == (0,)
    with pytest.raises(orbit.SerializationFailure) as failed:
        con.sql("UPDATE t SET a = 2")
    assert failed.value.sqlstate == "40001"
    con.rollback()
    assert con.sql("SELECT count(*) FROM t").fetchone() == (1,)


@pytest.fixture(scope="module")
def server():
    started = Server()
    yield started
    started.stop()


@needs_psycopg
def test_psycopg_implicit_begin_commit_rollback_and_status(server):
    Status = psycopg.pq.TransactionStatus
    with connect(server, autocommit=False) as con, connect(server) as watcher:
        con.execute("CREATE TABLE pt (a INTEGER, b VARCHAR)")
        con.commit()
        con.execute("INSERT INTO pt VALUES (1, 'one')")
        assert con.info.transaction_status == Status.INTRANS
        assert con.execute("SELECT count(*) FROM pt").fetchone() == (1,)
        assert watcher.execute("SELECT count(*) FROM pt").fetchone() == (0,)
        con.commit()
        assert con.info.transaction_status == Status.IDLE
        assert watcher.execute("SELECT count(*) FROM pt").fetchone() == (1,)
        con.execute("INSERT INTO pt VALUES (2, 'two')")
        con.execute("UPDATE pt SET b = 'uno' WHERE a = 1")
        con.rollback()
        assert con.execute("SELECT * FROM pt ORDER BY a").fetchall() == [(1, "one")]
        con.commit()
        # An error fails the block (INERROR) and every statement is refused until rollback.
        con.execute("INSERT INTO pt VALUES (3, 'three')")
        with pytest.raises(psycopg.errors.DivisionByZero):
            con.execute("SELECT 1 / 0")
        assert con.info.transaction_status == Status.INERROR
        with pytest.raises(psycopg.errors.InFailedSqlTransaction):
            con.execute("SELECT 1")
        con.rollback()
        assert con.execute("SELECT count(*) FROM pt").fetchone() == (1,)
        con.commit()
        # psycopg's transaction() block: a savepoint inside the outer block.
        with con.transaction():
            con.execute("INSERT INTO pt VALUES (4, 'four')")
            with pytest.raises(psycopg.errors.DivisionByZero):
                with con.transaction():
                    con.execute("INSERT INTO pt VALUES (5, 'five')")
                    con.execute("SELECT 1 / 0")
        assert con.execute("SELECT a FROM pt ORDER BY a").fetchall() == [(1,), (4,)]
        con.commit()
        # psycopg's read_only: BEGIN READ ONLY, whose changes fail with 25006.
        con.read_only = True
        assert con.execute("SELECT count(*) FROM pt").fetchone() == (2,)
        with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
            con.execute("DELETE FROM pt")
        con.rollback()
        con.read_only = False
        assert con.execute("SELECT count(*) FROM pt").fetchone() == (2,)
        con.commit()


@needs_psycopg
def test_psycopg_sees_55p03_and_23514(server):
    with connect(server, autocommit=False) as con, connect(server) as other:
        con.execute("CREATE TABLE pc (a INTEGER CONSTRAINT positive CHECK (a > 0))")
        con.commit()
        with pytest.raises(psycopg.errors.CheckViolation) as violated:
            con.execute("INSERT INTO pc VALUES (0)")
        assert 'violates check constraint "positive"' in str(violated.value)
        con.rollback()
        con.execute("INSERT INTO pc VALUES (1)")
        other.execute("SET lock_timeout = '200ms'")
        with pytest.raises(psycopg.errors.LockNotAvailable):
            other.execute("INSERT INTO pc VALUES (2)")
        con.commit()
        other.execute("INSERT INTO pc VALUES (2)")
        assert con.execute("SELECT a FROM pc ORDER BY a").fetchall() == [(1,), (2,)]
        con.commit()


def test_check_constraints_and_a_committed_block_survive_a_reopen(tmp_path):
    from parquet_support import parquet_missing
    if parquet_missing():
        pytest.skip(f"this build has no Parquet plugin: {parquet_missing()}")
    path = str(tmp_path / "checks.orbit")
    with orbit.connect(path) as con:
        con.sql("CREATE TABLE t (a INTEGER CHECK (a > 0), b VARCHAR, CONSTRAINT short CHECK (length(b) < 4))")
        con.sql("ALTER TABLE t ADD CONSTRAINT even CHECK (a % 2 = 0)")
        con.begin()
        con.sql("INSERT INTO t VALUES (2, 'ab')")
        con.sql("CREATE TABLE u AS SELECT a FROM t")
        con.commit()
        con.begin()
        con.sql("INSERT INTO t VALUES (4, 'cd')")  # never committed
    with orbit.connect(path) as con:
        assert con.sql("SELECT a, b FROM t ORDER BY a").fetchall() == [(2, "ab")]
        assert con.sql("SELECT a FROM u").fetchall() == [(2,)]
        assert con.sql("SELECT constraint_name, check_clause FROM information_schema.check_constraints "
                       "ORDER BY constraint_name").fetchall() == [
            ("even", "(a % 2 = 0)"), ("short", "(length(b) < 4)"), ("t_a_check", "(a > 0)")]
        for row, name in (("(3, 'x')", "even"), ("(-2, 'x')", "t_a_check"), ("(6, 'long')", "short")):
            with pytest.raises(orbit.CheckViolation, match=f'violates check constraint "{name}"'):
                con.sql(f"INSERT INTO t VALUES {row}")
        con.sql("ALTER TABLE t DROP CONSTRAINT even")
    with orbit.connect(path) as con:
        con.sql("INSERT INTO t VALUES (3, 'x')")
        assert con.sql("SELECT count(*) FROM t").fetchone() == (2,)
