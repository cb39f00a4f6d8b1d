#include "orbit/query_result.h"

#include <algorithm>

#include "columnar/arrow_c_data.h"
#include "exec/expression/expression_evaluator.h"
#include "main/api/error_translation.h"
#include "main/api/handles.h"

namespace orbit {

namespace {

TypeKind KindOf(TypeId id) {
  switch (id) {
    case TypeId::kNull: return TypeKind::kNull;
    case TypeId::kBoolean: return TypeKind::kBoolean;
    case TypeId::kInt8: return TypeKind::kInt8;
    case TypeId::kInt16: return TypeKind::kInt16;
    case TypeId::kInt32: return TypeKind::kInt32;
    case TypeId::kInt64: return TypeKind::kInt64;
    case TypeId::kDouble: return TypeKind::kDouble;
    case TypeId::kDecimal: return TypeKind::kDecimal;
    case TypeId::kDate: return TypeKind::kDate;
    case TypeId::kVarchar: return TypeKind::kVarchar;
    case TypeId::kTimestamp: return TypeKind::kTimestamp;
    case TypeId::kFloat: return TypeKind::kReal;
    case TypeId::kArray: return TypeKind::kArray;
    case TypeId::kInterval: return TypeKind::kInterval;
    case TypeId::kList: return TypeKind::kList;
  }
  return TypeKind::kNull;
}

const std::vector<ColumnInfo> kNoColumns;

}  // namespace

QueryResult::Impl::Impl(StatementResult statement_result) : result(std::move(statement_result)) {
  if (!result.returns_rows() || result.table() == nullptr) return;
  for (const Field& field : result.table()->schema()) {
    columns.push_back(
        ColumnInfo{field.name, KindOf(field.type.id), field.type.ToString(), field.type.precision, field.type.scale});
  }
  int64_t rows = 0;
  for (const Batch& batch : result.table()->batches()) batch_ends.push_back(rows += batch.length);
}

QueryResult::QueryResult() = default;
QueryResult::QueryResult(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
QueryResult::~QueryResult() = default;
QueryResult::QueryResult(const QueryResult&) = default;
QueryResult& QueryResult::operator=(const QueryResult&) = default;
QueryResult::QueryResult(QueryResult&&) noexcept = default;
QueryResult& QueryResult::operator=(QueryResult&&) noexcept = default;

bool QueryResult::returns_rows() const noexcept { return impl_ != nullptr && impl_->result.returns_rows(); }
double QueryResult::seconds() const noexcept { return impl_ != nullptr ? impl_->result.seconds() : 0; }
int64_t QueryResult::rows_changed() const noexcept { return impl_ != nullptr ? impl_->result.rows_changed() : -1; }
int QueryResult::num_columns() const noexcept { return impl_ != nullptr ? static_cast<int>(impl_->columns.size()) : 0; }
int64_t QueryResult::num_rows() const noexcept {
  return impl_ != nullptr && !impl_->batch_ends.empty() ? impl_->batch_ends.back() : 0;
}
const std::vector<ColumnInfo>& QueryResult::columns() const noexcept {
  return impl_ != nullptr ? impl_->columns : kNoColumns;
}

namespace {

// The column holding `row` and the row's index inside its batch.
std::pair<const Column*, int64_t> Locate(const Table& table, const std::vector<int64_t>& batch_ends, int column,
                                         int64_t row) {
  const size_t b = std::upper_bound(batch_ends.begin(), batch_ends.end(), row) - batch_ends.begin();
  const int64_t start = b == 0 ? 0 : batch_ends[b - 1];
  return {table.batches()[b].columns[column].get(), row - start};
}

}  // namespace

bool QueryResult::IsNull(int column, int64_t row) const {
  auto [cells, index] = Locate(*impl_->result.table(), impl_->batch_ends, column, row);
  return cells->type().id == TypeId::kNull || !cells->IsValid(index);
}

std::optional<std::string> QueryResult::GetText(int column, int64_t row) const {
  auto [cells, index] = Locate(*impl_->result.table(), impl_->batch_ends, column, row);
  Value value = ValueAt(cells->view(), index);
  if (value.is_null) return std::nullopt;
  return value.ToString();
}

Expected<void> QueryResult::ExportArrow(ArrowArrayStream* out) const {
  return api::Guarded([&]() -> Expected<void> {
    if (out == nullptr) return Error(ErrorCode::kInvalidArgument, "ExportArrow needs an output stream");
    TablePtr table = returns_rows() ? impl_->result.table() : nullptr;
    if (table == nullptr) table = std::make_shared<Table>("result", Schema{});
    return api::FromStatus(ExportTable(table, out));
  });
}

}  // namespace orbit
