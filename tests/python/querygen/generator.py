"""Random SELECT statements over the SQL Orbit supports, each written twice: once for Orbit
(PostgreSQL dialect) and once for DuckDB, where the two differ by definition (README, "SQL
that works"): integer `/` truncates (DuckDB `//`), `date ± INTERVAL` is a DATE (DuckDB casts
its TIMESTAMP back), a DOUBLE cast to an integer rounds half to even (DuckDB `round_even`).
Division and modulo guard their divisor with NULLIF(x, 0), since DuckDB answers NULL where
PostgreSQL raises an error. Expressions are typed by kind (int, bigint, double, decimal,
date, text, bool) so that every query binds in both engines."""
import random

from .schema import DATES, KINDS, SMALL, STRINGS, TIMESTAMPS, quote

NUMERIC = ("int", "bigint", "double", "decimal")
INTEGRAL = ("int", "bigint")
CLASS = {"int": "num", "bigint": "num", "double": "num", "decimal": "num",
         "date": "date", "ts": "ts", "text": "text", "bool": "bool"}
CAST_TYPES = {"int": "INTEGER", "bigint": "BIGINT", "double": "DOUBLE", "date": "DATE", "ts": "TIMESTAMP",
              "text": "VARCHAR", "bool": "BOOLEAN"}
# With TIMESTAMP columns off (schema.py), no choice below draws them: the seeds make the
# same queries as before timestamps existed.
TS = ["ts"] if any(kind == "ts" for kind, _ in KINDS) else []
LIKE_PATTERNS = ["%", "a%", "%c", "_b%", "%a_c%", "", "A%", "%ü%", "%o%", "_", "%r%n"]


class E:
    """An expression: its Orbit text, its DuckDB text, its kind, and whether it aggregates."""

    def __init__(self, o, d, kind, agg=False):
        self.o, self.d, self.kind, self.agg = o, d, kind, agg


def same(text, kind, agg=False):
    return E(text, text, kind, agg)


def combine(template, parts, kind, duck_template=None):
    """Fills `template` ("({0} + {1})") with the parts' texts for each engine."""
    o = template.format(*(p.o for p in parts))
    d = (duck_template or template).format(*(p.d for p in parts))
    return E(o, d, kind, any(p.agg for p in parts))


def numeric_result(a, b):
    kinds = {a, b}
    for kind in ("double", "decimal", "bigint"):
        if kind in kinds:
            return kind
    return "int"


class Scope:
    """Columns visible to an expression: (E, kind) atoms. In a grouped query the atoms are the
    group keys and aggregates may be built over `inner` (the columns before grouping)."""

    def __init__(self, atoms, inner=None, subqueries=True):
        self.atoms, self.inner, self.subqueries = atoms, inner, subqueries

    def of_class(self, cls):
        return [a for a in self.atoms if CLASS[a.kind] == cls]


class QueryGenerator:
    def __init__(self, rng, tables):
        self.rng, self.tables = rng, tables
        # Seeded from the main generator's state without drawing from it (see aggregate_variant).
        self.variant_rng = random.Random(hash(rng.getstate()))
        self.alias_counter = 0

    def alias(self, prefix="a"):
        self.alias_counter += 1
        return f"{prefix}{self.alias_counter}"

    def chance(self, p):
        return self.rng.random() < p

    # ---- literals
    def literal(self, kind):
        r = self.rng
        if kind in ("int", "bigint"):
            v = r.choice(SMALL + [r.randint(-100, 100)])
            if kind == "bigint" and self.chance(0.2):
                return same(f"CAST({v} AS BIGINT)", "bigint")
            return same(str(v) if v >= 0 else f"({v})", "int")
        if kind == "double":
            v = r.choice([0.5, -2.25, 1.0, 0.0, 100.125, 1e10])
            return same(f"CAST({v!r} AS DOUBLE)", "double")
        if kind == "decimal":
            v = r.choice(["1.5", "0.01", "-2.25", "100.000", "12345.6789", "0.0"])
            return same(v if not v.startswith("-") else f"({v})", "decimal")
        if kind == "date":
            return same(f"DATE '{r.choice(DATES[:5]).isoformat()}'", "date")
        if kind == "ts":
            return same(f"TIMESTAMP '{r.choice(TIMESTAMPS[:5]).isoformat(sep=' ')}'", "ts")
        if kind == "text":
            return same(quote(r.choice(STRINGS)), "text")
        return same(r.choice(["true", "false"]), "bool")

    def any_kind(self, scope, classes=None):
        choices = [a.kind for a in scope.atoms if classes is None or CLASS[a.kind] in classes]
        return self.rng.choice(choices) if choices else self.rng.choice(["int", "text", "bool"])

    # ---- expressions
    def expr(self, scope, cls, depth):
        """An expression of class cls ('num', 'date', 'text', 'bool')."""
        atoms = scope.of_class(cls)
        if depth <= 0 or self.chance(0.35):
            if atoms and self.chance(0.8):
                return self.rng.choice(atoms)
            if cls == "num":
                return self.literal(self.rng.choice(NUMERIC))
            if cls == "bool" and depth > 0:
                return self.predicate(scope, depth)
            return self.literal({"date": "date", "ts": "ts", "text": "text", "bool": "bool"}[cls])
        return {"num": self.num_expr, "date": self.date_expr, "ts": self.ts_expr, "text": self.text_expr,
                "bool": self.predicate}[cls](scope, depth - 1)

    def num_expr(self, scope, depth):
        r = self.rng
        choice = r.choice(["arith", "arith", "div", "mod", "neg", "abs", "cast", "round", "case", "coalesce",
                           "nullif", "greatest", "length", "extract", "datediff", "scalar", "agg"])
        if choice == "agg" and scope.inner is not None:
            return self.aggregate(scope, depth)
        if choice == "scalar" and depth > 0 and self.chance(0.5):
            sub = self.scalar_subquery(scope, "num")
            if sub:
                return sub
        a = self.expr(scope, "num", depth)
        if choice == "arith":
            b = self.expr(scope, "num", depth)
            op = r.choice(["+", "-", "*"])
            return combine("({0} " + op + " {1})", [a, b], numeric_result(a.kind, b.kind))
        if choice == "div":
            b = self.expr(scope, "num", depth)
            kind = numeric_result(a.kind, b.kind)
            if a.kind in INTEGRAL and b.kind in INTEGRAL:
                return combine("({0} / NULLIF({1}, 0))", [a, b], kind, "({0} // NULLIF({1}, 0))")
            return combine("({0} / NULLIF({1}, 0))", [a, b], "double" if kind == "decimal" else kind)
        if choice == "mod" and a.kind in INTEGRAL:
            b = self.expr(scope, "num", depth)
            if b.kind in INTEGRAL:
                return combine("({0} % NULLIF({1}, 0))", [a, b], numeric_result(a.kind, b.kind))
        if choice == "neg":
            return combine("(-({0}))", [a], a.kind)
        if choice == "abs":
            return combine("abs({0})", [a], a.kind)
        if choice == "cast":
            target = r.choice(["int", "bigint", "double", "decimal"])
            if target == "decimal":
                p, s = r.choice([(9, 2), (18, 4), (38, 10), (12, 0)])
                return combine(f"CAST({{0}} AS DECIMAL({p},{s}))", [a], "decimal")
            if target in INTEGRAL and a.kind == "double":
                return combine(f"CAST({{0}} AS {CAST_TYPES[target]})", [a], target,
                               f"CAST(round_even({{0}}, 0) AS {CAST_TYPES[target]})")
            return combine(f"CAST({{0}} AS {CAST_TYPES[target]})", [a], target)
        if choice == "round" and a.kind in ("double", "decimal"):
            digits = r.choice([0, 1, 2, -1, -2])
            return combine(f"round({{0}}, {digits})", [a], a.kind)
        if choice == "case":
            b = self.expr(scope, "num", depth)
            c = self.predicate(scope, depth)
            if self.chance(0.2):
                x, v1, v2 = self.expr(scope, "num", depth), self.literal("int"), self.literal("decimal")
                return combine("(CASE {0} WHEN {1} THEN {3} WHEN {2} THEN {4} ELSE {5} END)", [x, v1, v2, a, b, a],
                               numeric_result(a.kind, b.kind))
            if self.chance(0.3):
                return combine("(CASE WHEN {0} THEN {1} END)", [c, a], a.kind)
            return combine("(CASE WHEN {0} THEN {1} ELSE {2} END)", [c, a, b], numeric_result(a.kind, b.kind))
        if choice == "coalesce":
            b = self.expr(scope, "num", depth)
            return combine("COALESCE({0}, {1})", [a, b], numeric_result(a.kind, b.kind))
        if choice == "nullif":
            b = self.expr(scope, "num", depth)
            # Typed by its first argument in Orbit and DuckDB (PostgreSQL: the common type)
            return combine("NULLIF({0}, {1})", [a, b], a.kind)
        if choice == "greatest":
            b = self.expr(scope, "num", depth)
            return combine(r.choice(["GREATEST", "LEAST"]) + "({0}, {1})", [a, b], numeric_result(a.kind, b.kind))
        if choice == "length":
            s = self.expr(scope, "text", depth)
            # length is INTEGER in PostgreSQL, BIGINT in DuckDB
            return combine("length({0})", [s], "int", "CAST(length({0}) AS INTEGER)")
        if choice == "extract":
            if TS and self.chance(0.4):
                t = self.expr(scope, "ts", depth)
                part = r.choice(["YEAR", "MONTH", "HOUR", "MINUTE", "DOW", "DOY", "MICROSECONDS"])
                return combine(f"EXTRACT({part} FROM {{0}})", [t], "bigint")
            d = self.expr(scope, "date", depth)
            part = r.choice(["YEAR", "MONTH", "DAY", "QUARTER"])
            return combine(f"EXTRACT({part} FROM {{0}})", [d], "bigint")
        if choice == "datediff":
            d1, d2 = self.expr(scope, "date", depth), self.expr(scope, "date", depth)
            return combine("({0} - {1})", [d1, d2], "int", "CAST(({0} - {1}) AS INTEGER)")
        return a

    def date_expr(self, scope, depth):
        r = self.rng
        choice = r.choice(["interval", "interval", "plusint", "case", "coalesce", "greatest", "agg"])
        if choice == "agg" and scope.inner is not None:
            return self.aggregate(scope, depth, cls="date")
        a = self.expr(scope, "date", depth)
        if choice == "interval":
            n = r.choice([1, 3, 12, 31, 100, -1])
            unit = r.choice(["DAY", "MONTH", "YEAR"])
            op = r.choice(["+", "-"])
            return combine(f"({{0}} {op} INTERVAL '{n}' {unit})", [a], "date",
                           f"CAST(({{0}} {op} INTERVAL '{n}' {unit}) AS DATE)")
        if choice == "plusint":
            return combine(f"({{0}} + {r.choice([1, 7, 30, -1])})", [a], "date")
        if choice == "case":
            b, c = self.expr(scope, "date", depth), self.predicate(scope, depth)
            return combine("(CASE WHEN {0} THEN {1} ELSE {2} END)", [c, a, b], "date")
        if choice == "coalesce":
            return combine("COALESCE({0}, {1})", [a, self.expr(scope, "date", depth)], "date")
        return combine(r.choice(["GREATEST", "LEAST"]) + "({0}, {1})", [a, self.expr(scope, "date", depth)], "date")

    def ts_expr(self, scope, depth):
        r = self.rng
        choice = r.choice(["interval", "interval", "trunc", "fromdate", "case", "coalesce", "greatest", "agg"])
        if choice == "agg" and scope.inner is not None:
            return self.aggregate(scope, depth, cls="ts")
        if choice == "fromdate":
            return combine("CAST({0} AS TIMESTAMP)", [self.expr(scope, "date", depth)], "ts")
        a = self.expr(scope, "ts", depth)
        if choice == "interval":
            n = r.choice([1, 3, 12, 31, 100, -1])
            unit = r.choice(["HOURS", "MINUTES", "SECONDS", "DAYS", "MONTHS", "YEARS"])
            op = r.choice(["+", "-"])
            return combine(f"({{0}} {op} INTERVAL '{n} {unit}')", [a], "ts")
        if choice == "trunc":
            field = r.choice(["microseconds", "second", "minute", "hour", "day", "week", "month", "quarter", "year"])
            return combine(f"date_trunc('{field}', {{0}})", [a], "ts")
        if choice == "case":
            b, c = self.expr(scope, "ts", depth), self.predicate(scope, depth)
            return combine("(CASE WHEN {0} THEN {1} ELSE {2} END)", [c, a, b], "ts")
        if choice == "coalesce":
            return combine("COALESCE({0}, {1})", [a, self.expr(scope, "ts", depth)], "ts")
        return combine(r.choice(["GREATEST", "LEAST"]) + "({0}, {1})", [a, self.expr(scope, "ts", depth)], "ts")

    def text_expr(self, scope, depth):
        r = self.rng
        choice = r.choice(["upper", "lower", "trim", "substring", "concat_op", "concat", "case", "coalesce",
                           "cast", "agg"])
        if choice == "agg" and scope.inner is not None:
            return self.aggregate(scope, depth, cls="text")
        a = self.expr(scope, "text", depth)
        if choice in ("upper", "lower"):
            return combine(choice + "({0})", [a], "text")
        if choice == "trim":
            return combine(r.choice(["trim", "ltrim", "rtrim"]) + "({0})", [a], "text")
        if choice == "substring":
            start, length = r.randint(1, 4), r.randint(0, 5)
            return combine(f"substring({{0}}, {start}, {length})", [a], "text")
        if choice == "concat_op":
            return combine("({0} || {1})", [a, self.expr(scope, "text", depth)], "text")
        if choice == "concat":
            return combine("concat({0}, {1})", [a, self.expr(scope, "text", depth)], "text")
        if choice == "case":
            b, c = self.expr(scope, "text", depth), self.predicate(scope, depth)
            return combine("(CASE WHEN {0} THEN {1} ELSE {2} END)", [c, a, b], "text")
        if choice == "coalesce":
            return combine("COALESCE({0}, {1})", [a, self.expr(scope, "text", depth)], "text")
        source_cls = r.choice(["num", "date", "bool"])
        src = self.expr(scope, source_cls, depth)
        if src.kind == "double":  # DOUBLE to text is formatted differently by each engine
            return a
        if src.kind == "date":  # DuckDB writes "0003-06-01 (BC)" where PostgreSQL writes "0003-06-01 BC"
            return combine("CAST({0} AS VARCHAR)", [src], "text", "replace(CAST({0} AS VARCHAR), ' (BC)', ' BC')")
        return combine("CAST({0} AS VARCHAR)", [src], "text")

    def comparable_pair(self, scope, depth):
        cls = self.rng.choice(["num", "num", "num", "date", *TS, "text", "bool"])
        return self.expr(scope, cls, depth), self.expr(scope, cls, depth), cls

    def predicate(self, scope, depth):
        r = self.rng
        if depth <= 0:
            atoms = scope.of_class("bool")
            if atoms and self.chance(0.3):
                return r.choice(atoms)
            a, b, _ = self.comparable_pair(scope, 0)
            return combine("({0} " + r.choice(["=", "<>", "<", "<=", ">", ">="]) + " {1})", [a, b], "bool")
        choice = r.choice(["cmp", "cmp", "cmp", "and", "or", "not", "between", "in", "isnull", "like",
                           "distinct", "istrue", "exists", "insub", "agg"])
        d = depth - 1
        if choice == "agg" and scope.inner is not None:
            a = self.aggregate(scope, d)
            b = self.expr(scope, "num", d) if CLASS[a.kind] == "num" else self.literal(a.kind)
            if CLASS[b.kind] == CLASS[a.kind]:
                return combine("({0} " + r.choice(["=", "<>", "<", ">"]) + " {1})", [a, b], "bool")
        if choice == "and":
            return combine("({0} AND {1})", [self.predicate(scope, d), self.predicate(scope, d)], "bool")
        if choice == "or":
            return combine("({0} OR {1})", [self.predicate(scope, d), self.predicate(scope, d)], "bool")
        if choice == "not":
            return combine("(NOT {0})", [self.predicate(scope, d)], "bool")
        if choice == "between":
            # Constant, non-NULL bounds: NULL bounds are a known defect being fixed elsewhere.
            cls = r.choice(["num", "date", *TS, "text"])
            x = self.expr(scope, cls, d)
            kind = r.choice(NUMERIC) if cls == "num" else cls
            lo, hi = self.literal(kind), self.literal(kind)
            neg = r.choice(["", "NOT "])
            return combine("({0} " + neg + "BETWEEN {1} AND {2})", [x, lo, hi], "bool")
        if choice == "in":
            cls = r.choice(["num", "date", *TS, "text"])
            x = self.expr(scope, cls, d)
            kind = x.kind if cls != "num" else r.choice(NUMERIC)
            items = [self.literal(kind) for _ in range(r.randint(1, 4))]
            if self.chance(0.2):
                items.append(same("NULL", kind))
            neg = r.choice(["", "NOT "])
            return combine("({0} " + neg + "IN (" + ", ".join("{%d}" % (i + 1) for i in range(len(items))) + "))",
                           [x] + items, "bool")
        if choice == "isnull":
            x = self.expr(scope, r.choice(["num", "date", "text", "bool"]), d)
            return combine("({0} IS " + r.choice(["", "NOT "]) + "NULL)", [x], "bool")
        if choice == "like":
            x = self.expr(scope, "text", d)
            op = r.choice(["LIKE", "NOT LIKE", "ILIKE", "NOT ILIKE"])
            return combine("({0} " + op + " " + quote(r.choice(LIKE_PATTERNS)) + ")", [x], "bool")
        if choice == "distinct":
            a, b, _ = self.comparable_pair(scope, d)
            return combine("({0} IS " + r.choice(["", "NOT "]) + "DISTINCT FROM {1})", [a, b], "bool")
        if choice == "istrue":
            x = self.predicate(scope, d)
            return combine("({0} IS " + r.choice(["", "NOT "]) + r.choice(["TRUE", "FALSE", "UNKNOWN"]) + ")",
                           [x], "bool")
        if choice == "exists" and depth >= 1 and scope.inner is None and scope.subqueries:
            sub = self.exists_subquery(scope)
            if sub:
                return sub
        if choice == "insub" and depth >= 1 and scope.inner is None and scope.subqueries:
            sub = self.in_subquery(scope)
            if sub:
                return sub
        a, b, _ = self.comparable_pair(scope, d)
        return combine("({0} " + r.choice(["=", "<>", "<", "<=", ">", ">="]) + " {1})", [a, b], "bool")

    def aggregate(self, scope, depth, cls=None):
        """An aggregate over the columns before grouping (scope.inner)."""
        r = self.rng
        inner = scope.inner
        if cls is None:
            fn = r.choice(["count_star", "count", "count_distinct", "sum", "avg", "min", "max"])
        else:
            fn = r.choice(["min", "max"])
        if fn == "count_star":
            return same("count(*)", "bigint", agg=True)
        arg_cls = cls or (r.choice(["num", "date", *TS, "text"]) if fn in ("count", "count_distinct", "min", "max")
                          else "num")
        a = self.expr(inner, arg_cls, min(depth, 1))
        if a.agg:
            a = self.literal(a.kind)
        variant = self.aggregate_variant(fn, a)
        if variant:
            return variant
        if fn == "count":
            return E(f"count({a.o})", f"count({a.d})", "bigint", True)
        if fn == "count_distinct":
            return E(f"count(DISTINCT {a.o})", f"count(DISTINCT {a.d})", "bigint", True)
        if fn == "sum":
            kind = {"int": "bigint", "bigint": "decimal"}.get(a.kind, a.kind)
            return E(f"sum({a.o})", f"sum({a.d})", kind, True)
        if fn == "avg":
            return E(f"avg({a.o})", f"avg({a.d})", "double", True)
        return E(f"{fn}({a.o})", f"{fn}({a.d})", a.kind, True)

    def aggregate_variant(self, fn, a):
        """Sometimes another aggregate of the same type in place of sum, avg, min or max:
        DISTINCT, median, quantile_disc, string_agg. Drawn from a generator of its own, so
        the queries of a seed stay the ones they were before these existed."""
        v = self.variant_rng
        if fn not in ("sum", "avg", "min", "max") or v.random() < 0.5:
            return None
        if fn == "sum":
            kind = {"int": "bigint", "bigint": "decimal"}.get(a.kind, a.kind)
            return E(f"sum(DISTINCT {a.o})", f"sum(DISTINCT {a.d})", kind, True)
        if fn == "avg":
            if v.random() < 0.5:
                return E(f"avg(DISTINCT {a.o})", f"avg(DISTINCT {a.d})", "double", True)
            # DuckDB keeps a DECIMAL's type where Orbit (as PostgreSQL) answers DOUBLE: ask both for DOUBLE.
            return E(f"median(CAST({a.o} AS DOUBLE))", f"median(CAST({a.d} AS DOUBLE))", "double", True)
        if a.kind == "text" and v.random() < 0.5:
            # Ordered by the value itself, the answer is one whatever order the rows arrive in (DuckDB
            # refuses ORDER BY a literal, whose repeats need no order).
            literal = a.o.startswith("'")
            order, duck_order = ("", "") if literal else (f" ORDER BY {a.o}", f" ORDER BY {a.d}")
            return E(f"string_agg({a.o}, ','{order})", f"string_agg({a.d}, ','{duck_order})", "text", True)
        fraction = v.choice(["0", "0.25", "0.5", "0.9", "1"])
        return E(f"quantile_disc({a.o}, {fraction})", f"quantile_disc({a.d}, {fraction})", a.kind, True)

    # ---- subqueries in expressions
    def table_scope(self, table, alias):
        return [same(f"{alias}.{c.name}", c.kind) for c in table.columns]

    def correlation(self, outer, inner_atoms):
        """An equality between an inner and an outer column of one class, or None."""
        pairs = [(i, o) for i in inner_atoms for o in outer.atoms if CLASS[i.kind] == CLASS[o.kind]]
        if not pairs:
            return None
        i, o = self.rng.choice(pairs)
        return combine("{0} = {1}", [i, o], "bool")

    def sub_from(self):
        table = self.rng.choice(self.tables)
        alias = self.alias("s")
        return table, alias, Scope(self.table_scope(table, alias))

    def sub_where(self, outer, inner, correlated):
        conds = []
        if correlated:
            c = self.correlation(outer, inner.atoms)
            if c:
                conds.append(c)
        if self.chance(0.5):
            conds.append(self.predicate(inner, 1))
        if not conds:
            return E("", "", "bool")
        return combine(" WHERE " + " AND ".join("{%d}" % i for i in range(len(conds))), conds, "bool")

    def exists_subquery(self, scope):
        table, alias, inner = self.sub_from()
        where = self.sub_where(scope, inner, self.chance(0.7))
        neg = self.rng.choice(["", "NOT "])
        return E(f"({neg}EXISTS (SELECT 1 FROM {table.name} {alias}{where.o}))",
                 f"({neg}EXISTS (SELECT 1 FROM {table.name} {alias}{where.d}))", "bool")

    def in_subquery(self, scope):
        table, alias, inner = self.sub_from()
        cls = self.rng.choice(["num", "text", "date"])
        if not inner.of_class(cls):
            return None
        x = self.expr(scope, cls, 1)
        if x.agg:
            return None
        y = self.rng.choice(inner.of_class(cls))
        # A correlated IN is supported in WHERE only; keep IN subqueries uncorrelated.
        where = self.sub_where(scope, inner, False)
        neg = self.rng.choice(["", "NOT "])
        return E(f"({x.o} {neg}IN (SELECT {y.o} FROM {table.name} {alias}{where.o}))",
                 f"({x.d} {neg}IN (SELECT {y.d} FROM {table.name} {alias}{where.d}))", "bool")

    def scalar_subquery(self, scope, cls):
        if scope.inner is not None or not scope.subqueries:  # narrower rules after GROUP BY and in ON
            return None
        table, alias, inner = self.sub_from()
        grouped = Scope([], inner=inner)
        agg = self.aggregate(grouped, 1)
        if CLASS[agg.kind] != cls:
            return None
        where = self.sub_where(scope, inner, self.chance(0.6))
        return E(f"(SELECT {agg.o} FROM {table.name} {alias}{where.o})",
                 f"(SELECT {agg.d} FROM {table.name} {alias}{where.d})", agg.kind)

    # ---- FROM
    def from_clause(self, max_rows=200000):
        r = self.rng
        count = r.choice([1, 1, 2, 2, 3])
        chosen = []
        rows = 1
        for _ in range(count):
            table = r.choice(self.tables)
            if chosen and rows * max(1, len(table.rows)) > max_rows:
                break
            rows *= max(1, len(table.rows))
            chosen.append(table)
        if self.chance(0.15):
            return self.derived_from()
        first = chosen[0]
        alias = self.alias()
        atoms = self.table_scope(first, alias)
        o = d = f"{first.name} {alias}"
        for table in chosen[1:]:
            alias = self.alias()
            right = self.table_scope(table, alias)
            kind = r.choice(["JOIN", "LEFT JOIN", "RIGHT JOIN", "FULL JOIN", "CROSS JOIN", "JOIN"])
            if kind == "CROSS JOIN":
                o += f" CROSS JOIN {table.name} {alias}"
                d += f" CROSS JOIN {table.name} {alias}"
            else:
                both = Scope(atoms + right, subqueries=False)  # Orbit: no subqueries in ON yet
                conds = []
                key = self.correlation(Scope(atoms), right)
                if key:
                    conds.append(key)
                if self.chance(0.3) or not conds:
                    conds.append(self.predicate(both, 1))
                on = combine(" AND ".join("{%d}" % i for i in range(len(conds))), conds, "bool")
                o += f" {kind} {table.name} {alias} ON {on.o}"
                d += f" {kind} {table.name} {alias} ON {on.d}"
            atoms = atoms + right
        return o, d, Scope(atoms)

    def derived_from(self):
        alias = self.alias("d")
        sub = self.select_core(depth=1, allow_derived=False)
        names = [f"{alias}.c{i}" for i in range(len(sub.kinds))]
        atoms = [same(n, k) for n, k in zip(names, sub.kinds)]
        return f"({sub.o}) AS {alias}", f"({sub.d}) AS {alias}", Scope(atoms)

    # ---- SELECT
    def select_core(self, depth=2, classes=None, allow_derived=True):
        r = self.rng
        if allow_derived:
            from_o, from_d, scope = self.from_clause()
        else:
            table = r.choice(self.tables)
            alias = self.alias()
            from_o = from_d = f"{table.name} {alias}"
            scope = Scope(self.table_scope(table, alias))
        parts_o, parts_d = [], []
        where = None
        if self.chance(0.6):
            where = self.predicate(scope, depth)
        grouped = self.chance(0.35)
        distinct = self.chance(0.15)
        n_items = len(classes) if classes else r.randint(1, 4)
        items = []
        group_keys = []
        if grouped:
            keys = []
            for _ in range(r.randint(0, 2)):
                if self.chance(0.7) or not scope.atoms:
                    key = r.choice(scope.atoms)
                else:
                    key = self.expr(scope, r.choice(["num", "text", "date"]), 1)
                if key.agg or any(k.o == key.o for k in keys):
                    continue
                keys.append(key)
            group_keys = keys
            gscope = Scope(keys, inner=scope)
            for i in range(n_items):
                cls = classes[i] if classes else r.choice(["num", "num", "text", "date", "bool"])
                if self.chance(0.6) and cls != "bool":  # PostgreSQL has no min/max(boolean)
                    e = self.aggregate(gscope, 1, cls=None if cls == "num" else cls)
                    if CLASS[e.kind] != cls:
                        e = self.expr(gscope, cls, 1)
                else:
                    e = self.expr(gscope, cls, 1)
                items.append(e)
            having = self.predicate(gscope, 1) if self.chance(0.4) else None
        else:
            for i in range(n_items):
                cls = classes[i] if classes else r.choice(["num", "num", "text", "date", "bool"])
                items.append(self.expr(scope, cls, depth))
            having = None
        if not grouped and any(e.agg for e in items):
            grouped = True
        sel = "SELECT DISTINCT " if distinct else "SELECT "
        o = sel + ", ".join(f"{e.o} AS c{i}" for i, e in enumerate(items)) + f" FROM {from_o}"
        d = sel + ", ".join(f"{e.d} AS c{i}" for i, e in enumerate(items)) + f" FROM {from_d}"
        if where:
            o += f" WHERE {where.o}"
            d += f" WHERE {where.d}"
        if group_keys:
            o += " GROUP BY " + ", ".join(k.o for k in group_keys)
            d += " GROUP BY " + ", ".join(k.d for k in group_keys)
        if having:
            o += f" HAVING {having.o}"
            d += f" HAVING {having.d}"
        core = E(o, d, "row")
        core.kinds = [e.kind for e in items]
        # A grouped query without keys whose select list does not aggregate is a
        # non-aggregate query in both engines only when nothing aggregates; keep it valid.
        return core

    def query(self):
        """A full statement: (orbit_sql, duckdb_sql, ordered) where `ordered` says the
        ORDER BY fixes the order of all rows (then rows are compared in order)."""
        r = self.rng
        self.alias_counter = 0
        core = self.select_core()
        o, d, kinds = core.o, core.d, core.kinds
        if self.chance(0.08):  # the same query through a CTE used twice
            o = f"WITH q AS ({o}) SELECT * FROM q WHERE c0 IS NOT NULL UNION ALL SELECT * FROM q WHERE c0 IS NULL"
            d = f"WITH q AS ({d}) SELECT * FROM q WHERE c0 IS NOT NULL UNION ALL SELECT * FROM q WHERE c0 IS NULL"
            return o, d, False
        if self.chance(0.15):
            classes = [CLASS[k] for k in kinds]
            other = self.select_core(classes=classes)
            if any(a != b and "decimal" in (a, b) for a, b in zip(kinds, other.kinds)):
                # DuckDB fits DECIMAL(38,0) and DECIMAL(12,2) into DECIMAL(38,0), rounding the
                # fraction away, where PostgreSQL's numeric and Orbit keep it: compare as DOUBLE.
                cols = ", ".join(f"CAST(c{i} AS DOUBLE) AS c{i}" if CLASS[k] == "num" else f"c{i}"
                                 for i, k in enumerate(kinds))
                o, d = f"SELECT {cols} FROM ({o}) AS u1", f"SELECT {cols} FROM ({d}) AS u1"
                other.o = f"SELECT {cols} FROM ({other.o}) AS u2"
                other.d = f"SELECT {cols} FROM ({other.d}) AS u2"
                kinds = ["double" if CLASS[k] == "num" else k for k in kinds]
            if all(CLASS[a] == CLASS[b] for a, b in zip(kinds, other.kinds)):
                op = r.choice(["UNION", "UNION ALL", "INTERSECT", "EXCEPT"])
                o, d = f"{o} {op} {other.o}", f"{d} {op} {other.d}"
        ordered = False
        if self.chance(0.4):
            positions = list(range(1, len(kinds) + 1))
            r.shuffle(positions)
            full = self.chance(0.7)
            if not full:
                positions = positions[: r.randint(1, len(positions))]
            keys = []
            for p in positions:
                key = str(p) if self.chance(0.5) else f"c{p - 1}"
                key += r.choice(["", " ASC", " DESC"])
                key += r.choice(["", "", " NULLS FIRST", " NULLS LAST"])
                keys.append(key)
            o += " ORDER BY " + ", ".join(keys)
            d += " ORDER BY " + ", ".join(keys)
            ordered = len(positions) == len(kinds)
            if ordered and self.chance(0.5):
                limit = f" LIMIT {r.choice([0, 1, 3, 10])}"
                if self.chance(0.3):
                    limit += f" OFFSET {r.choice([0, 1, 5])}"
                o += limit
                d += limit
        return o, d, ordered
