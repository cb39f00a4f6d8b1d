#include "plan/optimizer/column_pruning.h"

#include <algorithm>

#include "plan/expression_rewrite.h"

namespace orbit {

namespace {

// Per old output column: its new position, or -1 when it was removed.
using ColumnMap = std::vector<int>;

ExprPtr Apply(const ExprPtr& e, const ColumnMap& map) {
  return RemapColumns(e, [&](int c) { return map[c]; });
}

std::vector<bool> Needed(const std::vector<bool>& required, size_t width) {
  std::vector<bool> out = required;
  out.resize(width, false);
  return out;
}

// Prunes `op` down to the `required` output columns (and whatever its own expressions
// read); returns where each old output column went.
ColumnMap Prune(LogicalOperator& op, const std::vector<bool>& required) {
  const size_t width = op.output.size();
  ColumnMap identity(width);
  for (size_t i = 0; i < width; ++i) identity[i] = static_cast<int>(i);
  switch (op.kind) {
    case LogicalKind::kGet:
    case LogicalKind::kTableFunctionScan: {
      ColumnMap map(width, -1);
      std::vector<int> ids;
      Schema output;
      for (size_t i = 0; i < width; ++i) {
        if (i >= required.size() || !required[i]) continue;
        map[i] = static_cast<int>(ids.size());
        ids.push_back(op.column_ids[i]);
        output.push_back(op.output[i]);
      }
      op.column_ids = std::move(ids);
      op.output = std::move(output);
      return map;
    }
    case LogicalKind::kDummyScan: return identity;
    case LogicalKind::kEmptyResult: {
      ColumnMap map(width, -1);
      Schema output;
      for (size_t i = 0; i < width; ++i) {
        if (i >= required.size() || !required[i]) continue;
        map[i] = static_cast<int>(output.size());
        output.push_back(op.output[i]);
      }
      op.output = std::move(output);
      return map;
    }
    case LogicalKind::kFilter: {
      std::vector<bool> need = Needed(required, width);
      MarkReferencedColumns(*op.predicate, need);
      ColumnMap map = Prune(*op.children[0], need);
      op.predicate = Apply(op.predicate, map);
      op.output = op.children[0]->output;
      if (need == Needed(required, width)) return map;
      // Columns only the predicate reads stop at the filter: a projection above it keeps
      // the rest, so the filter never copies them (the physical planner fuses the two).
      auto filter = std::make_unique<LogicalOperator>(std::move(op));
      op = LogicalOperator(LogicalKind::kProjection);
      ColumnMap out_map(width, -1);
      for (size_t i = 0; i < width; ++i) {
        if (i >= required.size() || !required[i]) continue;
        const int c = map[i];
        out_map[i] = static_cast<int>(op.expressions.size());
        op.expressions.push_back(Expr::ColumnRef(c, filter->output[c].type, filter->output[c].name));
        op.output.push_back(filter->output[c]);
      }
      op.estimated_rows = filter->estimated_rows;
      op.children.push_back(std::move(filter));
      return out_map;
    }
    case LogicalKind::kOrder:
    case LogicalKind::kLimit: {
      std::vector<bool> need = Needed(required, width);
      if (op.predicate) MarkReferencedColumns(*op.predicate, need);
      for (const auto& k : op.sort_keys) MarkReferencedColumns(*k.expression, need);
      ColumnMap map = Prune(*op.children[0], need);
      if (op.predicate) op.predicate = Apply(op.predicate, map);
      for (auto& k : op.sort_keys) k.expression = Apply(k.expression, map);
      op.output = op.children[0]->output;
      return map;
    }
    case LogicalKind::kProjection: {
      ColumnMap map(width, -1);
      std::vector<ExprPtr> kept;
      Schema output;
      std::vector<bool> need;
      for (size_t i = 0; i < width; ++i) {
        if (i >= required.size() || !required[i]) continue;
        map[i] = static_cast<int>(kept.size());
        MarkReferencedColumns(*op.expressions[i], need);
        kept.push_back(op.expressions[i]);
        output.push_back(op.output[i]);
      }
      ColumnMap child_map = Prune(*op.children[0], need);
      for (auto& e : kept) e = Apply(e, child_map);
      op.expressions = std::move(kept);
      op.output = std::move(output);
      return map;
    }
    case LogicalKind::kAggregate: {
      std::vector<bool> need;
      for (const auto& k : op.group_keys) MarkReferencedColumns(*k, need);
      for (const auto& a : op.aggregates) {
        if (a.argument) MarkReferencedColumns(*a.argument, need);
        if (a.second) MarkReferencedColumns(*a.second, need);
        for (const SortKey& key : a.order_by) MarkReferencedColumns(*key.expression, need);
      }
      ColumnMap child_map = Prune(*op.children[0], need);
      for (auto& k : op.group_keys) k = Apply(k, child_map);
      for (auto& a : op.aggregates) {
        if (a.argument) a.argument = Apply(a.argument, child_map);
        if (a.second) a.second = Apply(a.second, child_map);
        for (SortKey& key : a.order_by) key.expression = Apply(key.expression, child_map);
      }
      return identity;
    }
    case LogicalKind::kUnnest: {
      // Every array stays (its rows multiply the output's); the child keeps the columns
      // above needs and those the arrays read.
      const size_t child_width = op.children[0]->output.size();
      std::vector<bool> need = Needed(required, child_width);
      need.resize(child_width, false);
      for (const auto& e : op.expressions) MarkReferencedColumns(*e, need);
      ColumnMap child_map = Prune(*op.children[0], need);
      for (auto& e : op.expressions) e = Apply(e, child_map);
      const Schema elements(op.output.begin() + static_cast<std::ptrdiff_t>(child_width), op.output.end());
      op.output = op.children[0]->output;
      ColumnMap map(child_map.begin(), child_map.end());
      for (size_t i = 0; i < elements.size(); ++i) map.push_back(static_cast<int>(op.output.size() + i));
      op.output.insert(op.output.end(), elements.begin(), elements.end());
      return map;
    }
    case LogicalKind::kWindow: {
      // Every window call stays (its column is one of the output's); the child keeps the
      // columns above needs and those the calls read.
      const size_t child_width = op.children[0]->output.size();
      std::vector<bool> need = Needed(required, child_width);
      need.resize(child_width, false);
      auto mark = [&](const ExprPtr& e) {
        if (e) MarkReferencedColumns(*e, need);
      };
      for (const WindowCall& w : op.windows) {
        mark(w.aggregate.argument);
        mark(w.aggregate.second);
        for (const auto& e : w.arguments) mark(e);
        for (const auto& e : w.partition_by) mark(e);
        for (const auto& k : w.order_by) mark(k.expression);
      }
      ColumnMap child_map = Prune(*op.children[0], need);
      auto apply = [&](ExprPtr& e) {
        if (e) e = Apply(e, child_map);
      };
      for (WindowCall& w : op.windows) {
        apply(w.aggregate.argument);
        apply(w.aggregate.second);
        for (auto& e : w.arguments) apply(e);
        for (auto& e : w.partition_by) apply(e);
        for (auto& k : w.order_by) apply(k.expression);
      }
      const Schema results(op.output.begin() + static_cast<std::ptrdiff_t>(child_width), op.output.end());
      op.output = op.children[0]->output;
      ColumnMap map(child_map.begin(), child_map.end());
      for (size_t i = 0; i < results.size(); ++i) map.push_back(static_cast<int>(op.output.size() + i));
      op.output.insert(op.output.end(), results.begin(), results.end());
      return map;
    }
    case LogicalKind::kUnionAll: {
      // The inputs' columns must stay aligned: each keeps all of them.
      for (auto& child : op.children) Prune(*child, std::vector<bool>(child->output.size(), true));
      return identity;
    }
    case LogicalKind::kJoin: {
      const size_t left_width = op.children[0]->output.size();
      const bool outputs_right = JoinOutputsRight(op.join_kind);
      // Semi, anti and mark joins output no right column: the right side needs only what
      // the condition reads (the mark column, after the left ones, comes from the join).
      std::vector<bool> need = Needed(required, outputs_right ? width : left_width);
      if (op.predicate) MarkReferencedColumns(*op.predicate, need);
      std::vector<bool> need_left(need.begin(), need.begin() + left_width);
      std::vector<bool> need_right(need.begin() + std::min(left_width, need.size()), need.end());
      for (const auto& k : op.left_keys) MarkReferencedColumns(*k, need_left);
      for (const auto& k : op.right_keys) MarkReferencedColumns(*k, need_right);
      ColumnMap left_map = Prune(*op.children[0], need_left);
      ColumnMap right_map = Prune(*op.children[1], need_right);
      const int new_left_width = static_cast<int>(op.children[0]->output.size());
      // The condition reads left ++ right, whatever the join outputs.
      const size_t condition_width = left_width + right_map.size();
      ColumnMap condition_map(condition_width, -1);
      for (size_t i = 0; i < condition_width; ++i) {
        if (i < left_width) {
          condition_map[i] = left_map[i];
        } else if (right_map[i - left_width] >= 0) {
          condition_map[i] = new_left_width + right_map[i - left_width];
        }
      }
      for (auto& k : op.left_keys) k = Apply(k, left_map);
      for (auto& k : op.right_keys) k = Apply(k, right_map);
      if (op.predicate) op.predicate = Apply(op.predicate, condition_map);
      const Schema old_output = op.output;
      op.output = op.children[0]->output;
      if (outputs_right) {
        op.output.insert(op.output.end(), op.children[1]->output.begin(), op.children[1]->output.end());
        return condition_map;
      }
      ColumnMap map(left_map.begin(), left_map.end());
      if (op.join_kind == JoinKind::kMark) {
        map.push_back(new_left_width);
        op.output.push_back(old_output.back());
      }
      return map;
    }
  }
  return identity;
}

}  // namespace

void PruneColumns(LogicalOperator& plan) {
  std::vector<bool> all(plan.output.size(), true);
  Prune(plan, all);
}

}  // namespace orbit
