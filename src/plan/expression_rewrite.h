// Structural helpers over bound expressions that the optimizer needs: which input columns
// an expression reads, renumbering those columns when an operator's input changes shape,
// and splitting a condition into its AND-ed parts.
#pragma once

#include <functional>
#include <vector>

#include "plan/expression.h"

namespace orbit {

/// Whether two bound expressions compute the same thing (GROUP BY and ORDER BY matching,
/// common conditions of OR branches).
bool SameExpr(const Expr& a, const Expr& b);

/// `expr` with the conditions every branch of an OR shares taken out of it:
/// (a AND b) OR (a AND c) -> a AND (b OR c), so that a join key repeated in each branch
/// (TPC-H Q19) becomes a key. Anything else comes back as it is.
ExprPtr FactorOr(const ExprPtr& expr);

/// The input columns `expr` reads, ascending, without repeats.
std::vector<int> ReferencedColumns(const Expr& expr);
/// Adds the input columns `expr` reads to `columns` (marks them true; grows it as needed).
void MarkReferencedColumns(const Expr& expr, std::vector<bool>& columns);

/// A copy of `expr` whose column i reads column map(i) instead (shares unchanged subtrees).
ExprPtr RemapColumns(const ExprPtr& expr, const std::function<int(int)>& map);

/// The conjuncts of a condition: a AND (b AND c) -> {a, b, c}; anything else -> {expr}.
std::vector<ExprPtr> SplitConjunction(const ExprPtr& expr);
/// AND of `conjuncts` (null when empty, the one itself when alone).
ExprPtr MakeConjunction(std::vector<ExprPtr> conjuncts);

}  // namespace orbit
