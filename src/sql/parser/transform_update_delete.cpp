// libpg_query's UpdateStmt and DeleteStmt -> ast::UpdateStatement / ast::DeleteStatement.
#include "sql/parser/parse_tree_transformer.h"

namespace orbit {

namespace {

Status CheckUnsupportedClauses(const nlohmann::json& body) {
  if (body.contains("withClause")) return Status::NotSupported("WITH before UPDATE or DELETE");
  return Status::OK();
}

}  // namespace

Result<ast::Statement> ParseTreeTransformer::TransformUpdate(const Json& body) {
  ORBIT_RETURN_IF_ERROR(CheckUnsupportedClauses(body));
  ast::UpdateStatement update;
  ORBIT_ASSIGN_OR_RETURN(update.target, TransformFromItem(Json{{"RangeVar", body.at("relation")}}));
  for (const Json& target : body.at("targetList")) {
    const Json& res = NodeBody(target);
    if (res.contains("indirection")) return Status::NotSupported("subscripted UPDATE targets");
    if (NodeType(res.at("val")) == "MultiAssignRef") return Status::NotSupported("UPDATE ... SET (a, b) = (...)");
    ast::UpdateStatement::Assignment assignment;
    assignment.column = res.value("name", std::string());
    assignment.location = res.value("location", -1);
    ORBIT_ASSIGN_OR_RETURN(assignment.value, TransformExpr(res["val"]));
    update.assignments.push_back(std::move(assignment));
  }
  if (body.contains("fromClause")) {
    ORBIT_ASSIGN_OR_RETURN(update.from, TransformFromList(body["fromClause"]));
  }
  if (body.contains("whereClause")) {
    if (NodeType(body["whereClause"]) == "CurrentOfExpr") return Status::NotSupported("WHERE CURRENT OF");
    ORBIT_ASSIGN_OR_RETURN(update.where, TransformExpr(body["whereClause"]));
  }
  if (body.contains("returningList")) {
    ORBIT_ASSIGN_OR_RETURN(update.returning, TransformTargets(body["returningList"]));
  }
  return ast::Statement{std::move(update)};
}

Result<ast::Statement> ParseTreeTransformer::TransformDelete(const Json& body) {
  ORBIT_RETURN_IF_ERROR(CheckUnsupportedClauses(body));
  ast::DeleteStatement del;
  ORBIT_ASSIGN_OR_RETURN(del.target, TransformFromItem(Json{{"RangeVar", body.at("relation")}}));
  if (body.contains("usingClause")) {
    ORBIT_ASSIGN_OR_RETURN(del.using_items, TransformFromList(body["usingClause"]));
  }
  if (body.contains("whereClause")) {
    if (NodeType(body["whereClause"]) == "CurrentOfExpr") return Status::NotSupported("WHERE CURRENT OF");
    ORBIT_ASSIGN_OR_RETURN(del.where, TransformExpr(body["whereClause"]));
  }
  if (body.contains("returningList")) {
    ORBIT_ASSIGN_OR_RETURN(del.returning, TransformTargets(body["returningList"]));
  }
  return ast::Statement{std::move(del)};
}

}  // namespace orbit
