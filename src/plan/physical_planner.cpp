#include "plan/physical_planner.h"

#include <numeric>

#include "exec/operators/collect_sink.h"
#include "exec/operators/filter.h"
#include "exec/operators/hash_aggregate.h"
#include "exec/operators/order_sink.h"
#include "exec/operators/projection.h"

namespace orbit {

namespace {

std::vector<int> AllColumns(const Schema& schema) {
  std::vector<int> ids(schema.size());
  std::iota(ids.begin(), ids.end(), 0);
  return ids;
}

class PipelineBuilder {
 public:
  explicit PipelineBuilder(PhysicalPlan& plan) : plan_(plan) {}

  Status Build(const LogicalOperator& op) {
    switch (op.kind) {
      case LogicalKind::kGet:
        source_ = std::make_unique<TableScan>(op.table, op.column_ids);
        return Status::OK();
      case LogicalKind::kDummyScan: {
        auto one_row = std::make_shared<Table>("dummy", Schema{});
        one_row->Append(Batch{{}, 1});
        source_ = std::make_unique<TableScan>(one_row, std::vector<int>{});
        return Status::OK();
      }
      case LogicalKind::kFilter:
        ORBIT_RETURN_IF_ERROR(Build(op.child()));
        operators_.push_back(std::make_unique<Filter>(op.predicate));
        return Status::OK();
      case LogicalKind::kProjection:
        ORBIT_RETURN_IF_ERROR(Build(op.child()));
        operators_.push_back(std::make_unique<Projection>(op.expressions));
        return Status::OK();
      case LogicalKind::kAggregate:
        ORBIT_RETURN_IF_ERROR(Build(op.child()));
        Finish(std::make_unique<HashAggregate>(op.group_keys, op.aggregates, op.output), op.output);
        return Status::OK();
      case LogicalKind::kOrder:
        ORBIT_RETURN_IF_ERROR(Build(op.child()));
        Finish(std::make_unique<OrderSink>(op.child().output, op.sort_keys), op.output);
        return Status::OK();
      case LogicalKind::kLimit:
        ORBIT_RETURN_IF_ERROR(Build(op.child()));
        Finish(std::make_unique<CollectSink>(op.child().output, op.limit, op.offset), op.output);
        return Status::OK();
    }
    return Status::Internal("unknown logical operator");
  }

  /// Ends the plan: the last pipeline collects the result unless a sink already produced it.
  void Complete(const Schema& output) {
    bool pending = !operators_.empty() || !source_is_previous_result_;
    if (pending) Finish(std::make_unique<CollectSink>(output), output);
  }

 private:
  void Finish(std::unique_ptr<Sink> sink, const Schema& sink_output) {
    plan_.pipelines.push_back(std::make_unique<Pipeline>(std::move(source_), std::move(operators_), std::move(sink)));
    operators_.clear();
    // The next pipeline reads the sink's table, which exists only once the sink has run.
    source_ = std::make_unique<TableScan>(std::make_shared<Table>("intermediate", sink_output),
                                          AllColumns(sink_output));
    source_is_previous_result_ = true;
  }

  PhysicalPlan& plan_;
  std::unique_ptr<TableScan> source_;
  std::vector<std::unique_ptr<Operator>> operators_;
  bool source_is_previous_result_ = false;
};

}  // namespace

Result<PhysicalPlan> PlanPhysical(const LogicalOperator& root) {
  PhysicalPlan plan;
  plan.output = root.output;
  PipelineBuilder builder(plan);
  ORBIT_RETURN_IF_ERROR(builder.Build(root));
  builder.Complete(root.output);
  return plan;
}

}  // namespace orbit
