// ALTER TABLE (add, drop and rename columns; rename the table) and TRUNCATE.
#include <map>

#include "sql/parser/parse_tree_transformer.h"

namespace orbit {

Result<ast::Statement> ParseTreeTransformer::TransformAlterTable(const Json& body) {
  if (body.value("objtype", std::string("OBJECT_TABLE")) != "OBJECT_TABLE") {
    return Status::NotSupported("ALTER of objects other than tables");
  }
  ast::AlterTableStatement alter;
  ORBIT_ASSIGN_OR_RETURN(alter.table, TransformRelationName(body.at("relation")));
  alter.if_exists = body.value("missing_ok", false);
  static const std::map<std::string, std::string> kUnsupported = {
      {"AT_AlterColumnType", "ALTER COLUMN ... TYPE"},         {"AT_ColumnDefault", "ALTER COLUMN ... DEFAULT"},
      {"AT_SetNotNull", "ALTER COLUMN ... SET NOT NULL"},      {"AT_DropNotNull", "ALTER COLUMN ... DROP NOT NULL"},
      {"AT_AddConstraint", "ADD CONSTRAINT other than CHECK"},
  };
  for (const Json& cmd : body.at("cmds")) {
    const Json& c = NodeBody(cmd);
    const std::string subtype = c.value("subtype", std::string());
    ast::AlterAction action;
    action.missing_ok = c.value("missing_ok", false);
    if (subtype == "AT_AddColumn") {
      action.kind = ast::AlterAction::Kind::kAddColumn;
      ORBIT_ASSIGN_OR_RETURN(action.column, TransformColumnDefinition(c.at("def")));
    } else if (subtype == "AT_DropColumn") {
      if (c.value("behavior", std::string("DROP_RESTRICT")) == "DROP_CASCADE") {
        return Status::NotSupported("DROP COLUMN ... CASCADE");
      }
      action.kind = ast::AlterAction::Kind::kDropColumn;
      action.name = c.value("name", std::string());
    } else if (subtype == "AT_AddConstraint" && c.contains("def") &&
               NodeBody(c["def"]).value("contype", std::string()) == "CONSTR_CHECK") {
      action.kind = ast::AlterAction::Kind::kAddCheck;
      ORBIT_ASSIGN_OR_RETURN(action.check, TransformCheck(NodeBody(c["def"])));
    } else if (subtype == "AT_DropConstraint") {
      if (c.value("behavior", std::string("DROP_RESTRICT")) == "DROP_CASCADE") {
        return Status::NotSupported("DROP CONSTRAINT ... CASCADE");
      }
      action.kind = ast::AlterAction::Kind::kDropConstraint;
      action.name = c.value("name", std::string());
    } else {
      auto it = kUnsupported.find(subtype);
      return Status::NotSupported("ALTER TABLE {}", it != kUnsupported.end() ? it->second : subtype);
    }
    alter.actions.push_back(std::move(action));
  }
  return ast::Statement{std::move(alter)};
}

Result<ast::Statement> ParseTreeTransformer::TransformRename(const Json& body) {
  const std::string what = body.value("renameType", std::string());
  if (what == "OBJECT_SCHEMA") return TransformRenameSchema(body);
  if (what != "OBJECT_TABLE" && what != "OBJECT_COLUMN") {
    return Status::NotSupported("ALTER ... RENAME of {}", what.substr(what.find('_') + 1));
  }
  if (what == "OBJECT_COLUMN" && body.value("relationType", std::string()) != "OBJECT_TABLE") {
    return Status::NotSupported("renaming columns of views");
  }
  ast::AlterTableStatement alter;
  ORBIT_ASSIGN_OR_RETURN(alter.table, TransformRelationName(body.at("relation")));
  alter.if_exists = body.value("missing_ok", false);
  ast::AlterAction action;
  action.kind = what == "OBJECT_TABLE" ? ast::AlterAction::Kind::kRenameTable : ast::AlterAction::Kind::kRenameColumn;
  action.name = body.value("subname", std::string());
  action.new_name = body.value("newname", std::string());
  if (what == "OBJECT_TABLE") ORBIT_RETURN_IF_ERROR(CheckUndottedName(action.new_name, "relation"));
  alter.actions.push_back(std::move(action));
  return ast::Statement{std::move(alter)};
}

Result<ast::Statement> ParseTreeTransformer::TransformTruncate(const Json& body) {
  if (body.value("restart_seqs", false)) return Status::NotSupported("TRUNCATE ... RESTART IDENTITY");
  if (body.value("behavior", std::string("DROP_RESTRICT")) == "DROP_CASCADE") {
    return Status::NotSupported("TRUNCATE ... CASCADE");
  }
  ast::TruncateStatement truncate;
  for (const Json& relation : body.at("relations")) {
    ORBIT_ASSIGN_OR_RETURN(std::string name, TransformRelationName(NodeBody(relation)));
    truncate.tables.push_back(std::move(name));
  }
  return ast::Statement{std::move(truncate)};
}

}  // namespace orbit
