// String concatenation (||): a row is NULL when either operand is.
#include <string>

#include "exec/expression/expression_evaluator.h"

namespace orbit {

Result<Vector> ExpressionEvaluator::EvaluateConcat(const Expr& expr, const Chunk& chunk) {
  ORBIT_ASSIGN_OR_RETURN(Vector left, Evaluate(*expr.children[0], chunk));
  ORBIT_ASSIGN_OR_RETURN(Vector right, Evaluate(*expr.children[1], chunk));
  const int64_t n = chunk.size;
  ColumnBuilder builder(DataType::Varchar(), n);
  std::string joined;
  for (int64_t i = 0; i < n; ++i) {
    if (!left.view.IsValid(i) || !right.view.IsValid(i)) {
      builder.AppendNull();
      continue;
    }
    joined.assign(left.view.GetString(i));
    joined.append(right.view.GetString(i));
    builder.AppendString(joined);
  }
  return Vector::Of(builder.Finish());
}

}  // namespace orbit
