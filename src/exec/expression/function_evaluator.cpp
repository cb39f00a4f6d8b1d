// Calls of registered scalar functions: the arguments are evaluated as columns and handed
// to the implementation the bound expression points at (functions/scalar_function.h).
#include "exec/expression/expression_evaluator.h"

namespace orbit {

Result<Vector> ExpressionEvaluator::EvaluateFunction(const Expr& expr, const Chunk& chunk) {
  std::vector<Vector> arguments;
  std::vector<ColumnView> views;
  arguments.reserve(expr.children.size());
  for (const auto& child : expr.children) {
    ORBIT_ASSIGN_OR_RETURN(Vector v, Evaluate(*child, chunk));
    views.push_back(v.view);
    arguments.push_back(std::move(v));
  }
  // An index past the call's arguments names the whole call rather than reading out of bounds.
  const std::function<std::string(int)> argument_sql = [&expr](int i) {
    return i >= 0 && static_cast<size_t>(i) < expr.children.size() ? expr.children[i]->ToString() : expr.ToString();
  };
  ScalarCall call{views, chunk.size, expr.type, expr.variant, argument_sql, expr.function_state.get(), &kernels_};
  ORBIT_ASSIGN_OR_RETURN(ColumnPtr result, expr.function->implementation(call));
  return Vector::Of(std::move(result));
}

}  // namespace orbit
