#include "sql/binder/expression/subquery_binder.h"

#include "common/check.h"
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
    ORBIT_ASSIGN_OR_RETURN(JoinedSubquery joined, JoinSubquery(std::move(plan), std::move(pending_[i])));
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
