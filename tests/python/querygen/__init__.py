"""A random differential query generator: seeded random tables and queries, each answered
by Orbit and DuckDB (and by Orbit's CPU and OpenCL devices) and compared. See runner.py."""
