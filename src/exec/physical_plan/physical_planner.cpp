#include "exec/physical_plan/physical_planner.h"

#include <numeric>

#include "plan/expression_rewrite.h"

#include "common/check.h"
#include "exec/operators/collect_sink.h"
#include "exec/operators/filter.h"
#include "exec/operators/grouping_sets_aggregate.h"
#include "exec/operators/hash_aggregate.h"
#include "exec/operators/hash_join_build.h"
#include "exec/operators/hash_join_probe.h"
#include "exec/operators/hash_join_subquery_probe.h"
#include "exec/operators/order_sink.h"
#include "exec/operators/partitioned_top_n_sink.h"
#include "exec/operators/projection.h"
#include "exec/operators/top_n_sink.h"
#include "exec/operators/unnest.h"
#include "exec/operators/window_sink.h"

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
        source_->estimated_rows = static_cast<double>(op.table->num_rows());
        return Status::OK();
      case LogicalKind::kTableFunctionScan:
        source_ = std::make_unique<TableScan>(op.source, op.column_ids);
        source_->estimated_rows = op.source->estimated_rows();
        return Status::OK();
      case LogicalKind::kDummyScan: {
        auto one_row = std::make_shared<Table>("dummy", Schema{});
        one_row->Append(Batch{{}, 1});
        source_ = std::make_unique<TableScan>(one_row, std::vector<int>{});
        source_->estimated_rows = 1;
        return Status::OK();
      }
      case LogicalKind::kEmptyResult:
        source_ =
            std::make_unique<TableScan>(std::make_shared<Table>("(empty result)", op.output), AllColumns(op.output));
        source_->estimated_rows = 0;
        return Status::OK();
      case LogicalKind::kFilter:
        ORBIT_RETURN_IF_ERROR(Build(op.child()));
        operators_.push_back(std::make_unique<Filter>(op.predicate));
        operators_.back()->estimated_rows = op.estimated_rows;
        return Status::OK();
      case LogicalKind::kProjection: {
        ORBIT_RETURN_IF_ERROR(Build(op.child()));
        // Choosing columns right after a filter: the filter outputs only those, so it
        // never copies the ones only its predicate read.
        auto* filter = op.child().kind == LogicalKind::kFilter && !operators_.empty()
                           ? dynamic_cast<Filter*>(operators_.back().get())
                           : nullptr;
        std::vector<int> columns;
        for (const auto& e : op.expressions) {
          if (e->kind == ExprKind::kColumnRef) columns.push_back(e->column_index);
        }
        if (filter != nullptr && !columns.empty() && columns.size() == op.expressions.size() &&
            !filter->has_output_columns()) {
          filter->SetOutputColumns(std::move(columns));
          return Status::OK();
        }
        operators_.push_back(std::make_unique<Projection>(op.expressions));
        operators_.back()->estimated_rows = op.estimated_rows;
        return Status::OK();
      }
      case LogicalKind::kAggregate: {
        ORBIT_RETURN_IF_ERROR(Build(op.child()));
        if (!op.grouping_sets.empty()) {
          Finish(std::make_unique<GroupingSetsAggregate>(op.group_keys, op.aggregates, op.grouping_sets, op.output),
                 op.output, op.estimated_rows);
          return Status::OK();
        }
        auto aggregate = std::make_unique<HashAggregate>(op.group_keys, op.aggregates, op.output);
        if (aggregate->accepts_masked_chunks() && !operators_.empty()) {
          if (auto* filter = dynamic_cast<Filter*>(operators_.back().get())) filter->AllowMasking();
        }
        Finish(std::move(aggregate), op.output, op.estimated_rows);
        return Status::OK();
      }
      case LogicalKind::kOrder:
        ORBIT_RETURN_IF_ERROR(Build(op.child()));
        Finish(std::make_unique<OrderSink>(op.child().output, op.sort_keys), op.output, op.estimated_rows);
        return Status::OK();
      case LogicalKind::kLimit:
        if (op.child().kind == LogicalKind::kOrder && op.limit) {
          // ORDER BY ... LIMIT: keep only the first rows instead of sorting them all.
          const LogicalOperator& order = op.child();
          ORBIT_RETURN_IF_ERROR(Build(order.child()));
          Finish(std::make_unique<TopNSink>(order.output, order.sort_keys, *op.limit, op.offset), op.output,
                 op.estimated_rows);
          return Status::OK();
        }
        ORBIT_RETURN_IF_ERROR(Build(op.child()));
        Finish(std::make_unique<CollectSink>(op.child().output, op.limit, op.offset), op.output, op.estimated_rows);
        return Status::OK();
      case LogicalKind::kWindow:
        ORBIT_RETURN_IF_ERROR(Build(op.child()));
        // `limit` on a window: nothing reads the rows its row_number() puts past it (plan/lateral.h).
        if (op.limit && op.windows.size() == 1 && op.windows[0].kind == WindowKind::kRowNumber) {
          Finish(std::make_unique<PartitionedTopNSink>(op.child().output, op.windows[0], *op.limit, op.output),
                 op.output, op.estimated_rows);
          return Status::OK();
        }
        Finish(std::make_unique<WindowSink>(op.child().output, op.windows, op.output), op.output, op.estimated_rows);
        return Status::OK();
      case LogicalKind::kUnnest:
        ORBIT_RETURN_IF_ERROR(Build(op.child()));
        operators_.push_back(std::make_unique<Unnest>(op.expressions, op.unnest_keeps_empty));
        operators_.back()->estimated_rows = op.estimated_rows;
        return Status::OK();
      case LogicalKind::kJoin: return BuildJoin(op);
      case LogicalKind::kUnionAll: return BuildUnionAll(op);
    }
    ORBIT_UNREACHABLE("unknown logical operator");
  }

  /// Ends the plan: the last pipeline collects the result unless a sink already produced it.
  void Complete(const Schema& output, double estimated_rows) {
    if (HasPendingWork()) Finish(std::make_unique<CollectSink>(output), output, estimated_rows);
  }

 private:
  // The pipeline being assembled: a source and the streaming operators after it.
  struct Open {
    std::unique_ptr<TableScan> source;
    std::vector<std::unique_ptr<Operator>> operators;
    bool source_is_previous_result = false;
    int input_pipeline = -1;
    std::vector<int> input_pipelines;
  };

  // The left (probe) input streams through the probe operator; the right (build) input
  // runs first, in pipelines of its own ending in the build sink.
  Status BuildJoin(const LogicalOperator& op) {
    if (BuildsLeftSide(op)) return BuildRightSemiJoin(op);
    ORBIT_RETURN_IF_ERROR(Build(op.child()));
    Open probe{std::move(source_), std::move(operators_), source_is_previous_result_, input_pipeline_,
               std::move(input_pipelines_)};
    operators_.clear();
    input_pipelines_.clear();
    source_is_previous_result_ = false;
    input_pipeline_ = -1;

    const LogicalOperator& build_side = *op.children[1];
    ORBIT_RETURN_IF_ERROR(Build(build_side));
    std::vector<DataType> key_types;
    for (const auto& k : op.right_keys) key_types.push_back(k->type);
    auto table = std::make_shared<JoinHashTable>(std::move(key_types), build_side.output);
    Finish(std::make_unique<HashJoinBuild>(op.right_keys, table), build_side.output, build_side.estimated_rows);

    source_ = std::move(probe.source);
    operators_ = std::move(probe.operators);
    source_is_previous_result_ = probe.source_is_previous_result;
    input_pipeline_ = probe.input_pipeline;
    input_pipelines_ = std::move(probe.input_pipelines);
    if (op.join_kind == JoinKind::kSemi || op.join_kind == JoinKind::kAnti || op.join_kind == JoinKind::kMark ||
        op.join_kind == JoinKind::kSingle) {
      auto subquery_probe = std::make_unique<HashSubqueryJoinProbe>(op.join_kind, op.null_aware, op.left_keys,
                                                                    op.predicate, std::move(table), op.estimated_rows);
      subquery_probe->estimated_rows = op.estimated_rows;
      operators_.push_back(std::move(subquery_probe));
      return Status::OK();
    }
    std::vector<DataType> probe_types;
    for (const Field& f : op.child().output) probe_types.push_back(f.type);
    auto join_probe = std::make_unique<HashJoinProbe>(op.join_kind, op.left_keys, op.predicate, std::move(table),
                                                      std::move(probe_types));
    join_probe->estimated_rows = op.estimated_rows;
    if (join_probe->accepts_masked_chunks() && !operators_.empty()) {
      if (auto* filter = dynamic_cast<Filter*>(operators_.back().get())) filter->AllowMasking();
    }
    operators_.push_back(std::move(join_probe));
    return Status::OK();
  }

  // A semi or anti join whose left input is estimated several times smaller than the
  // subquery's runs the other way round (TPC-H Q4: 57 thousand orders EXISTS among 3.8
  // million late lineitems): the left input is built, the subquery's rows probe it and mark
  // the rows they find. [NOT] IN keeps its NULL rules in HashSubqueryJoinProbe.
  static bool BuildsLeftSide(const LogicalOperator& op) {
    constexpr double kSmallerBy = 4;
    if ((op.join_kind != JoinKind::kSemi && op.join_kind != JoinKind::kAnti) || op.null_aware) return false;
    if (op.left_keys.empty()) return false;
    const double left = op.children[0]->estimated_rows, right = op.children[1]->estimated_rows;
    return left >= 0 && right >= 0 && left * kSmallerBy < right;
  }

  Status BuildRightSemiJoin(const LogicalOperator& op) {
    const LogicalOperator& left = *op.children[0];
    const LogicalOperator& right = *op.children[1];
    ORBIT_RETURN_IF_ERROR(Build(left));
    std::vector<DataType> key_types;
    for (const auto& k : op.left_keys) key_types.push_back(k->type);
    auto table = std::make_shared<JoinHashTable>(std::move(key_types), left.output);
    Finish(std::make_unique<HashJoinBuild>(op.left_keys, table), left.output, left.estimated_rows);

    operators_.clear();
    input_pipelines_.clear();
    source_is_previous_result_ = false;
    input_pipeline_ = -1;
    ORBIT_RETURN_IF_ERROR(Build(right));
    // The condition reads left ++ right; the probe's pairs are right ++ left.
    const int left_width = static_cast<int>(left.output.size());
    const int right_width = static_cast<int>(right.output.size());
    ExprPtr condition =
        op.predicate
            ? RemapColumns(op.predicate, [&](int c) { return c < left_width ? c + right_width : c - left_width; })
            : nullptr;
    std::vector<DataType> probe_types;
    for (const Field& f : right.output) probe_types.push_back(f.type);
    auto probe =
        std::make_unique<HashJoinProbe>(op.join_kind == JoinKind::kSemi ? JoinKind::kRightSemi : JoinKind::kRightAnti,
                                        op.right_keys, condition, std::move(table), std::move(probe_types));
    probe->estimated_rows = op.estimated_rows;
    operators_.push_back(std::move(probe));
    return Status::OK();
  }

  // Whether the open pipeline does more than scan one earlier pipeline's result.
  bool HasPendingWork() const {
    return !operators_.empty() || !source_is_previous_result_ || !input_pipelines_.empty();
  }

  // Each input runs into a table of its own; the next pipeline scans them one after another.
  Status BuildUnionAll(const LogicalOperator& op) {
    std::vector<int> inputs;
    for (const auto& child : op.children) {
      source_.reset();
      operators_.clear();
      source_is_previous_result_ = false;
      input_pipeline_ = -1;
      ORBIT_RETURN_IF_ERROR(Build(*child));
      if (HasPendingWork()) Finish(std::make_unique<CollectSink>(child->output), child->output, child->estimated_rows);
      inputs.push_back(input_pipeline_);
    }
    source_ = std::make_unique<TableScan>(std::make_shared<Table>("union", op.output), AllColumns(op.output));
    source_->estimated_rows = op.estimated_rows;
    source_is_previous_result_ = true;
    input_pipeline_ = -1;
    input_pipelines_ = std::move(inputs);
    return Status::OK();
  }

  // `estimated_rows`: the optimizer's estimate of the rows the sink produces.
  void Finish(std::unique_ptr<Sink> sink, const Schema& sink_output, double estimated_rows) {
    sink->estimated_rows = estimated_rows;
    auto pipeline = std::make_unique<Pipeline>(std::move(source_), std::move(operators_), std::move(sink));
    if (!input_pipelines_.empty()) {
      pipeline->set_input_pipelines(std::move(input_pipelines_));
      input_pipelines_.clear();
    } else {
      pipeline->set_input_pipeline(input_pipeline_);
    }
    plan_.pipelines.push_back(std::move(pipeline));
    operators_.clear();
    // The next pipeline reads the sink's table, which exists only once the sink has run.
    source_ =
        std::make_unique<TableScan>(std::make_shared<Table>("intermediate", sink_output), AllColumns(sink_output));
    source_->estimated_rows = estimated_rows;
    source_is_previous_result_ = true;
    input_pipeline_ = static_cast<int>(plan_.pipelines.size()) - 1;
  }

  PhysicalPlan& plan_;
  std::unique_ptr<TableScan> source_;
  std::vector<std::unique_ptr<Operator>> operators_;
  bool source_is_previous_result_ = false;
  int input_pipeline_ = -1;           // the pipeline whose result source_ scans, or -1
  std::vector<int> input_pipelines_;  // instead: the pipelines whose results source_ scans in turn
};

}  // namespace

Result<PhysicalPlan> PlanPhysical(const LogicalOperator& root) {
  PhysicalPlan plan;
  plan.output = root.output;
  PipelineBuilder builder(plan);
  ORBIT_RETURN_IF_ERROR(builder.Build(root));
  builder.Complete(root.output, root.estimated_rows);
  return plan;
}

}  // namespace orbit
