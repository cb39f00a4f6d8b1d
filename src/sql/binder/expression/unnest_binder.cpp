#include "sql/binder/expression/unnest_binder.h"

#include <utility>

#include "plan/expression_rewrite.h"
#include "sql/binder/constant_folding.h"
#include "sql/binder/expression/expression_binder.h"
#include "sql/binder/expression/window_binder.h"

namespace orbit {

ExprPtr Unnesting::Add(ExprPtr array) {
  const DataType element = array->type.element_type();
  arrays.push_back(std::move(array));
  return Expr::ColumnRef(kUnnestPlaceholderBase + static_cast<int>(arrays.size() - 1), element, "unnest");
}

std::vector<ExprPtr*> Unnesting::Expressions() {
  std::vector<ExprPtr*> out;
  for (ExprPtr& a : arrays) out.push_back(&a);
  return out;
}

ExprPtr Unnesting::Resolve(const ExprPtr& e, int input_width) {
  return RemapColumns(e, [&](int c) {
    return c >= kUnnestPlaceholderBase && c < kWindowPlaceholderBase ? input_width + (c - kUnnestPlaceholderBase) : c;
  });
}

ast::ExprPtr SeriesAsUnnest(const ast::Expr& call) {
  auto series = std::make_shared<ast::Expr>(call);
  series->name = "generate_series_array";
  auto unnest = ast::NewExpr(ast::ExprKind::kFunction, {std::move(series)}, call.location);
  unnest->name = "unnest";
  return unnest;
}

Result<ExprPtr> ExpressionBinder::BindUnnest(const ast::Expr& call) {
  if (!unnests_) {
    return Status::BindError("set-returning functions are not allowed in {}: {}", clause_, call.ToString());
  }
  if (in_window_call_) {
    return Status::BindError("set-returning functions are not allowed in window function calls: {}", call.ToString());
  }
  if (call.children.size() != 1 || call.star) {
    return Status::NotSupported("unnest of several arrays outside FROM (write FROM unnest(a, b)): {}", call.ToString());
  }
  // unnest(unnest(a)) would need two levels of rows: PostgreSQL's nested set-returning calls.
  Unnesting* unnests = std::exchange(unnests_, nullptr);
  Result<ExprPtr> array = BindNode(*call.children[0]);
  unnests_ = unnests;
  if (!array.ok()) {
    if (array.status().message().find("set-returning") == std::string::npos) return array.status();
    return Status::NotSupported("unnest calls nested in unnest: {}", call.ToString());
  }
  ExprPtr bound = std::move(*array);
  if (bound->type.is_array()) {
    const DataType list = DataType::List(bound->type.element_type());
    ORBIT_ASSIGN_OR_RETURN(bound, CastExpr(std::move(bound), list));
  }
  if (!bound->type.is_list()) {
    return Status::TypeError("unnest takes an array, not {}: {}", bound->type.ToString(), call.ToString());
  }
  return unnests_->Add(std::move(bound));
}

}  // namespace orbit
