#include "main/check_constraints.h"

#include "exec/expression/expression_evaluator.h"
#include "exec/operators/row_order.h"
#include "sql/binder/statement/statement_binders.h"

namespace orbit {

namespace {

std::string RowText(const Batch& batch, int64_t row) {
  std::string text;
  for (size_t c = 0; c < batch.columns.size(); ++c) {
    if (c > 0) text += ", ";
    text += ValueAt(batch.columns[c]->view(), row).ToString();
  }
  return text;
}

// The first row of `rows` for which `check` is false: its batch and row; batch -1 for none.
Result<std::pair<int, int64_t>> FirstFalse(const Table& table, const CheckConstraint& check,
                                           const std::vector<Batch>& rows) {
  ORBIT_ASSIGN_OR_RETURN(ExprPtr condition, BindCheckCondition(check, table.name(), table.schema()));
  for (size_t b = 0; b < rows.size(); ++b) {
    const Batch& batch = rows[b];
    if (batch.length == 0) continue;
    ORBIT_ASSIGN_OR_RETURN(std::vector<ColumnPtr> results, EvaluateColumns(batch, {condition}));
    const ColumnView result = results.at(0)->view();
    if (result.type.id != TypeId::kBoolean) continue;  // a NULL-typed condition: NULL, which passes
    for (int64_t r = 0; r < batch.length; ++r) {
      if (result.IsValid(r) && !ValueAt(result, r).bool_value) return std::make_pair(static_cast<int>(b), r);
    }
  }
  return std::make_pair(-1, int64_t{0});
}

}  // namespace

Status CheckRows(const Table& table, const CheckConstraints& checks, const std::vector<Batch>& rows) {
  for (const CheckConstraint& check : checks) {
    ORBIT_ASSIGN_OR_RETURN(auto found, FirstFalse(table, check, rows));
    if (found.first < 0) continue;
    return Status::CheckViolation(
        "new row for relation \"{}\" violates check constraint \"{}\" (failing row contains ({}))", table.name(),
        check.name, RowText(rows[static_cast<size_t>(found.first)], found.second));
  }
  return Status::OK();
}

Status ValidateCheck(const Table& table, const CheckConstraint& check) {
  ORBIT_ASSIGN_OR_RETURN(auto found, FirstFalse(table, check, table.batches()));
  if (found.first < 0) return Status::OK();
  return Status::CheckViolation("check constraint \"{}\" of relation \"{}\" is violated by some row", check.name,
                                table.name());
}

}  // namespace orbit
