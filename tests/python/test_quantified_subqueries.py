"""x op ANY (subquery) and x op ALL (subquery), differential against DuckDB: every comparison
operator with both quantifiers over subqueries with and without NULLs, empty ones,
correlated ones and an expression as the item, in the select list and in WHERE. `= ANY` and
`<> ALL` are IN and NOT IN, whose correlated form as a value Orbit does not run yet (README);
those two pairs are left out here and named in their own test."""
import itertools

import duckdb
import pytest

import orbit

SETUP = [
    "CREATE TABLE a (id INTEGER, x INTEGER)",
    "CREATE TABLE s (g INTEGER, y INTEGER)",
    "INSERT INTO a VALUES (1, 1), (2, 5), (3, NULL), (4, 10), (5, 3)",
    "INSERT INTO s VALUES (1, 3), (1, 5), (2, NULL), (2, 4), (3, NULL), (4, 7)",
]
SUBQUERIES = [
    "SELECT y FROM s",                        # a NULL among the values
    "SELECT y FROM s WHERE y IS NOT NULL",
    "SELECT y FROM s WHERE false",            # no rows: ANY is false, ALL true, even for x NULL
    "SELECT y FROM s WHERE g = 3",            # only a NULL
    "SELECT y FROM s WHERE s.g = a.id",       # correlated
    "SELECT y + 1 FROM s WHERE y > 3",
]
CORRELATED_IN = {("=", "ANY"), ("<>", "ALL")}


@pytest.fixture(scope="module")
def engines():
    ours, theirs = orbit.connect(), duckdb.connect()
    for statement in SETUP:
        ours.sql(statement)
        theirs.execute(statement)
    yield ours, theirs
    ours.close()


CASES = [(op, quantifier, sub) for op, quantifier, sub in itertools.product(
    ["=", "<>", "<", "<=", ">", ">="], ["ANY", "ALL"], SUBQUERIES)
    if not ((op, quantifier) in CORRELATED_IN and "a.id" in sub)]


@pytest.mark.parametrize("op,quantifier,sub", CASES)
def test_same_answer_as_duckdb(engines, op, quantifier, sub):
    ours, theirs = engines
    for sql in (f"SELECT id, x {op} {quantifier} ({sub}) FROM a ORDER BY id",
                f"SELECT id FROM a WHERE NOT (x {op} {quantifier} ({sub})) ORDER BY id"):
        assert ours.sql(sql).fetchall() == theirs.execute(sql).fetchall(), sql


def test_a_correlated_in_as_a_value_is_a_clear_error(engines):
    ours, _ = engines
    with pytest.raises(orbit.Error, match="correlated subquery outside a WHERE conjunct"):
        ours.sql("SELECT x = ANY (SELECT y FROM s WHERE s.g = a.id) FROM a")


def test_a_grouped_subquery_is_a_clear_error(engines):
    ours, _ = engines
    with pytest.raises(orbit.Error, match="over a subquery with GROUP BY"):
        ours.sql("SELECT x > ALL (SELECT max(y) FROM s GROUP BY g) FROM a")
