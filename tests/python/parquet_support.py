"""Whether this build reads Parquet: the engine's own answer, for the tests that need it."""
import orbit


def parquet_missing():
    """None when Parquet works here, else why not (the engine's own words)."""
    with orbit.connect() as con:
        try:
            con.sql("SELECT * FROM read_parquet('/nonexistent/probe.parquet')").fetchall()
        except orbit.Error as e:
            return str(e) if "no Parquet support" in str(e) else None
    return None
