// ARRAY(SELECT e FROM ... [ORDER BY ...]): the subquery's rows as one array, in its order
// (PostgreSQL's ARRAY sublink; psql's \d calls it). Rewritten as a scalar subquery over the
// subquery: (SELECT coalesce(array_agg(element ORDER BY its keys), '{}') FROM (S) AS
// array(element, keys...)), the keys the subquery's ORDER BY carried out as extra columns
// (S keeps its ORDER BY and LIMIT), an empty subquery giving the empty array.
#pragma once

#include "common/status.h"
#include "sql/parser/ast.h"

namespace orbit {

/// The scalar subquery ARRAY(`select`) means; NotSupported for a subquery of several
/// columns or `*`, or one whose ORDER BY keys cannot be carried out (DISTINCT).
Result<ast::ExprPtr> RewriteArraySubquery(const ast::SelectStatement& select, int location);

}  // namespace orbit
