#include "exec/pipeline/lateral_source.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "exec/expression/expression_evaluator.h"
#include "exec/hash_tables/group_table.h"
#include "exec/physical_plan/physical_planner.h"
#include "exec/pipeline/executor.h"
#include "exec/pipeline/gather.h"
#include "exec/pipeline/subplan_source.h"
#include "kernels/hash_keys.h"
#include "plan/expression_rewrite.h"
#include "plan/optimizer/optimizer.h"

namespace orbit {

namespace {

constexpr int64_t kBatchRows = 1 << 16;

// Builds the output a row at a time, in batches of kBatchRows.
class RowWriter {
 public:
  RowWriter(const Schema& schema, TablePtr out) : schema_(schema), out_(std::move(out)) { Reset(); }

  void Append(const std::vector<ColumnPtr>& left, int64_t l, const std::vector<ColumnPtr>* right, int64_t r) {
    size_t c = 0;
    for (const ColumnPtr& column : left) builders_[c++].AppendFrom(column->view(), l);
    const size_t width = schema_.size() - left.size();
    for (size_t i = 0; i < width; ++i, ++c) {
      if (right == nullptr) {
        builders_[c].AppendNull();
      } else {
        builders_[c].AppendFrom((*right)[i]->view(), r);
      }
    }
    if (++rows_ == kBatchRows) Flush();
  }

  void Flush() {
    if (rows_ == 0) return;
    Batch batch{{}, rows_};
    for (ColumnBuilder& b : builders_) batch.columns.push_back(b.Finish());
    out_->Append(std::move(batch));
    Reset();
  }

 private:
  void Reset() {
    builders_.clear();
    for (const Field& f : schema_) builders_.emplace_back(f.type);
    rows_ = 0;
  }

  const Schema& schema_;
  TablePtr out_;
  std::vector<ColumnBuilder> builders_;
  int64_t rows_ = 0;
};

}  // namespace

LateralSource::LateralSource(LateralJoin join) : join_(std::move(join)) {
  binding_ = OuterColumnsRead(*join_.subquery);
  const int left_width = static_cast<int>(join_.left->output.size());
  if (join_.on) {
    for (int c : ReferencedColumns(*join_.on)) {
      if (c < left_width) binding_.push_back(c);
    }
    std::sort(binding_.begin(), binding_.end());
    binding_.erase(std::unique(binding_.begin(), binding_.end()), binding_.end());
  }
  std::vector<std::string> names;
  for (int c : binding_) names.push_back(join_.left->output[c].name);
  name_ = fmt::format("{}LATERAL subquery run per distinct ({})", join_.kind == JoinKind::kLeft ? "LEFT " : "",
                      fmt::join(names, ", "));
  schema_ = join_.left->output;
  schema_.insert(schema_.end(), join_.subquery->output.begin(), join_.subquery->output.end());
  const double left_rows = join_.left->estimated_rows < 0 ? 1000 : join_.left->estimated_rows;
  estimated_rows_ = left_rows * 10;
}

Result<TablePtr> LateralSource::Produce() const {
  const ExecutionOptions& options = CurrentExecutionOptions();
  ORBIT_ASSIGN_OR_RETURN(TablePtr left_table, RunSubplan(CloneLogicalPlan(*join_.left)));
  const std::vector<ColumnPtr> left = FlattenColumns(*left_table);
  const int64_t rows = left_table->num_rows();
  const int left_width = static_cast<int>(join_.left->output.size());

  // Each left row's binding id (dense, in order of first appearance).
  std::vector<uint32_t> ids(static_cast<size_t>(rows), 0);
  std::vector<int64_t> first_row;  // per binding: a left row that has it
  if (!binding_.empty() && rows > 0) {
    std::vector<DataType> types;
    std::vector<ColumnView> keys;
    for (int c : binding_) {
      types.push_back(left[c]->type());
      keys.push_back(left[c]->view());
    }
    GroupTable table(types);
    std::vector<uint64_t> hashes(static_cast<size_t>(rows));
    HashKeys(SimdKernels().hash, keys, rows, hashes.data());
    table.FindOrInsert(keys, hashes.data(), rows, ids.data());
    first_row.assign(table.size(), -1);
    for (int64_t i = 0; i < rows; ++i) {
      if (first_row[ids[i]] < 0) first_row[ids[i]] = i;
    }
  } else if (rows > 0) {
    first_row.push_back(0);
  }

  // Each binding's rows of the subquery, ON applied.
  std::vector<std::vector<ColumnPtr>> results(first_row.size());
  std::vector<int64_t> result_rows(first_row.size(), 0);
  for (size_t b = 0; b < first_row.size(); ++b) {
    if (options.interrupt != nullptr) ORBIT_RETURN_IF_ERROR(options.interrupt->Check());
    const int64_t row = first_row[b];
    auto constant = [&](int c, const DataType& type) {
      Value v = ValueAt(left.at(c)->view(), row);
      v.type = type;
      return Expr::Constant(std::move(v));
    };
    LogicalPtr plan = CloneLogicalPlan(*join_.subquery);
    ForEachExpression(*plan, [&](ExprPtr& e) {
      e = ReplaceOuterColumns(e, [&](const Expr& ref) { return constant(ref.column_index, ref.type); });
    });
    if (join_.on) {
      // Left columns become the binding's constants, right columns the subquery's own.
      std::function<ExprPtr(const ExprPtr&)> bind = [&](const ExprPtr& e) -> ExprPtr {
        if (e->kind == ExprKind::kColumnRef) {
          if (e->column_index < left_width) return constant(e->column_index, e->type);
          return Expr::ColumnRef(e->column_index - left_width, e->type, e->name);
        }
        if (e->children.empty()) return e;
        auto copy = std::make_shared<Expr>(*e);
        for (ExprPtr& c : copy->children) c = bind(c);
        return copy;
      };
      auto filter = std::make_unique<LogicalOperator>(LogicalKind::kFilter);
      filter->output = plan->output;
      filter->predicate = bind(join_.on);
      filter->children.push_back(std::move(plan));
      plan = std::move(filter);
    }
    ORBIT_ASSIGN_OR_RETURN(TablePtr result, RunSubplan(std::move(plan)));
    results[b] = FlattenColumns(*result);
    result_rows[b] = result->num_rows();
  }

  auto out = std::make_shared<orbit::Table>(name_, schema_);
  RowWriter writer(schema_, out);
  for (int64_t i = 0; i < rows; ++i) {
    const uint32_t b = ids[i];
    if (result_rows[b] == 0) {
      if (join_.kind == JoinKind::kLeft) writer.Append(left, i, nullptr, 0);
      continue;
    }
    for (int64_t r = 0; r < result_rows[b]; ++r) writer.Append(left, i, &results[b], r);
  }
  writer.Flush();
  return out;
}

}  // namespace orbit
