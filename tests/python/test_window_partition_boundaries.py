"""Where partitions and peer groups start, over more rows than one block of the parallel
boundary scan (65,536) and with keys of every kind that compares specially: strings, NULLs,
NaN (a peer of NaN, after every number) and -0.0 (a peer of 0.0). Differential against
DuckDB, row by row, on the same Arrow table registered in both."""
import math
import random

import pyarrow as pa
import pytest

duckdb = pytest.importorskip("duckdb")
orbit = pytest.importorskip("orbit")

ROWS = 150_000


def table():
    rng = random.Random(20261206)
    ids = list(range(ROWS))
    # Long runs of one string key (sorted input keeps them adjacent across block edges).
    s = [None if i % 11 == 0 else f"k{i // 9000}" for i in ids]
    d = []
    for i in ids:
        r = rng.random()
        d.append(None if r < 0.05 else math.nan if r < 0.1 else -0.0 if r < 0.15 else float(rng.randint(-3, 3)))
    n = [rng.randint(0, 40) for _ in ids]
    return pa.table({"id": pa.array(ids, pa.int64()), "s": pa.array(s, pa.string()), "d": pa.array(d, pa.float64()),
                     "n": pa.array(n, pa.int32())})


QUERIES = [
    "SELECT id, rank() OVER (PARTITION BY s ORDER BY d NULLS LAST), "
    "dense_rank() OVER (PARTITION BY s ORDER BY d DESC NULLS FIRST) FROM b",
    "SELECT id, dense_rank() OVER (PARTITION BY d ORDER BY s NULLS FIRST), "
    "row_number() OVER (PARTITION BY d, s ORDER BY id) FROM b",
    "SELECT id, rank() OVER (PARTITION BY n ORDER BY s NULLS LAST, d NULLS LAST), "
    "count(*) OVER (PARTITION BY n, s ORDER BY d NULLS FIRST RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM b",
]


@pytest.fixture(scope="module")
def engines():
    data = table()
    ours = orbit.connect()
    ours.register("b", data)
    theirs = duckdb.connect()
    theirs.register("b", data)
    yield ours, theirs
    ours.close()
    theirs.close()


@pytest.mark.parametrize("query", QUERIES)
def test_boundaries_agree_with_duckdb(engines, query):
    ours, theirs = engines
    mine = sorted(ours.sql(query).fetchall())
    expected = sorted(tuple(row) for row in theirs.execute(query).fetchall())
    assert len(mine) == ROWS
    assert mine == expected
