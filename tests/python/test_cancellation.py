"""Cancelling a running statement from every client: Ctrl-C (SIGINT) in the orbit shell,
Connection.interrupt() in Python (the C API's orbit_interrupt), and statement_timeout.
The statement is a join on a constant key that would make 10^12 rows: only a cancel ends it."""
import signal
import subprocess
import threading
import time

import orbit

from tpch_compare import orbit_binary

SETUP = "CREATE TABLE t (k INTEGER); INSERT INTO t VALUES " + ", ".join(["(1)"] * 1000) + ";"
ENDLESS = "SELECT count(*) FROM t a JOIN t b ON a.k = b.k JOIN t c ON b.k = c.k JOIN t d ON c.k = d.k"


def test_ctrl_c_cancels_the_statement_and_stops_the_script():
    shell = subprocess.Popen([orbit_binary(), "--threads", "2", "-c", SETUP, "-c", ENDLESS, "-c", "SELECT 'after' AS x"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(1.0)
    assert shell.poll() is None, shell.communicate()
    shell.send_signal(signal.SIGINT)
    out, err = shell.communicate(timeout=60)
    assert shell.returncode == 130, (shell.returncode, err)
    assert b"Cancelled: canceling statement due to user request" in err, err
    assert b"after" not in out


def test_statement_timeout_in_the_shell_fails_only_that_statement():
    script = SETUP + "SET statement_timeout = '300ms';" + ENDLESS + ";SELECT 'after' AS x;"
    out = subprocess.run([orbit_binary(), "--threads", "2", "--format", "csv"], input=script.encode(),
                         capture_output=True, timeout=60)
    assert out.returncode == 1, out.stderr
    assert b"Cancelled: canceling statement due to statement_timeout (300 ms)" in out.stderr, out.stderr
    assert b"after" in out.stdout  # a piped script goes on after an error, as before


def test_interrupt_from_another_thread_raises_query_canceled():
    with orbit.connect() as con:
        con.sql(SETUP)
        outcome = {}

        def run():
            try:
                con.sql(ENDLESS).fetchall()
            except orbit.Error as error:
                outcome["error"] = error

        worker = threading.Thread(target=run)
        worker.start()
        time.sleep(0.5)
        assert worker.is_alive()
        con.interrupt()
        worker.join(timeout=60)
        error = outcome["error"]
        assert isinstance(error, orbit.QueryCanceled), error
        assert error.sqlstate == "57014" and error.code == 12
        assert con.sql("SELECT count(*) AS n FROM t").arrow().column("n").to_pylist() == [1000]


def test_statement_timeout_through_python():
    with orbit.connect() as con:
        con.sql(SETUP + "SET statement_timeout = '200ms'")
        try:
            con.sql(ENDLESS).fetchall()
        except orbit.QueryCanceled as error:
            assert "statement_timeout (200 ms)" in str(error)
        else:
            raise AssertionError("the endless join finished")
