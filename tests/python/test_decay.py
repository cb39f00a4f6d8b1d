"""decay(value, elapsed, half_life) and the math functions on Orbit's math kernels against
NumPy, an independent implementation: `v * 0.5 ** (t / h)`, np.exp, np.log, np.log10,
np.sqrt and np.power over seeded random columns registered from Arrow, on both CPU kernel
modes (SIMD and reference). The kernels state their error in ULP (4 at most on the CPU,
kernels/cpu/simd_math.cpp); NumPy's own libm adds about one more, so doubles must agree
to 8 ULP, here 2e-15 relative (a subnormal result to 8 steps of the smallest double)."""
import numpy as np
import pyarrow as pa
import pytest

import orbit

SEED = 20261204
ROWS = 50_000
REL = 2e-15
ABS = 8 * 5e-324


@pytest.fixture(scope="module")
def con():
    rng = np.random.default_rng(SEED)
    value = rng.uniform(-1e6, 1e6, ROWS)
    elapsed = rng.uniform(0, 2000, ROWS)
    half_life = rng.uniform(0.5, 400, ROWS)
    x = rng.uniform(-700, 700, ROWS)
    positive = np.exp2(rng.uniform(-1000, 1000, ROWS))
    base = rng.uniform(0.01, 50, ROWS)
    power = rng.uniform(-40, 40, ROWS)
    nulls = rng.random(ROWS) < 0.05
    table = pa.table({
        "id": np.arange(ROWS),
        "value": pa.array(value, mask=nulls),
        "elapsed": elapsed,
        "half_life": half_life,
        "x": x,
        "positive": positive,
        "base": base,
        "power": power,
    })
    connection = orbit.connect()
    connection.register("m", table)
    connection.numpy = dict(value=value, elapsed=elapsed, half_life=half_life, x=x, positive=positive, base=base,
                            power=power, nulls=nulls)
    yield connection
    connection.close()


def column(con, sql):
    return con.sql(sql).arrow().column(0).to_numpy(zero_copy_only=False)


def assert_close(ours, expected, what):
    ours = np.asarray(ours, dtype=np.float64)
    bad = ~np.isclose(ours, expected, rtol=REL, atol=ABS, equal_nan=True)
    assert not bad.any(), (f"{what}: {bad.sum()} rows differ (seed {SEED}); first at row {np.argmax(bad)}: "
                           f"{ours[np.argmax(bad)]!r} vs NumPy {expected[np.argmax(bad)]!r}")


@pytest.mark.parametrize("kernels", ["auto", "reference"])
def test_decay_matches_numpy(con, kernels):
    con.set("kernels", kernels)
    n = con.numpy
    ours = column(con, "SELECT decay(value, elapsed, half_life) FROM m ORDER BY id")
    expected = n["value"] * 0.5 ** (n["elapsed"] / n["half_life"])
    nulls = n["nulls"]  # a NULL comes back as NaN through to_numpy
    assert np.isnan(ours[nulls]).all(), "decay of a NULL value is NULL"
    assert_close(ours[~nulls], expected[~nulls], f"decay ({kernels})")


@pytest.mark.parametrize("kernels", ["auto", "reference"])
@pytest.mark.parametrize("sql, numpy", [
    ("exp(x)", lambda n: np.exp(n["x"])),
    ("ln(positive)", lambda n: np.log(n["positive"])),
    ("log(positive)", lambda n: np.log10(n["positive"])),
    ("sqrt(positive)", lambda n: np.sqrt(n["positive"])),
    ("power(base, power)", lambda n: np.power(n["base"], n["power"])),
    ("decay(x, elapsed, 30)", lambda n: n["x"] * 0.5 ** (n["elapsed"] / 30)),
])
def test_math_functions_match_numpy(con, kernels, sql, numpy):
    con.set("kernels", kernels)
    assert_close(column(con, f"SELECT {sql} FROM m ORDER BY id"), numpy(con.numpy), f"{sql} ({kernels})")


def test_decay_errors_are_plain(con):
    with pytest.raises(orbit.Error, match="half_life must be greater than zero"):
        con.sql("SELECT decay(value, elapsed, half_life - 100) FROM m").arrow()
    with pytest.raises(orbit.Error, match="overflow"):
        con.sql("SELECT decay(1, -elapsed * 100, 1) FROM m").arrow()
