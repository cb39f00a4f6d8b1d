#include "plan/lateral_rewrite.h"

#include <algorithm>

#include "plan/expression_rewrite.h"

namespace orbit::lateral {

namespace {

void VisitSortKeys(std::vector<SortKey>& keys, const std::function<void(ExprPtr&)>& visit) {
  for (SortKey& key : keys) visit(key.expression);
}

void VisitAggregate(AggregateCall& call, const std::function<void(ExprPtr&)>& visit) {
  visit(call.argument);
  visit(call.second);
  VisitSortKeys(call.order_by, visit);
}

// Whether `e` (over the join's two sides) reads columns only in [begin, end).
bool ReadsOnly(const Expr& e, int begin, int end) {
  for (int c : ReferencedColumns(e)) {
    if (c < begin || c >= end) return false;
  }
  return true;
}

}  // namespace

// The slots of `op` itself, not of its children.
void ForEachOwnExpression(LogicalOperator& op, const std::function<void(ExprPtr&)>& visit) {
  auto each = [&](std::vector<ExprPtr>& list) {
    for (ExprPtr& e : list) visit(e);
  };
  visit(op.predicate);
  each(op.left_keys);
  each(op.right_keys);
  each(op.expressions);
  each(op.group_keys);
  for (AggregateCall& call : op.aggregates) VisitAggregate(call, visit);
  VisitSortKeys(op.sort_keys, visit);
  for (WindowCall& w : op.windows) {
    VisitAggregate(w.aggregate, visit);
    each(w.arguments);
    each(w.partition_by);
    VisitSortKeys(w.order_by, visit);
  }
}

bool HasOuter(const Expr& e) {
  if (e.kind == ExprKind::kOuterColumnRef) return true;
  return std::any_of(e.children.begin(), e.children.end(), [](const ExprPtr& c) { return HasOuter(*c); });
}

bool OwnReadsOuter(const LogicalOperator& op) {
  bool found = false;
  // The visitor only reads.
  ForEachOwnExpression(const_cast<LogicalOperator&>(op), [&](ExprPtr& e) {
    if (e && HasOuter(*e)) found = true;
  });
  return found;
}

bool SubtreeReadsOuter(const LogicalOperator& op) {
  if (OwnReadsOuter(op)) return true;
  return std::any_of(op.children.begin(), op.children.end(), [](const LogicalPtr& c) { return SubtreeReadsOuter(*c); });
}

LogicalPtr MakeOp(LogicalKind kind, LogicalPtr child, Schema output) {
  auto op = std::make_unique<LogicalOperator>(kind);
  if (child) op->children.push_back(std::move(child));
  op->output = std::move(output);
  return op;
}

ExprPtr ColumnOf(const Schema& schema, int i) { return Expr::ColumnRef(i, schema.at(i).type, schema.at(i).name); }

// A projection of `columns` (positions in child's output) of `child`.
LogicalPtr Pick(LogicalPtr child, const std::vector<int>& columns) {
  Schema output;
  std::vector<ExprPtr> expressions;
  for (int c : columns) {
    output.push_back(child->output.at(c));
    expressions.push_back(ColumnOf(child->output, c));
  }
  auto op = MakeOp(LogicalKind::kProjection, std::move(child), std::move(output));
  op->expressions = std::move(expressions);
  return op;
}

std::vector<int> Range(int begin, int end) {
  std::vector<int> out;
  for (int i = begin; i < end; ++i) out.push_back(i);
  return out;
}

// LIMIT + OFFSET, the last row number kept, saturated.
int64_t SaturatedEnd(const LogicalOperator& limit) {
  return *limit.limit > INT64_MAX - limit.offset ? INT64_MAX : *limit.limit + limit.offset;
}

// `e` with input column i replaced by values[i].
ExprPtr SubstituteColumns(const ExprPtr& e, const std::vector<ExprPtr>& values) {
  if (e->kind == ExprKind::kColumnRef) return values.at(e->column_index);
  if (e->children.empty()) return e;
  auto copy = std::make_shared<Expr>(*e);
  for (ExprPtr& c : copy->children) c = SubstituteColumns(c, values);
  return copy;
}

LogicalPtr MakeJoin(JoinKind kind, LogicalPtr left, LogicalPtr right) {
  auto join = MakeOp(LogicalKind::kJoin, nullptr, left->output);
  join->join_kind = kind;
  join->output.insert(join->output.end(), right->output.begin(), right->output.end());
  join->children.push_back(std::move(left));
  join->children.push_back(std::move(right));
  return join;
}

// `e` over the join left ++ rest: rest column c -> left_width + c, outer column c -> c.
ExprPtr OverJoin(const ExprPtr& e, int left_width) {
  ExprPtr shifted = RemapColumns(e, [left_width](int c) { return c + left_width; });
  return ReplaceOuterColumns(shifted,
                             [](const Expr& ref) { return Expr::ColumnRef(ref.column_index, ref.type, ref.name); });
}

// `conditions` (over the join's left ++ right) as its keys (equalities between an expression
// of each side) and its residual condition.
void SetJoinCondition(LogicalOperator& join, std::vector<ExprPtr> conditions, int left_width) {
  const int right_end = static_cast<int>(join.output.size());
  auto side = [&](const Expr& e, int begin, int end) {
    return !ReferencedColumns(e).empty() && ReadsOnly(e, begin, end);
  };
  auto to_right = [left_width](const ExprPtr& e) {
    return RemapColumns(e, [left_width](int col) { return col - left_width; });
  };
  std::vector<ExprPtr> residual;
  for (ExprPtr& c : conditions) {
    if (c->kind == ExprKind::kCompare && c->compare == CompareOp::kEq) {
      const ExprPtr& a = c->children[0];
      const ExprPtr& b = c->children[1];
      if (side(*a, 0, left_width) && side(*b, left_width, right_end)) {
        join.left_keys.push_back(a);
        join.right_keys.push_back(to_right(b));
        continue;
      }
      if (side(*b, 0, left_width) && side(*a, left_width, right_end)) {
        join.left_keys.push_back(b);
        join.right_keys.push_back(to_right(a));
        continue;
      }
    }
    residual.push_back(std::move(c));
  }
  join.predicate = MakeConjunction(std::move(residual));
}

// One row per left row (each column after the left's one value): ON filters the rows
// (inner) or NULLs the subquery's columns where it does not hold (LEFT).
LogicalPtr ApplyOnToSingleRows(LogicalPtr rows, const LateralJoin& join, int left_width) {
  if (!join.on) return rows;
  Schema schema = rows->output;
  if (join.kind == JoinKind::kInner) {
    rows = MakeOp(LogicalKind::kFilter, std::move(rows), std::move(schema));
    rows->predicate = join.on;
    return rows;
  }
  std::vector<ExprPtr> expressions;
  for (int c = 0; c < static_cast<int>(schema.size()); ++c) {
    ExprPtr column = ColumnOf(schema, c);
    expressions.push_back(c < left_width ? column
                                         : Expr::Make(ExprKind::kCase, column->type,
                                                      {join.on, column, Expr::Constant(Value::Null(column->type))}));
  }
  rows = MakeOp(LogicalKind::kProjection, std::move(rows), std::move(schema));
  rows->expressions = std::move(expressions);
  return rows;
}

// The left side with its rows numbered from 1 (a last column), so each can be told apart.
LogicalPtr NumberRows(const LogicalOperator& left) {
  WindowCall row;
  row.kind = WindowKind::kRowNumber;
  row.name = "row_number";
  row.type = DataType::Int64();
  Schema numbered = left.output;
  numbered.push_back({"lateral_row", row.type});
  LogicalPtr window = MakeOp(LogicalKind::kWindow, CloneLogicalPlan(left), std::move(numbered));
  window->windows.push_back(std::move(row));
  return window;
}

bool IsTrue(const ExprPtr& e) {
  return e->kind == ExprKind::kConstant && !e->constant.is_null && e->constant.bool_value;
}

}  // namespace orbit::lateral
