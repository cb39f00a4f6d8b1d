#include "plan/decorrelation.h"

#include "plan/expression_rewrite.h"

namespace orbit {

namespace {

bool HasOuterRef(const Expr& e) {
  if (e.kind == ExprKind::kOuterColumnRef) return true;
  for (const auto& c : e.children) {
    if (HasOuterRef(*c)) return true;
  }
  return false;
}

bool HasInnerRef(const Expr& e) { return !ReferencedColumns(e).empty(); }

bool OperatorReadsOuter(const LogicalOperator& op) {
  auto any = [](const std::vector<ExprPtr>& exprs) {
    for (const auto& e : exprs) {
      if (e && HasOuterRef(*e)) return true;
    }
    return false;
  };
  if (op.predicate && HasOuterRef(*op.predicate)) return true;
  if (any(op.left_keys) || any(op.right_keys) || any(op.expressions) || any(op.group_keys)) return true;
  for (const auto& a : op.aggregates) {
    if (a.argument && HasOuterRef(*a.argument)) return true;
    if (a.second && HasOuterRef(*a.second)) return true;
    for (const SortKey& key : a.order_by) {
      if (HasOuterRef(*key.expression)) return true;
    }
  }
  for (const auto& k : op.sort_keys) {
    if (HasOuterRef(*k.expression)) return true;
  }
  return false;
}

// `e` over left ++ right of the join: inner column c -> left_width + c, outer column c -> c.
ExprPtr ToJoinCondition(const ExprPtr& e, int left_width) {
  if (e->kind == ExprKind::kOuterColumnRef) return Expr::ColumnRef(e->column_index, e->type, e->name);
  if (e->kind == ExprKind::kColumnRef) return Expr::ColumnRef(e->column_index + left_width, e->type, e->name);
  if (e->children.empty()) return e;
  auto copy = std::make_shared<Expr>(*e);
  for (auto& c : copy->children) c = ToJoinCondition(c, left_width);
  return copy;
}

// Outer column c -> outer_columns[c]; a BindError where it is -1 (a column that
// aggregation grouped away).
Result<ExprPtr> MapOuterColumns(const ExprPtr& e, const std::vector<int>& outer_columns) {
  if (e->kind == ExprKind::kOuterColumnRef) {
    const int to = outer_columns.at(e->column_index);
    if (to < 0) {
      return Status::BindError("subquery uses ungrouped column \"{}\" from outer query", e->name);
    }
    auto copy = std::make_shared<Expr>(*e);
    copy->column_index = to;
    return copy;
  }
  if (e->children.empty()) return e;
  auto copy = std::make_shared<Expr>(*e);
  for (auto& c : copy->children) {
    ORBIT_ASSIGN_OR_RETURN(c, MapOuterColumns(c, outer_columns));
  }
  return copy;
}

// Outer columns read as the left side's columns (for a key over the outer plan).
ExprPtr OuterToLeft(const ExprPtr& e) { return ToJoinCondition(e, 0); }

ExprPtr Shift(const ExprPtr& e, int by) {
  return RemapColumns(e, [by](int c) { return c + by; });
}

LogicalPtr MakeJoin(JoinKind kind, LogicalPtr left, LogicalPtr right) {
  auto join = std::make_unique<LogicalOperator>(LogicalKind::kJoin);
  join->join_kind = kind;
  join->output = left->output;
  if (JoinOutputsRight(kind)) join->output.insert(join->output.end(), right->output.begin(), right->output.end());
  if (kind == JoinKind::kMark) join->output.push_back({"mark", DataType::Boolean()});
  join->children.push_back(std::move(left));
  join->children.push_back(std::move(right));
  return join;
}

// Splits `conditions` (over left ++ right) into hash keys and the residual condition.
void SetJoinCondition(LogicalOperator& join, std::vector<ExprPtr> conditions) {
  const int left_width = static_cast<int>(join.children[0]->output.size());
  auto reads_only = [](const Expr& e, int begin, int end) {
    for (int c : ReferencedColumns(e)) {
      if (c < begin || c >= end) return false;
    }
    return true;
  };
  std::vector<ExprPtr> residual;
  for (auto& c : conditions) {
    if (c->kind == ExprKind::kCompare && c->compare == CompareOp::kEq && HasInnerRef(*c->children[0]) &&
        HasInnerRef(*c->children[1])) {
      const ExprPtr& a = c->children[0];
      const ExprPtr& b = c->children[1];
      if (reads_only(*a, 0, left_width) && reads_only(*b, left_width, INT32_MAX)) {
        join.left_keys.push_back(a);
        join.right_keys.push_back(Shift(b, -left_width));
        continue;
      }
      if (reads_only(*b, 0, left_width) && reads_only(*a, left_width, INT32_MAX)) {
        join.left_keys.push_back(b);
        join.right_keys.push_back(Shift(a, -left_width));
        continue;
      }
    }
    residual.push_back(std::move(c));
  }
  join.predicate = MakeConjunction(std::move(residual));
}

LogicalPtr MakeFilter(LogicalPtr child, ExprPtr predicate) {
  if (!predicate) return child;
  auto filter = std::make_unique<LogicalOperator>(LogicalKind::kFilter);
  filter->output = child->output;
  filter->predicate = std::move(predicate);
  filter->children.push_back(std::move(child));
  return filter;
}

ExprPtr CastTo(ExprPtr e, const DataType& type) { return e->type == type ? e : Expr::Cast(std::move(e), type); }

Result<JoinedSubquery> JoinUncorrelated(LogicalPtr outer, SubqueryJoinSpec spec) {
  const int left_width = static_cast<int>(outer->output.size());
  const Field first = spec.subquery->output.at(0);
  if (spec.test == SubqueryTest::kExists) {
    // Whether a row exists: one row of the subquery tells.
    auto limit = std::make_unique<LogicalOperator>(LogicalKind::kLimit);
    limit->limit = 1;
    limit->output = spec.subquery->output;
    limit->children.push_back(std::move(spec.subquery));
    spec.subquery = std::move(limit);
  }
  LogicalPtr join = MakeJoin(spec.kind, std::move(outer), std::move(spec.subquery));
  if (spec.test == SubqueryTest::kIn) {
    join->left_keys.push_back(spec.probe);
    join->right_keys.push_back(CastTo(Expr::ColumnRef(0, first.type, first.name), spec.compare_type));
    join->null_aware = spec.kind != JoinKind::kSemi;
  }
  JoinedSubquery out;
  if (spec.kind == JoinKind::kMark) out.value = Expr::ColumnRef(left_width, DataType::Boolean(), "mark");
  if (spec.kind == JoinKind::kSingle) out.value = Expr::ColumnRef(left_width, first.type, first.name);
  out.plan = std::move(join);
  return out;
}

// The value of `e` (over an aggregate's output) for a group with no rows: COUNT (and
// regr_count) 0, others NULL.
ExprPtr EmptyGroupValue(const ExprPtr& e, const LogicalOperator& aggregate, bool* reads_count) {
  if (e->kind == ExprKind::kColumnRef) {
    const AggregateCall& call = aggregate.aggregates.at(e->column_index);
    if (call.kind == AggregateKind::kCount || call.kind == AggregateKind::kCountStar ||
        call.kind == AggregateKind::kRegrCount) {
      *reads_count = true;
      return Expr::Constant(Value::Int64(0));
    }
    return Expr::Constant(Value::Null(e->type));
  }
  if (e->children.empty()) return e;
  auto copy = std::make_shared<Expr>(*e);
  for (auto& c : copy->children) c = EmptyGroupValue(c, aggregate, reads_count);
  return copy;
}

// Whether `e` can be non-NULL when a column it reads is NULL (so an empty group's value
// may differ from the LEFT join's NULL).
bool MayIgnoreNulls(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kCase:
    case ExprKind::kCoalesce:
    case ExprKind::kNullIf:
    case ExprKind::kIsDistinct:
    case ExprKind::kGreatest:
    case ExprKind::kLeast:
    case ExprKind::kIsNull:
    case ExprKind::kIsNotNull:
    case ExprKind::kAnd:
    case ExprKind::kOr: return true;
    default: break;
  }
  for (const auto& c : e.children) {
    if (MayIgnoreNulls(*c)) return true;
  }
  return false;
}

Status NotSupportedShape(const char* what) { return Status::NotSupported("correlated subqueries {}", what); }

}  // namespace

bool ReadsOuterColumns(const LogicalOperator& plan) {
  if (OperatorReadsOuter(plan)) return true;
  for (const auto& c : plan.children) {
    if (ReadsOuterColumns(*c)) return true;
  }
  return false;
}

Result<JoinedSubquery> JoinSubquery(LogicalPtr outer, SubqueryJoinSpec spec) {
  if (!ReadsOuterColumns(*spec.subquery)) return JoinUncorrelated(std::move(outer), std::move(spec));

  // Expected shape: Projection <- [Aggregate without GROUP BY] <- Filter (the WHERE) <- rest.
  LogicalOperator& projection = *spec.subquery;
  // (EXISTS ignores what its subquery selects.)
  if (projection.kind != LogicalKind::kProjection ||
      (spec.test != SubqueryTest::kExists && OperatorReadsOuter(projection))) {
    return NotSupportedShape("with DISTINCT, ORDER BY, LIMIT or outer columns in the select list");
  }
  LogicalPtr below = std::move(projection.children[0]);
  LogicalPtr aggregate;
  if (below->kind == LogicalKind::kAggregate) {
    if (!below->group_keys.empty()) return NotSupportedShape("with GROUP BY");
    if (OperatorReadsOuter(*below)) return NotSupportedShape("with outer columns in aggregates");
    aggregate = std::move(below);
    below = std::move(aggregate->children[0]);
  } else if (below->kind == LogicalKind::kFilter && below->child().kind == LogicalKind::kAggregate) {
    return NotSupportedShape("with HAVING");
  }
  if (below->kind != LogicalKind::kFilter || ReadsOuterColumns(below->child())) {
    return NotSupportedShape("reading outer columns outside their WHERE clause");
  }
  LogicalPtr rest = std::move(below->children[0]);
  std::vector<ExprPtr> local, correlated;
  for (auto& c : SplitConjunction(below->predicate)) {
    if (!HasOuterRef(*c)) {
      local.push_back(std::move(c));
      continue;
    }
    if (!spec.outer_columns.empty()) {
      ORBIT_ASSIGN_OR_RETURN(c, MapOuterColumns(c, spec.outer_columns));
    }
    correlated.push_back(std::move(c));
  }
  LogicalPtr right = MakeFilter(std::move(rest), MakeConjunction(std::move(local)));

  const int left_width = static_cast<int>(outer->output.size());
  JoinedSubquery out;
  if (!aggregate) {
    std::vector<ExprPtr> conditions;
    for (const auto& c : correlated) conditions.push_back(ToJoinCondition(c, left_width));
    const ExprPtr& selected = projection.expressions.at(0);
    if (spec.test == SubqueryTest::kIn) {
      if (spec.kind == JoinKind::kMark) {
        return Status::NotSupported("IN with a correlated subquery outside a WHERE conjunct; write it with EXISTS");
      }
      ExprPtr inner = CastTo(Shift(selected, left_width), spec.compare_type);
      ExprPtr equal = Expr::Compare(CompareOp::kEq, spec.probe, inner);
      if (spec.kind == JoinKind::kAnti) {
        // NOT IN holds only when no row of the outer row's own subquery is equal or NULL
        // and the probe is not NULL (unless that subquery is empty: then no pair exists).
        equal = Expr::Make(ExprKind::kOr, DataType::Boolean(),
                           {equal, Expr::Make(ExprKind::kIsNull, DataType::Boolean(), {spec.probe}),
                            Expr::Make(ExprKind::kIsNull, DataType::Boolean(), {inner})});
      }
      conditions.push_back(std::move(equal));
    }
    if (spec.test == SubqueryTest::kScalar) {
      // The selected value rides along as the right side's last column.
      const int width = static_cast<int>(right->output.size());
      auto project = std::make_unique<LogicalOperator>(LogicalKind::kProjection);
      for (int c = 0; c < width; ++c) {
        project->expressions.push_back(Expr::ColumnRef(c, right->output[c].type, right->output[c].name));
      }
      project->expressions.push_back(selected);
      project->output = right->output;
      project->output.push_back(projection.output.at(0));
      project->children.push_back(std::move(right));
      right = std::move(project);
      out.value = Expr::ColumnRef(left_width + width, selected->type, projection.output[0].name);
    }
    LogicalPtr join = MakeJoin(spec.kind, std::move(outer), std::move(right));
    SetJoinCondition(*join, std::move(conditions));
    if (spec.kind == JoinKind::kMark) out.value = Expr::ColumnRef(left_width, DataType::Boolean(), "mark");
    out.plan = std::move(join);
    return out;
  }

  if (spec.test != SubqueryTest::kScalar) return NotSupportedShape("with aggregates in EXISTS or IN");
  // Group the subquery by its side of each correlation equality and LEFT join the groups.
  std::vector<ExprPtr> outer_keys, inner_keys;
  for (const auto& c : correlated) {
    bool taken = false;
    if (c->kind == ExprKind::kCompare && c->compare == CompareOp::kEq) {
      for (int side = 0; side < 2 && !taken; ++side) {
        const ExprPtr& o = c->children[side];
        const ExprPtr& i = c->children[1 - side];
        if (HasOuterRef(*o) && !HasInnerRef(*o) && !HasOuterRef(*i) && HasInnerRef(*i)) {
          outer_keys.push_back(OuterToLeft(o));
          inner_keys.push_back(i);
          taken = true;
        }
      }
    }
    if (!taken) {
      return Status::NotSupported(
          "correlated scalar subqueries with an aggregate whose correlation is not an equality between an outer "
          "and an inner expression: {}",
          c->ToString());
    }
  }
  const int k = static_cast<int>(inner_keys.size());
  auto grouped = std::make_unique<LogicalOperator>(LogicalKind::kAggregate);
  for (int i = 0; i < k; ++i) grouped->output.push_back({"key" + std::to_string(i), inner_keys[i]->type});
  grouped->output.insert(grouped->output.end(), aggregate->output.begin(), aggregate->output.end());
  grouped->group_keys = inner_keys;
  grouped->aggregates = aggregate->aggregates;
  grouped->children.push_back(std::move(right));

  const ExprPtr& selected = projection.expressions.at(0);
  auto project = std::make_unique<LogicalOperator>(LogicalKind::kProjection);
  for (int i = 0; i < k; ++i) project->expressions.push_back(Expr::ColumnRef(i, inner_keys[i]->type, "key"));
  project->expressions.push_back(Shift(selected, k));
  project->expressions.push_back(Expr::Constant(Value::Boolean(true)));  // "a group exists"
  for (int i = 0; i < k; ++i) project->output.push_back(grouped->output[i]);
  project->output.push_back(projection.output.at(0));
  project->output.push_back({"group_exists", DataType::Boolean()});
  project->children.push_back(std::move(grouped));

  // A single join (a LEFT join that estimates one partner per row): one group per key.
  LogicalPtr join = MakeJoin(JoinKind::kSingle, std::move(outer), std::move(project));
  for (int i = 0; i < k; ++i) {
    join->left_keys.push_back(outer_keys[i]);
    join->right_keys.push_back(Expr::ColumnRef(i, inner_keys[i]->type, "key"));
  }
  ExprPtr value = Expr::ColumnRef(left_width + k, selected->type, projection.output[0].name);
  bool reads_count = false;
  ExprPtr empty = EmptyGroupValue(selected, *aggregate, &reads_count);
  if (reads_count || MayIgnoreNulls(*selected)) {
    ExprPtr missing = Expr::Make(ExprKind::kIsNull, DataType::Boolean(),
                                 {Expr::ColumnRef(left_width + k + 1, DataType::Boolean(), "group_exists")});
    value = Expr::Make(ExprKind::kCase, selected->type, {missing, CastTo(empty, selected->type), value});
  }
  out.plan = std::move(join);
  out.value = std::move(value);
  return out;
}

}  // namespace orbit
