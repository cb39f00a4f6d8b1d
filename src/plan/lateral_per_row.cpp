// LATERAL per outer row, for correlations no key expresses: the outer rows joined with the
// FROM's rows under the join's condition (every correlated conjunct, and ON), then the
// subquery's projections over the joined rows, an aggregate grouped by the outer row's
// number, or ORDER BY ... LIMIT as a partitioned top-N per number. Also the subquery without
// FROM, a projection of the outer rows.
#include "plan/expression_rewrite.h"
#include "plan/lateral_rewrite.h"

namespace orbit {

namespace lateral {

// A subquery of projections over no FROM (SELECT t.a * 2): the same projections over the left side.
LogicalPtr OverLeft(LogicalPtr op, LogicalPtr& left, int left_width) {
  if (op->kind == LogicalKind::kDummyScan) return std::move(left);
  if (op->kind != LogicalKind::kProjection) return nullptr;
  // Over no FROM the subquery's own columns are none; above, they follow the left side's.
  const int shift = op->child().kind == LogicalKind::kDummyScan ? 0 : left_width;
  LogicalPtr child = OverLeft(std::move(op->children[0]), left, left_width);
  if (!child) return nullptr;
  std::vector<ExprPtr> expressions;
  Schema output;
  for (int c = 0; c < left_width; ++c) {
    expressions.push_back(ColumnOf(child->output, c));
    output.push_back(child->output[c]);
  }
  for (size_t i = 0; i < op->expressions.size(); ++i) {
    ExprPtr e = RemapColumns(op->expressions[i], [shift](int c) { return c + shift; });
    expressions.push_back(
        ReplaceOuterColumns(e, [](const Expr& ref) { return Expr::ColumnRef(ref.column_index, ref.type, ref.name); }));
    output.push_back(op->output[i]);
  }
  auto projection = MakeOp(LogicalKind::kProjection, std::move(child), std::move(output));
  projection->expressions = std::move(expressions);
  return projection;
}

bool IsProjectionChainOverDummy(const LogicalOperator& op) {
  if (op.kind == LogicalKind::kDummyScan) return true;
  return op.kind == LogicalKind::kProjection && IsProjectionChainOverDummy(op.child());
}

// A subquery of projections (ORDER BY without LIMIT dropped) over one WHERE over a FROM that
// reads no outer column: a join of the left side with the FROM's rows, every correlated
// conjunct of the WHERE and the ON condition its condition (equalities between the sides
// its keys), the projections computed over the joined row, so they may read any outer
// column. LEFT: a left row without a match gets NULLs, whatever the projections would say.
LogicalPtr JoinUnderProjections(LateralJoin& join) {
  std::vector<const LogicalOperator*> projections;  // top first
  const LogicalOperator* op = join.subquery.get();
  while (op->kind == LogicalKind::kProjection || op->kind == LogicalKind::kOrder) {
    if (op->kind == LogicalKind::kProjection) projections.push_back(op);
    op = &op->child();
  }
  if (projections.empty()) return nullptr;
  std::vector<ExprPtr> correlated;
  std::vector<ExprPtr> local;
  if (op->kind == LogicalKind::kFilter && OwnReadsOuter(*op)) {
    for (ExprPtr& c : SplitConjunction(op->predicate)) (HasOuter(*c) ? correlated : local).push_back(std::move(c));
    op = &op->child();
  }
  if (op->kind == LogicalKind::kDummyScan || SubtreeReadsOuter(*op)) return nullptr;
  const int left_width = static_cast<int>(join.left->output.size());
  const int rest_width = static_cast<int>(op->output.size());
  // The subquery's columns as expressions over the rest's columns and the outer ones.
  std::vector<ExprPtr> columns = projections.back()->expressions;
  for (auto it = projections.rbegin() + 1; it != projections.rend(); ++it) {
    std::vector<ExprPtr> above;
    for (const ExprPtr& e : (*it)->expressions) above.push_back(SubstituteColumns(e, columns));
    columns = std::move(above);
  }
  for (ExprPtr& e : columns) e = OverJoin(e, left_width);

  LogicalPtr right = CloneLogicalPlan(*op);
  if (ExprPtr predicate = MakeConjunction(std::move(local))) {
    Schema schema = right->output;
    right = MakeOp(LogicalKind::kFilter, std::move(right), std::move(schema));
    right->predicate = std::move(predicate);
  }
  const bool left_join = join.kind == JoinKind::kLeft;
  if (left_join) {
    std::vector<ExprPtr> expressions;
    Schema output = right->output;
    for (int c = 0; c < rest_width; ++c) expressions.push_back(ColumnOf(output, c));
    expressions.push_back(Expr::Constant(Value::Boolean(true)));
    output.push_back({"lateral_match", DataType::Boolean()});
    right = MakeOp(LogicalKind::kProjection, std::move(right), std::move(output));
    right->expressions = std::move(expressions);
  }
  std::vector<ExprPtr> conditions;
  for (const ExprPtr& c : correlated) conditions.push_back(OverJoin(c, left_width));
  if (join.on) {
    // ON reads left ++ the subquery's columns: those are the expressions above.
    std::vector<ExprPtr> values;
    for (int c = 0; c < left_width; ++c) values.push_back(ColumnOf(join.left->output, c));
    values.insert(values.end(), columns.begin(), columns.end());
    conditions.push_back(SubstituteColumns(join.on, values));
  }
  LogicalPtr out = MakeJoin(join.kind, std::move(join.left), std::move(right));
  SetJoinCondition(*out, std::move(conditions), left_width);
  std::vector<ExprPtr> expressions;
  Schema output(out->output.begin(), out->output.begin() + left_width);
  for (int c = 0; c < left_width; ++c) expressions.push_back(ColumnOf(out->output, c));
  ExprPtr missing = Expr::Make(ExprKind::kIsNull, DataType::Boolean(),
                               {Expr::ColumnRef(left_width + rest_width, DataType::Boolean(), "lateral_match")});
  for (size_t i = 0; i < columns.size(); ++i) {
    ExprPtr value = columns[i];
    if (left_join) {
      value = Expr::Make(ExprKind::kCase, value->type, {missing, Expr::Constant(Value::Null(value->type)), value});
    }
    expressions.push_back(std::move(value));
    output.push_back(join.subquery->output[i]);
  }
  LogicalPtr rows = MakeOp(LogicalKind::kProjection, std::move(out), std::move(output));
  rows->expressions = std::move(expressions);
  return rows;
}

// An aggregate without GROUP BY (under projections that may read outer columns) over a WHERE
// whose correlation no key expresses: the numbered left rows LEFT joined with the FROM's
// rows, grouped by the number (and the left columns, which it determines); count(*)
// counts only matched rows, so a left row without any gets the aggregate over no rows.
LogicalPtr AggregatePerOuterRow(LateralJoin& join) {
  std::vector<const LogicalOperator*> projections;  // top first
  const LogicalOperator* op = join.subquery.get();
  while (op->kind == LogicalKind::kProjection) {
    projections.push_back(op);
    op = &op->child();
  }
  if (projections.empty() || op->kind != LogicalKind::kAggregate || !op->group_keys.empty() ||
      !op->grouping_sets.empty() || OwnReadsOuter(*op)) {
    return nullptr;
  }
  const LogicalOperator& aggregate = *op;
  op = &op->child();
  std::vector<ExprPtr> correlated;
  std::vector<ExprPtr> local;
  if (op->kind == LogicalKind::kFilter && OwnReadsOuter(*op)) {
    for (ExprPtr& c : SplitConjunction(op->predicate)) (HasOuter(*c) ? correlated : local).push_back(std::move(c));
    op = &op->child();
  }
  if (SubtreeReadsOuter(*op)) return nullptr;
  const int left_width = static_cast<int>(join.left->output.size());
  const int numbered_width = left_width + 1;
  const int rest_width = static_cast<int>(op->output.size());
  LogicalPtr right = CloneLogicalPlan(*op);
  if (ExprPtr predicate = MakeConjunction(std::move(local))) {
    Schema schema = right->output;
    right = MakeOp(LogicalKind::kFilter, std::move(right), std::move(schema));
    right->predicate = std::move(predicate);
  }
  {
    std::vector<ExprPtr> expressions;
    Schema output = right->output;
    for (int c = 0; c < rest_width; ++c) expressions.push_back(ColumnOf(output, c));
    expressions.push_back(Expr::Constant(Value::Boolean(true)));
    output.push_back({"lateral_match", DataType::Boolean()});
    right = MakeOp(LogicalKind::kProjection, std::move(right), std::move(output));
    right->expressions = std::move(expressions);
  }
  LogicalPtr joined = MakeJoin(JoinKind::kLeft, NumberRows(*join.left), std::move(right));
  std::vector<ExprPtr> conditions;
  for (const ExprPtr& c : correlated) conditions.push_back(OverJoin(c, numbered_width));
  SetJoinCondition(*joined, std::move(conditions), numbered_width);

  // Grouped by the left columns and the number; the aggregates read the right side.
  auto grouped = MakeOp(LogicalKind::kAggregate, nullptr, {});
  for (int c = 0; c < numbered_width; ++c) {
    grouped->group_keys.push_back(ColumnOf(joined->output, c));
    grouped->output.push_back(joined->output[c]);
  }
  auto to_right = [numbered_width](const ExprPtr& e) {
    return e ? RemapColumns(e, [numbered_width](int c) { return c + numbered_width; }) : e;
  };
  for (AggregateCall call : aggregate.aggregates) {
    call.argument = to_right(call.argument);
    call.second = to_right(call.second);
    for (SortKey& key : call.order_by) key.expression = to_right(key.expression);
    if (call.kind == AggregateKind::kCountStar) {
      call.kind = AggregateKind::kCount;
      call.argument = Expr::ColumnRef(numbered_width + rest_width, DataType::Boolean(), "lateral_match");
    }
    grouped->aggregates.push_back(std::move(call));
  }
  grouped->output.insert(grouped->output.end(), aggregate.output.begin(), aggregate.output.end());
  grouped->children.push_back(std::move(joined));

  // The projections over the aggregates (now after the group keys) and the outer columns.
  std::vector<ExprPtr> columns;
  for (const ExprPtr& e : projections.back()->expressions) {
    ExprPtr shifted = RemapColumns(e, [numbered_width](int c) { return c + numbered_width; });
    columns.push_back(ReplaceOuterColumns(
        shifted, [](const Expr& ref) { return Expr::ColumnRef(ref.column_index, ref.type, ref.name); }));
  }
  for (auto it = projections.rbegin() + 1; it != projections.rend(); ++it) {
    std::vector<ExprPtr> above;
    for (const ExprPtr& e : (*it)->expressions) above.push_back(SubstituteColumns(e, columns));
    columns = std::move(above);
  }
  std::vector<ExprPtr> expressions;
  Schema output(grouped->output.begin(), grouped->output.begin() + left_width);
  for (int c = 0; c < left_width; ++c) expressions.push_back(ColumnOf(grouped->output, c));
  for (size_t i = 0; i < columns.size(); ++i) {
    expressions.push_back(columns[i]);
    output.push_back(join.subquery->output[i]);
  }
  LogicalPtr rows = MakeOp(LogicalKind::kProjection, std::move(grouped), std::move(output));
  rows->expressions = std::move(expressions);
  return ApplyOnToSingleRows(std::move(rows), join, left_width);
}

LogicalPtr TopNPerRow(LateralJoin& join) {
  if (join.on && !IsTrue(join.on)) return nullptr;  // ON would apply after the limit
  const LogicalOperator* op = join.subquery.get();
  const LogicalOperator* picked = nullptr;  // the projection dropping hidden ORDER BY columns
  if (op->kind == LogicalKind::kProjection && op->child().kind == LogicalKind::kLimit) {
    for (const ExprPtr& e : op->expressions) {
      if (e->kind != ExprKind::kColumnRef) return nullptr;
    }
    picked = op;
    op = &op->child();
  }
  if (op->kind != LogicalKind::kLimit || !op->limit) return nullptr;
  const LogicalOperator& limit = *op;
  // LEFT: a row whose matches all fall in the OFFSET must still get its NULLs.
  if (join.kind == JoinKind::kLeft && limit.offset > 0) return nullptr;
  op = &op->child();
  std::vector<SortKey> order;
  if (op->kind == LogicalKind::kOrder) {
    order = op->sort_keys;
    op = &op->child();
  }
  const int left_width = static_cast<int>(join.left->output.size());
  WindowCall row;
  row.kind = WindowKind::kRowNumber;
  row.name = "row_number";
  row.type = DataType::Int64();
  Schema numbered = join.left->output;
  numbered.push_back({"lateral_row", row.type});
  LateralJoin rows_join;
  rows_join.left = MakeOp(LogicalKind::kWindow, CloneLogicalPlan(*join.left), numbered);
  rows_join.left->windows.push_back(std::move(row));
  rows_join.subquery = CloneLogicalPlan(*op);
  rows_join.kind = join.kind;
  LogicalPtr rows = JoinUnderProjections(rows_join);
  if (!rows) return nullptr;
  // rows: the left columns, the row number, then the subquery's projection.
  const int base = left_width + 1;
  WindowCall rank;
  rank.kind = WindowKind::kRowNumber;
  rank.name = "row_number";
  rank.type = DataType::Int64();
  rank.partition_by.push_back(Expr::ColumnRef(left_width, DataType::Int64(), "lateral_row"));
  for (SortKey key : order) {
    key.expression = RemapColumns(key.expression, [base](int c) { return c + base; });
    rank.order_by.push_back(std::move(key));
  }
  const int width = static_cast<int>(rows->output.size());
  Schema ranked = rows->output;
  ranked.push_back({"lateral_rank", rank.type});
  LogicalPtr top = MakeOp(LogicalKind::kWindow, std::move(rows), ranked);
  top->windows.push_back(std::move(rank));
  top->limit = SaturatedEnd(limit);  // the partitioned top-N (see KeysThroughLimit)
  ExprPtr number = Expr::ColumnRef(width, DataType::Int64(), "lateral_rank");
  std::vector<ExprPtr> bounds = {
      Expr::Compare(CompareOp::kLe, number, Expr::Constant(Value::Int64(SaturatedEnd(limit))))};
  if (limit.offset > 0) {
    bounds.push_back(Expr::Compare(CompareOp::kGt, number, Expr::Constant(Value::Int64(limit.offset))));
  }
  top = MakeOp(LogicalKind::kFilter, std::move(top), ranked);
  top->predicate = MakeConjunction(std::move(bounds));
  std::vector<int> columns = Range(0, left_width);
  for (size_t i = 0; i < join.subquery->output.size(); ++i) {
    columns.push_back(base + (picked ? picked->expressions[i]->column_index : static_cast<int>(i)));
  }
  return Pick(std::move(top), columns);
}

}  // namespace lateral

LogicalPtr TopNPerOuterRow(LateralJoin& join) { return lateral::TopNPerRow(join); }

}  // namespace orbit
