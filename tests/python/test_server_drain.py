"""`orbit serve` stops cleanly on SIGTERM or SIGINT: it takes no new connection or statement,
lets the running statements finish within --drain-timeout, cancels the rest, and exits 0;
what committed before is kept (a database folder, opened again)."""

import signal
import subprocess
import threading
import time
import urllib.request

import pytest

from serve_process import ORBIT_BIN, ServeProcess

psycopg = pytest.importorskip("psycopg", reason="psycopg is missing: python3 -m pip install -r requirements.txt")

# Minutes of work on any machine, yet cancellable at once: a cross join's count.
LONG_QUERY = "SELECT count(*) FROM generate_series(1, 1000000) a, generate_series(1, 1000000) b"


def dsn(server, dbname="memory"):
    return f"host=127.0.0.1 port={server.pg_port} user=tester dbname={dbname} connect_timeout=10"


def running_statements(server):
    with urllib.request.urlopen(f"http://127.0.0.1:{server.http_port}/metrics", timeout=5) as response:
        text = response.read().decode()
    return sum(int(line.split()[-1]) for line in text.splitlines() if line.startswith("orbit_queries_in_flight"))


def wait_until(condition, what, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


def run_in_thread(server, sql, dbname="memory"):
    outcome = {}

    def run():
        try:
            with psycopg.connect(dsn(server, dbname), autocommit=True) as con:
                outcome["rows"] = con.execute(sql).fetchall()
        except psycopg.Error as error:
            outcome["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, outcome


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT])
def test_a_statement_past_the_drain_timeout_is_cancelled_and_the_server_exits_0(stop_signal):
    server = ServeProcess("--drain-timeout", "300ms", http=True)
    try:
        thread, outcome = run_in_thread(server, LONG_QUERY)
        wait_until(lambda: running_statements(server) == 1, "the statement to start")
        server.process.send_signal(stop_signal)
        # Draining: no new connection (PostgreSQL's 57P03), and HTTP is not ready.
        wait_until(lambda: "draining" in server.process.stderr.readline(), "the drain to start")
        with pytest.raises(psycopg.OperationalError, match="shutting down"):
            psycopg.connect(dsn(server))
        assert server.process.wait(timeout=30) == 0
        thread.join(timeout=30)
        assert "rows" not in outcome
        assert outcome["error"].sqlstate == "57014", outcome["error"]
        assert "cancelling 1 statement(s)" in server.process.stderr.read()
    finally:
        server.stop()


def test_a_statement_within_the_drain_timeout_finishes_and_committed_rows_are_kept(tmp_path):
    database = tmp_path / "db"
    server = ServeProcess("--database", str(database), "--drain-timeout", "60s", http=True)
    try:
        with psycopg.connect(dsn(server, "db"), autocommit=True) as con:
            con.execute("CREATE TABLE kept AS SELECT * FROM generate_series(1, 1000) AS g(x)")
        # A statement of seconds, running when the signal comes: the drain waits for it.
        thread, outcome = run_in_thread(
            server, "SELECT count(*) FROM generate_series(1, 40000) a, generate_series(1, 40000) b", "db")
        wait_until(lambda: running_statements(server) == 1, "the statement to start")
        server.process.send_signal(signal.SIGTERM)
        assert server.process.wait(timeout=120) == 0
        thread.join(timeout=30)
        assert outcome == {"rows": [(1600000000,)]}, outcome
    finally:
        server.stop()
    done = subprocess.run([ORBIT_BIN, "--database", str(database), "--format", "csv", "-c", "SELECT sum(x) FROM kept"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "500500"


def test_an_idle_server_exits_0_at_once():
    server = ServeProcess(http=False)
    try:
        with psycopg.connect(dsn(server), autocommit=True) as con:
            assert con.execute("SELECT 1").fetchone() == (1,)
            server.process.send_signal(signal.SIGTERM)
            assert server.process.wait(timeout=30) == 0
    finally:
        server.stop()
