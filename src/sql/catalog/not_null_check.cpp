#include "sql/catalog/not_null_check.h"

#include <string>

#include "exec/expression/expression_evaluator.h"

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

}  // namespace

Status CheckNotNull(const Table& target, const std::vector<Batch>& batches) {
  const Schema& schema = target.schema();
  for (size_t c = 0; c < schema.size(); ++c) {
    if (!schema[c].not_null) continue;
    for (const Batch& batch : batches) {
      const ColumnView column = batch.columns[c]->view();
      const bool all_null = column.type.id == TypeId::kNull;
      if (column.validity == nullptr && !all_null) continue;
      for (int64_t r = 0; r < batch.length; ++r) {
        if (!all_null && column.IsValid(r)) continue;
        return Status::Constraint(
            "null value in column \"{}\" of relation \"{}\" violates not-null constraint (failing row contains ({}))",
            schema[c].name, target.name(), RowText(batch, r));
      }
    }
  }
  return Status::OK();
}

}  // namespace orbit
