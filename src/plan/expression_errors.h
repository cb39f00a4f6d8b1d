// Which bound expressions can raise an error (overflow, division by zero, a bad cast, a
// date out of range) on some row. Such an expression is evaluated only on the rows that
// the conditions written before it accept, and the optimizer never moves it ahead of them:
// `WHERE i <> 0 AND 100 / i > 10` must not fail on a row where i is 0.
#pragma once

#include "plan/expression.h"

namespace orbit {

/// True when evaluating `expr` may fail on some input row. Conservative: an expression
/// kind this function does not know can fail.
bool CanRaiseError(const Expr& expr);

}  // namespace orbit
