// libpg_query SubLink nodes -> ast::Expr of kind kSubquery: (SELECT ...), EXISTS (SELECT ...)
// and x IN (SELECT ...). Other forms (x op ANY/ALL, ARRAY(SELECT ...)) are named as not
// supported.
#include "sql/parser/parse_tree_transformer.h"

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
  } else if (link == "ANY_SUBLINK") {
    // IN (SELECT ...) has no operator name; = ANY (SELECT ...) means the same.
    if (body.contains("operName")) {
      const Json& names = body["operName"];
      if (names.size() != 1 || NodeBody(names[0]).value("sval", std::string()) != "=") {
        return Status::NotSupported("comparison operators other than = with ANY (subquery)");
      }
    }
    e->subquery_kind = ast::SubqueryKind::kIn;
    if (NodeType(body.at("testexpr")) == "RowExpr") {
      return Status::NotSupported("row constructors in IN (subquery): compare one column at a time");
    }
    ORBIT_ASSIGN_OR_RETURN(ast::ExprPtr probe, TransformExpr(body.at("testexpr")));
    e->children.push_back(std::move(probe));
  } else if (link == "ALL_SUBLINK") {
    return Status::NotSupported("ALL (subquery)");
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
