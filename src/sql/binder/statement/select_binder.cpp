// SELECT -> logical plan. Name resolution follows PostgreSQL: GROUP BY takes input columns,
// then select-list names, then positions; ORDER BY takes select-list names and positions,
// then expressions over the input (added as hidden columns when not selected).
#include <algorithm>

#include "functions/function_registry.h"
#include "plan/distinct_aggregates.h"
#include "plan/expression_rewrite.h"
#include "plan/logical_plan.h"
#include "sql/binder/constant_folding.h"
#include "sql/binder/expression/aggregate_binder.h"
#include "sql/binder/expression/subquery_binder.h"
#include "sql/binder/expression/unnest_binder.h"
#include "sql/binder/expression/window_binder.h"
#include "sql/binder/statement/lateral_binder.h"
#include "sql/binder/statement/plan_shapes.h"
#include "sql/binder/statement/statement_binders.h"
#include "sql/binder/type_resolution.h"
#include "sql/catalog/catalog.h"
#include "sql/catalog/information_schema.h"
#include "sql/catalog/pg_catalog.h"

namespace orbit {

namespace {

// One column of the select list after * expansion.
struct SelectColumn {
  ast::ExprPtr expr;     // null for a column of a * expansion
  int star_column = -1;  // that column's position in the input
  std::string name;      // output name
};

// PostgreSQL's rule for unnamed select-list columns: the column, function or type name.
std::string FigureColumnName(const ast::Expr& e) {
  if (e.parameter > 0) return "?column?";  // a parameter's value, as PostgreSQL names $1
  switch (e.kind) {
    case ast::ExprKind::kColumnRef: return e.names.back();
    case ast::ExprKind::kFunction:
    case ast::ExprKind::kWindow: return e.name;
    case ast::ExprKind::kCase: return "case";
    case ast::ExprKind::kConditional:  // coalesce(...) is "coalesce", x IS TRUE is "?column?"
      return e.name.rfind("is ", 0) == 0 ? "?column?" : e.name;
    case ast::ExprKind::kSubquery: {
      // PostgreSQL: EXISTS is "exists"; a scalar subquery takes its own column's name.
      if (e.subquery_kind == ast::SubqueryKind::kExists) return "exists";
      if (e.subquery_kind == ast::SubqueryKind::kIn || e.subquery->targets.empty()) return "?column?";
      const ast::SelectItem& first = e.subquery->targets[0];
      if (!first.alias.empty()) return first.alias;
      return first.expr->kind == ast::ExprKind::kStar ? "?column?" : FigureColumnName(*first.expr);
    }
    case ast::ExprKind::kCast: {
      std::string inner = FigureColumnName(*e.children[0]);
      return inner != "?column?" ? inner : e.type.name();
    }
    case ast::ExprKind::kConstant:
      if (e.constant.kind == ast::ConstantKind::kBoolean) return "bool";
      return "?column?";
    default: return "?column?";
  }
}

// PostgreSQL's HAVING cannot read the select list's aliases; say so instead of suggesting
// another column when the name it did not find is one of them.
Status ExplainAliasInHaving(const Status& error, const ast::SelectStatement& select) {
  for (const ast::SelectItem& item : select.targets) {
    if (item.alias.empty()) continue;
    const std::string missing = fmt::format("column \"{}\" does not exist", item.alias);
    if (error.code() == StatusCode::kBindError && error.message().starts_with(missing)) {
      return Status::BindError(
          "{}: \"{}\" names a select-list column, and HAVING (as in PostgreSQL) reads only the FROM items' columns "
          "and aggregates; write its expression, {}, instead",
          missing, item.alias, item.expr->ToString());
    }
  }
  return error;
}

// ORDER BY 2 and GROUP BY 2 name a column; a parameter with the value 2 does not (PostgreSQL).
bool IsIntegerConstant(const ast::Expr& e) {
  return e.kind == ast::ExprKind::kConstant && e.constant.kind == ast::ConstantKind::kInteger && e.parameter == 0;
}

bool IsBareName(const ast::Expr& e) { return e.kind == ast::ExprKind::kColumnRef && e.names.size() == 1; }

LogicalPtr MakeOperator(LogicalKind kind, LogicalPtr child, Schema output) {
  auto op = std::make_unique<LogicalOperator>(kind);
  if (child) op->children.push_back(std::move(child));
  op->output = std::move(output);
  return op;
}

// AS t (a, b): new names for the first columns of a FROM item.
Status RenameColumns(const ast::TableRef& ref, const std::string& name, Schema* columns) {
  if (ref.column_aliases.size() > columns->size()) {
    return Status::BindError("table \"{}\" has {} columns available but {} columns specified", name, columns->size(),
                             ref.column_aliases.size());
  }
  for (size_t i = 0; i < ref.column_aliases.size(); ++i) (*columns)[i].name = ref.column_aliases[i];
  return Status::OK();
}

LogicalPtr MakeGet(TablePtr table) {
  auto get = MakeOperator(LogicalKind::kGet, nullptr, table->schema());
  for (int i = 0; i < table->num_columns(); ++i) get->column_ids.push_back(i);
  get->table = std::move(table);
  return get;
}

LogicalPtr MakeTableFunctionScan(TableSourcePtr source) {
  auto scan = MakeOperator(LogicalKind::kTableFunctionScan, nullptr, source->schema());
  for (size_t i = 0; i < source->schema().size(); ++i) scan->column_ids.push_back(static_cast<int>(i));
  scan->source = std::move(source);
  return scan;
}

class SelectBinder {
 public:
  SelectBinder(const Catalog& catalog, std::vector<const BindScope*> outer, const CteScope* ctes)
      : catalog_(catalog), outer_(std::move(outer)), ctes_(ctes), where_subqueries_(catalog, &outer_) {}

  Result<LogicalPtr> Bind(const ast::SelectStatement& select);

 private:
  Result<LogicalPtr> BindFrom(const std::optional<ast::TableRef>& from);
  Result<LogicalPtr> BindFromItem(const ast::TableRef& ref);
  Result<LogicalPtr> BindJoin(const ast::JoinClause& join);
  Result<int> FindUsingColumn(const std::string& name, int begin, int end, const char* side);
  std::vector<std::string> CommonColumnNames(int begin, int middle, int end) const;
  Status ExpandSelectList(const std::vector<ast::SelectItem>& targets);
  Status BindGroupBy(const ast::SelectStatement& select);
  Result<ExprPtr> BindGroupKey(const ast::Expr& item);
  Result<ExprPtr> BindColumnOverInput(const SelectColumn& column);
  Result<ExprPtr> BindSelectColumn(const SelectColumn& column);
  /// Binds an expression evaluated after aggregation (when there is one).
  Result<ExprPtr> BindOutputExpr(const ast::Expr& e, const char* clause);
  Result<SortKey> BindOrderItem(const ast::OrderItem& item);
  Result<int> ResolveOrderColumn(const ast::Expr& e);
  bool IsAggregating(const ast::SelectStatement& select) const;
  Result<ExprPtr> BindWhere(const ast::Expr& where);

  const Catalog& catalog_;
  std::vector<const BindScope*> outer_;  // a subquery's enclosing queries' columns, nearest first
  const CteScope* ctes_;
  SubqueryBinder where_subqueries_;
  std::optional<SubqueryBinder> output_subqueries_;  // select list, HAVING, ORDER BY
  BindScope scope_;
  std::vector<SelectColumn> columns_;
  bool aggregating_ = false;
  Aggregation aggregation_;
  Windowing windowing_;              // the window calls of the select list and ORDER BY
  Unnesting unnesting_;              // the unnest(array) calls of the select list and ORDER BY
  std::vector<ExprPtr> projection_;  // the select list, then hidden ORDER BY expressions
  Schema projection_schema_;
};

Result<LogicalPtr> SelectBinder::BindFrom(const std::optional<ast::TableRef>& from) {
  if (!from) return MakeOperator(LogicalKind::kDummyScan, nullptr, {});
  return BindFromItem(*from);
}

Result<LogicalPtr> SelectBinder::BindFromItem(const ast::TableRef& ref) {
  if (ref.is_join()) return BindJoin(*ref.join);
  if (ref.subquery && ref.lateral) return BindLateralWithoutLeft(ref, catalog_, &scope_, outer_);
  if (ref.subquery) {
    // A subquery in FROM is bound on its own (it cannot see the outer FROM items).
    ORBIT_ASSIGN_OR_RETURN(LogicalPtr plan, BindQuery(*ref.subquery, catalog_, ctes_));
    ORBIT_RETURN_IF_ERROR(RenameColumns(ref, ref.alias, &plan->output));
    ORBIT_RETURN_IF_ERROR(scope_.AddRelation(ref.alias, "", plan->output));
    return plan;
  }
  LogicalPtr plan;
  if (!ref.values.empty()) {
    ORBIT_ASSIGN_OR_RETURN(TableSourcePtr source, BindValues(ref.values));
    plan = MakeTableFunctionScan(std::move(source));
  } else if (ref.is_function) {
    ORBIT_RETURN_IF_ERROR(RefuseLateralFunctionCall(ref));
    if (ref.with_ordinality) {
      // unnest(ARRAY[...]) WITH ORDINALITY: a subquery over the select-list unnest.
      std::optional<ast::TableRef> numbered = UnnestAsLateralSubquery(ref);
      if (!numbered)
        return Status::NotSupported("WITH ORDINALITY of {} (unnest and generate_series take it)", ref.name);
      return BindFromItem(*numbered);
    }
    ORBIT_ASSIGN_OR_RETURN(TableSourcePtr source, BindTableFunction(ref, catalog_));
    plan = MakeTableFunctionScan(std::move(source));
    const TableFunction* function = BuiltinFunctions().FindTable(ref.name);
    if (function && function->column_named_by_alias && plan->output.size() == 1 && ref.column_aliases.empty() &&
        !ref.alias.empty()) {
      plan->output[0].name = ref.alias;
    }
  } else {
    ORBIT_ASSIGN_OR_RETURN(plan, BindNamedQueryRef(ref, catalog_, ctes_));
    if (!plan) {
      TablePtr table = InformationSchemaTable(ref.name, catalog_);
      if (!table) table = PgCatalogTable(ref.name, catalog_);
      if (!table) {
        ORBIT_ASSIGN_OR_RETURN(table, catalog_.GetTable(catalog_.Resolve(ref.name)));
      }
      plan = MakeGet(std::move(table));
    }
  }
  // FROM s.t is "t" to its columns (t.col), and s.t.col names it whole.
  const std::string qualifier = NameOfKey(ref.name);
  ORBIT_RETURN_IF_ERROR(RenameColumns(ref, ref.alias.empty() ? qualifier : ref.alias, &plan->output));
  const std::string schema = ref.values.empty() && !ref.is_function && !CteScope::Find(ctes_, ref.name)
                                 ? SchemaOfKey(catalog_.Resolve(ref.name))
                                 : std::string();
  ORBIT_RETURN_IF_ERROR(scope_.AddRelation(qualifier, ref.alias, plan->output, schema));
  return plan;
}

// The position of USING column `name` among scope columns [begin, end), or a BindError.
Result<int> SelectBinder::FindUsingColumn(const std::string& name, int begin, int end, const char* side) {
  int found = -1;
  for (int i = begin; i < end; ++i) {
    if (scope_.merged[i] || ToLower(scope_.columns[i].name) != ToLower(name)) continue;
    if (found >= 0)
      return Status::BindError("common column name \"{}\" appears more than once in {} table", name, side);
    found = i;
  }
  if (found < 0) {
    return Status::BindError("column \"{}\" specified in USING clause does not exist in {} table", name, side);
  }
  return found;
}

// NATURAL JOIN's columns: the names (case-insensitively) that a visible column of the left
// side [begin, middle) and one of the right side [middle, end) share, in the left side's order.
std::vector<std::string> SelectBinder::CommonColumnNames(int begin, int middle, int end) const {
  std::vector<std::string> names;
  for (int l = begin; l < middle; ++l) {
    if (scope_.merged[l]) continue;
    const std::string name = ToLower(scope_.columns[l].name);
    if (std::find(names.begin(), names.end(), name) != names.end()) continue;
    for (int r = middle; r < end; ++r) {
      if (!scope_.merged[r] && ToLower(scope_.columns[r].name) == name) {
        names.push_back(name);
        break;
      }
    }
  }
  return names;
}

Result<LogicalPtr> SelectBinder::BindJoin(const ast::JoinClause& join) {
  const int begin = static_cast<int>(scope_.columns.size());
  ORBIT_ASSIGN_OR_RETURN(LogicalPtr left, BindFromItem(join.left));
  const int middle = static_cast<int>(scope_.columns.size());
  // unnest(t.a) reading the items to its left is implicitly LATERAL, as in PostgreSQL.
  const std::optional<ast::TableRef> unnest = UnnestAsLateralSubquery(join.right);
  const ast::TableRef& right_ref = unnest ? *unnest : join.right;
  const bool lateral = right_ref.subquery && right_ref.lateral;
  ORBIT_ASSIGN_OR_RETURN(LogicalPtr right, lateral ? BindLateralSubquery(right_ref, catalog_, &scope_, begin, outer_)
                                                   : BindFromItem(right_ref));
  const int end = static_cast<int>(scope_.columns.size());

  auto op = std::make_unique<LogicalOperator>(LogicalKind::kJoin);
  switch (join.type) {
    case ast::JoinType::kLeft: op->join_kind = JoinKind::kLeft; break;
    case ast::JoinType::kRight: op->join_kind = JoinKind::kRight; break;
    case ast::JoinType::kFull: op->join_kind = JoinKind::kFull; break;
    default: op->join_kind = JoinKind::kInner;
  }
  op->output = left->output;
  op->output.insert(op->output.end(), right->output.begin(), right->output.end());
  op->children.push_back(std::move(left));
  op->children.push_back(std::move(right));

  // The condition sees only the two sides of this join, numbered from the left side's first column.
  std::vector<ExprPtr> conditions;
  struct MergedColumn {
    int left;
    int right;
    DataType type;
  };
  std::vector<MergedColumn> full_using;
  const std::vector<std::string> using_columns =
      join.natural ? CommonColumnNames(begin, middle, end) : join.using_columns;
  for (const std::string& name : using_columns) {
    ORBIT_ASSIGN_OR_RETURN(int l, FindUsingColumn(name, begin, middle, "left"));
    ORBIT_ASSIGN_OR_RETURN(int r, FindUsingColumn(name, middle, end, "right"));
    const Field& lf = scope_.columns[l];
    const Field& rf = scope_.columns[r];
    std::optional<DataType> common = ComparisonType(lf.type, rf.type);
    if (!common) {
      return Status::TypeError("JOIN/USING types {} and {} of column \"{}\" cannot be matched", lf.type.ToString(),
                               rf.type.ToString(), name);
    }
    ORBIT_ASSIGN_OR_RETURN(ExprPtr lhs, CastExpr(Expr::ColumnRef(l - begin, lf.type, lf.name), *common));
    ORBIT_ASSIGN_OR_RETURN(ExprPtr rhs, CastExpr(Expr::ColumnRef(r - begin, rf.type, rf.name), *common));
    ORBIT_ASSIGN_OR_RETURN(ExprPtr eq, CompareExpr(CompareOp::kEq, std::move(lhs), std::move(rhs)));
    conditions.push_back(std::move(eq));
    // A bare name means the preserved side's column: the left one, the right one for RIGHT
    // JOIN, either one (whichever is not NULL) for FULL JOIN.
    if (join.type == ast::JoinType::kRight) {
      scope_.merged[l] = true;
    } else {
      scope_.merged[r] = true;
    }
    if (join.type == ast::JoinType::kFull) full_using.push_back({l - begin, r - begin, *common});
  }
  if (join.condition) {
    BindScope sides = scope_.Suffix(begin);
    ExpressionBinder binder(&sides, "JOIN condition");
    if (ContainsAggregate(*join.condition)) {
      return Status::BindError("aggregate functions are not allowed in JOIN conditions: {}",
                               join.condition->ToString());
    }
    ORBIT_ASSIGN_OR_RETURN(ExprPtr on, binder.BindCondition(*join.condition));
    conditions.push_back(std::move(on));
  }
  if (conditions.size() == 1) op->predicate = std::move(conditions[0]);
  if (conditions.size() > 1) op->predicate = Expr::Make(ExprKind::kAnd, DataType::Boolean(), std::move(conditions));
  if (lateral && ReadsOuterColumns(*op->children[1])) return PlanLateralJoin(std::move(op));
  if (full_using.empty()) return op;
  // FULL JOIN ... USING (k): the left k becomes COALESCE(left k, right k).
  std::vector<ExprPtr> columns;
  for (size_t i = 0; i < op->output.size(); ++i) {
    columns.push_back(Expr::ColumnRef(static_cast<int>(i), op->output[i].type, op->output[i].name));
  }
  Schema output = op->output;
  for (const MergedColumn& m : full_using) {
    ORBIT_ASSIGN_OR_RETURN(ExprPtr l, CastExpr(columns[m.left], m.type));
    ORBIT_ASSIGN_OR_RETURN(ExprPtr r, CastExpr(columns[m.right], m.type));
    ExprPtr present = Expr::Make(ExprKind::kIsNotNull, DataType::Boolean(), {l});
    columns[m.left] = Expr::Make(ExprKind::kCase, m.type, {present, l, r});
    output[m.left].type = m.type;
    scope_.columns[begin + m.left].type = m.type;
  }
  auto coalesced = MakeOperator(LogicalKind::kProjection, std::move(op), std::move(output));
  coalesced->expressions = std::move(columns);
  return coalesced;
}

Status SelectBinder::ExpandSelectList(const std::vector<ast::SelectItem>& targets) {
  for (const auto& target : targets) {
    const ast::Expr& e = *target.expr;
    if (e.kind != ast::ExprKind::kStar) {
      columns_.push_back({target.expr, -1, target.alias.empty() ? FigureColumnName(e) : target.alias});
      continue;
    }
    if (scope_.relations.empty()) return Status::BindError("SELECT * with no tables specified is not valid");
    if (e.names.size() > 2) return Status::NotSupported("database-qualified names: {}", e.ToString());
    int begin = 0;
    int end = static_cast<int>(scope_.columns.size());
    if (!e.names.empty()) {
      const ScopeRelation* relation = nullptr;
      if (e.names.size() == 1) {
        ORBIT_ASSIGN_OR_RETURN(relation, FindRelation(&scope_, e.names[0]));
      } else {
        ORBIT_ASSIGN_OR_RETURN(relation, FindQualifiedRelation(&scope_, e.names[0], e.names[1]));
      }
      begin = relation->begin;
      end = relation->end;
    }
    for (int i = begin; i < end; ++i) {
      // * shows a USING column once; t.* shows all of t's columns.
      if (e.names.empty() && scope_.merged[i]) continue;
      columns_.push_back({nullptr, i, scope_.columns[i].name});
    }
  }
  return Status::OK();
}

bool SelectBinder::IsAggregating(const ast::SelectStatement& select) const {
  if (!select.group_by.empty() || select.having) return true;
  for (const auto& c : columns_) {
    if (c.expr && ContainsAggregate(*c.expr)) return true;
  }
  for (const auto& o : select.order_by) {
    if (ContainsAggregate(*o.expr)) return true;
  }
  return false;
}

Result<ExprPtr> SelectBinder::BindColumnOverInput(const SelectColumn& column) {
  if (column.star_column >= 0) {
    const Field& f = scope_.columns[column.star_column];
    return Expr::ColumnRef(column.star_column, f.type, f.name);
  }
  if (ContainsAggregate(*column.expr)) {
    return Status::BindError("aggregate functions are not allowed in GROUP BY: {}", column.expr->ToString());
  }
  ExpressionBinder binder(&scope_, "GROUP BY");
  return binder.Bind(*column.expr);
}

Result<ExprPtr> SelectBinder::BindGroupKey(const ast::Expr& item) {
  if (IsIntegerConstant(item)) {
    int64_t position = item.constant.integer;
    if (position < 1 || position > static_cast<int64_t>(columns_.size())) {
      return Status::BindError("GROUP BY position {} is not in select list", position);
    }
    return BindColumnOverInput(columns_[position - 1]);
  }
  // A bare name is an input column first, else a select-list name.
  if (IsBareName(item) && !ResolveColumn(&scope_, item.names).ok()) {
    for (const auto& column : columns_) {
      if (ToLower(column.name) == ToLower(item.names[0])) return BindColumnOverInput(column);
    }
  }
  ExpressionBinder binder(&scope_, "GROUP BY");
  return binder.Bind(item);
}

Status SelectBinder::BindGroupBy(const ast::SelectStatement& select) {
  std::vector<int> key_of_item;
  for (const auto& item : select.group_by) {
    ORBIT_ASSIGN_OR_RETURN(ExprPtr key, BindGroupKey(*item));
    aggregation_.AddGroupKey(key);
    key_of_item.push_back(aggregation_.FindGroupKey(*key));
  }
  for (const std::vector<size_t>& set : select.grouping_sets) {
    std::vector<int> keys;
    for (size_t item : set) {
      if (std::find(keys.begin(), keys.end(), key_of_item[item]) == keys.end()) keys.push_back(key_of_item[item]);
    }
    aggregation_.grouping_sets.push_back(std::move(keys));
  }
  return Status::OK();
}

Result<ExprPtr> SelectBinder::BindOutputExpr(const ast::Expr& e, const char* clause) {
  if (aggregating_) {
    AggregateOutputBinder binder(&scope_, &aggregation_, clause);
    binder.set_subqueries(&*output_subqueries_);
    binder.set_windows(&windowing_);
    binder.set_unnests(&unnesting_);
    binder.set_outer_scopes(outer_);
    return binder.Bind(e);
  }
  ExpressionBinder binder(&scope_, clause);
  binder.set_subqueries(&*output_subqueries_);
  binder.set_windows(&windowing_);
  binder.set_unnests(&unnesting_);
  binder.set_outer_scopes(outer_);  // decorrelation names what it cannot take (EXISTS ignores it)
  return binder.Bind(e);
}

// Each AND-ed part of WHERE: [NOT] EXISTS and [NOT] IN (SELECT ...) become semi and anti
// joins; the rest is the filter's condition.
void SplitAstConjuncts(const ast::ExprPtr& e, std::vector<ast::ExprPtr>& out) {
  if (e->kind != ast::ExprKind::kAnd) {
    out.push_back(e);
    return;
  }
  for (const auto& c : e->children) SplitAstConjuncts(c, out);
}

Result<ExprPtr> SelectBinder::BindWhere(const ast::Expr& where) {
  ExpressionBinder binder(&scope_, "WHERE");
  binder.set_subqueries(&where_subqueries_);
  binder.set_outer_scopes(outer_);
  std::vector<ast::ExprPtr> parts;
  SplitAstConjuncts(std::make_shared<ast::Expr>(where), parts);
  std::vector<ExprPtr> conditions;
  for (const auto& part : parts) {
    ORBIT_ASSIGN_OR_RETURN(bool joined, where_subqueries_.BindFilter(*part, binder, &scope_));
    if (joined) continue;
    ORBIT_ASSIGN_OR_RETURN(ExprPtr condition, binder.BindCondition(*part));
    conditions.push_back(std::move(condition));
  }
  return MakeConjunction(std::move(conditions));
}

Result<ExprPtr> SelectBinder::BindSelectColumn(const SelectColumn& column) {
  ExprPtr bound;
  if (column.star_column >= 0) {
    ORBIT_ASSIGN_OR_RETURN(bound, BindColumnOverInput(column));
    if (aggregating_) {
      int key = aggregation_.FindGroupKey(*bound);
      if (key < 0) {
        return Status::BindError("column \"{}\" must appear in the GROUP BY clause or be used in an aggregate function",
                                 column.name);
      }
      bound = aggregation_.KeyColumn(key);
    }
  } else {
    ORBIT_ASSIGN_OR_RETURN(bound, BindOutputExpr(*column.expr, "SELECT"));
  }
  // An untyped NULL column is VARCHAR, as PostgreSQL resolves it to text.
  if (bound->type.id == TypeId::kNull) bound = Expr::Constant(Value::Null(DataType::Varchar()));
  return bound;
}

Result<int> SelectBinder::ResolveOrderColumn(const ast::Expr& e) {
  if (IsIntegerConstant(e)) {
    int64_t position = e.constant.integer;
    if (position < 1 || position > static_cast<int64_t>(columns_.size())) {
      return Status::BindError("ORDER BY position {} is not in select list", position);
    }
    return static_cast<int>(position - 1);
  }
  if (IsBareName(e)) {
    int match = -1;
    for (size_t i = 0; i < columns_.size(); ++i) {
      if (ToLower(columns_[i].name) != ToLower(e.names[0])) continue;
      if (match >= 0 && !SameExpr(*projection_[match], *projection_[i])) {
        return Status::BindError("ORDER BY \"{}\" is ambiguous", e.names[0]);
      }
      if (match < 0) match = static_cast<int>(i);
    }
    if (match >= 0) return match;
  }
  ORBIT_ASSIGN_OR_RETURN(ExprPtr bound, BindOutputExpr(e, "ORDER BY"));
  for (size_t i = 0; i < projection_.size(); ++i) {
    if (SameExpr(*projection_[i], *bound)) return static_cast<int>(i);
  }
  projection_schema_.push_back({bound->kind == ExprKind::kColumnRef ? bound->name : bound->ToString(), bound->type});
  projection_.push_back(std::move(bound));
  return static_cast<int>(projection_.size() - 1);
}

// PostgreSQL's rule: the ORDER BY keys before the first one that is not a DISTINCT ON
// expression must cover every DISTINCT ON expression (else which row is "first" would not
// be the first of its group). An ORDER BY that ends sooner is fine.
Status CheckDistinctOnOrder(const std::vector<ExprPtr>& distinct_on, const std::vector<SortKey>& sort_keys) {
  std::vector<bool> covered(distinct_on.size(), false);
  size_t count = 0;
  for (const SortKey& key : sort_keys) {
    if (count == distinct_on.size()) break;
    bool found = false;
    for (size_t d = 0; d < distinct_on.size(); ++d) {
      if (distinct_on[d]->column_index == key.expression->column_index) {
        found = true;
        if (!covered[d]) ++count;
        covered[d] = true;
      }
    }
    if (!found) return Status::BindError("SELECT DISTINCT ON expressions must match initial ORDER BY expressions");
  }
  return Status::OK();
}

// DISTINCT ON over the select list's rows: row_number() OVER (PARTITION BY the DISTINCT ON
// columns ORDER BY the query's ORDER BY), the rows numbered 1 kept, the number dropped.
LogicalPtr FirstRowOfEach(LogicalPtr plan, std::vector<ExprPtr> distinct_on, const std::vector<SortKey>& sort_keys) {
  const size_t width = plan->output.size();
  plan = WithRowNumbers(std::move(plan), std::move(distinct_on), sort_keys, "");
  Schema numbered = plan->output;
  plan = MakeOperator(LogicalKind::kFilter, std::move(plan), std::move(numbered));
  plan->predicate =
      Expr::Compare(CompareOp::kEq, Expr::ColumnRef(static_cast<int>(width), DataType::Int64(), "row_number"),
                    Expr::Constant(Value::Int64(1)));
  return FirstColumns(std::move(plan), width);
}

Result<SortKey> SelectBinder::BindOrderItem(const ast::OrderItem& item) {
  ORBIT_ASSIGN_OR_RETURN(int index, ResolveOrderColumn(*item.expr));
  SortKey key;
  key.expression = Expr::ColumnRef(index, projection_[index]->type, projection_schema_[index].name);
  key.descending = item.descending;
  // PostgreSQL: NULLS LAST for ASC, NULLS FIRST for DESC.
  key.nulls_first = item.nulls_first.value_or(item.descending);
  return key;
}

Result<LogicalPtr> SelectBinder::Bind(const ast::SelectStatement& select) {
  ORBIT_ASSIGN_OR_RETURN(LogicalPtr plan, BindFrom(select.from));
  ORBIT_RETURN_IF_ERROR(ExpandSelectList(select.targets));

  ExprPtr where;
  if (select.where) {
    ORBIT_ASSIGN_OR_RETURN(where, BindWhere(*select.where));
  }
  aggregating_ = IsAggregating(select);
  // After aggregation, subqueries there may read the group keys (see the Attach below).
  output_subqueries_.emplace(catalog_, &outer_);
  if (aggregating_) ORBIT_RETURN_IF_ERROR(BindGroupBy(select));
  for (const auto& column : columns_) {
    ORBIT_ASSIGN_OR_RETURN(ExprPtr bound, BindSelectColumn(column));
    projection_schema_.push_back({column.name, bound->type});
    projection_.push_back(std::move(bound));
  }
  ExprPtr having;
  if (select.having) {
    AggregateOutputBinder binder(&scope_, &aggregation_, "HAVING");
    binder.set_subqueries(&*output_subqueries_);
    Result<ExprPtr> bound = binder.BindCondition(*select.having);
    if (!bound.ok()) return ExplainAliasInHaving(bound.status(), select);
    having = std::move(*bound);
  }
  std::vector<SortKey> sort_keys;
  for (const auto& item : select.order_by) {
    ORBIT_ASSIGN_OR_RETURN(SortKey key, BindOrderItem(item));
    sort_keys.push_back(std::move(key));
  }
  std::vector<ExprPtr> distinct_on;
  for (const ast::ExprPtr& e : select.distinct_on) {
    ORBIT_ASSIGN_OR_RETURN(int index, ResolveOrderColumn(*e));
    distinct_on.push_back(Expr::ColumnRef(index, projection_[index]->type, projection_schema_[index].name));
  }
  ORBIT_RETURN_IF_ERROR(CheckDistinctOnOrder(distinct_on, sort_keys));
  std::optional<int64_t> limit;
  int64_t offset = 0;
  if (select.limit) {
    ORBIT_ASSIGN_OR_RETURN(limit, BindLimitValue(*select.limit, "LIMIT"));
  }
  if (select.offset) {
    ORBIT_ASSIGN_OR_RETURN(std::optional<int64_t> o, BindLimitValue(*select.offset, "OFFSET"));
    offset = o.value_or(0);
  }

  ORBIT_ASSIGN_OR_RETURN(plan, where_subqueries_.Attach(std::move(plan), {&where}));
  std::vector<ExprPtr*> output_expressions = {&having};
  for (auto& e : projection_) output_expressions.push_back(&e);
  for (ExprPtr* e : windowing_.Expressions()) output_expressions.push_back(e);
  for (ExprPtr* e : unnesting_.Expressions()) output_expressions.push_back(e);
  if (where) {
    Schema schema = plan->output;
    plan = MakeOperator(LogicalKind::kFilter, std::move(plan), std::move(schema));
    plan->predicate = std::move(where);
  }
  if (aggregating_) {
    plan = MakeOperator(LogicalKind::kAggregate, std::move(plan), aggregation_.OutputSchema());
    plan->group_keys = aggregation_.group_keys;
    plan->aggregates = aggregation_.aggregates;
    plan->grouping_sets = aggregation_.grouping_sets;
    // GROUPING() in a plain GROUP BY: one set of every key (where it is 0).
    const bool grouping_call = std::any_of(plan->aggregates.begin(), plan->aggregates.end(),
                                           [](const AggregateCall& a) { return a.kind == AggregateKind::kGrouping; });
    if (plan->grouping_sets.empty() && grouping_call) {
      std::vector<int> all(plan->group_keys.size());
      for (size_t k = 0; k < all.size(); ++k) all[k] = static_cast<int>(k);
      plan->grouping_sets.push_back(std::move(all));
    }
    if (plan->grouping_sets.empty()) {
      ORBIT_ASSIGN_OR_RETURN(plan, PlanDistinctAggregates(std::move(plan)));
    }
    // A subquery reads the FROM columns that are group keys, as the key columns.
    std::vector<int> key_of_column(scope_.columns.size());
    for (size_t c = 0; c < scope_.columns.size(); ++c) {
      const Field& f = scope_.columns[c];
      key_of_column[c] = aggregation_.FindGroupKey(*Expr::ColumnRef(static_cast<int>(c), f.type, f.name));
    }
    ORBIT_ASSIGN_OR_RETURN(plan, output_subqueries_->Attach(std::move(plan), output_expressions, key_of_column));
    if (having) {
      Schema schema = plan->output;
      plan = MakeOperator(LogicalKind::kFilter, std::move(plan), std::move(schema));
      plan->predicate = std::move(having);
    }
  }
  if (!aggregating_) {
    ORBIT_ASSIGN_OR_RETURN(plan, output_subqueries_->Attach(std::move(plan), output_expressions));
  }
  if (!windowing_.calls.empty()) {
    // After WHERE, GROUP BY and HAVING, before the select list: the window results follow
    // the input's columns.
    const int width = static_cast<int>(plan->output.size());
    Schema output = plan->output;
    for (const WindowCall& w : windowing_.calls) output.push_back({w.ToString(), w.type});
    plan = MakeOperator(LogicalKind::kWindow, std::move(plan), std::move(output));
    plan->windows = std::move(windowing_.calls);
    windowing_.calls.clear();
    for (auto& e : projection_) e = Windowing::Resolve(e, width);
    for (auto& e : unnesting_.arrays) e = Windowing::Resolve(e, width);
  }
  if (!unnesting_.arrays.empty()) {
    // After the window calls, before the select list: the elements follow the input's columns.
    const int width = static_cast<int>(plan->output.size());
    Schema output = plan->output;
    for (const ExprPtr& a : unnesting_.arrays) output.push_back({"unnest", a->type.element_type()});
    plan = MakeOperator(LogicalKind::kUnnest, std::move(plan), std::move(output));
    plan->expressions = std::move(unnesting_.arrays);
    unnesting_.arrays.clear();
    for (auto& e : projection_) e = Unnesting::Resolve(e, width);
  }
  plan = MakeOperator(LogicalKind::kProjection, std::move(plan), projection_schema_);
  plan->expressions = projection_;
  if (select.distinct) {
    // DISTINCT groups by every selected column; ORDER BY may only use those columns.
    if (projection_.size() > columns_.size()) {
      return Status::BindError("for SELECT DISTINCT, ORDER BY expressions must appear in select list");
    }
    auto distinct = MakeOperator(LogicalKind::kAggregate, std::move(plan), projection_schema_);
    for (size_t i = 0; i < projection_schema_.size(); ++i) {
      distinct->group_keys.push_back(
          Expr::ColumnRef(static_cast<int>(i), projection_schema_[i].type, projection_schema_[i].name));
    }
    plan = std::move(distinct);
  }
  if (!distinct_on.empty()) plan = FirstRowOfEach(std::move(plan), std::move(distinct_on), sort_keys);
  if (!sort_keys.empty()) {
    plan = MakeOperator(LogicalKind::kOrder, std::move(plan), projection_schema_);
    plan->sort_keys = std::move(sort_keys);
  }
  if (limit || offset > 0) {
    plan = MakeOperator(LogicalKind::kLimit, std::move(plan), projection_schema_);
    plan->limit = limit;
    plan->offset = offset;
  }
  if (projection_.size() > columns_.size()) {
    plan = FirstColumns(std::move(plan), columns_.size());  // drop the ORDER BY columns not selected
  }
  return plan;
}

}  // namespace

Result<std::optional<int64_t>> BindLimitValue(const ast::Expr& e, const char* clause) {
  ExpressionBinder binder(nullptr, clause);
  ORBIT_ASSIGN_OR_RETURN(ExprPtr bound, binder.Bind(e));
  if (!IsConstant(bound)) return Status::NotSupported("non-constant {}: {}", clause, e.ToString());
  if (bound->constant.is_null) return std::optional<int64_t>();
  if (!bound->type.is_numeric()) {
    return Status::TypeError("argument of {} must be an integer, not {}", clause, bound->type.ToString());
  }
  ORBIT_ASSIGN_OR_RETURN(Value v, CastValue(bound->constant, DataType::Int64()));
  if (v.int_value < 0) return Status::InvalidArgument("{} must not be negative", clause);
  return std::optional<int64_t>(v.int_value);
}

namespace {

// The CTEs visible to the query being bound on this thread, so a subquery bound through
// BindSelect from inside an expression (IN, EXISTS, a scalar subquery) sees the CTEs of
// the statement around it, as in PostgreSQL. Null outside binding.
thread_local const CteScope* active_ctes = nullptr;

class ActiveCtes {
 public:
  explicit ActiveCtes(const CteScope* ctes) : saved_(active_ctes) { active_ctes = ctes; }
  ~ActiveCtes() { active_ctes = saved_; }
  ActiveCtes(const ActiveCtes&) = delete;
  ActiveCtes& operator=(const ActiveCtes&) = delete;

 private:
  const CteScope* saved_;
};

}  // namespace

Result<LogicalPtr> BindSelect(const ast::SelectStatement& select, const Catalog& catalog) {
  return BindQuery(select, catalog, active_ctes);
}

Result<LogicalPtr> BindSubquerySelect(const ast::SelectStatement& select, const Catalog& catalog,
                                      std::vector<const BindScope*> outer) {
  // A subquery with its own WITH or a set operation binds as a query of its own (it cannot
  // read the enclosing query's columns); otherwise it may, and it sees the enclosing CTEs.
  if (!select.ctes.empty() || select.set_operation != ast::SetOperation::kNone) {
    return BindQuery(select, catalog, active_ctes);
  }
  SelectBinder binder(catalog, std::move(outer), active_ctes);
  return binder.Bind(select);
}

Result<LogicalPtr> BindQuery(const ast::SelectStatement& select, const Catalog& catalog, const CteScope* ctes) {
  // WITH a AS (...), b AS (...): b sees a; the statement sees both.
  std::vector<CteScope> links(select.ctes.size());
  for (size_t i = 0; i < select.ctes.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (ToLower(select.ctes[j].name) == ToLower(select.ctes[i].name)) {
        return Status::BindError("WITH query name \"{}\" specified more than once", select.ctes[i].name);
      }
    }
    links[i].cte = &select.ctes[i];
    links[i].parent = i == 0 ? ctes : &links[i - 1];
    // Checked even when unused, as PostgreSQL does; each use binds it again.
    ast::TableRef use;
    use.name = select.ctes[i].name;
    ORBIT_RETURN_IF_ERROR(BindNamedQueryRef(use, catalog, &links[i]).status());
  }
  if (!links.empty()) ctes = &links.back();
  ActiveCtes active(ctes);
  if (select.set_operation != ast::SetOperation::kNone) return BindSetOperation(select, catalog, ctes);
  SelectBinder binder(catalog, {}, ctes);
  return binder.Bind(select);
}

}  // namespace orbit
