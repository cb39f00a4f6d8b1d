#include "sql/binder/statement/lateral_binder.h"

#include <algorithm>

#include "exec/pipeline/lateral_source.h"
#include "exec/pipeline/vector_top_k_source.h"
#include "plan/decorrelation.h"
#include "plan/expression_rewrite.h"
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

namespace {

ast::ExprPtr Call(const std::string& name, std::vector<ast::ExprPtr> arguments, int location) {
  auto call = ast::NewExpr(ast::ExprKind::kFunction, std::move(arguments), location);
  call->name = name;
  return call;
}

ast::ExprPtr IntegerConstant(int64_t value, int location) {
  auto e = ast::NewExpr(ast::ExprKind::kConstant, {}, location);
  e->constant.kind = ast::ConstantKind::kInteger;
  e->constant.integer = value;
  return e;
}

// WITH ORDINALITY's column: unnest(generate_series_array(1, the longest array's length)),
// zipped with the elements (a NULL array counts as empty).
ast::ExprPtr OrdinalityColumn(const std::vector<ast::ExprPtr>& arrays, int location) {
  std::vector<ast::ExprPtr> lengths;
  for (const ast::ExprPtr& array : arrays) {
    auto length = ast::NewExpr(ast::ExprKind::kConditional,
                               {Call("cardinality", {array}, location), IntegerConstant(0, location)}, location);
    length->name = "coalesce";
    lengths.push_back(std::move(length));
  }
  ast::ExprPtr longest = lengths.front();
  if (lengths.size() > 1) {
    auto greatest = ast::NewExpr(ast::ExprKind::kConditional, std::move(lengths), location);
    greatest->name = "greatest";
    longest = std::move(greatest);
  }
  return Call("unnest", {Call("generate_series_array", {IntegerConstant(1, location), longest}, location)}, location);
}

}  // namespace

std::optional<ast::TableRef> UnnestAsLateralSubquery(const ast::TableRef& ref) {
  const bool series = ref.name == "generate_series";
  if (!ref.is_function || (ref.name != "unnest" && !series) || ref.arguments.empty()) return std::nullopt;
  const bool reads_columns = std::any_of(ref.arguments.begin(), ref.arguments.end(),
                                         [](const ast::ExprPtr& a) { return a && FindColumnRef(*a) != nullptr; });
  if (!reads_columns && !ref.with_ordinality) return std::nullopt;  // constant arrays: the table function
  auto select = std::make_shared<ast::SelectStatement>();
  // generate_series(1, t.n) unnests generate_series_array(1, t.n).
  const std::vector<ast::ExprPtr> arrays =
      series ? std::vector<ast::ExprPtr>{Call("generate_series_array", ref.arguments, ref.location)} : ref.arguments;
  for (const ast::ExprPtr& array : arrays) {
    select->targets.push_back({Call("unnest", {array}, array->location), series ? "generate_series" : "unnest"});
  }
  if (ref.with_ordinality) select->targets.push_back({OrdinalityColumn(arrays, ref.location), "ordinality"});
  ast::TableRef lateral;
  lateral.subquery = std::move(select);
  lateral.lateral = reads_columns;
  lateral.alias = ref.alias.empty() ? ref.name : ref.alias;
  lateral.column_aliases = ref.column_aliases;
  if (lateral.column_aliases.empty() && !ref.alias.empty() && arrays.size() == 1) {
    lateral.column_aliases = {ref.alias};
  }
  lateral.location = ref.location;
  return lateral;
}

namespace {

bool AlwaysTrue(const ExprPtr& on) {
  return !on || (on->kind == ExprKind::kConstant && !on->constant.is_null && on->constant.bool_value);
}

// A LATERAL subquery that only unnests arrays of the left side (what UnnestAsLateralSubquery
// makes: a projection over Unnest over one row) runs as Unnest over the left side itself,
// one pass, instead of once per left row. Null when the subquery is another shape.
LogicalPtr UnnestOverLeft(LateralJoin& lateral) {
  LogicalOperator& projection = *lateral.subquery;
  if (projection.kind != LogicalKind::kProjection) return nullptr;
  LogicalOperator& unnest = *projection.children[0];
  if (unnest.kind != LogicalKind::kUnnest || unnest.child().kind != LogicalKind::kDummyScan) return nullptr;
  const bool left_join = lateral.kind == JoinKind::kLeft;
  if (left_join && !AlwaysTrue(lateral.on)) return nullptr;
  // LEFT JOIN keeps a row without elements with NULLs on the right: only bare element
  // columns are NULL there (coalesce(unnest, 0) would not be).
  const bool bare = std::all_of(projection.expressions.begin(), projection.expressions.end(),
                                [](const ExprPtr& e) { return e->kind == ExprKind::kColumnRef; });
  if (left_join && !bare) return nullptr;
  auto left_column = [](const Expr& c) { return Expr::ColumnRef(c.column_index, c.type, c.name); };
  const int left_width = static_cast<int>(lateral.left->output.size());
  auto unnested = std::make_unique<LogicalOperator>(LogicalKind::kUnnest);
  unnested->output = lateral.left->output;
  unnested->output.insert(unnested->output.end(), unnest.output.begin(), unnest.output.end());
  for (const ExprPtr& array : unnest.expressions)
    unnested->expressions.push_back(ReplaceOuterColumns(array, left_column));
  unnested->unnest_keeps_empty = left_join;
  unnested->children.push_back(std::move(lateral.left));
  // The join's output: the left side's columns, then the subquery's over the elements.
  auto out = std::make_unique<LogicalOperator>(LogicalKind::kProjection);
  out->output = unnested->output;
  out->output.resize(static_cast<size_t>(left_width));
  for (int c = 0; c < left_width; ++c) {
    out->expressions.push_back(Expr::ColumnRef(c, out->output[c].type, out->output[c].name));
  }
  for (size_t i = 0; i < projection.expressions.size(); ++i) {
    ExprPtr shifted = RemapColumns(projection.expressions[i], [&](int c) { return c + left_width; });
    out->expressions.push_back(ReplaceOuterColumns(shifted, left_column));
    out->output.push_back(projection.output[i]);
  }
  out->children.push_back(std::move(unnested));
  if (AlwaysTrue(lateral.on)) return out;
  auto filter = std::make_unique<LogicalOperator>(LogicalKind::kFilter);
  filter->output = out->output;
  filter->predicate = lateral.on;
  filter->children.push_back(std::move(out));
  return filter;
}

}  // namespace

Result<LogicalPtr> PlanLateralJoin(LogicalPtr join) {
  if (join->join_kind != JoinKind::kInner && join->join_kind != JoinKind::kLeft) {
    return Status::BindError("the combining JOIN type must be INNER or LEFT for a LATERAL reference");
  }
  LateralJoin lateral;
  lateral.kind = join->join_kind;
  lateral.on = join->predicate;
  lateral.left = std::move(join->children[0]);
  lateral.subquery = std::move(join->children[1]);
  if (LogicalPtr unnested = UnnestOverLeft(lateral)) return unnested;
  ORBIT_ASSIGN_OR_RETURN(LogicalPtr decorrelated, DecorrelateLateral(lateral));
  if (decorrelated) return decorrelated;
  ORBIT_ASSIGN_OR_RETURN(TableSourcePtr top_k, MakeVectorTopKSource(lateral));
  if (top_k) return ScanOf(std::move(top_k));
  if (LogicalPtr per_row = TopNPerOuterRow(lateral)) return per_row;
  return ScanOf(std::make_shared<LateralSource>(std::move(lateral)));
}

}  // namespace orbit
