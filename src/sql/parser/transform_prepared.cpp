// PREPARE, EXECUTE and DEALLOCATE: prepared statements, kept and run by the session.
#include "sql/catalog/catalog.h"
#include "sql/parser/parse_tree_transformer.h"

namespace orbit {

Result<ast::Statement> ParseTreeTransformer::TransformPrepare(const Json& body) {
  ast::PrepareStatement prepare;
  prepare.name = ToLower(body.value("name", std::string()));
  if (body.contains("argtypes")) {
    for (const Json& type : body["argtypes"]) {
      ORBIT_ASSIGN_OR_RETURN(ast::TypeName name, TransformTypeName(NodeBody(type)));
      prepare.parameter_types.push_back(std::move(name));
    }
  }
  const int outer_parameters = max_parameter_;
  max_parameter_ = 0;
  ORBIT_ASSIGN_OR_RETURN(ast::Statement statement, TransformStatement(body.at("query")));
  statement.parameter_count = max_parameter_;
  max_parameter_ = outer_parameters;  // PREPARE itself takes no values
  if (std::holds_alternative<ast::PrepareStatement>(statement.node) ||
      std::holds_alternative<ast::ExecuteStatement>(statement.node) ||
      std::holds_alternative<ast::DeallocateStatement>(statement.node)) {
    return Status::SyntaxError("PREPARE takes a query or a data statement, not PREPARE, EXECUTE or DEALLOCATE");
  }
  prepare.statement = std::make_shared<const ast::Statement>(std::move(statement));
  return ast::Statement{std::move(prepare)};
}

Result<ast::Statement> ParseTreeTransformer::TransformExecute(const Json& body) {
  ast::ExecuteStatement execute;
  execute.name = ToLower(body.value("name", std::string()));
  if (body.contains("params")) {
    ORBIT_ASSIGN_OR_RETURN(execute.arguments, TransformExprList(body["params"]));
  }
  return ast::Statement{std::move(execute)};
}

Result<ast::Statement> ParseTreeTransformer::TransformDeallocate(const Json& body) {
  ast::DeallocateStatement deallocate;
  deallocate.name = ToLower(body.value("name", std::string()));
  return ast::Statement{std::move(deallocate)};
}

}  // namespace orbit
