// COALESCE, NULLIF, GREATEST and LEAST as conditional nodes of their own; IS [NOT] DISTINCT
// FROM, IS [NOT] TRUE / FALSE / UNKNOWN and ILIKE written as the CASE expressions, IS NULL
// and LIKE that PostgreSQL defines them by.
#include "sql/parser/parse_tree_transformer.h"

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

}  // namespace

// COALESCE, NULLIF, GREATEST and LEAST keep their arguments as they are, each once: written
// as CASE they would repeat an argument, so nesting them would double the tree per level.
Result<ast::ExprPtr> ParseTreeTransformer::TransformCoalesce(const Json& body) {
  ORBIT_ASSIGN_OR_RETURN(std::vector<ast::ExprPtr> args, TransformExprList(body.at("args")));
  return ast::ExprPtr(Node(ast::ExprKind::kConditional, body.value("location", -1), std::move(args), "coalesce"));
}

Result<ast::ExprPtr> ParseTreeTransformer::TransformNullIf(const Json& body) {
  ORBIT_ASSIGN_OR_RETURN(ast::ExprPtr a, TransformExpr(body.at("lexpr")));
  ORBIT_ASSIGN_OR_RETURN(ast::ExprPtr b, TransformExpr(body.at("rexpr")));
  return ast::ExprPtr(Node(ast::ExprKind::kConditional, body.value("location", -1), {a, b}, "nullif"));
}

Result<ast::ExprPtr> ParseTreeTransformer::TransformGreatestLeast(const Json& body) {
  const bool greatest = body.value("op", std::string()) == "IS_GREATEST";
  ORBIT_ASSIGN_OR_RETURN(std::vector<ast::ExprPtr> args, TransformExprList(body.at("args")));
  return ast::ExprPtr(
      Node(ast::ExprKind::kConditional, body.value("location", -1), std::move(args), greatest ? "greatest" : "least"));
}

// a IS DISTINCT FROM b: never NULL; IS NOT DISTINCT FROM is its negation. One node that
// reads each operand once (as a CASE it would read `a` twice and `b` three times, so nested
// ones would cost 3^depth).
Result<ast::ExprPtr> ParseTreeTransformer::TransformDistinctFrom(const Json& body, const std::string& kind) {
  const int location = body.value("location", -1);
  ORBIT_ASSIGN_OR_RETURN(ast::ExprPtr a, TransformExpr(body.at("lexpr")));
  ORBIT_ASSIGN_OR_RETURN(ast::ExprPtr b, TransformExpr(body.at("rexpr")));
  ast::ExprPtr distinct = Node(ast::ExprKind::kConditional, location, {a, b}, std::string(ast::kIsDistinctFrom));
  if (kind == "AEXPR_DISTINCT") return distinct;
  return ast::ExprPtr(Node(ast::ExprKind::kNot, location, {distinct}));
}

// x IS TRUE and x IS FALSE (never NULL), reading x once; IS NOT TRUE and IS NOT FALSE are
// their negations, IS [NOT] UNKNOWN is IS [NOT] NULL.
Result<ast::ExprPtr> ParseTreeTransformer::TransformBooleanTest(const Json& body) {
  const int location = body.value("location", -1);
  const std::string test = body.value("booltesttype", std::string());
  ORBIT_ASSIGN_OR_RETURN(ast::ExprPtr x, TransformExpr(body.at("arg")));
  if (test == "IS_UNKNOWN") return ast::ExprPtr(Node(ast::ExprKind::kIsNull, location, {x}));
  if (test == "IS_NOT_UNKNOWN") return ast::ExprPtr(Node(ast::ExprKind::kIsNotNull, location, {x}));
  const bool want_true = test == "IS_TRUE" || test == "IS_NOT_TRUE";
  const bool negated = test == "IS_NOT_TRUE" || test == "IS_NOT_FALSE";
  ast::ExprPtr holds =
      Node(ast::ExprKind::kConditional, location, {x}, std::string(want_true ? ast::kIsTrue : ast::kIsFalse));
  if (!negated) return holds;
  return ast::ExprPtr(Node(ast::ExprKind::kNot, location, {holds}));
}

// a ILIKE b = lower(a) LIKE lower(b) (lower maps ASCII and Latin-1 letters).
Result<ast::ExprPtr> ParseTreeTransformer::TransformILike(const Json& body, const std::string& op) {
  const int location = body.value("location", -1);
  ORBIT_ASSIGN_OR_RETURN(ast::ExprPtr a, TransformExpr(body.at("lexpr")));
  ORBIT_ASSIGN_OR_RETURN(ast::ExprPtr b, TransformLikePattern(body.at("rexpr")));
  auto like = Node(
      ast::ExprKind::kLike, location,
      {Node(ast::ExprKind::kFunction, location, {a}, "lower"), Node(ast::ExprKind::kFunction, location, {b}, "lower")});
  like->negated = op == "!~~*";
  return ast::ExprPtr(like);
}

// `pattern ESCAPE 'c'` arrives as like_escape(pattern, 'c'): the pattern is rewritten to the
// backslash escapes LIKE reads, so `'50!%' ESCAPE '!'` matches the text 50%. ESCAPE '' turns
// escaping off (a backslash is then an ordinary character).
Result<ast::ExprPtr> ParseTreeTransformer::TransformLikePattern(const Json& node) {
  const bool escape_call = NodeType(node) == "FuncCall" && NodeBody(node).contains("funcname") &&
                           NodeBody(node)["funcname"].back().begin().value().value("sval", "") == "like_escape";
  if (!escape_call) return TransformExpr(node);
  ORBIT_ASSIGN_OR_RETURN(std::vector<ast::ExprPtr> arguments, TransformExprList(NodeBody(node).at("args")));
  if (arguments.size() != 2 || !arguments[0]->IsStringLiteral() || !arguments[1]->IsStringLiteral()) {
    return Status::NotSupported("LIKE ... ESCAPE with a pattern or escape that is not a string literal");
  }
  const std::string& pattern = arguments[0]->constant.text;
  const std::string& escape = arguments[1]->constant.text;
  if (escape.size() > 1) return Status::InvalidArgument("invalid escape string: ESCAPE takes one character");
  std::string rewritten;
  for (size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (!escape.empty() && c == escape[0]) {
      if (i + 1 == pattern.size()) {
        return Status::InvalidArgument("LIKE pattern must not end with escape character: '{}'", pattern);
      }
      rewritten += '\\';
      rewritten += pattern[++i];
    } else if (c == '\\') {
      rewritten += "\\\\";  // a backslash that is not the escape character stands for itself
    } else {
      rewritten += c;
    }
  }
  auto e = std::make_shared<ast::Expr>(*arguments[0]);
  e->constant.text = std::move(rewritten);
  return ast::ExprPtr(e);
}

}  // namespace orbit
