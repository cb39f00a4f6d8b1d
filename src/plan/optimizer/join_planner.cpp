#include "plan/optimizer/join_planner.h"

#include <algorithm>

#include "plan/expression_rewrite.h"
#include "plan/optimizer/cardinality.h"
#include "plan/optimizer/column_statistics.h"
#include "plan/optimizer/join_order.h"
#include "plan/optimizer/semi_join_pushdown.h"
#include "plan/optimizer/subquery_group_reduction.h"

namespace orbit {

namespace {

ExprPtr Shift(const ExprPtr& e, int by) {
  if (by == 0) return e;
  return RemapColumns(e, [by](int c) { return c + by; });
}

LogicalPtr MakeFilter(LogicalPtr child, std::vector<ExprPtr> conjuncts) {
  auto filter = std::make_unique<LogicalOperator>(LogicalKind::kFilter);
  filter->output = child->output;
  filter->predicate = MakeConjunction(std::move(conjuncts));
  filter->children.push_back(std::move(child));
  return filter;
}

// The conjuncts of an existing join's keys and condition, over left ++ right.
std::vector<ExprPtr> JoinConjuncts(const LogicalOperator& join) {
  std::vector<ExprPtr> out;
  int left_width = static_cast<int>(join.child().output.size());
  for (size_t k = 0; k < join.left_keys.size(); ++k) {
    out.push_back(Expr::Compare(CompareOp::kEq, join.left_keys[k], Shift(join.right_keys[k], left_width)));
  }
  if (join.predicate) {
    for (auto& c : SplitConjunction(join.predicate)) out.push_back(std::move(c));
  }
  return out;
}

// Columns [begin, end) hold every column `e` reads.
bool ReadsOnly(const Expr& e, int begin, int end) {
  for (int c : ReferencedColumns(e)) {
    if (c < begin || c >= end) return false;
  }
  return true;
}

// An equality whose sides read only [0, split) and only [split, width) respectively (or
// the other way round): a hash join key. Returns {left key, right key over the right side}.
std::optional<std::pair<ExprPtr, ExprPtr>> AsJoinKey(const ExprPtr& e, int split, int width) {
  if (e->kind != ExprKind::kCompare || e->compare != CompareOp::kEq) return std::nullopt;
  const ExprPtr& a = e->children[0];
  const ExprPtr& b = e->children[1];
  if (ReferencedColumns(*a).empty() || ReferencedColumns(*b).empty()) return std::nullopt;
  if (ReadsOnly(*a, 0, split) && ReadsOnly(*b, split, width)) return std::make_pair(a, Shift(b, -split));
  if (ReadsOnly(*b, 0, split) && ReadsOnly(*a, split, width)) return std::make_pair(b, Shift(a, -split));
  return std::nullopt;
}

// The distinct values of a join key over `leaf`: counted for a column of a table (through
// filters and casts, which cannot add distinct values), else bounded by the leaf's rows.
double KeyDistinctCount(const Expr& key, const LogicalOperator& leaf, double base_rows) {
  const Expr* column = &key;
  while (column->kind == ExprKind::kCast) column = column->children[0].get();
  const LogicalOperator* base = &leaf;
  while (base->kind == LogicalKind::kFilter) base = &base->child();
  if (column->kind != ExprKind::kColumnRef || base->kind != LogicalKind::kGet) return base_rows;
  return DistinctCount(base->table, base->column_ids[column->column_index]);
}

// For an OR over several relations, a condition on `leaf` alone that the OR implies:
// OR over the branches of each branch's conditions on `leaf` (TPC-H Q7's
// (n1 = 'FRANCE' AND n2 = 'GERMANY') OR (n1 = 'GERMANY' AND n2 = 'FRANCE') implies
// n1 IN both, filtering nation before the joins). Null when some branch says nothing
// about `leaf`. The OR itself still applies at its join.
template <typename LeavesOf>
ExprPtr OrRestrictedTo(const Expr& condition, const LeavesOf& leaves_of, uint64_t leaf) {
  if (condition.kind != ExprKind::kOr) return nullptr;
  std::vector<ExprPtr> branches;
  for (const auto& branch : condition.children) {
    std::vector<ExprPtr> on_leaf;
    for (auto& part : SplitConjunction(branch)) {
      if (leaves_of(*part) == leaf) on_leaf.push_back(std::move(part));
    }
    if (on_leaf.empty()) return nullptr;
    branches.push_back(MakeConjunction(std::move(on_leaf)));
  }
  return Expr::Make(ExprKind::kOr, DataType::Boolean(), std::move(branches));
}

// A relation of a flattened join: its plan and where its columns sit among the region's.
struct Leaf {
  LogicalPtr op;
  int offset = 0;
  int width = 0;
  std::vector<ExprPtr> filters;  // over the leaf's own columns
  double rows = 0;               // estimated, after its filters
  double base_rows = 0;          // estimated, before them: bounds its distinct keys
};

struct Conjunct {
  ExprPtr expr;  // over the region's columns
  uint64_t leaves = 0;
  bool used = false;
};

// A subtree of the join being assembled: which leaves it holds and where their columns are.
struct Component {
  LogicalPtr op;
  uint64_t leaves = 0;
  std::vector<int> leaf_position;  // per leaf: its first column in op's output, -1 if absent
};

class JoinPlanner {
 public:
  Result<LogicalPtr> Rewrite(LogicalPtr op) {
    if (op->kind == LogicalKind::kFilter || (op->kind == LogicalKind::kJoin && op->join_kind == JoinKind::kInner)) {
      return RewriteRegion(std::move(op));
    }
    if (op->kind == LogicalKind::kJoin) return RewriteOuterJoin(std::move(op));
    for (auto& child : op->children) {
      ORBIT_ASSIGN_OR_RETURN(child, Rewrite(std::move(child)));
    }
    return op;
  }

 private:
  void Flatten(LogicalPtr op, int offset, std::vector<Leaf>& leaves, std::vector<ExprPtr>& conjuncts) {
    if (op->kind == LogicalKind::kFilter) {
      for (auto& c : SplitConjunction(op->predicate)) conjuncts.push_back(Shift(c, offset));
      Flatten(std::move(op->children[0]), offset, leaves, conjuncts);
      return;
    }
    if (op->kind == LogicalKind::kJoin && op->join_kind == JoinKind::kInner) {
      for (auto& c : JoinConjuncts(*op)) conjuncts.push_back(Shift(c, offset));
      int left_width = static_cast<int>(op->children[0]->output.size());
      Flatten(std::move(op->children[0]), offset, leaves, conjuncts);
      Flatten(std::move(op->children[1]), offset + left_width, leaves, conjuncts);
      return;
    }
    Leaf leaf;
    leaf.width = static_cast<int>(op->output.size());
    leaf.offset = offset;
    leaf.op = std::move(op);
    leaves.push_back(std::move(leaf));
  }

  // A relation with the conditions on it alone, pushed as deep as they may go.
  Result<LogicalPtr> PushIntoLeaf(LogicalPtr leaf, std::vector<ExprPtr> filters) {
    if (leaf->kind == LogicalKind::kJoin && leaf->join_kind != JoinKind::kInner && !filters.empty()) {
      // Conditions on the preserved side (left of LEFT, of SINGLE and of the subquery joins;
      // right of RIGHT; FULL has none) filter its input; the others must see the NULLs the
      // join adds (or its mark column), so they stay above it. A semi or anti join outputs
      // only left columns, so every condition goes below it.
      int left_width = static_cast<int>(leaf->child().output.size());
      int width = static_cast<int>(leaf->output.size());
      std::vector<ExprPtr> left_only, right_only, rest;
      for (auto& f : filters) {
        const bool left_preserved = leaf->join_kind != JoinKind::kRight && leaf->join_kind != JoinKind::kFull;
        if (left_preserved && ReadsOnly(*f, 0, left_width)) {
          left_only.push_back(std::move(f));
        } else if (leaf->join_kind == JoinKind::kRight && ReadsOnly(*f, left_width, width)) {
          right_only.push_back(Shift(f, -left_width));
        } else {
          rest.push_back(std::move(f));
        }
      }
      if (!left_only.empty()) leaf->children[0] = MakeFilter(std::move(leaf->children[0]), std::move(left_only));
      if (!right_only.empty()) leaf->children[1] = MakeFilter(std::move(leaf->children[1]), std::move(right_only));
      filters = std::move(rest);
    }
    ORBIT_ASSIGN_OR_RETURN(leaf, Rewrite(std::move(leaf)));
    if (filters.empty()) return leaf;
    return MakeFilter(std::move(leaf), std::move(filters));
  }

  // A non-inner join: LEFT, RIGHT, FULL and the subquery joins, whose condition reads
  // left ++ right whatever they output. Equalities across the sides become keys; an ON
  // condition on the side that never appears without a pair (the right of LEFT and of the
  // subquery joins, the left of RIGHT) filters that input; the rest is the join's condition.
  Result<LogicalPtr> RewriteOuterJoin(LogicalPtr op) {
    int left_width = static_cast<int>(op->children[0]->output.size());
    int width = left_width + static_cast<int>(op->children[1]->output.size());
    if (op->null_aware) {
      // [NOT] IN's one key carries its NULL rules: it stays the key, as the binder made it.
      for (auto& child : op->children) {
        ORBIT_ASSIGN_OR_RETURN(child, Rewrite(std::move(child)));
      }
      return PushSemiJoinDown(std::move(op));
    }
    const bool left_preserved = op->join_kind != JoinKind::kRight && op->join_kind != JoinKind::kFull;
    std::vector<ExprPtr> left_only, right_only, residual;
    std::vector<ExprPtr> conjuncts = JoinConjuncts(*op);
    op->left_keys.clear();
    op->right_keys.clear();
    for (auto& c : conjuncts) {
      std::vector<int> columns = ReferencedColumns(*c);
      if (left_preserved && !columns.empty() && ReadsOnly(*c, left_width, width)) {
        right_only.push_back(Shift(c, -left_width));
      } else if (op->join_kind == JoinKind::kRight && !columns.empty() && ReadsOnly(*c, 0, left_width)) {
        left_only.push_back(std::move(c));
      } else if (auto key = AsJoinKey(c, left_width, width)) {
        op->left_keys.push_back(key->first);
        op->right_keys.push_back(key->second);
      } else {
        residual.push_back(std::move(c));
      }
    }
    op->predicate = MakeConjunction(std::move(residual));
    if (!right_only.empty()) op->children[1] = MakeFilter(std::move(op->children[1]), std::move(right_only));
    if (!left_only.empty()) op->children[0] = MakeFilter(std::move(op->children[0]), std::move(left_only));
    for (auto& child : op->children) {
      ORBIT_ASSIGN_OR_RETURN(child, Rewrite(std::move(child)));
    }
    ReduceSubqueryGroups(*op);
    return PushSemiJoinDown(std::move(op));
  }

  Result<LogicalPtr> RewriteRegion(LogicalPtr op) {
    const Schema region_output = op->output;
    std::vector<Leaf> leaves;
    std::vector<ExprPtr> raw;
    Flatten(std::move(op), 0, leaves, raw);
    if (leaves.size() > static_cast<size_t>(kMaxJoinRelations)) {
      return Status::NotSupported("joins of more than {} tables", kMaxJoinRelations);
    }
    std::vector<int> leaf_of_column(region_output.size());
    for (size_t l = 0; l < leaves.size(); ++l) {
      for (int c = 0; c < leaves[l].width; ++c) leaf_of_column[leaves[l].offset + c] = static_cast<int>(l);
    }
    auto leaves_of = [&](const Expr& e) {
      uint64_t set = 0;
      for (int c : ReferencedColumns(e)) set |= uint64_t{1} << leaf_of_column[c];
      return set;
    };

    std::vector<Conjunct> conjuncts;
    std::vector<ExprPtr> constant_conditions;
    std::vector<ExprPtr> factored;
    for (auto& c : raw) {
      for (auto& part : SplitConjunction(FactorOr(c))) factored.push_back(std::move(part));
    }
    for (auto& c : factored) {
      uint64_t set = leaves_of(*c);
      if (set == 0) {
        // WHERE 1 = 1 folds to TRUE: nothing to apply.
        if (c->kind == ExprKind::kConstant && !c->constant.is_null && c->constant.bool_value) continue;
        constant_conditions.push_back(std::move(c));
      } else if ((set & (set - 1)) == 0) {
        Leaf& leaf = leaves[__builtin_ctzll(set)];
        leaf.filters.push_back(Shift(c, -leaf.offset));
      } else {
        for (uint64_t rest = set; rest != 0; rest &= rest - 1) {
          int l = __builtin_ctzll(rest);
          if (ExprPtr derived = OrRestrictedTo(*c, leaves_of, uint64_t{1} << l)) {
            leaves[l].filters.push_back(Shift(derived, -leaves[l].offset));
          }
        }
        conjuncts.push_back({std::move(c), set, false});
      }
    }

    std::vector<double> rows;
    for (Leaf& leaf : leaves) {
      ORBIT_ASSIGN_OR_RETURN(leaf.op, PushIntoLeaf(std::move(leaf.op), std::move(leaf.filters)));
      leaf.rows = EstimateRows(*leaf.op);
      const LogicalOperator* base = leaf.op.get();
      while (base->kind == LogicalKind::kFilter) base = &base->child();
      leaf.base_rows = base->estimated_rows;
      rows.push_back(leaf.rows);
    }

    std::vector<JoinEdge> edges;
    for (const Conjunct& c : conjuncts) {
      const Expr& e = *c.expr;
      if (e.kind != ExprKind::kCompare || e.compare != CompareOp::kEq) continue;
      uint64_t a = leaves_of(*e.children[0]);
      uint64_t b = leaves_of(*e.children[1]);
      if (a == 0 || b == 0 || (a & b) != 0) continue;
      auto distinct = [&](const Expr& key, uint64_t set) {
        if ((set & (set - 1)) != 0) return 0.0;
        const Leaf& leaf = leaves[__builtin_ctzll(set)];
        return KeyDistinctCount(*Shift(std::make_shared<Expr>(key), -leaf.offset), *leaf.op, leaf.base_rows);
      };
      edges.push_back({a, b, distinct(*e.children[0], a), distinct(*e.children[1], b)});
    }
    ORBIT_ASSIGN_OR_RETURN(std::vector<JoinStep> steps, OrderJoins(rows, edges));

    std::vector<Component> components(steps.size());
    for (size_t s = 0; s < steps.size(); ++s) {
      const JoinStep& step = steps[s];
      Component& out = components[s];
      out.leaves = step.relations;
      if (step.relation >= 0) {
        out.op = std::move(leaves[step.relation].op);
        out.leaf_position.assign(leaves.size(), -1);
        out.leaf_position[step.relation] = 0;
        continue;
      }
      out = JoinComponents(std::move(components[step.probe]), std::move(components[step.build]), leaves, leaf_of_column,
                           conjuncts, step.rows);
    }
    Component root = std::move(components.back());
    auto position = [&](int c) {
      int l = leaf_of_column[c];
      return root.leaf_position[l] + (c - leaves[l].offset);
    };
    LogicalPtr plan = std::move(root.op);
    if (!constant_conditions.empty()) plan = MakeFilter(std::move(plan), std::move(constant_conditions));
    bool reordered = false;
    for (size_t c = 0; c < region_output.size(); ++c)
      reordered = reordered || position(static_cast<int>(c)) != static_cast<int>(c);
    if (!reordered) return plan;
    // The joins' output columns are in join order; restore the order FROM gave them.
    auto projection = std::make_unique<LogicalOperator>(LogicalKind::kProjection);
    projection->output = region_output;
    for (size_t c = 0; c < region_output.size(); ++c) {
      projection->expressions.push_back(
          Expr::ColumnRef(position(static_cast<int>(c)), region_output[c].type, region_output[c].name));
    }
    projection->children.push_back(std::move(plan));
    return projection;
  }

  // The hash join of two components, with every key and condition that just became
  // applicable: equalities across the two become keys, the rest the join's condition.
  Component JoinComponents(Component probe, Component build, const std::vector<Leaf>& leaves,
                           const std::vector<int>& leaf_of_column, std::vector<Conjunct>& conjuncts,
                           double estimated_rows) {
    Component out;
    out.leaves = probe.leaves | build.leaves;
    const int probe_width = static_cast<int>(probe.op->output.size());
    out.leaf_position.assign(leaves.size(), -1);
    for (size_t l = 0; l < leaves.size(); ++l) {
      if (probe.leaf_position[l] >= 0) out.leaf_position[l] = probe.leaf_position[l];
      if (build.leaf_position[l] >= 0) out.leaf_position[l] = probe_width + build.leaf_position[l];
    }
    auto to_output = [&](int c) {
      int l = leaf_of_column[c];
      return out.leaf_position[l] + (c - leaves[l].offset);
    };
    auto join = std::make_unique<LogicalOperator>(LogicalKind::kJoin);
    join->join_kind = JoinKind::kInner;
    join->output = probe.op->output;
    join->output.insert(join->output.end(), build.op->output.begin(), build.op->output.end());
    const int width = static_cast<int>(join->output.size());
    std::vector<ExprPtr> residual;
    double selectivity = 1;
    for (Conjunct& c : conjuncts) {
      if (c.used || (c.leaves & ~out.leaves) != 0) continue;
      c.used = true;
      ExprPtr e = RemapColumns(c.expr, to_output);
      if (auto key = AsJoinKey(e, probe_width, width)) {
        join->left_keys.push_back(key->first);
        join->right_keys.push_back(key->second);
      } else {
        selectivity *= EstimateSelectivity(*e);
        residual.push_back(std::move(e));
      }
    }
    join->predicate = MakeConjunction(std::move(residual));
    join->estimated_rows = estimated_rows * selectivity;
    join->children.push_back(std::move(probe.op));
    join->children.push_back(std::move(build.op));
    out.op = std::move(join);
    return out;
  }
};

}  // namespace

Result<LogicalPtr> PlanJoins(LogicalPtr plan) {
  JoinPlanner planner;
  return planner.Rewrite(std::move(plan));
}

}  // namespace orbit
