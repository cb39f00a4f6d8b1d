#include "sql/binder/statement/lateral_binder.h"

#include "exec/pipeline/lateral_source.h"
#include "exec/pipeline/vector_top_k_source.h"
#include "plan/decorrelation.h"
#include "plan/lateral.h"
#include "sql/binder/statement/statement_binders.h"

namespace orbit {

namespace {

Status RenameColumns(const ast::TableRef& ref, Schema* columns) {
  if (ref.column_aliases.size() > columns->size()) {
    return Status::BindError("table \"{}\" has {} columns available but {} columns specified", ref.alias,
                             columns->size(), ref.column_aliases.size());
  }
  for (size_t i = 0; i < ref.column_aliases.size(); ++i) (*columns)[i].name = ref.column_aliases[i];
  return Status::OK();
}

Result<LogicalPtr> BindWithOuter(const ast::TableRef& ref, const Catalog& catalog, const BindScope* scope,
                                 const std::vector<const BindScope*>& enclosing) {
  std::vector<const BindScope*> outer = {scope};
  outer.insert(outer.end(), enclosing.begin(), enclosing.end());
  return BindSubquerySelect(*ref.subquery, catalog, std::move(outer));
}

LogicalPtr ScanOf(TableSourcePtr source) {
  auto scan = std::make_unique<LogicalOperator>(LogicalKind::kTableFunctionScan);
  scan->output = source->schema();
  for (size_t i = 0; i < scan->output.size(); ++i) scan->column_ids.push_back(static_cast<int>(i));
  scan->estimated_rows = source->estimated_rows();
  scan->source = std::move(source);
  return scan;
}

const ast::Expr* FindColumnRef(const ast::Expr& e) {
  if (e.kind == ast::ExprKind::kColumnRef) return &e;
  for (const ast::ExprPtr& c : e.children) {
    if (const ast::Expr* found = c ? FindColumnRef(*c) : nullptr) return found;
  }
  return nullptr;
}

}  // namespace

Status RefuseLateralFunctionCall(const ast::TableRef& ref) {
  for (const ast::ExprPtr& argument : ref.arguments) {
    if (const ast::Expr* column = argument ? FindColumnRef(*argument) : nullptr) {
      return Status::NotSupported(
          "LATERAL table function calls: {}(...) reads column {}; its arguments must be constants", ref.name,
          column->ToString());
    }
  }
  return Status::OK();
}

Result<LogicalPtr> BindLateralSubquery(const ast::TableRef& ref, const Catalog& catalog, BindScope* scope,
                                       int left_begin, const std::vector<const BindScope*>& enclosing) {
  ORBIT_ASSIGN_OR_RETURN(LogicalPtr plan, BindWithOuter(ref, catalog, scope, enclosing));
  Status outside = Status::OK();
  ForEachExpression(*plan, [&](ExprPtr& e) {
    e = ReplaceOuterColumns(e, [&](const Expr& column) -> ExprPtr {
      if (column.column_index < left_begin && outside.ok()) {
        outside = Status::NotSupported(
            "a LATERAL subquery reading \"{}\", a FROM item outside the left side of its JOIN; join that item "
            "first, or move the subquery after it",
            column.name);
      }
      auto copy = std::make_shared<Expr>(column);
      copy->column_index -= left_begin;
      return copy;
    });
  });
  ORBIT_RETURN_IF_ERROR(outside);
  ORBIT_RETURN_IF_ERROR(RenameColumns(ref, &plan->output));
  ORBIT_RETURN_IF_ERROR(scope->AddRelation(ref.alias, "", plan->output));
  return plan;
}

Result<LogicalPtr> BindLateralWithoutLeft(const ast::TableRef& ref, const Catalog& catalog, BindScope* scope,
                                          const std::vector<const BindScope*>& enclosing) {
  ORBIT_ASSIGN_OR_RETURN(LogicalPtr plan, BindWithOuter(ref, catalog, scope, enclosing));
  if (ReadsOuterColumns(*plan)) {
    return Status::NotSupported(
        "a LATERAL subquery on the left side of a JOIN that reads earlier FROM items; write the JOIN after it "
        "(FROM a, LATERAL (...) s, b WHERE ...)");
  }
  ORBIT_RETURN_IF_ERROR(RenameColumns(ref, &plan->output));
  ORBIT_RETURN_IF_ERROR(scope->AddRelation(ref.alias, "", plan->output));
  return plan;
}

Result<LogicalPtr> PlanLateralJoin(LogicalPtr join) {
  if (join->join_kind != JoinKind::kInner && join->join_kind != JoinKind::kLeft) {
    return Status::BindError("the combining JOIN type must be INNER or LEFT for a LATERAL reference");
  }
  LateralJoin lateral;
  lateral.kind = join->join_kind;
  lateral.on = join->predicate;
  lateral.left = std::move(join->children[0]);
  lateral.subquery = std::move(join->children[1]);
  ORBIT_ASSIGN_OR_RETURN(LogicalPtr decorrelated, DecorrelateLateral(lateral));
  if (decorrelated) return decorrelated;
  ORBIT_ASSIGN_OR_RETURN(TableSourcePtr top_k, MakeVectorTopKSource(lateral));
  if (top_k) return ScanOf(std::move(top_k));
  if (LogicalPtr per_row = TopNPerOuterRow(lateral)) return per_row;
  return ScanOf(std::make_shared<LateralSource>(std::move(lateral)));
}

}  // namespace orbit
