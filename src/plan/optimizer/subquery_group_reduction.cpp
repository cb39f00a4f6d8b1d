#include "plan/optimizer/subquery_group_reduction.h"

#include <optional>

namespace orbit {

namespace {

LogicalPtr Clone(const LogicalOperator& op) {
  auto copy = std::make_unique<LogicalOperator>(op.kind);
  copy->output = op.output;
  copy->table = op.table;
  copy->source = op.source;
  copy->column_ids = op.column_ids;
  copy->predicate = op.predicate;
  copy->join_kind = op.join_kind;
  copy->null_aware = op.null_aware;
  copy->left_keys = op.left_keys;
  copy->right_keys = op.right_keys;
  copy->expressions = op.expressions;
  copy->group_keys = op.group_keys;
  copy->aggregates = op.aggregates;
  copy->sort_keys = op.sort_keys;
  copy->limit = op.limit;
  copy->offset = op.offset;
  copy->estimated_rows = op.estimated_rows;
  for (const auto& child : op.children) copy->children.push_back(Clone(*child));
  return copy;
}

// A relation with its own conditions: a scan under filters and semi or anti joins, which
// keep (some of) the scan's rows and all of its columns.
bool IsFilteredRelation(const LogicalOperator& op) {
  if (op.kind == LogicalKind::kGet || op.kind == LogicalKind::kTableFunctionScan) return true;
  const bool keeps_columns =
      op.kind == LogicalKind::kFilter ||
      (op.kind == LogicalKind::kJoin && (op.join_kind == JoinKind::kSemi || op.join_kind == JoinKind::kAnti));
  return keeps_columns && IsFilteredRelation(op.child());
}

struct Origin {
  const LogicalOperator* relation;
  int column;
};

// The filtered relation column `column` of `op`'s output comes from, through projections
// of columns, filters and inner joins.
std::optional<Origin> OriginOf(const LogicalOperator& op, int column) {
  if (IsFilteredRelation(op)) return Origin{&op, column};
  switch (op.kind) {
    case LogicalKind::kFilter: return OriginOf(op.child(), column);
    case LogicalKind::kProjection: {
      const Expr& e = *op.expressions.at(column);
      if (e.kind != ExprKind::kColumnRef) return std::nullopt;
      return OriginOf(op.child(), e.column_index);
    }
    case LogicalKind::kJoin: {
      if (op.join_kind != JoinKind::kInner) return std::nullopt;
      const int first_width = static_cast<int>(op.children[0]->output.size());
      return column < first_width ? OriginOf(*op.children[0], column) : OriginOf(*op.children[1], column - first_width);
    }
    default: return std::nullopt;
  }
}

}  // namespace

void ReduceSubqueryGroups(LogicalOperator& join) {
  if (join.kind != LogicalKind::kJoin || join.join_kind != JoinKind::kSingle || join.left_keys.empty()) return;
  // The right side as decorrelation builds it: a projection of the group keys over the
  // aggregate, whose group keys pair with the join's right keys.
  LogicalOperator& projection = *join.children[1];
  if (projection.kind != LogicalKind::kProjection || projection.child().kind != LogicalKind::kAggregate) return;
  LogicalOperator& aggregate = *projection.children[0];

  const LogicalOperator* relation = nullptr;
  std::vector<ExprPtr> relation_keys, input_keys;
  for (size_t i = 0; i < join.left_keys.size(); ++i) {
    const Expr& left = *join.left_keys[i];
    const Expr& right = *join.right_keys[i];
    if (left.kind != ExprKind::kColumnRef || right.kind != ExprKind::kColumnRef) return;
    const Expr& picked = *projection.expressions.at(right.column_index);
    if (picked.kind != ExprKind::kColumnRef || picked.column_index >= static_cast<int>(aggregate.group_keys.size())) {
      return;
    }
    auto origin = OriginOf(*join.children[0], left.column_index);
    if (!origin || (relation != nullptr && origin->relation != relation)) return;
    relation = origin->relation;
    const Field& field = relation->output.at(origin->column);
    relation_keys.push_back(Expr::ColumnRef(origin->column, field.type, field.name));
    input_keys.push_back(aggregate.group_keys[picked.column_index]);
    if (relation_keys.back()->type != input_keys.back()->type) return;
  }

  auto semi = std::make_unique<LogicalOperator>(LogicalKind::kJoin);
  semi->join_kind = JoinKind::kSemi;
  semi->left_keys = std::move(input_keys);
  semi->right_keys = std::move(relation_keys);
  semi->output = aggregate.child().output;
  semi->children.push_back(std::move(aggregate.children[0]));
  semi->children.push_back(Clone(*relation));
  aggregate.children[0] = std::move(semi);
}

}  // namespace orbit
