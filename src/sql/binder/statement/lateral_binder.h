// LATERAL subqueries in FROM (PostgreSQL's forms: FROM t, LATERAL (...) s, [LEFT | CROSS]
// JOIN LATERAL (...) s ON ...): binding the subquery so that it reads the FROM items to
// its left, and choosing how the join runs: decorrelated into ordinary joins
// (plan/lateral.h), a per-outer-row vector top-k (exec/pipeline/vector_top_k_source.h), or
// the subquery run once per distinct outer binding (exec/pipeline/lateral_source.h).
#pragma once

#include <optional>
#include <vector>

#include "plan/logical_plan.h"
#include "sql/binder/expression/expression_binder.h"
#include "sql/catalog/catalog.h"
#include "sql/parser/ast.h"

namespace orbit {

/// Binds the LATERAL subquery `ref`, the right side of a join whose left side's columns are
/// scope->columns[left_begin..): it reads them as kOuterColumnRef numbered from
/// left_begin; `enclosing` are the queries around this one. Adds `ref` to `scope`.
Result<LogicalPtr> BindLateralSubquery(const ast::TableRef& ref, const Catalog& catalog, BindScope* scope,
                                       int left_begin, const std::vector<const BindScope*>& enclosing);

/// A LATERAL subquery that is not the right side of a join (first in FROM, or a JOIN's
/// left side): bound as any subquery, and a NotSupported error when it reads an earlier item.
Result<LogicalPtr> BindLateralWithoutLeft(const ast::TableRef& ref, const Catalog& catalog, BindScope* scope,
                                          const std::vector<const BindScope*>& enclosing);

/// A NotSupported error when an argument of the table function `ref` reads a column (an
/// implicitly LATERAL call such as generate_series(1, t.n)); OK otherwise.
Status RefuseLateralFunctionCall(const ast::TableRef& ref);

/// unnest(t.a [, t.b ...]) in FROM whose arguments read columns, as the LATERAL subquery
/// PostgreSQL takes it for: LATERAL (SELECT unnest(t.a) AS unnest, ...) AS unnest, the
/// column named by the alias when it names no columns (FROM t, unnest(t.a) AS x reads x).
/// generate_series(1, t.n) likewise, over unnest(generate_series_array(1, t.n)). WITH
/// ORDINALITY adds a last column, ordinality, numbering each row's elements from 1; such a
/// call of constants is the same subquery, not LATERAL. nullopt for any other FROM item.
std::optional<ast::TableRef> UnnestAsLateralSubquery(const ast::TableRef& ref);

/// `join` (a kJoin whose right child reads its left child's columns) as the plan that runs it.
Result<LogicalPtr> PlanLateralJoin(LogicalPtr join);

}  // namespace orbit
