// libpg_query SubLink nodes -> ast::Expr of kind kSubquery: (SELECT ...), EXISTS (SELECT ...)
// and x IN (SELECT ...) (= ANY; <> ALL is NOT IN); x op ANY/ALL with another operator is
// rewritten over scalar subqueries (quantified_comparison.h); ARRAY(SELECT ...) over one too
// (array_subquery.h).
#include "sql/parser/array_subquery.h"
#include "sql/parser/parse_tree_transformer.h"
#include "sql/parser/quantified_comparison.h"

namespace orbit {

Result<ast::ExprPtr> ParseTreeTransformer::TransformSubLink(const Json& body) {
  auto e = std::make_shared<ast::Expr>();
  e->kind = ast::ExprKind::kSubquery;
  e->location = body.value("location", -1);
  const std::string link = body.value("subLinkType", std::string());
  if (link == "EXPR_SUBLINK") {
    e->subquery_kind = ast::SubqueryKind::kScalar;
  } else if (link == "EXISTS_SUBLINK") {
    e->subquery_kind = ast::SubqueryKind::kExists;
  } else if (link == "ANY_SUBLINK" || link == "ALL_SUBLINK") {
    // IN (SELECT ...) has no operator name; = ANY (SELECT ...) means the same, and <> ALL is NOT IN.
    std::string op = "=";
    if (body.contains("operName")) {
      const Json& names = body["operName"];
      if (names.size() != 1) return Status::NotSupported("qualified operators with ANY/ALL (subquery)");
      op = NodeBody(names[0]).value("sval", std::string());
    }
    const bool all = link == "ALL_SUBLINK";
    const bool in = (!all && op == "=") || (all && op == "<>");
    if (!in) {
      if (NodeType(body.at("testexpr")) == "RowExpr") return Status::NotSupported("row constructors with ANY/ALL");
      ORBIT_ASSIGN_OR_RETURN(ast::ExprPtr probe, TransformExpr(body.at("testexpr")));
      const Json& query = body.at("subselect");
      if (NodeType(query) != "SelectStmt") return Status::NotSupported("subquery {}", NodeType(query));
      ORBIT_ASSIGN_OR_RETURN(ast::SelectStatement select, TransformSelect(NodeBody(query)));
      return RewriteQuantifiedComparison(op, all, std::move(probe), select, e->location);
    }
    e->subquery_kind = ast::SubqueryKind::kIn;
    if (NodeType(body.at("testexpr")) == "RowExpr") {
      return Status::NotSupported("row constructors in IN (subquery): compare one column at a time");
    }
    ORBIT_ASSIGN_OR_RETURN(ast::ExprPtr probe, TransformExpr(body.at("testexpr")));
    e->children.push_back(std::move(probe));
    if (all) {  // x <> ALL (S): NOT (x IN (S))
      e->subquery = nullptr;
      const Json& query = body.at("subselect");
      if (NodeType(query) != "SelectStmt") return Status::NotSupported("subquery {}", NodeType(query));
      ORBIT_ASSIGN_OR_RETURN(ast::SelectStatement select, TransformSelect(NodeBody(query)));
      e->subquery = std::make_shared<const ast::SelectStatement>(std::move(select));
      auto negated = std::make_shared<ast::Expr>();
      negated->kind = ast::ExprKind::kNot;
      negated->location = e->location;
      negated->children.push_back(e);
      return ast::ExprPtr(negated);
    }
  } else if (link == "ARRAY_SUBLINK") {
    const Json& query = body.at("subselect");
    if (NodeType(query) != "SelectStmt") return Status::NotSupported("subquery {}", NodeType(query));
    ORBIT_ASSIGN_OR_RETURN(ast::SelectStatement select, TransformSelect(NodeBody(query)));
    return RewriteArraySubquery(select, e->location);
  } else {
    return Status::NotSupported("subquery form {}", link);
  }
  const Json& query = body.at("subselect");
  if (NodeType(query) != "SelectStmt") return Status::NotSupported("subquery {}", NodeType(query));
  ORBIT_ASSIGN_OR_RETURN(ast::SelectStatement select, TransformSelect(NodeBody(query)));
  e->subquery = std::make_shared<const ast::SelectStatement>(std::move(select));
  return ast::ExprPtr(e);
}

}  // namespace orbit
