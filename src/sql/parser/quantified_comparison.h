// x op ANY (SELECT e ...) and x op ALL (SELECT e ...) for op one of = <> < <= > >=, as
// PostgreSQL means them, rewritten into scalar subqueries over the same rows: their count,
// the count of e that is not NULL, and e's smallest and largest values. `x < ANY (S)` is true
// when x < max(e), false when S has no rows, NULL when neither holds and x or some e is NULL;
// the others follow the same pattern. `= ANY` is IN and `<> ALL` is NOT IN, which the caller
// keeps as they are.
#pragma once

#include <string>

#include "common/status.h"
#include "sql/parser/ast.h"

namespace orbit {

/// The rewrite of `probe op ANY|ALL (select)`; an error for a subquery that is not one
/// SELECT list item over FROM/WHERE (with GROUP BY, DISTINCT, LIMIT or a set operation it
/// is read as a derived table, which cannot see the outer query's columns).
Result<ast::ExprPtr> RewriteQuantifiedComparison(const std::string& op, bool all, ast::ExprPtr probe,
                                                 const ast::SelectStatement& select, int location);

}  // namespace orbit
