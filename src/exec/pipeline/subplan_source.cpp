#include "exec/pipeline/subplan_source.h"

#include <fmt/format.h>

#include <vector>

#include "exec/hash_tables/group_table.h"
#include "exec/physical_plan/physical_planner.h"
#include "exec/pipeline/executor.h"
#include "exec/pipeline/gather.h"
#include "kernels/hash_keys.h"
#include "kernels/kernel_table.h"
#include "plan/optimizer/optimizer.h"

namespace orbit {

Result<TablePtr> RunSubplan(LogicalPtr plan) {
  ORBIT_ASSIGN_OR_RETURN(plan, Optimize(std::move(plan)));
  ORBIT_ASSIGN_OR_RETURN(PhysicalPlan physical, PlanPhysical(*plan));
  return ExecutePlan(physical, CurrentExecutionOptions());
}

namespace {

// The scans of `from` in `plan` read `to` instead (same columns).
void ReplaceTable(LogicalOperator& plan, const TablePtr& from, const TablePtr& to) {
  if (plan.kind == LogicalKind::kGet && plan.table == from) plan.table = to;
  for (LogicalPtr& child : plan.children) ReplaceTable(*child, from, to);
}

// The rows of a UNION's result seen so far: a round keeps the rows of its result that are
// new, each once.
class SeenRows {
 public:
  explicit SeenRows(const Schema& schema) : table_(Types(schema)) {}

  /// `rows` without the rows seen before or earlier in `rows`; every row is seen after.
  TablePtr KeepNew(const Table& rows) {
    auto kept = std::make_shared<orbit::Table>(rows.name(), rows.schema());
    for (const Batch& batch : rows.batches()) {
      if (batch.length == 0) continue;
      std::vector<ColumnView> keys;
      for (const ColumnPtr& column : batch.columns) keys.push_back(column->view());
      std::vector<uint64_t> hashes(static_cast<size_t>(batch.length));
      HashKeys(SimdKernels().hash, keys, batch.length, hashes.data());
      std::vector<uint32_t> ids(static_cast<size_t>(batch.length));
      const size_t before = table_.size();
      table_.FindOrInsert(keys, hashes.data(), batch.length, ids.data());
      // Group ids are dense: a row is new where it is the first with an id past `before`.
      std::vector<bool> first(table_.size() - before, true);
      std::vector<uint32_t> selection;
      for (int64_t i = 0; i < batch.length; ++i) {
        if (ids[i] < before || !first[ids[i] - before]) continue;
        first[ids[i] - before] = false;
        selection.push_back(static_cast<uint32_t>(i));
      }
      if (selection.empty()) continue;
      Batch out{{}, static_cast<int64_t>(selection.size())};
      for (const ColumnView& key : keys) {
        out.columns.push_back(GatherColumn(SimdKernels(), key, selection.data(), selection.size()));
      }
      kept->Append(std::move(out));
    }
    return kept;
  }

 private:
  static std::vector<DataType> Types(const Schema& schema) {
    std::vector<DataType> types;
    for (const Field& field : schema) types.push_back(field.type);
    return types;
  }

  GroupTable table_;
};

}  // namespace

SubplanSource::SubplanSource(std::string name, LogicalPtr plan)
    : name_(std::move(name)),
      schema_(plan->output),
      estimated_rows_(plan->estimated_rows < 0 ? 1000 : plan->estimated_rows),
      plan_(std::move(plan)) {}

Result<TablePtr> SubplanSource::Produce() const { return RunSubplan(CloneLogicalPlan(*plan_)); }

RecursiveCteSource::RecursiveCteSource(std::string name, bool union_all, LogicalPtr anchor, LogicalPtr step,
                                       TablePtr working)
    : name_(std::move(name)),
      union_all_(union_all),
      schema_(anchor->output),
      estimated_rows_(1000),
      anchor_(std::move(anchor)),
      step_(std::move(step)),
      working_(std::move(working)) {}

Result<TablePtr> RecursiveCteSource::Produce() const {
  const ExecutionOptions& options = CurrentExecutionOptions();
  SeenRows seen(schema_);
  ORBIT_ASSIGN_OR_RETURN(TablePtr added, RunSubplan(CloneLogicalPlan(*anchor_)));
  if (!union_all_) added = seen.KeepNew(*added);
  auto result = std::make_shared<orbit::Table>(name_, schema_);
  while (added->num_rows() > 0) {
    for (const Batch& batch : added->batches()) result->Append(batch);
    if (options.interrupt != nullptr) ORBIT_RETURN_IF_ERROR(options.interrupt->Check());
    // The round's rows, under the working table's name and columns.
    auto working = std::make_shared<orbit::Table>(working_->name(), working_->schema());
    for (const Batch& batch : added->batches()) working->Append(batch);
    LogicalPtr step = CloneLogicalPlan(*step_);
    ReplaceTable(*step, working_, working);
    ORBIT_ASSIGN_OR_RETURN(added, RunSubplan(std::move(step)));
    if (!union_all_) added = seen.KeepNew(*added);
  }
  return result;
}

}  // namespace orbit
