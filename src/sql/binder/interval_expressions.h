// Bound INTERVAL expressions: the registry's interval operators (functions/interval_operators.h)
// over operands already of the types each takes, folded when every operand is a constant,
// and the span that comparisons of intervals compare.
#pragma once

#include <vector>

#include "common/status.h"
#include "functions/interval_operators.h"
#include "plan/expression.h"

namespace orbit {

/// `op` over `operands` (TIMESTAMP, INTERVAL or DOUBLE as the operator takes them), of `type`.
Result<ExprPtr> IntervalOperatorExpr(IntervalOperator op, const DataType& type, std::vector<ExprPtr> operands);
/// The DECIMAL(38,0) span an INTERVAL compares by ('1 mon' = '30 days').
Result<ExprPtr> IntervalSpanExpr(ExprPtr interval);
/// `operand` as comparisons take it: an INTERVAL as its span, anything else as it is.
Result<ExprPtr> ComparableExpr(ExprPtr operand);

}  // namespace orbit
