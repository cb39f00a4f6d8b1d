#include "sql/parser/quantified_comparison.h"

namespace orbit {

namespace {

ast::ExprPtr Boolean(bool value, int location) {
  auto e = ast::NewExpr(ast::ExprKind::kConstant, {}, location);
  e->constant.kind = ast::ConstantKind::kBoolean;
  e->constant.boolean = value;
  return e;
}

ast::ExprPtr Null(int location) { return ast::NewExpr(ast::ExprKind::kConstant, {}, location); }

ast::ExprPtr Compare(const std::string& op, ast::ExprPtr left, ast::ExprPtr right, int location) {
  auto e = ast::NewExpr(ast::ExprKind::kBinaryOp, {std::move(left), std::move(right)}, location);
  e->name = op;
  return e;
}

// (SELECT aggregate(e) FROM ... WHERE ...): the subquery with its one item aggregated.
ast::ExprPtr Aggregated(const ast::SelectStatement& select, const std::string& aggregate, bool star, int location) {
  auto call =
      ast::NewExpr(ast::ExprKind::kFunction,
                   star ? std::vector<ast::ExprPtr>{} : std::vector<ast::ExprPtr>{select.targets[0].expr}, location);
  call->name = aggregate;
  call->star = star;
  ast::SelectStatement over = select;
  over.targets = {{call, ""}};
  auto e = ast::NewExpr(ast::ExprKind::kSubquery, {}, location);
  e->subquery_kind = ast::SubqueryKind::kScalar;
  e->subquery = std::make_shared<const ast::SelectStatement>(std::move(over));
  return e;
}

bool Simple(const ast::SelectStatement& s) {
  return s.set_operation == ast::SetOperation::kNone && s.targets.size() == 1 &&
         s.targets[0].expr->kind != ast::ExprKind::kStar && s.group_by.empty() && !s.having && !s.distinct &&
         s.distinct_on.empty() && s.order_by.empty() && !s.limit && !s.offset;
}

}  // namespace

Result<ast::ExprPtr> RewriteQuantifiedComparison(const std::string& op, bool all, ast::ExprPtr probe,
                                                 const ast::SelectStatement& select, int location) {
  if (op != "=" && op != "<>" && op != "<" && op != "<=" && op != ">" && op != ">=") {
    return Status::NotSupported("operator {} with {} (subquery)", op, all ? "ALL" : "ANY");
  }
  if (!Simple(select)) {
    return Status::NotSupported(
        "{} {} (subquery) over a subquery with GROUP BY, DISTINCT, ORDER BY, LIMIT, a set operation or more than one "
        "column (only = ANY, which is IN, and <> ALL, which is NOT IN)",
        op, all ? "ALL" : "ANY");
  }
  const int at = location;
  ast::ExprPtr rows = Aggregated(select, "count", true, at);
  ast::ExprPtr values = Aggregated(select, "count", false, at);
  ast::ExprPtr lowest = Aggregated(select, "min", false, at);
  ast::ExprPtr highest = Aggregated(select, "max", false, at);
  auto zero = ast::NewExpr(ast::ExprKind::kConstant, {}, at);
  zero->constant.kind = ast::ConstantKind::kInteger;
  // Decided: the value that settles the answer when some non-NULL e makes it so.
  ast::ExprPtr decided;
  if (op == "=" || op == "<>") {
    // Some e differs from x: ANY <> is true, ALL = is false.
    decided =
        ast::NewExpr(ast::ExprKind::kOr, {Compare("<>", lowest, probe, at), Compare("<>", highest, probe, at)}, at);
  } else {
    const bool less = op == "<" || op == "<=";
    // ANY: x < some e iff x < max(e); ALL: x < every e iff x < min(e) (and so for the others).
    const ast::ExprPtr& bound = (less != all) ? highest : lowest;
    decided = Compare(op, probe, bound, at);
    if (all) decided = ast::NewExpr(ast::ExprKind::kNot, {decided}, at);  // ALL: some e fails the comparison
  }
  const bool settled = !all;  // the answer when `decided` holds: ANY true, ALL false
  auto e = ast::NewExpr(ast::ExprKind::kCase,
                        {Compare("=", rows, zero, at), Boolean(all, at),               // no rows: ALL true, ANY false
                         ast::NewExpr(ast::ExprKind::kIsNull, {probe}, at), Null(at),  // x NULL: unknown
                         decided, Boolean(settled, at),                                //
                         Compare(">", rows, values, at), Null(at),                     // a NULL e: unknown
                         Boolean(!settled, at)},
                        at);
  return ast::ExprPtr(e);
}

}  // namespace orbit
