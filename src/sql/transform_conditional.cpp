// COALESCE, NULLIF, GREATEST and LEAST, written as the CASE expressions PostgreSQL defines
// them by, so the binder types them as CASE (a common type of the arguments, untyped
// literals taking it) and the executor needs nothing new.
#include "sql/parse_tree_transformer.h"

namespace orbit {

namespace {

std::shared_ptr<ast::Expr> Node(ast::ExprKind kind, int location, std::vector<ast::ExprPtr> children,
                                std::string name = "") {
  auto e = std::make_shared<ast::Expr>();
  e->kind = kind;
  e->location = location;
  e->children = std::move(children);
  e->name = std::move(name);
  return e;
}

std::shared_ptr<ast::Expr> NullLiteral(int location) {
  auto e = std::make_shared<ast::Expr>();
  e->kind = ast::ExprKind::kConstant;
  e->location = location;
  return e;
}

}  // namespace

// COALESCE(a, b, c) = CASE WHEN a IS NOT NULL THEN a WHEN b IS NOT NULL THEN b ELSE c END.
Result<ast::ExprPtr> ParseTreeTransformer::TransformCoalesce(const Json& body) {
  const int location = body.value("location", -1);
  ORBIT_ASSIGN_OR_RETURN(std::vector<ast::ExprPtr> args, TransformExprList(body.at("args")));
  std::vector<ast::ExprPtr> children;
  for (size_t i = 0; i + 1 < args.size(); ++i) {
    children.push_back(Node(ast::ExprKind::kIsNotNull, location, {args[i]}));
    children.push_back(args[i]);
  }
  children.push_back(args.back());
  if (children.size() == 1)
    children.insert(children.begin(), {Node(ast::ExprKind::kIsNotNull, location, {args[0]}), args[0]});
  auto e = Node(ast::ExprKind::kCase, location, std::move(children));
  e->name = "coalesce";
  return ast::ExprPtr(e);
}

// NULLIF(a, b) = CASE WHEN a = b THEN NULL ELSE a END.
Result<ast::ExprPtr> ParseTreeTransformer::TransformNullIf(const Json& body) {
  const int location = body.value("location", -1);
  ORBIT_ASSIGN_OR_RETURN(ast::ExprPtr a, TransformExpr(body.at("lexpr")));
  ORBIT_ASSIGN_OR_RETURN(ast::ExprPtr b, TransformExpr(body.at("rexpr")));
  auto equal = Node(ast::ExprKind::kBinaryOp, location, {a, b}, "=");
  auto e = Node(ast::ExprKind::kCase, location, {equal, NullLiteral(location), a});
  e->name = "nullif";
  return ast::ExprPtr(e);
}

// GREATEST(a, b) = CASE WHEN b IS NULL OR a >= b THEN a ELSE b END (NULLs are ignored, as
// in PostgreSQL), folded left over more arguments; LEAST likewise with <=.
Result<ast::ExprPtr> ParseTreeTransformer::TransformGreatestLeast(const Json& body) {
  const int location = body.value("location", -1);
  const bool greatest = body.value("op", std::string()) == "IS_GREATEST";
  ORBIT_ASSIGN_OR_RETURN(std::vector<ast::ExprPtr> args, TransformExprList(body.at("args")));
  std::shared_ptr<const ast::Expr> result = args[0];
  for (size_t i = 1; i < args.size(); ++i) {
    auto other_null = Node(ast::ExprKind::kIsNull, location, {args[i]});
    auto wins = Node(ast::ExprKind::kBinaryOp, location, {result, args[i]}, greatest ? ">=" : "<=");
    auto keep = Node(ast::ExprKind::kOr, location, {other_null, wins});
    result = Node(ast::ExprKind::kCase, location, {keep, result, args[i]});
  }
  if (args.size() == 1) return result;
  auto named = std::make_shared<ast::Expr>(*result);
  named->name = greatest ? "greatest" : "least";
  return ast::ExprPtr(named);
}

}  // namespace orbit
