#include "plan/logical_plan.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace orbit {

namespace {
const char* AggregateName(AggregateKind kind) {
  switch (kind) {
    case AggregateKind::kSum: return "sum";
    case AggregateKind::kAvg: return "avg";
    case AggregateKind::kMin: return "min";
    case AggregateKind::kMax: return "max";
    case AggregateKind::kCount: return "count";
    case AggregateKind::kCountStar: return "count_star";
    case AggregateKind::kVarSamp: return "var_samp";
    case AggregateKind::kVarPop: return "var_pop";
    case AggregateKind::kStddevSamp: return "stddev_samp";
    case AggregateKind::kStddevPop: return "stddev_pop";
    case AggregateKind::kBoolAnd: return "bool_and";
    case AggregateKind::kBoolOr: return "bool_or";
    case AggregateKind::kQuantileCont: return "quantile_cont";
    case AggregateKind::kQuantileDisc: return "quantile_disc";
    case AggregateKind::kMode: return "mode";
    case AggregateKind::kStringAgg: return "string_agg";
    case AggregateKind::kArrayAgg: return "array_agg";
    case AggregateKind::kApproxCountDistinct: return "approx_count_distinct";
    case AggregateKind::kGrouping: return "grouping";
    case AggregateKind::kCovarPop: return "covar_pop";
    case AggregateKind::kCovarSamp: return "covar_samp";
    case AggregateKind::kCorr: return "corr";
    case AggregateKind::kRegrSlope: return "regr_slope";
    case AggregateKind::kRegrIntercept: return "regr_intercept";
    case AggregateKind::kRegrCount: return "regr_count";
    case AggregateKind::kRegrR2: return "regr_r2";
    case AggregateKind::kRegrAvgX: return "regr_avgx";
    case AggregateKind::kRegrAvgY: return "regr_avgy";
    case AggregateKind::kRegrSxx: return "regr_sxx";
    case AggregateKind::kRegrSyy: return "regr_syy";
    case AggregateKind::kRegrSxy: return "regr_sxy";
  }
  return "?";
}
}  // namespace

std::string AggregateCall::ToString() const {
  if (kind == AggregateKind::kCountStar) return "count_star()";
  if (kind == AggregateKind::kGrouping) return fmt::format("grouping({})", fmt::join(grouping_names, ", "));
  std::string order;
  for (size_t i = 0; i < order_by.size(); ++i) {
    order += fmt::format("{}{}{}", i ? ", " : " ORDER BY ", order_by[i].expression->ToString(),
                         order_by[i].descending ? " DESC" : "");
  }
  const bool quantile = kind == AggregateKind::kQuantileCont || kind == AggregateKind::kQuantileDisc;
  if (within_group) {
    const char* name = kind == AggregateKind::kMode           ? "mode"
                       : kind == AggregateKind::kQuantileCont ? "percentile_cont"
                                                              : "percentile_disc";
    return fmt::format("{}({}) WITHIN GROUP ({})", name, quantile ? fmt::format("{}", fraction) : "", order.substr(1));
  }
  if (quantile) return fmt::format("{}({}, {})", AggregateName(kind), argument->ToString(), fraction);
  if (second && kind == AggregateKind::kArrayAgg) {
    return fmt::format("array_agg({}{}) FILTER (WHERE {})", argument->ToString(), order, second->ToString());
  }
  if (second) return fmt::format("{}({}, {}{})", AggregateName(kind), argument->ToString(), second->ToString(), order);
  return fmt::format("{}({}{}{})", AggregateName(kind), distinct ? "DISTINCT " : "", argument->ToString(), order);
}

const char* JoinKindName(JoinKind kind) {
  switch (kind) {
    case JoinKind::kLeft: return "LEFT";
    case JoinKind::kRight: return "RIGHT";
    case JoinKind::kFull: return "FULL";
    case JoinKind::kSemi: return "SEMI";
    case JoinKind::kAnti: return "ANTI";
    case JoinKind::kMark: return "MARK";
    case JoinKind::kSingle: return "SINGLE";
    case JoinKind::kRightSemi: return "RIGHT SEMI";
    case JoinKind::kRightAnti: return "RIGHT ANTI";
    default: return "";
  }
}

std::string LogicalOperator::ToString(int indent) const {
  std::string pad(indent * 2, ' ');
  std::string line;
  switch (kind) {
    case LogicalKind::kGet: {
      line = "Get " + table->name() + " [";
      for (size_t i = 0; i < output.size(); ++i) line += (i ? ", " : "") + output[i].name;
      line += "]";
      break;
    }
    case LogicalKind::kTableFunctionScan: {
      line = "TableFunctionScan " + source->name() + " [";
      for (size_t i = 0; i < output.size(); ++i) line += (i ? ", " : "") + output[i].name;
      line += "]";
      break;
    }
    case LogicalKind::kDummyScan: line = "DummyScan"; break;
    case LogicalKind::kEmptyResult: line = "EmptyResult"; break;
    case LogicalKind::kFilter: line = "Filter " + predicate->ToString(); break;
    case LogicalKind::kProjection: {
      line = "Projection";
      for (const auto& e : expressions) line += " " + e->ToString();
      break;
    }
    case LogicalKind::kAggregate: {
      line = "Aggregate keys:";
      for (const auto& e : group_keys) line += " " + e->ToString();
      line += " aggregates:";
      for (const auto& a : aggregates) line += " " + a.ToString();
      break;
    }
    case LogicalKind::kOrder: {
      line = "Order";
      for (const auto& k : sort_keys) line += " " + k.expression->ToString() + (k.descending ? " DESC" : " ASC");
      break;
    }
    case LogicalKind::kLimit:
      line = fmt::format("Limit {} offset {}", limit ? std::to_string(*limit) : "all", offset);
      break;
    case LogicalKind::kJoin: {
      static const char* kNames[] = {"Join",     "LeftJoin", "RightJoin",  "FullJoin",      "SemiJoin",
                                     "AntiJoin", "MarkJoin", "SingleJoin", "RightSemiJoin", "RightAntiJoin"};
      line = kNames[static_cast<int>(join_kind)];
      if (null_aware) line += " null-aware";
      for (size_t i = 0; i < left_keys.size(); ++i) {
        line += fmt::format(" {}={}", left_keys[i]->ToString(), right_keys[i]->ToString());
      }
      if (predicate) line += " where " + predicate->ToString();
      break;
    }
    case LogicalKind::kUnionAll: line = "UnionAll"; break;
    case LogicalKind::kUnnest: {
      line = unnest_keeps_empty ? "Unnest keeping empty" : "Unnest";
      for (const auto& e : expressions) line += " " + e->ToString();
      break;
    }
    case LogicalKind::kWindow: {
      line = "Window";
      for (const auto& w : windows) line += " " + w.ToString();
      break;
    }
  }
  if (estimated_rows >= 0) line += fmt::format(" ~{:.0f} rows", estimated_rows);
  std::string out = pad + line + "\n";
  for (const auto& c : children) out += c->ToString(indent + 1);
  return out;
}

namespace {

ExprPtr CloneExpr(const ExprPtr& expr) {
  if (expr == nullptr) return nullptr;
  auto copy = std::make_shared<Expr>(*expr);
  for (ExprPtr& child : copy->children) child = CloneExpr(child);
  return copy;
}

std::vector<ExprPtr> CloneExprs(const std::vector<ExprPtr>& exprs) {
  std::vector<ExprPtr> copies;
  copies.reserve(exprs.size());
  for (const ExprPtr& e : exprs) copies.push_back(CloneExpr(e));
  return copies;
}

std::vector<SortKey> CloneSortKeys(std::vector<SortKey> keys) {
  for (SortKey& key : keys) key.expression = CloneExpr(key.expression);
  return keys;
}

AggregateCall CloneAggregate(AggregateCall call) {
  call.argument = CloneExpr(call.argument);
  call.second = CloneExpr(call.second);
  call.order_by = CloneSortKeys(std::move(call.order_by));
  return call;
}

}  // namespace

LogicalPtr CloneLogicalPlan(const LogicalOperator& op) {
  auto copy = std::make_unique<LogicalOperator>(op.kind);
  for (const LogicalPtr& child : op.children) copy->children.push_back(CloneLogicalPlan(*child));
  copy->output = op.output;
  copy->table = op.table;
  copy->source = op.source;
  copy->column_ids = op.column_ids;
  copy->predicate = CloneExpr(op.predicate);
  copy->join_kind = op.join_kind;
  copy->left_keys = CloneExprs(op.left_keys);
  copy->right_keys = CloneExprs(op.right_keys);
  copy->null_aware = op.null_aware;
  copy->expressions = CloneExprs(op.expressions);
  copy->unnest_keeps_empty = op.unnest_keeps_empty;
  copy->group_keys = CloneExprs(op.group_keys);
  for (const AggregateCall& call : op.aggregates) copy->aggregates.push_back(CloneAggregate(call));
  copy->grouping_sets = op.grouping_sets;
  copy->sort_keys = CloneSortKeys(op.sort_keys);
  for (WindowCall call : op.windows) {
    call.aggregate = CloneAggregate(std::move(call.aggregate));
    call.arguments = CloneExprs(call.arguments);
    call.partition_by = CloneExprs(call.partition_by);
    call.order_by = CloneSortKeys(std::move(call.order_by));
    copy->windows.push_back(std::move(call));
  }
  copy->limit = op.limit;
  copy->offset = op.offset;
  copy->estimated_rows = op.estimated_rows;
  return copy;
}

}  // namespace orbit
