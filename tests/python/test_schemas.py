"""Schemas beyond one session: a database folder keeps its schemas and their tables and views
across reopens (also a rename, a drop, a failed drop and a kill -9 mid-script), and psql's
\\dn, \\dt and \\dt s.* against `orbit serve` list them as PostgreSQL 15's psql shows them
(expected output written by hand from PostgreSQL's; Orbit's owner is "orbit")."""

import os
import shutil
import signal
import subprocess
import sys

import pytest

import orbit
from parquet_support import parquet_missing
from test_pg_server import Server

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ORBIT_BIN = os.environ.get("ORBIT_BIN", os.path.join(ROOT, "build", "orbit"))
MISSING = parquet_missing()
needs_parquet = pytest.mark.skipif(MISSING is not None, reason=f"this build has no Parquet plugin: {MISSING}")
needs_psql = pytest.mark.skipif(shutil.which("psql") is None,
                                reason="psql is not installed (scripts/setup installs postgresql-client)")


def user_schemas(con):
    return [row[0] for row in con.sql(
        "SELECT schema_name FROM information_schema.schemata "
        "WHERE schema_name NOT IN ('pg_catalog', 'information_schema') ORDER BY 1").fetchall()]


@needs_parquet
def test_schemas_and_their_tables_survive_reopens(tmp_path):
    path = tmp_path / "schemas.orbit"
    with orbit.connect(path) as con:
        con.sql("CREATE SCHEMA sales")
        con.sql("CREATE SCHEMA empty")
        con.sql("CREATE TABLE sales.t (id INTEGER PRIMARY KEY, amount DOUBLE PRECISION)")
        con.sql("INSERT INTO sales.t VALUES (1, 2.5), (2, 4.0)")
        con.sql("CREATE TABLE t (id INTEGER)")
        con.sql("INSERT INTO t VALUES (100)")
        con.sql("CREATE VIEW sales.big AS SELECT id FROM sales.t WHERE amount > 3")
    with orbit.connect(path) as con:
        assert user_schemas(con) == ["empty", "public", "sales"]
        assert con.sql("SELECT id, amount FROM sales.t ORDER BY id").fetchall() == [(1, 2.5), (2, 4.0)]
        assert con.sql("SELECT id FROM t").fetchall() == [(100,)]
        assert con.sql("SELECT id FROM sales.big").fetchall() == [(2,)]
        with pytest.raises(orbit.Error, match='duplicate key value violates unique constraint "t_pkey"'):
            con.sql("INSERT INTO sales.t VALUES (1, 0)")
        # A failed DROP (RESTRICT while the schema holds tables) changes nothing on disk.
        with pytest.raises(orbit.Error, match="cannot drop schema sales because other objects depend on it"):
            con.sql("DROP SCHEMA sales")
        con.sql("DROP VIEW sales.big")
        con.sql("ALTER SCHEMA sales RENAME TO shop")
        con.sql("DROP SCHEMA empty")
    with orbit.connect(path) as con:
        assert user_schemas(con) == ["public", "shop"]
        assert con.sql("SELECT id FROM shop.t ORDER BY id").fetchall() == [(1,), (2,)]
        con.sql("SET search_path = shop, public")
        assert con.sql("SELECT count(*) FROM t").fetchall() == [(2,)]
        con.sql("DROP SCHEMA shop CASCADE")
    with orbit.connect(path) as con:
        assert user_schemas(con) == ["public"]
        assert con.sql("SELECT table_schema, table_name FROM information_schema.tables").fetchall() == [("public", "t")]


@needs_parquet
def test_a_database_argument_keeps_schemas_for_the_cli(tmp_path):
    path = str(tmp_path / "cli.orbit")
    script = "CREATE SCHEMA s; CREATE TABLE s.t AS SELECT 7 AS x;"
    done = subprocess.run([ORBIT_BIN, path, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    done = subprocess.run([ORBIT_BIN, "--format", "csv", path, "-c", "SELECT x FROM s.t"], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "7"


@needs_parquet
def test_a_kill_mid_script_keeps_the_schema_changes_committed_before_it(tmp_path):
    path = str(tmp_path / "killed.orbit")
    # Each statement commits alone; the script then blocks reading stdin until it is killed.
    code = ("import orbit, sys\n"
            f"con = orbit.connect({path!r})\n"
            "con.sql('CREATE SCHEMA kept')\n"
            "con.sql('CREATE TABLE kept.t AS SELECT 1 AS a')\n"
            "print('ready', flush=True)\n"
            "sys.stdin.readline()\n")
    writer = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                              env=dict(os.environ))
    try:
        assert writer.stdout.readline().strip() == "ready"
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait(timeout=30)
    finally:
        if writer.poll() is None:
            writer.kill()
    with orbit.connect(path) as con:
        assert user_schemas(con) == ["kept", "public"]
        assert con.sql("SELECT a FROM kept.t").fetchall() == [(1,)]


def run_psql(server, *args):
    env = dict(os.environ, PGCONNECT_TIMEOUT="10")
    return subprocess.run(["psql", server.dsn(), "-X", "-v", "ON_ERROR_STOP=1", "-v", "VERBOSITY=verbose", *args],
                          capture_output=True, text=True, timeout=30, env=env)


@needs_psql
def test_psql_lists_schemas_and_tables():
    server = Server()
    try:
        done = run_psql(server, "-c", "CREATE SCHEMA s", "-c", "CREATE TABLE s.t (a INTEGER)", "-c",
                        "CREATE TABLE t (b INTEGER)", "-c", "CREATE TABLE s.only_s (c INTEGER)")
        assert done.returncode == 0, done.stderr
        done = run_psql(server, "-c", "\\dn")
        assert done.returncode == 0, done.stderr
        assert done.stdout == ("List of schemas\n"
                               "  Name  | Owner \n"
                               "--------+-------\n"
                               " public | orbit\n"
                               " s      | orbit\n"
                               "(2 rows)\n\n"), done.stdout
        # \dt lists what the search_path reaches: public only.
        done = run_psql(server, "-c", "\\dt")
        assert done.returncode == 0, done.stderr
        assert done.stdout == ("       List of relations\n"
                               " Schema | Name | Type  | Owner \n"
                               "--------+------+-------+-------\n"
                               " public | t    | table | orbit\n"
                               "(1 row)\n\n"), done.stdout
        done = run_psql(server, "-At", "-c", "\\dt s.*")
        assert done.returncode == 0, done.stderr
        assert done.stdout == "s|only_s|table|orbit\ns|t|table|orbit\n", done.stdout
        # With s first in the path, its t hides public's.
        done = run_psql(server, "-At", "-c", "SET search_path = s, public", "-c", "\\dt", "-c", "SHOW search_path")
        assert done.returncode == 0, done.stderr
        assert done.stdout == "SET\ns|only_s|table|orbit\ns|t|table|orbit\ns, public\n", done.stdout
    finally:
        server.stop()


@needs_psql
def test_schema_errors_carry_postgresql_sqlstates():
    server = Server()
    try:
        cases = [
            ("CREATE TABLE nosuch.t (a INTEGER)", "3F000", 'schema "nosuch" does not exist'),
            ("DROP SCHEMA nosuch", "3F000", 'schema "nosuch" does not exist'),
            ("CREATE SCHEMA public", "42P06", 'schema "public" already exists'),
            ("SELECT * FROM nosuch.t", "42P01", '"nosuch.t" does not exist'),
            ("SELECT * FROM otherdb.public.t", "0A000", "cross-database references are not implemented"),
            ("CREATE SCHEMA pg_mine", "42939", 'unacceptable schema name "pg_mine"'),
        ]
        for sql, state, message in cases:
            done = run_psql(server, "-c", sql)
            assert done.returncode == 1 and f"ERROR:  {state}: " in done.stderr and message in done.stderr, (
                sql, done.stderr)
        done = run_psql(server, "-c", "CREATE SCHEMA full_one", "-c", "CREATE TABLE full_one.t (a INTEGER)", "-c",
                        "DROP SCHEMA full_one")
        assert done.returncode == 1 and "ERROR:  2BP01: cannot drop schema full_one" in done.stderr, done.stderr
        done = run_psql(server, "-c", "SET search_path = nosuch", "-c", "CREATE TABLE z (a INTEGER)")
        assert done.returncode == 1 and "ERROR:  3F000: no schema has been selected to create in" in done.stderr, (
            done.stderr)
    finally:
        server.stop()
