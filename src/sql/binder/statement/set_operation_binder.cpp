// UNION [ALL], INTERSECT and EXCEPT. Both inputs are cast to common column types (numeric
// types widen as in PostgreSQL; other types must match) and concatenated by a UnionAll
// operator. UNION then groups by every column; INTERSECT and EXCEPT tag each row with the
// side it came from, group by every column, count each side's rows and keep the groups
// found on both sides (INTERSECT) or on the left only (EXCEPT). INTERSECT ALL and EXCEPT ALL
// first number each side's copies of a row (row_number() over all its columns), so that
// copy k of a row is a row of its own: min(m, n) copies are on both sides, max(m - n, 0) on
// the left only. Grouping treats NULLs as equal, which is what set operations do. ORDER BY,
// LIMIT and OFFSET apply to the result.
#include "sql/binder/constant_folding.h"
#include "sql/binder/expression/expression_binder.h"
#include "sql/binder/statement/plan_shapes.h"
#include "sql/binder/statement/statement_binders.h"
#include "sql/binder/type_resolution.h"

namespace orbit {

namespace {

const char* OperationName(ast::SetOperation op) {
  switch (op) {
    case ast::SetOperation::kUnion: return "UNION";
    case ast::SetOperation::kIntersect: return "INTERSECT";
    default: return "EXCEPT";
  }
}

// Whether output column i of `plan` is a bare NULL literal (typed VARCHAR by the select
// binder), which takes the other input's type as PostgreSQL's untyped NULL does.
bool IsNullLiteralColumn(const LogicalOperator& plan, size_t i) {
  if (plan.kind != LogicalKind::kProjection || i >= plan.expressions.size()) return false;
  const Expr& e = *plan.expressions[i];
  return e.kind == ExprKind::kConstant && e.constant.is_null;
}

Result<DataType> CommonColumnType(const LogicalOperator& left, const LogicalOperator& right, size_t i,
                                  ast::SetOperation op) {
  const DataType& a = left.output[i].type;
  const DataType& b = right.output[i].type;
  if (a == b) return a;
  if (IsNullLiteralColumn(right, i)) return a;
  if (IsNullLiteralColumn(left, i)) return b;
  const bool arrays = a.is_list() || b.is_list() || (a.is_array() && b.is_array());  // T[n], T[m]: T[]
  if ((NumericRank(a) > 0 && NumericRank(b) > 0) || arrays) {
    if (std::optional<DataType> common = CommonType(a, b)) return *common;
  }
  return Status::TypeError("{} types {} and {} cannot be matched (column {} \"{}\")", OperationName(op), a.ToString(),
                           b.ToString(), i + 1, left.output[i].name);
}

LogicalPtr MakeProjection(LogicalPtr child, std::vector<ExprPtr> expressions, Schema output) {
  auto op = std::make_unique<LogicalOperator>(LogicalKind::kProjection);
  op->expressions = std::move(expressions);
  op->output = std::move(output);
  op->children.push_back(std::move(child));
  return op;
}

// `plan`'s columns cast to `schema`'s types and named as there, plus `markers` INTEGER
// constants (the side tags of INTERSECT / EXCEPT).
Result<LogicalPtr> CastInput(LogicalPtr plan, const Schema& schema, const std::vector<int>& markers) {
  std::vector<ExprPtr> expressions;
  Schema output = schema;
  for (size_t i = 0; i < schema.size(); ++i) {
    const Field& from = plan->output[i];
    ORBIT_ASSIGN_OR_RETURN(ExprPtr e,
                           CastExpr(Expr::ColumnRef(static_cast<int>(i), from.type, from.name), schema[i].type));
    expressions.push_back(std::move(e));
  }
  for (size_t m = 0; m < markers.size(); ++m) {
    expressions.push_back(Expr::Constant(Value::Int32(markers[m])));
    output.push_back({m == 0 ? "left_rows" : "right_rows", DataType::Int32()});
  }
  return MakeProjection(std::move(plan), std::move(expressions), std::move(output));
}

ExprPtr Column(const Schema& schema, size_t i) {
  return Expr::ColumnRef(static_cast<int>(i), schema[i].type, schema[i].name);
}

// Groups by the first `width` columns; with `count_sides`, also sums the two side tags.
LogicalPtr GroupByAll(LogicalPtr input, size_t width, bool count_sides) {
  auto aggregate = std::make_unique<LogicalOperator>(LogicalKind::kAggregate);
  const Schema& in = input->output;
  for (size_t i = 0; i < width; ++i) {
    aggregate->group_keys.push_back(Column(in, i));
    aggregate->output.push_back(in[i]);
  }
  if (count_sides) {
    for (size_t m = width; m < width + 2; ++m) {
      AggregateCall sum;
      sum.kind = AggregateKind::kSum;
      sum.argument = Column(in, m);
      sum.type = DataType::Int64();
      aggregate->aggregates.push_back(std::move(sum));
      aggregate->output.push_back({in[m].name, DataType::Int64()});
    }
  }
  aggregate->children.push_back(std::move(input));
  return aggregate;
}

// The rows of `grouped` (keys, left count, right count) that INTERSECT or EXCEPT keeps,
// without the counts.
LogicalPtr KeepGroups(LogicalPtr grouped, size_t width, ast::SetOperation op) {
  const Schema schema = grouped->output;
  auto zero = Expr::Constant(Value::Int64(0));
  ExprPtr on_left = Expr::Compare(CompareOp::kGt, Column(schema, width), zero);
  ExprPtr right = Expr::Compare(op == ast::SetOperation::kIntersect ? CompareOp::kGt : CompareOp::kEq,
                                Column(schema, width + 1), zero);
  auto filter = std::make_unique<LogicalOperator>(LogicalKind::kFilter);
  filter->output = schema;
  filter->predicate = Expr::Make(ExprKind::kAnd, DataType::Boolean(), {on_left, right});
  filter->children.push_back(std::move(grouped));
  Schema output(schema.begin(), schema.begin() + static_cast<std::ptrdiff_t>(width));
  std::vector<ExprPtr> columns;
  for (size_t i = 0; i < width; ++i) columns.push_back(Column(schema, i));
  return MakeProjection(std::move(filter), std::move(columns), std::move(output));
}

// ORDER BY over the set operation's output: an output column name or position (as in
// PostgreSQL, not an expression).
Result<SortKey> BindSetOrderItem(const ast::OrderItem& item, const Schema& output) {
  SortKey key;
  key.descending = item.descending;
  key.nulls_first = item.nulls_first.value_or(item.descending);
  const ast::Expr& e = *item.expr;
  if (e.kind == ast::ExprKind::kConstant && e.constant.kind == ast::ConstantKind::kInteger) {
    int64_t position = e.constant.integer;
    if (position < 1 || position > static_cast<int64_t>(output.size())) {
      return Status::BindError("ORDER BY position {} is not in select list", position);
    }
    key.expression = Column(output, static_cast<size_t>(position - 1));
    return key;
  }
  if (e.kind != ast::ExprKind::kColumnRef || e.names.size() != 1) {
    return Status::BindError(
        "invalid UNION/INTERSECT/EXCEPT ORDER BY clause: {}; only result column names and positions can be used",
        e.ToString());
  }
  for (size_t i = 0; i < output.size(); ++i) {
    if (ToLower(output[i].name) == ToLower(e.names[0])) {
      key.expression = Column(output, i);
      return key;
    }
  }
  return Status::BindError("column \"{}\" in ORDER BY is not a result column of the set operation", e.names[0]);
}

}  // namespace

Result<LogicalPtr> BindSetOperation(const ast::SelectStatement& select, const Catalog& catalog, const CteScope* ctes) {
  const ast::SetOperation op = select.set_operation;
  ORBIT_ASSIGN_OR_RETURN(LogicalPtr left, BindQuery(*select.set_left, catalog, ctes));
  ORBIT_ASSIGN_OR_RETURN(LogicalPtr right, BindQuery(*select.set_right, catalog, ctes));
  if (left->output.size() != right->output.size()) {
    return Status::BindError("each {} query must have the same number of columns (left: {}, right: {})",
                             OperationName(op), left->output.size(), right->output.size());
  }
  const size_t width = left->output.size();
  Schema schema;
  for (size_t i = 0; i < width; ++i) {
    ORBIT_ASSIGN_OR_RETURN(DataType type, CommonColumnType(*left, *right, i, op));
    schema.push_back({left->output[i].name, type});
  }
  const bool tag_sides = op != ast::SetOperation::kUnion;
  // INTERSECT ALL / EXCEPT ALL: the sides compared as (row, copy number), the number dropped at the end.
  const bool number_copies = tag_sides && select.set_all;
  Schema compared = schema;
  if (number_copies) {
    ORBIT_ASSIGN_OR_RETURN(left, CastInput(std::move(left), schema, {}));
    ORBIT_ASSIGN_OR_RETURN(right, CastInput(std::move(right), schema, {}));
    // Which copy of its row (equal values in every column, NULLs equal) each row is, from 1.
    std::vector<ExprPtr> all_columns;
    for (size_t i = 0; i < width; ++i)
      all_columns.push_back(Expr::ColumnRef(static_cast<int>(i), schema[i].type, schema[i].name));
    left = WithRowNumbers(std::move(left), all_columns, {}, "copy");
    right = WithRowNumbers(std::move(right), all_columns, {}, "copy");
    compared.push_back({"copy", DataType::Int64()});
  }
  ORBIT_ASSIGN_OR_RETURN(left,
                         CastInput(std::move(left), compared, tag_sides ? std::vector<int>{1, 0} : std::vector<int>{}));
  ORBIT_ASSIGN_OR_RETURN(
      right, CastInput(std::move(right), compared, tag_sides ? std::vector<int>{0, 1} : std::vector<int>{}));

  auto plan = std::make_unique<LogicalOperator>(LogicalKind::kUnionAll);
  plan->output = left->output;
  plan->children.push_back(std::move(left));
  plan->children.push_back(std::move(right));
  LogicalPtr result = std::move(plan);
  if (op == ast::SetOperation::kUnion && !select.set_all) result = GroupByAll(std::move(result), width, false);
  if (tag_sides) {
    result = KeepGroups(GroupByAll(std::move(result), compared.size(), true), compared.size(), op);
  }
  if (number_copies) result = FirstColumns(std::move(result), width);

  if (!select.order_by.empty()) {
    auto order = std::make_unique<LogicalOperator>(LogicalKind::kOrder);
    for (const auto& item : select.order_by) {
      ORBIT_ASSIGN_OR_RETURN(SortKey key, BindSetOrderItem(item, schema));
      order->sort_keys.push_back(std::move(key));
    }
    order->output = schema;
    order->children.push_back(std::move(result));
    result = std::move(order);
  }
  std::optional<int64_t> limit;
  int64_t offset = 0;
  if (select.limit) {
    ORBIT_ASSIGN_OR_RETURN(limit, BindLimitValue(*select.limit, "LIMIT"));
  }
  if (select.offset) {
    ORBIT_ASSIGN_OR_RETURN(std::optional<int64_t> o, BindLimitValue(*select.offset, "OFFSET"));
    offset = o.value_or(0);
  }
  if (limit || offset > 0) {
    auto node = std::make_unique<LogicalOperator>(LogicalKind::kLimit);
    node->limit = limit;
    node->offset = offset;
    node->output = schema;
    node->children.push_back(std::move(result));
    result = std::move(node);
  }
  return result;
}

}  // namespace orbit
