#include "sql/binder/expression/subquery_binder.h"

#include "common/check.h"
#include "exec/pipeline/lateral_source.h"
#include "plan/expression_rewrite.h"
#include "sql/binder/constant_folding.h"
#include "sql/binder/statement/statement_binders.h"
#include "sql/binder/type_resolution.h"

namespace orbit {

namespace {

// `e` with placeholder column p replaced by values[p - base].
ExprPtr ReplacePlaceholders(const ExprPtr& e, const std::vector<ExprPtr>& values) {
  if (e->kind == ExprKind::kColumnRef && e->column_index >= kSubqueryPlaceholderBase) {
    return values.at(e->column_index - kSubqueryPlaceholderBase);
  }
  if (e->children.empty()) return e;
  auto copy = std::make_shared<Expr>(*e);
  for (auto& c : copy->children) c = ReplacePlaceholders(c, values);
  return copy;
}

// At most one row whatever the outer row: an aggregate without GROUP BY, under projections,
// filters (HAVING) and limits.
bool IsAtMostOneRow(const LogicalOperator& subquery) {
  const LogicalOperator* op = &subquery;
  while (op->kind == LogicalKind::kProjection || op->kind == LogicalKind::kFilter || op->kind == LogicalKind::kLimit) {
    op = op->children[0].get();
  }
  return op->kind == LogicalKind::kAggregate && op->group_keys.empty() && op->grouping_sets.empty();
}

// A correlated scalar subquery whose correlation decorrelation cannot turn into join keys
// ((SELECT count(*) FROM u WHERE u.x < t.x)): run once per distinct outer binding
// (LateralSource), its one row (or none: NULL) joined to each outer row.
JoinedSubquery RunPerOuterRow(LogicalPtr outer, LogicalPtr subquery) {
  const int width = static_cast<int>(outer->output.size());
  LateralJoin lateral;
  lateral.left = std::move(outer);
  lateral.subquery = std::move(subquery);
  lateral.kind = JoinKind::kLeft;
  auto source = std::make_shared<LateralSource>(std::move(lateral));
  auto scan = std::make_unique<LogicalOperator>(LogicalKind::kTableFunctionScan);
  scan->output = source->schema();
  for (size_t i = 0; i < scan->output.size(); ++i) scan->column_ids.push_back(static_cast<int>(i));
  scan->estimated_rows = source->estimated_rows();
  scan->source = std::move(source);
  JoinedSubquery joined;
  joined.value = Expr::ColumnRef(width, scan->output.at(width).type, scan->output.at(width).name);
  joined.plan = std::move(scan);
  return joined;
}

const char* TestName(ast::SubqueryKind kind) {
  switch (kind) {
    case ast::SubqueryKind::kExists: return "EXISTS";
    case ast::SubqueryKind::kIn: return "IN";
    case ast::SubqueryKind::kScalar: break;
  }
  return "a scalar subquery";
}

}  // namespace

Result<SubqueryJoinSpec> SubqueryBinder::Prepare(const ast::Expr& subquery, ExprPtr probe, const BindScope* scope,
                                                 JoinKind kind) {
  SubqueryJoinSpec spec;
  spec.kind = kind;
  std::vector<const BindScope*> outer = {scope};
  outer.insert(outer.end(), enclosing_->begin(), enclosing_->end());
  ORBIT_ASSIGN_OR_RETURN(spec.subquery, BindSubquerySelect(*subquery.subquery, catalog_, std::move(outer)));
  const Schema& columns = spec.subquery->output;
  switch (subquery.subquery_kind) {
    case ast::SubqueryKind::kExists: spec.test = SubqueryTest::kExists; return spec;
    case ast::SubqueryKind::kScalar:
      spec.test = SubqueryTest::kScalar;
      if (columns.size() != 1) return Status::BindError("subquery must return only one column, not {}", columns.size());
      return spec;
    case ast::SubqueryKind::kIn: {
      spec.test = SubqueryTest::kIn;
      if (columns.size() != 1) {
        return Status::BindError("subquery has too many columns: IN (SELECT ...) needs one, got {}", columns.size());
      }
      std::optional<DataType> common = ComparisonType(probe->type, columns[0].type);
      if (!common) {
        return Status::TypeError("cannot compare {} with {} in {}: types {} and {}", probe->ToString(), columns[0].name,
                                 subquery.ToString(), probe->type.ToString(), columns[0].type.ToString());
      }
      ORBIT_ASSIGN_OR_RETURN(spec.probe, CastExpr(std::move(probe), *common));
      spec.compare_type = *common;
      return spec;
    }
  }
  ORBIT_UNREACHABLE("unknown subquery kind in {}", TestName(subquery.subquery_kind));
}

Result<ExprPtr> SubqueryBinder::BindValue(const ast::Expr& subquery, ExprPtr probe, const BindScope* scope) {
  const bool scalar = subquery.subquery_kind == ast::SubqueryKind::kScalar;
  ORBIT_ASSIGN_OR_RETURN(SubqueryJoinSpec spec,
                         Prepare(subquery, std::move(probe), scope, scalar ? JoinKind::kSingle : JoinKind::kMark));
  DataType type = scalar ? spec.subquery->output[0].type : DataType::Boolean();
  pending_.push_back(std::move(spec));
  placeholder_of_.push_back(placeholders_);
  return Expr::ColumnRef(kSubqueryPlaceholderBase + placeholders_++, type, "subquery");
}

Result<bool> SubqueryBinder::BindFilter(const ast::Expr& conjunct, ExpressionBinder& binder, const BindScope* scope) {
  const bool negated = conjunct.kind == ast::ExprKind::kNot;
  const ast::Expr& test = negated ? *conjunct.children[0] : conjunct;
  if (test.kind != ast::ExprKind::kSubquery || test.subquery_kind == ast::SubqueryKind::kScalar) return false;
  ExprPtr probe;
  if (test.subquery_kind == ast::SubqueryKind::kIn) {
    ORBIT_ASSIGN_OR_RETURN(probe, binder.Bind(*test.children[0]));
  }
  ORBIT_ASSIGN_OR_RETURN(SubqueryJoinSpec spec,
                         Prepare(test, std::move(probe), scope, negated ? JoinKind::kAnti : JoinKind::kSemi));
  pending_.push_back(std::move(spec));
  placeholder_of_.push_back(-1);
  return true;
}

Result<LogicalPtr> SubqueryBinder::Attach(LogicalPtr plan, const std::vector<ExprPtr*>& expressions,
                                          const std::vector<int>& outer_columns) {
  std::vector<ExprPtr> values(placeholders_);
  for (size_t i = 0; i < pending_.size(); ++i) {
    pending_[i].outer_columns = outer_columns;
    const SubqueryJoinSpec& spec = pending_[i];
    const bool per_row = spec.test == SubqueryTest::kScalar && outer_columns.empty() &&
                         ReadsOuterColumns(*spec.subquery) && IsAtMostOneRow(*spec.subquery);
    LogicalPtr outer_copy = per_row ? CloneLogicalPlan(*plan) : nullptr;
    LogicalPtr subquery_copy = per_row ? CloneLogicalPlan(*spec.subquery) : nullptr;
    Result<JoinedSubquery> attempt = JoinSubquery(std::move(plan), std::move(pending_[i]));
    if (!attempt.ok() && per_row && attempt.status().code() == StatusCode::kNotSupported) {
      attempt = RunPerOuterRow(std::move(outer_copy), std::move(subquery_copy));
    }
    ORBIT_ASSIGN_OR_RETURN(JoinedSubquery joined, std::move(attempt));
    plan = std::move(joined.plan);
    if (placeholder_of_[i] >= 0) values[placeholder_of_[i]] = std::move(joined.value);
  }
  pending_.clear();
  placeholder_of_.clear();
  for (ExprPtr* e : expressions) {
    if (*e) *e = ReplacePlaceholders(*e, values);
  }
  return plan;
}

}  // namespace orbit
