#include "sql/binder/statement/plan_shapes.h"

namespace orbit {

LogicalPtr WithRowNumbers(LogicalPtr plan, std::vector<ExprPtr> partition_by, std::vector<SortKey> order_by,
                          const std::string& name) {
  WindowCall number;
  number.kind = WindowKind::kRowNumber;
  number.name = "row_number";
  number.partition_by = std::move(partition_by);
  number.order_by = std::move(order_by);
  number.type = DataType::Int64();
  auto window = std::make_unique<LogicalOperator>(LogicalKind::kWindow);
  window->output = plan->output;
  window->output.push_back({name.empty() ? number.ToString() : name, number.type});
  window->windows.push_back(std::move(number));
  window->children.push_back(std::move(plan));
  return window;
}

LogicalPtr FirstColumns(LogicalPtr plan, size_t count) {
  auto projection = std::make_unique<LogicalOperator>(LogicalKind::kProjection);
  projection->output.assign(plan->output.begin(), plan->output.begin() + static_cast<std::ptrdiff_t>(count));
  for (size_t i = 0; i < count; ++i) {
    const Field& f = projection->output[i];
    projection->expressions.push_back(Expr::ColumnRef(static_cast<int>(i), f.type, f.name));
  }
  projection->children.push_back(std::move(plan));
  return projection;
}

}  // namespace orbit
