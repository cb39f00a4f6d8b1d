// libpg_query's UpdateStmt and DeleteStmt -> ast::UpdateStatement / ast::DeleteStatement, and
// INSERT's ON CONFLICT clause (its DO UPDATE is an UPDATE's SET list).
#include "sql/parser/parse_tree_transformer.h"

namespace orbit {

namespace {

Status CheckUnsupportedClauses(const nlohmann::json& body) {
  if (body.contains("withClause")) return Status::NotSupported("WITH before UPDATE or DELETE");
  return Status::OK();
}

}  // namespace

Result<std::vector<ast::UpdateStatement::Assignment>> ParseTreeTransformer::TransformAssignments(const Json& list) {
  std::vector<ast::UpdateStatement::Assignment> assignments;
  for (const Json& target : list) {
    const Json& res = NodeBody(target);
    if (res.contains("indirection")) return Status::NotSupported("subscripted UPDATE targets");
    if (NodeType(res.at("val")) == "MultiAssignRef") return Status::NotSupported("UPDATE ... SET (a, b) = (...)");
    ast::UpdateStatement::Assignment assignment;
    assignment.column = res.value("name", std::string());
    assignment.location = res.value("location", -1);
    ORBIT_ASSIGN_OR_RETURN(assignment.value, TransformExpr(res["val"]));
    assignments.push_back(std::move(assignment));
  }
  return assignments;
}

Result<std::shared_ptr<const ast::OnConflict>> ParseTreeTransformer::TransformOnConflict(const Json& body) {
  auto clause = std::make_shared<ast::OnConflict>();
  clause->update = body.value("action", std::string()) == "ONCONFLICT_UPDATE";
  if (body.contains("infer")) {
    const Json& infer = body["infer"];
    if (infer.contains("whereClause")) return Status::NotSupported("ON CONFLICT (...) WHERE (partial unique indexes)");
    clause->constraint = infer.value("conname", std::string());
    if (infer.contains("indexElems")) {
      for (const Json& element : infer["indexElems"]) {
        const Json& index = NodeBody(element);
        if (!index.contains("name")) return Status::NotSupported("ON CONFLICT on an expression");
        clause->columns.push_back(index.value("name", std::string()));
      }
    }
  }
  if (body.contains("targetList")) {
    ORBIT_ASSIGN_OR_RETURN(clause->assignments, TransformAssignments(body["targetList"]));
  }
  if (body.contains("whereClause")) {
    ORBIT_ASSIGN_OR_RETURN(clause->where, TransformExpr(body["whereClause"]));
  }
  return std::shared_ptr<const ast::OnConflict>(std::move(clause));
}

Result<ast::Statement> ParseTreeTransformer::TransformUpdate(const Json& body) {
  ORBIT_RETURN_IF_ERROR(CheckUnsupportedClauses(body));
  ast::UpdateStatement update;
  ORBIT_ASSIGN_OR_RETURN(update.target, TransformFromItem(Json{{"RangeVar", body.at("relation")}}));
  ORBIT_ASSIGN_OR_RETURN(update.assignments, TransformAssignments(body.at("targetList")));
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
