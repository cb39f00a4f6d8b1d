// CREATE SCHEMA, DROP SCHEMA, ALTER SCHEMA ... RENAME TO and ALTER TABLE ... SET SCHEMA.
#include "sql/parser/parse_tree_transformer.h"

namespace orbit {

Result<ast::Statement> ParseTreeTransformer::TransformCreateSchema(const Json& body) {
  // Orbit has no roles, and a schema's elements would be statements of their own.
  if (body.contains("authrole")) return Status::NotSupported("CREATE SCHEMA ... AUTHORIZATION");
  if (body.contains("schemaElts"))
    return Status::NotSupported("CREATE SCHEMA with elements (CREATE SCHEMA s CREATE ...)");
  ast::SchemaStatement schema;
  schema.kind = ast::SchemaStatement::Kind::kCreate;
  const std::string name = body.value("schemaname", std::string());
  ORBIT_RETURN_IF_ERROR(CheckUndottedName(name, "schema"));
  schema.names.push_back(name);
  schema.if_not_exists = body.value("if_not_exists", false);
  return ast::Statement{std::move(schema)};
}

Result<ast::Statement> ParseTreeTransformer::TransformDropSchema(const Json& body) {
  ast::SchemaStatement schema;
  schema.kind = ast::SchemaStatement::Kind::kDrop;
  for (const Json& object : body.at("objects")) {
    // A schema is one String node; a list of one tolerated alike.
    const Json& item = NodeType(object) == "List" ? NodeBody(object).at("items").at(0) : object;
    schema.names.push_back(NodeBody(item).value("sval", std::string()));
  }
  schema.if_exists = body.value("missing_ok", false);
  schema.cascade = body.value("behavior", std::string("DROP_RESTRICT")) == "DROP_CASCADE";
  return ast::Statement{std::move(schema)};
}

Result<ast::Statement> ParseTreeTransformer::TransformRenameSchema(const Json& body) {
  ast::SchemaStatement schema;
  schema.kind = ast::SchemaStatement::Kind::kRename;
  schema.names.push_back(body.value("subname", std::string()));
  schema.new_name = body.value("newname", std::string());
  ORBIT_RETURN_IF_ERROR(CheckUndottedName(schema.new_name, "schema"));
  return ast::Statement{std::move(schema)};
}

Result<ast::Statement> ParseTreeTransformer::TransformSetSchema(const Json& body) {
  if (body.value("objectType", std::string()) != "OBJECT_TABLE") {
    return Status::NotSupported("ALTER ... SET SCHEMA of objects other than tables");
  }
  ast::AlterTableStatement alter;
  ORBIT_ASSIGN_OR_RETURN(alter.table, TransformRelationName(body.at("relation")));
  alter.if_exists = body.value("missing_ok", false);
  ast::AlterAction action;
  action.kind = ast::AlterAction::Kind::kSetSchema;
  action.new_name = body.value("newschema", std::string());
  alter.actions.push_back(std::move(action));
  return ast::Statement{std::move(alter)};
}

}  // namespace orbit
