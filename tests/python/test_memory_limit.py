"""SET memory_limit from every client (issue 10): a statement over the limit is an
'Out of memory' error naming it, never an abort; the orbit shell prints it and goes on with a
piped script (exit code 1), stops a -c list there (exit code 1); Python raises OutOfMemoryError
(SQLSTATE 53200) and the connection still works."""
import subprocess

import orbit

from tpch_compare import orbit_binary

# 64^3 = 262144 BIGINT rows (2 MiB a column).
SETUP = ("CREATE TABLE d (x BIGINT); INSERT INTO d VALUES " + ", ".join(f"({i})" for i in range(64)) + ";"
         "CREATE TABLE t AS SELECT a.x * 4096 + b.x * 64 + c.x AS k FROM d a, d b, d c;")
BIG = "SELECT k * 2 AS y FROM t ORDER BY y DESC"
NAMED = b"Out of memory: this statement needs more than memory_limit (1.0 MiB)"


def run(*args, stdin=None):
    return subprocess.run([orbit_binary(), *args], input=stdin, capture_output=True, timeout=120)


def test_shell_prints_the_error_and_goes_on_with_the_script():
    script = SETUP + "SET memory_limit = '1MB';" + BIG + ";SELECT 7 AS after;RESET memory_limit;" + BIG + " LIMIT 1;"
    out = run("--threads", "2", "--format", "csv", stdin=script.encode())
    assert out.returncode == 1, (out.returncode, out.stderr)  # an error, not a signal
    assert NAMED in out.stderr, out.stderr
    lines = out.stdout.decode().split()
    assert "7" in lines and "524286" in lines, out.stdout


def test_shell_commands_stop_at_the_error_with_exit_code_1():
    out = run("--threads", "2", "-c", SETUP, "-c", "SET memory_limit = '1MB'", "-c", BIG, "-c", "SELECT 'after' AS x")
    assert out.returncode == 1, (out.returncode, out.stderr)
    assert NAMED in out.stderr, out.stderr
    assert b"after" not in out.stdout  # -c stops at the first error, as documented


def test_python_raises_out_of_memory_error_and_the_connection_goes_on():
    with orbit.connect() as con:
        con.sql(SETUP)
        con.sql("SET memory_limit = '1MB'")
        try:
            con.sql(BIG).fetchall()
        except orbit.OutOfMemoryError as error:
            assert "memory_limit (1.0 MiB)" in str(error), error
            assert error.sqlstate == "53200"
        else:
            raise AssertionError("the statement ran over memory_limit")
        assert con.sql("SELECT count(*) AS n FROM t").arrow().column("n").to_pylist() == [262144]
        con.sql("SET memory_limit TO DEFAULT")
        assert con.sql(BIG + " LIMIT 1").arrow().column("y").to_pylist() == [524286]
