"""The random differential query generator (tests/python/querygen) over a fixed set of seeds:
every query must give DuckDB's answer (under PostgreSQL's rules) on the CPU, and the same
answer on OpenCL (PoCL here) as on the CPU. Each seed runs in a child process, so a crash or
hang is reported with its query. A failure prints seed, index and both texts; reproduce with
`scripts/querygen --seed S --query I`. Longer runs: `scripts/querygen --seconds N --seed S`.

Below it, the generator's findings that Orbit still gets wrong, as strict xfails."""
import pytest

import orbit
from querygen import dml, runner
from querygen.runner import format_finding

SEEDS = range(1, 9)
QUERIES_PER_SEED = 150


def test_random_queries_agree_with_duckdb_and_across_devices():
    totals, findings = {}, []
    for seed in SEEDS:
        report = runner.run_seed_isolated(seed, QUERIES_PER_SEED, devices=True, timeout=240)
        for k, v in report["counts"].items():
            totals[k] = totals.get(k, 0) + v
        findings += report["findings"]
    print("outcomes:", totals)
    assert totals.get("agree", 0) > len(SEEDS) * QUERIES_PER_SEED // 2, totals
    assert not findings, "\n\n".join(format_finding(f) for f in findings)


def test_random_updates_and_deletes_agree_with_duckdb():
    # Random UPDATE and DELETE statements, each followed by the changed table's rows in both.
    totals, findings = {}, []
    for seed in SEEDS:
        report = dml.run_dml_seed(seed, 60)
        for k, v in report["counts"].items():
            totals[k] = totals.get(k, 0) + v
        findings += report["findings"]
    print("outcomes:", totals)
    assert totals.get("agree", 0) > len(SEEDS) * 60 // 2, totals
    assert not findings, "\n\n".join(format_finding(f) for f in findings)


def test_generation_is_reproducible():
    tables = runner.make_tables(5)
    assert [t.insert_sql() for t in runner.make_tables(5)] == [t.insert_sql() for t in tables]
    assert runner.make_query(5, 17, tables) == runner.make_query(5, 17, runner.make_tables(5))


@pytest.fixture
def con():
    c = orbit.connect()
    c.sql("CREATE TABLE m (i INTEGER, b BIGINT)")
    c.sql("INSERT INTO m VALUES (-2147483648, -9223372036854775808), (5, 5), (NULL, NULL)")
    yield c
    c.close()


def values(table):
    table = table.arrow()
    return [tuple(column.to_pylist()[r] for column in table.columns) for r in range(table.num_rows)]


@pytest.mark.parametrize("expression", ["i + 0", "0 + i", "i - 0", "i * 1", "b + 0", "b * 1",
                                        "CASE WHEN i = 0 THEN NULL ELSE 0 END + i"])
def test_int_min_result_is_not_an_overflow(con, expression):
    rows = values(con.sql(f"SELECT {expression} FROM m WHERE i < 0"))
    assert rows[0][0] in (-2**31, -2**63)


def test_text_with_exponent_casts_to_decimal(con):
    # found by the generator: CAST('1E-10' AS DECIMAL(30,10)) was "cannot cast" (PostgreSQL and DuckDB: 1E-10)
    rows = values(con.sql("SELECT CAST('1E-10' AS DECIMAL(30,10)), CAST('-2.5e2' AS DECIMAL(9,2))"))
    assert [str(v) for v in rows[0]] == ["1E-10", "-250.00"]


def test_dates_before_1_ad_are_written_as_postgresql_does(con):
    rows = values(con.sql("SELECT CAST(DATE '0003-06-01' - INTERVAL '31' MONTH AS VARCHAR), "
                          "CAST(DATE '0001-01-01' - INTERVAL '1' DAY AS VARCHAR)"))
    assert rows == [("0001-11-01 BC", "0001-12-31 BC")]
