"""The orbit program runs every statement of a script or reports it: no statement is lost,
and any failure gives a non-zero exit status."""
import os
import subprocess

from tpch_compare import orbit_binary


def run(*args, stdin=None):
    return subprocess.run([orbit_binary(), *args], input=stdin, capture_output=True, timeout=120)


def test_unbalanced_parenthesis_fails_with_nonzero_exit():
    out = run("-c", "CREATE TABLE t (a INT, b INT)", "-c", "INSERT INTO t VALUES (1, 2", "-c", "SELECT count(*) FROM t")
    assert out.returncode != 0
    assert b"syntax error" in out.stderr


def test_text_that_is_not_a_statement_is_an_error():
    for sql in ("SELEC 1", "FOO BAR", "PRAGMA default_order='DESCENDING'", "SELECT 1 AS a; SELECT 2); SELECT 3 AS x"):
        out = run("-c", sql)
        assert out.returncode != 0, sql
        assert b"Syntax error" in out.stderr, (sql, out.stderr)


def test_piped_script_runs_every_statement_and_reports_the_bad_ones():
    script = b"SELECT 11 AS a;\nSELEC 1;\nSELECT 22 AS b;\nSELECT 'unterminated;\nSELECT 33 AS c;\n"
    out = run("--format", "csv", stdin=script)
    assert out.returncode != 0
    assert b"11" in out.stdout and b"22" in out.stdout
    assert b"33" not in out.stdout  # inside the unterminated string
    assert b"unterminated quoted string" in out.stderr
    assert out.stderr.count(b"Syntax error") == 2


def test_c_api_does_not_return_an_earlier_result_as_the_last():
    import orbit
    import pytest

    with orbit.connect() as con:
        with pytest.raises(orbit.Error, match="syntax error"):
            con.sql("SELECT 1; SELECT (2; SELECT 3")
