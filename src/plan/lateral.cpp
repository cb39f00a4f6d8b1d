// LATERAL decorrelation by keys: when the subquery's outer columns all sit in equalities
// outer_expr = inner_expr of one WHERE (its lowest correlated filter), the inner side of
// each is a key. Every operator above that filter carries the keys along as its last
// columns (a projection passes them, an aggregate groups by them too, a window partitions
// by them, ORDER BY ... LIMIT becomes row_number() per key), so the subquery computed once
// for every key is joined to the left side on the keys. An aggregate without GROUP BY has
// a row for every outer row, also a key with no rows: a LEFT join fills those with the
// aggregate's value over no rows (COUNT 0, others NULL).
#include "plan/lateral.h"

#include <algorithm>
#include <optional>

#include "plan/expression_rewrite.h"
#include "plan/lateral_rewrite.h"

namespace orbit {

namespace lateral {

namespace {

// Equality keys in the making; `unsupported` set when a shape falls outside the rewrite.
struct Keys {
  std::vector<ExprPtr> outer;  // over the left side's output
  std::vector<Field> fields;   // the inner sides, then the columns `residual` reads
  // The other correlated conjuncts of the WHERE, tested by the join: outer columns as
  // kOuterColumnRef, inner column j as column j of the carried ones (after the keys).
  std::vector<ExprPtr> residual;
  bool scalar_aggregate = false;  // an aggregate without GROUP BY, under projections only
  bool unsupported = false;

  int key_count() const { return static_cast<int>(outer.size()); }
  /// Only row-wise operators may sit above: the residual decides which rows exist.
  bool rows_fixed() const { return scalar_aggregate || !residual.empty(); }

  int count() const { return static_cast<int>(fields.size()); }
};

// Exact types: an equal inner key is the outer value itself (not so for -0.0 and 0.0).
bool KeyIsTheValue(const DataType& type) { return type.id != TypeId::kDouble && type.id != TypeId::kFloat; }

// `e` (over an input whose keys start at `key_base`) with each outer column that is a key
// read from the key column; nullopt when another outer column remains.
std::optional<ExprPtr> OuterToKeys(const ExprPtr& e, const Keys& keys, int key_base) {
  if (!e) return e;
  bool missing = false;
  ExprPtr out = ReplaceOuterColumns(e, [&](const Expr& ref) -> ExprPtr {
    for (int k = 0; k < keys.key_count(); ++k) {
      const Expr& o = *keys.outer[k];
      if (o.kind == ExprKind::kColumnRef && o.column_index == ref.column_index && o.type == ref.type &&
          KeyIsTheValue(ref.type)) {
        return Expr::ColumnRef(key_base + k, ref.type, ref.name);
      }
    }
    missing = true;
    return Expr::Constant(Value::Null(ref.type));
  });
  if (missing) return std::nullopt;
  return out;
}

// Maps every own expression of `op`; false when one reads an outer column that is no key.
bool MapOwnExpressions(LogicalOperator& op, const Keys& keys, int key_base) {
  bool ok = true;
  ForEachOwnExpression(op, [&](ExprPtr& e) {
    if (!e || !HasOuter(*e)) return;
    std::optional<ExprPtr> mapped = OuterToKeys(e, keys, key_base);
    if (!mapped) {
      ok = false;
      return;
    }
    e = *mapped;
  });
  return ok;
}

LogicalPtr AddKeys(LogicalPtr op, Keys& keys);

// The lowest correlated WHERE: its correlated conjuncts become keys, appended to the child.
LogicalPtr KeysFromFilter(LogicalPtr filter, Keys& keys) {
  LogicalPtr child = std::move(filter->children[0]);
  if (SubtreeReadsOuter(*child) || keys.count() > 0) {
    keys.unsupported = true;
    return nullptr;
  }
  std::vector<ExprPtr> local;
  std::vector<ExprPtr> inner_keys;
  for (ExprPtr& c : SplitConjunction(filter->predicate)) {
    if (!HasOuter(*c)) {
      local.push_back(std::move(c));
      continue;
    }
    bool taken = false;
    if (c->kind == ExprKind::kCompare && c->compare == CompareOp::kEq) {
      for (int side = 0; side < 2 && !taken; ++side) {
        const ExprPtr& o = c->children[side];
        const ExprPtr& i = c->children[1 - side];
        if (HasOuter(*o) && ReferencedColumns(*o).empty() && !HasOuter(*i) && !ReferencedColumns(*i).empty()) {
          keys.outer.push_back(ReplaceOuterColumns(
              o, [](const Expr& ref) { return Expr::ColumnRef(ref.column_index, ref.type, ref.name); }));
          keys.fields.push_back({"lateral_key" + std::to_string(keys.count()), i->type});
          inner_keys.push_back(i);
          taken = true;
        }
      }
    }
    if (!taken) keys.residual.push_back(std::move(c));
  }
  const int width = static_cast<int>(child->output.size());
  // The inner columns the residual reads ride along after the keys.
  std::vector<bool> read;
  for (const ExprPtr& r : keys.residual) MarkReferencedColumns(*r, read);
  std::vector<int> carried_at(read.size(), -1);
  for (size_t c = 0; c < read.size(); ++c) {
    if (!read[c]) continue;
    carried_at[c] = static_cast<int>(inner_keys.size());
    inner_keys.push_back(ColumnOf(child->output, static_cast<int>(c)));
    keys.fields.push_back({"lateral_inner" + std::to_string(c), child->output[c].type});
  }
  for (ExprPtr& r : keys.residual) {
    r = RemapColumns(r, [&](int c) { return carried_at[c] - keys.key_count(); });
  }
  if (ExprPtr predicate = MakeConjunction(std::move(local))) {
    Schema schema = child->output;
    child = MakeOp(LogicalKind::kFilter, std::move(child), std::move(schema));
    child->predicate = std::move(predicate);
  }
  Schema output = child->output;
  std::vector<ExprPtr> expressions;
  for (int c = 0; c < width; ++c) expressions.push_back(ColumnOf(output, c));
  for (size_t k = 0; k < inner_keys.size(); ++k) {
    expressions.push_back(inner_keys[k]);
    output.push_back(keys.fields[k]);
  }
  auto projection = MakeOp(LogicalKind::kProjection, std::move(child), std::move(output));
  projection->expressions = std::move(expressions);
  return projection;
}

// Aggregate: the keys become more group keys; a projection puts them back at the end.
LogicalPtr KeysThroughAggregate(LogicalPtr op, Keys& keys) {
  if (!op->grouping_sets.empty()) {
    keys.unsupported = true;
    return nullptr;
  }
  const int child_width = static_cast<int>(op->child().output.size()) - keys.count();
  if (!MapOwnExpressions(*op, keys, child_width)) {
    keys.unsupported = true;
    return nullptr;
  }
  if (op->group_keys.empty()) {
    keys.scalar_aggregate = true;
  }
  const int groups = static_cast<int>(op->group_keys.size());
  const int aggregates = static_cast<int>(op->aggregates.size());
  Schema output(op->output.begin(), op->output.begin() + groups);
  for (int k = 0; k < keys.count(); ++k) {
    op->group_keys.push_back(Expr::ColumnRef(child_width + k, keys.fields[k].type, keys.fields[k].name));
    output.push_back(keys.fields[k]);
  }
  output.insert(output.end(), op->output.begin() + groups, op->output.end());
  op->output = std::move(output);
  std::vector<int> order = Range(0, groups);
  for (int a = 0; a < aggregates; ++a) order.push_back(groups + keys.count() + a);
  for (int k = 0; k < keys.count(); ++k) order.push_back(groups + k);
  return Pick(std::move(op), order);
}

// ORDER BY ... LIMIT / OFFSET per key: row_number() over each key's rows, in that order.
LogicalPtr KeysThroughLimit(LogicalPtr limit, Keys& keys) {
  std::vector<SortKey> order;
  LogicalPtr below = std::move(limit->children[0]);
  if (below->kind == LogicalKind::kOrder) {
    order = std::move(below->sort_keys);
    below = std::move(below->children[0]);
  }
  LogicalPtr keyed = AddKeys(std::move(below), keys);
  if (!keyed || keys.rows_fixed()) {
    keys.unsupported = true;
    return nullptr;
  }
  const int width = static_cast<int>(keyed->output.size());
  const int key_base = width - keys.count();
  for (SortKey& key : order) {
    std::optional<ExprPtr> mapped = OuterToKeys(key.expression, keys, key_base);
    if (!mapped) {
      keys.unsupported = true;
      return nullptr;
    }
    key.expression = *mapped;
  }
  WindowCall number;
  number.kind = WindowKind::kRowNumber;
  number.name = "row_number";
  for (int k = 0; k < keys.count(); ++k) number.partition_by.push_back(ColumnOf(keyed->output, key_base + k));
  number.order_by = std::move(order);
  number.type = DataType::Int64();
  Schema numbered = keyed->output;
  numbered.push_back({"lateral_row_number", number.type});
  auto window = MakeOp(LogicalKind::kWindow, std::move(keyed), numbered);
  window->windows.push_back(std::move(number));
  // A window's `limit`: rows numbered past it are never read, so the physical planner keeps
  // only the first ones of each key (exec/operators/partitioned_top_n_sink.h).
  if (limit->limit) window->limit = SaturatedEnd(*limit);
  ExprPtr rank = Expr::ColumnRef(width, DataType::Int64(), "lateral_row_number");
  std::vector<ExprPtr> bounds;
  if (limit->offset > 0) {
    bounds.push_back(Expr::Compare(CompareOp::kGt, rank, Expr::Constant(Value::Int64(limit->offset))));
  }
  if (limit->limit) {
    bounds.push_back(Expr::Compare(CompareOp::kLe, rank, Expr::Constant(Value::Int64(SaturatedEnd(*limit)))));
  }
  LogicalPtr kept = std::move(window);
  if (ExprPtr predicate = MakeConjunction(std::move(bounds))) {
    kept = MakeOp(LogicalKind::kFilter, std::move(kept), numbered);
    kept->predicate = std::move(predicate);
  }
  return Pick(std::move(kept), Range(0, width));
}

// Window: the keys partition it too; a projection puts them back at the end.
LogicalPtr KeysThroughWindow(LogicalPtr op, Keys& keys) {
  const int child_width = static_cast<int>(op->child().output.size());
  const int key_base = child_width - keys.count();
  if (!MapOwnExpressions(*op, keys, key_base)) {
    keys.unsupported = true;
    return nullptr;
  }
  for (WindowCall& w : op->windows) {
    for (int k = 0; k < keys.count(); ++k) w.partition_by.push_back(ColumnOf(op->child().output, key_base + k));
  }
  const int windows = static_cast<int>(op->windows.size());
  std::vector<int> order = Range(0, key_base);
  for (int w = 0; w < windows; ++w) order.push_back(child_width + w);
  for (int k = 0; k < keys.count(); ++k) order.push_back(key_base + k);
  // The window's output lists the child's columns (keys included) first.
  Schema output = op->child().output;
  output.insert(output.end(), op->output.begin() + key_base, op->output.end());
  op->output = std::move(output);
  return Pick(std::move(op), order);
}

LogicalPtr AddKeys(LogicalPtr op, Keys& keys) {
  if (keys.unsupported) return nullptr;
  if (!SubtreeReadsOuter(*op)) {
    keys.unsupported = true;  // no correlated WHERE below: no keys to carry
    return nullptr;
  }
  if (keys.rows_fixed() && op->kind != LogicalKind::kProjection) {
    keys.unsupported = true;  // only projections of an aggregate over no rows are known here
    return nullptr;
  }
  if (op->kind == LogicalKind::kFilter && OwnReadsOuter(*op) && !SubtreeReadsOuter(op->child())) {
    return KeysFromFilter(std::move(op), keys);
  }
  if (op->kind == LogicalKind::kLimit) return KeysThroughLimit(std::move(op), keys);
  if (op->kind == LogicalKind::kOrder) return AddKeys(std::move(op->children[0]), keys);  // no order in a join
  if (op->kind != LogicalKind::kProjection && op->kind != LogicalKind::kFilter && op->kind != LogicalKind::kAggregate &&
      op->kind != LogicalKind::kWindow) {
    keys.unsupported = true;
    return nullptr;
  }
  LogicalPtr child = AddKeys(std::move(op->children[0]), keys);
  if (!child) return nullptr;
  if (keys.rows_fixed() && op->kind != LogicalKind::kProjection) {
    keys.unsupported = true;
    return nullptr;
  }
  op->children[0] = std::move(child);
  if (op->kind == LogicalKind::kAggregate) return KeysThroughAggregate(std::move(op), keys);
  if (op->kind == LogicalKind::kWindow) return KeysThroughWindow(std::move(op), keys);
  const int key_base = static_cast<int>(op->child().output.size()) - keys.count();
  if (!MapOwnExpressions(*op, keys, key_base)) {
    keys.unsupported = true;
    return nullptr;
  }
  if (op->kind == LogicalKind::kFilter) {
    op->output = op->child().output;
    return op;
  }
  for (int k = 0; k < keys.count(); ++k) {
    op->expressions.push_back(ColumnOf(op->child().output, key_base + k));
    op->output.push_back(keys.fields[k]);
  }
  return op;
}

// The value each of `plan`'s columns has over an aggregate's empty group, for a chain of
// projections down to that aggregate: COUNT 0, other aggregates NULL, the rest computed.
std::vector<ExprPtr> EmptyRow(const LogicalOperator& plan) {
  if (plan.kind == LogicalKind::kAggregate) {
    std::vector<ExprPtr> row;
    for (const AggregateCall& call : plan.aggregates) {
      const bool count = call.kind == AggregateKind::kCount || call.kind == AggregateKind::kCountStar ||
                         call.kind == AggregateKind::kRegrCount;
      row.push_back(count ? Expr::Constant(Value::Int64(0)) : Expr::Constant(Value::Null(call.type)));
    }
    return row;
  }
  const std::vector<ExprPtr> below = EmptyRow(plan.child());
  std::vector<ExprPtr> row;
  for (const ExprPtr& e : plan.expressions) row.push_back(SubstituteColumns(e, below));
  return row;
}

}  // namespace

Result<LogicalPtr> Decorrelate(LateralJoin& join) {
  const int left_width = static_cast<int>(join.left->output.size());
  const int width = static_cast<int>(join.subquery->output.size());
  if (IsProjectionChainOverDummy(*join.subquery)) {
    // One row per left row: the ON condition (LEFT: NULL-extending) applies to it directly.
    LogicalPtr rows = OverLeft(std::move(join.subquery), join.left, left_width);
    return ApplyOnToSingleRows(std::move(rows), join, left_width);
  }

  if (LogicalPtr rows = JoinUnderProjections(join)) return rows;
  Keys keys;
  LogicalPtr keyed = AddKeys(CloneLogicalPlan(*join.subquery), keys);
  if (!keyed || keys.unsupported) return AggregatePerOuterRow(join);
  const int k = keys.count();
  if (!keys.scalar_aggregate) {
    LogicalPtr out = MakeJoin(join.kind, std::move(join.left), std::move(keyed));
    for (int i = 0; i < keys.key_count(); ++i) {
      out->left_keys.push_back(keys.outer[i]);
      out->right_keys.push_back(Expr::ColumnRef(width + i, keys.fields[i].type, keys.fields[i].name));
    }
    // ON reads left ++ the subquery's columns, which come first; the residual its carried ones.
    std::vector<ExprPtr> conditions;
    if (join.on) conditions.push_back(join.on);
    const int carried_base = left_width + width + keys.key_count();
    for (const ExprPtr& r : keys.residual) {
      ExprPtr inner = RemapColumns(r, [carried_base](int c) { return carried_base + c; });
      conditions.push_back(ReplaceOuterColumns(
          inner, [](const Expr& ref) { return Expr::ColumnRef(ref.column_index, ref.type, ref.name); }));
    }
    out->predicate = MakeConjunction(std::move(conditions));
    return Pick(std::move(out), Range(0, left_width + width));
  }
  // One row per left row: the keyed groups, or the values over no rows where a key has none.
  const std::vector<ExprPtr> empty = EmptyRow(*join.subquery);
  {
    Schema output = keyed->output;
    output.push_back({"lateral_group", DataType::Boolean()});
    std::vector<ExprPtr> expressions;
    for (int c = 0; c < width + k; ++c) expressions.push_back(ColumnOf(keyed->output, c));
    expressions.push_back(Expr::Constant(Value::Boolean(true)));
    keyed = MakeOp(LogicalKind::kProjection, std::move(keyed), std::move(output));
    keyed->expressions = std::move(expressions);
  }
  LogicalPtr out = MakeJoin(JoinKind::kLeft, std::move(join.left), std::move(keyed));
  for (int i = 0; i < k; ++i) {
    out->left_keys.push_back(keys.outer[i]);
    out->right_keys.push_back(Expr::ColumnRef(width + i, keys.fields[i].type, keys.fields[i].name));
  }
  ExprPtr missing = Expr::Make(ExprKind::kIsNull, DataType::Boolean(),
                               {Expr::ColumnRef(left_width + width + k, DataType::Boolean(), "lateral_group")});
  std::vector<ExprPtr> expressions;
  Schema output;
  for (int c = 0; c < left_width + width; ++c) {
    ExprPtr column = ColumnOf(out->output, c);
    output.push_back(out->output[c]);
    if (c < left_width) {
      expressions.push_back(column);
      continue;
    }
    ExprPtr value = empty.at(c - left_width);
    if (value->type != column->type) value = Expr::Cast(value, column->type);
    expressions.push_back(Expr::Make(ExprKind::kCase, column->type, {missing, value, column}));
  }
  LogicalPtr rows = MakeOp(LogicalKind::kProjection, std::move(out), output);
  rows->expressions = std::move(expressions);
  if (!join.on) return rows;
  if (join.kind == JoinKind::kInner) {
    rows = MakeOp(LogicalKind::kFilter, std::move(rows), output);
    rows->predicate = join.on;
    return rows;
  }
  expressions.clear();
  for (int c = 0; c < left_width + width; ++c) {
    ExprPtr column = ColumnOf(output, c);
    expressions.push_back(c < left_width ? column
                                         : Expr::Make(ExprKind::kCase, column->type,
                                                      {join.on, column, Expr::Constant(Value::Null(column->type))}));
  }
  rows = MakeOp(LogicalKind::kProjection, std::move(rows), output);
  rows->expressions = std::move(expressions);
  return rows;
}

}  // namespace lateral

void ForEachExpression(LogicalOperator& op, const std::function<void(ExprPtr&)>& visit) {
  lateral::ForEachOwnExpression(op, [&](ExprPtr& e) {
    if (e) visit(e);
  });
  for (LogicalPtr& child : op.children) ForEachExpression(*child, visit);
}

ExprPtr ReplaceOuterColumns(const ExprPtr& e, const std::function<ExprPtr(const Expr&)>& replace) {
  if (e->kind == ExprKind::kOuterColumnRef) return replace(*e);
  if (e->children.empty()) return e;
  std::shared_ptr<Expr> copy;
  for (size_t i = 0; i < e->children.size(); ++i) {
    ExprPtr c = ReplaceOuterColumns(e->children[i], replace);
    if (c == e->children[i]) continue;
    if (!copy) copy = std::make_shared<Expr>(*e);
    copy->children[i] = std::move(c);
  }
  return copy ? copy : e;
}

std::vector<int> OuterColumnsRead(LogicalOperator& op) {
  std::vector<int> columns;
  std::function<void(const Expr&)> walk = [&](const Expr& e) {
    if (e.kind == ExprKind::kOuterColumnRef) columns.push_back(e.column_index);
    for (const ExprPtr& c : e.children) walk(*c);
  };
  ForEachExpression(op, [&](ExprPtr& e) { walk(*e); });
  std::sort(columns.begin(), columns.end());
  columns.erase(std::unique(columns.begin(), columns.end()), columns.end());
  return columns;
}

Result<LogicalPtr> DecorrelateLateral(LateralJoin& join) { return lateral::Decorrelate(join); }

}  // namespace orbit
