"""Differential UPDATE and DELETE: the seed's random tables loaded into Orbit and DuckDB, then
random statements changing them (SET a column to an expression cast to its type, WHERE a
random condition, subqueries included), each followed by a comparison of the changed table's
rows. A statement failing in both engines changes nothing in either; one failing in only one
ends the seed as a finding (the tables no longer match).

    scripts/querygen --dml --seed 1 --seeds 20 --queries 80   # 1,600 statements, findings printed
"""
import random

from .compare import is_unsupported, rows_of, same_rows
from .generator import CLASS, QueryGenerator, Scope, combine, same
from .runner import Engines, make_tables


def make_statement(rng, tables):
    """(orbit_sql, duckdb_sql, table) for one random UPDATE or DELETE."""
    gen = QueryGenerator(rng, tables)
    table = rng.choice(tables)
    atoms = [same(f"{table.name}.{c.name}", c.kind) for c in table.columns]
    where = None if rng.random() < 0.15 else gen.predicate(Scope(atoms), 2)
    where_o = f" WHERE {where.o}" if where else ""
    where_d = f" WHERE {where.d}" if where else ""
    if rng.random() < 0.35:
        return f"DELETE FROM {table.name}{where_o}", f"DELETE FROM {table.name}{where_d}", table
    targets = rng.sample(table.columns, k=min(len(table.columns), rng.choice([1, 1, 2])))
    sets_o, sets_d = [], []
    for column in targets:
        value = gen.expr(Scope(atoms, subqueries=False), CLASS[column.kind], 2)
        cast = combine(f"CAST({{0}} AS {column.sql_type})", [value], column.kind)
        sets_o.append(f"{column.name} = {cast.o}")
        sets_d.append(f"{column.name} = {cast.d}")
    return (f"UPDATE {table.name} SET {', '.join(sets_o)}{where_o}",
            f"UPDATE {table.name} SET {', '.join(sets_d)}{where_d}", table)


def run_dml_seed(seed, statements):
    """Runs the seed's statements; returns {"counts": ..., "findings": [...]}."""
    tables = make_tables(seed)
    engines = Engines(tables, devices=False)
    rng = random.Random(f"dml:{seed}")
    counts, findings = {}, []

    def count(outcome):
        counts[outcome] = counts.get(outcome, 0) + 1

    try:
        for index in range(statements):
            osql, dsql, table = make_statement(rng, tables)
            select = f"SELECT * FROM {table.name}"
            before = rows_of(engines.duck.execute(select).to_arrow_table())
            _, oerr = engines.run_orbit(osql)
            _, derr = engines.run_duckdb(dsql)
            if oerr and derr:
                count("both_error")
                continue
            if oerr and "out of range" in oerr.lower() and \
                    same_rows(before, rows_of(engines.duck.execute(select).to_arrow_table()), ordered=False) is None:
                # An overflow in a constant, folded when the statement is planned (as PostgreSQL
                # folds it), where DuckDB changed no row and so never evaluated it.
                count("orbit_error_no_change")
                continue
            if oerr and is_unsupported(oerr):
                # Orbit changed nothing; DuckDB did: start the seed's comparison over from here.
                count("unsupported")
                break
            if oerr or derr:
                findings.append({"seed": seed, "index": index, "class": "orbit_error" if oerr else "duckdb_error",
                                 "detail": oerr or derr, "orbit": osql, "duckdb": dsql})
                break
            ours, theirs = rows_of(engines.orbit.sql(select)), rows_of(engines.duck.execute(select).to_arrow_table())
            diff = same_rows(ours, theirs, ordered=False)
            if diff is not None:
                findings.append({"seed": seed, "index": index, "class": "mismatch", "detail": diff,
                                 "orbit": osql, "duckdb": dsql})
                break
            count("agree")
    finally:
        engines.close()
    return {"counts": counts, "findings": findings}
