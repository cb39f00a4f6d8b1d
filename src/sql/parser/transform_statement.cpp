// libpg_query statements -> ast::Statement.
#include <array>
#include <cctype>
#include <map>
#include <set>

#include "sql/catalog/catalog.h"
#include "sql/catalog/search_path.h"
#include "sql/parser/parse_tree_transformer.h"
#include "sql/parser/source_text.h"

namespace orbit {

using Json = ParseTreeTransformer::Json;

namespace {

// "CreateFunctionStmt" -> "CREATE FUNCTION", for statements without a friendlier name.
std::string StatementNameFromNodeType(const std::string& type) {
  std::string base = type.size() > 4 && type.ends_with("Stmt") ? type.substr(0, type.size() - 4) : type;
  std::string out;
  for (size_t i = 0; i < base.size(); ++i) {
    if (i > 0 && std::isupper(static_cast<unsigned char>(base[i])) &&
        std::islower(static_cast<unsigned char>(base[i - 1]))) {
      out += ' ';
    }
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(base[i])));
  }
  return out;
}

std::string UnsupportedStatementName(const std::string& type) {
  static const std::map<std::string, std::string> kNames = {
      {"MergeStmt", "MERGE"},
      {"IndexStmt", "CREATE INDEX"},
      {"VacuumStmt", "VACUUM and ANALYZE"},
  };
  auto it = kNames.find(type);
  return it != kNames.end() ? it->second : StatementNameFromNodeType(type);
}

// SELECT clauses that have a dedicated "not supported" name.
Status CheckSelectClauses(const Json& body) {
  static const std::map<std::string, std::string> kUnsupported = {
      {"intoClause", "SELECT INTO"},
      {"lockingClause", "FOR UPDATE and FOR SHARE"},
  };
  static const std::set<std::string> kHandled = {
      "targetList",  "fromClause", "whereClause", "groupClause", "distinctClause", "havingClause", "sortClause",
      "limitOffset", "limitCount", "limitOption", "op",          "groupDistinct",  "all",          "withClause",
      "larg",        "rarg",       "valuesLists", "windowClause"};
  if (body.value("groupDistinct", false)) return Status::NotSupported("GROUP BY DISTINCT");
  if (body.contains("windowClause")) {
    std::set<std::string> names;
    for (const Json& node : body["windowClause"]) {
      const Json& definition = node.contains("WindowDef") ? node["WindowDef"] : node;
      const std::string name = definition.value("name", std::string());
      if (!names.insert(name).second) return Status::BindError("window \"{}\" is already defined", name);
    }
  }
  if (body.value("limitOption", std::string()) == "LIMIT_OPTION_WITH_TIES") {
    return Status::NotSupported("FETCH ... WITH TIES");
  }
  for (const auto& [key, value] : body.items()) {
    auto it = kUnsupported.find(key);
    if (it != kUnsupported.end()) return Status::NotSupported("{}", it->second);
    if (!kHandled.count(key)) return Status::NotSupported("SELECT clause {}", key);
  }
  return Status::OK();
}

std::string ConstraintName(const std::string& contype) {
  static const std::map<std::string, std::string> kNames = {
      {"CONSTR_PRIMARY", "PRIMARY KEY"}, {"CONSTR_UNIQUE", "UNIQUE"},      {"CONSTR_CHECK", "CHECK"},
      {"CONSTR_DEFAULT", "DEFAULT"},     {"CONSTR_FOREIGN", "REFERENCES"}, {"CONSTR_GENERATED", "GENERATED"},
      {"CONSTR_IDENTITY", "IDENTITY"},   {"CONSTR_EXCLUSION", "EXCLUDE"},
  };
  auto it = kNames.find(contype);
  return it != kNames.end() ? it->second : contype;
}

}  // namespace

const std::string& ParseTreeTransformer::NodeType(const Json& node) { return node.begin().key(); }

const Json& ParseTreeTransformer::NodeBody(const Json& node) { return node.begin().value(); }

Result<ast::Statement> ParseTreeTransformer::TransformStatement(const Json& node) {
  const std::string& type = NodeType(node);
  const Json& body = NodeBody(node);
  if (type == "SelectStmt") {
    ORBIT_ASSIGN_OR_RETURN(ast::SelectStatement select, TransformSelect(body));
    return ast::Statement{std::move(select)};
  }
  if (type == "ExplainStmt") return TransformExplain(body);
  if (type == "CreateStmt") return TransformCreateTable(body);
  if (type == "CreateTableAsStmt") return TransformCreateTableAs(body);
  if (type == "CopyStmt") return TransformCopy(body);
  if (type == "InsertStmt") return TransformInsert(body);
  if (type == "DropStmt") return TransformDrop(body);
  if (type == "VariableSetStmt") return TransformSet(body);
  if (type == "VariableShowStmt") {
    ast::ShowStatement show;
    show.name = ToLower(body.value("name", std::string()));
    return ast::Statement{std::move(show)};
  }
  if (type == "ViewStmt") return TransformCreateView(body);
  if (type == "UpdateStmt") return TransformUpdate(body);
  if (type == "AlterTableStmt") return TransformAlterTable(body);
  if (type == "RenameStmt") return TransformRename(body);
  if (type == "TruncateStmt") return TransformTruncate(body);
  if (type == "DeleteStmt") return TransformDelete(body);
  if (type == "PrepareStmt") return TransformPrepare(body);
  if (type == "ExecuteStmt") return TransformExecute(body);
  if (type == "DeallocateStmt") return TransformDeallocate(body);
  if (type == "TransactionStmt") return TransformTransaction(body);
  if (type == "CreateSchemaStmt") return TransformCreateSchema(body);
  if (type == "AlterObjectSchemaStmt") return TransformSetSchema(body);
  return Status::NotSupported("{}", UnsupportedStatementName(type));
}

// A field typed as a SelectStmt pointer comes as the bare body; a Node field wraps it.
static const Json& SelectBody(const Json& node) { return node.contains("SelectStmt") ? node["SelectStmt"] : node; }

Result<ast::SelectStatement> ParseTreeTransformer::TransformSelect(const Json& body) {
  ORBIT_RETURN_IF_ERROR(CheckSelectClauses(body));
  WindowClauseScope window_clause(*this, body);
  ast::SelectStatement select;
  if (body.contains("withClause")) {
    ORBIT_ASSIGN_OR_RETURN(select.ctes, TransformWith(body["withClause"]));
  }
  std::string op = body.value("op", std::string("SETOP_NONE"));
  if (op != "SETOP_NONE") {
    ORBIT_RETURN_IF_ERROR(TransformSetOperation(body, op, &select));
  } else if (body.contains("valuesLists")) {
    // VALUES (...), ... is SELECT * FROM (its rows): ORDER BY and LIMIT apply as to any query.
    ast::TableRef rows;
    rows.name = "*VALUES*";
    for (const Json& row : body["valuesLists"]) {
      ORBIT_ASSIGN_OR_RETURN(auto items, TransformExprList(NodeBody(row).at("items")));
      rows.values.push_back(std::move(items));
    }
    auto star = std::make_shared<ast::Expr>();
    star->kind = ast::ExprKind::kStar;
    select.targets.push_back({std::move(star), ""});
    select.from = std::move(rows);
  } else {
    ORBIT_RETURN_IF_ERROR(TransformSelectCore(body, &select));
  }
  if (body.contains("sortClause")) {
    for (const Json& item : body["sortClause"]) {
      ORBIT_ASSIGN_OR_RETURN(ast::OrderItem order, TransformSortBy(NodeBody(item)));
      select.order_by.push_back(std::move(order));
    }
  }
  if (body.contains("limitCount")) {
    ORBIT_ASSIGN_OR_RETURN(select.limit, TransformExpr(body["limitCount"]));
  }
  if (body.contains("limitOffset")) {
    ORBIT_ASSIGN_OR_RETURN(select.offset, TransformExpr(body["limitOffset"]));
  }
  return select;
}

Result<std::vector<ast::CommonTableExpr>> ParseTreeTransformer::TransformWith(const Json& with) {
  const Json& body = with.contains("WithClause") ? with["WithClause"] : with;
  const bool recursive = body.value("recursive", false);
  std::vector<ast::CommonTableExpr> ctes;
  for (const Json& node : body.at("ctes")) {
    const Json& cte = NodeBody(node);
    ast::CommonTableExpr out;
    out.name = cte.value("ctename", std::string());
    out.location = cte.value("location", -1);
    out.recursive = recursive;
    // By default (and NOT MATERIALIZED) each use of a CTE runs its query again, as a subquery
    // written there; MATERIALIZED runs it once.
    out.materialized = cte.value("ctematerialized", std::string("CTEMaterializeDefault")) == "CTEMaterializeAlways";
    if (cte.contains("search_clause") || cte.contains("cycle_clause")) {
      return Status::NotSupported("SEARCH and CYCLE clauses of WITH");
    }
    if (cte.contains("aliascolnames")) {
      for (const Json& name : cte["aliascolnames"]) out.column_aliases.push_back(NodeBody(name).value("sval", ""));
    }
    const Json& query = cte.at("ctequery");
    if (NodeType(query) != "SelectStmt") return Status::NotSupported("{} in WITH", NodeType(query));
    ORBIT_ASSIGN_OR_RETURN(ast::SelectStatement select, TransformSelect(NodeBody(query)));
    out.query = std::make_shared<const ast::SelectStatement>(std::move(select));
    ctes.push_back(std::move(out));
  }
  return ctes;
}

Status ParseTreeTransformer::TransformSetOperation(const Json& body, const std::string& op,
                                                   ast::SelectStatement* select) {
  if (op == "SETOP_UNION") {
    select->set_operation = ast::SetOperation::kUnion;
  } else if (op == "SETOP_INTERSECT") {
    select->set_operation = ast::SetOperation::kIntersect;
  } else if (op == "SETOP_EXCEPT") {
    select->set_operation = ast::SetOperation::kExcept;
  } else {
    return Status::NotSupported("set operation {}", op);
  }
  select->set_all = body.value("all", false);
  ORBIT_ASSIGN_OR_RETURN(ast::SelectStatement left, TransformSelect(SelectBody(body.at("larg"))));
  ORBIT_ASSIGN_OR_RETURN(ast::SelectStatement right, TransformSelect(SelectBody(body.at("rarg"))));
  select->set_left = std::make_shared<const ast::SelectStatement>(std::move(left));
  select->set_right = std::make_shared<const ast::SelectStatement>(std::move(right));
  return Status::OK();
}

Result<std::vector<ast::SelectItem>> ParseTreeTransformer::TransformTargets(const Json& list) {
  std::vector<ast::SelectItem> targets;
  for (const Json& target : list) {
    const Json& res = NodeBody(target);
    ORBIT_ASSIGN_OR_RETURN(ast::ExprPtr e, TransformExpr(res.at("val")));
    targets.push_back({std::move(e), res.value("name", std::string())});
  }
  return targets;
}

Status ParseTreeTransformer::TransformSelectCore(const Json& body, ast::SelectStatement* out) {
  if (!body.contains("targetList")) return Status::NotSupported("SELECT with an empty select list");
  ast::SelectStatement& select = *out;
  if (body.contains("distinctClause")) {
    // Plain DISTINCT is a list holding one empty node; DISTINCT ON lists expressions.
    const Json& distinct = body["distinctClause"];
    if (distinct.size() == 1 && distinct[0].empty()) {
      select.distinct = true;
    } else {
      for (const Json& e : distinct) {
        ORBIT_ASSIGN_OR_RETURN(ast::ExprPtr on, TransformExpr(e));
        select.distinct_on.push_back(std::move(on));
      }
    }
  }
  ORBIT_ASSIGN_OR_RETURN(select.targets, TransformTargets(body["targetList"]));
  if (body.contains("fromClause")) {
    ORBIT_ASSIGN_OR_RETURN(select.from, TransformFromList(body["fromClause"]));
  }
  if (body.contains("whereClause")) {
    ORBIT_ASSIGN_OR_RETURN(select.where, TransformExpr(body["whereClause"]));
  }
  if (body.contains("groupClause")) ORBIT_RETURN_IF_ERROR(TransformGroupBy(body["groupClause"], select));
  if (body.contains("havingClause")) {
    ORBIT_ASSIGN_OR_RETURN(select.having, TransformExpr(body["havingClause"]));
  }
  return Status::OK();
}

Result<ast::TableRef> ParseTreeTransformer::TransformFromItem(const Json& node) {
  const std::string& type = NodeType(node);
  const Json& body = NodeBody(node);
  if (type == "JoinExpr") return TransformJoin(body);
  if (type != "RangeVar" && type != "RangeFunction" && type != "RangeSubselect") {
    return Status::NotSupported("FROM item {}", type);
  }

  ast::TableRef ref;
  if (body.contains("alias")) {
    const Json& alias = body["alias"];
    ref.alias = alias.value("aliasname", std::string());
    if (alias.contains("colnames")) {
      for (const Json& name : alias["colnames"]) ref.column_aliases.push_back(NodeBody(name).value("sval", ""));
    }
  }
  if (type == "RangeSubselect") {
    ref.lateral = body.value("lateral", false);
    const Json& query = body.at("subquery");
    if (NodeType(query) != "SelectStmt") return Status::NotSupported("subquery {}", NodeType(query));
    ORBIT_ASSIGN_OR_RETURN(ast::SelectStatement select, TransformSelect(NodeBody(query)));
    ref.subquery = std::make_shared<const ast::SelectStatement>(std::move(select));
    return ref;
  }
  if (type == "RangeVar") {
    ORBIT_ASSIGN_OR_RETURN(ref.name, TransformRelationName(body));
    ref.location = body.value("location", -1);
    return ref;
  }
  if (body.value("is_rowsfrom", false) || body.contains("coldeflist")) {
    return Status::NotSupported("ROWS FROM and column definition lists");
  }
  ref.with_ordinality = body.value("ordinality", false);
  const Json& functions = body.at("functions");
  if (functions.size() != 1) return Status::NotSupported("several table functions in one FROM item");
  // Each entry is a two-element list: the call and its (absent) column definitions.
  const Json& call = NodeBody(functions[0]).at("items")[0];
  if (NodeType(call) != "FuncCall") return Status::NotSupported("table function {}", NodeType(call));
  ORBIT_ASSIGN_OR_RETURN(ast::ExprPtr e, TransformExpr(call));
  ref.is_function = true;
  // A call reading no column is the same with LATERAL as without; one reading columns is
  // LATERAL whether written so or not (the binder takes both).
  ref.lateral = body.value("lateral", false);
  ref.name = e->name;
  ref.arguments = e->children;
  ref.location = e->location;
  return ref;
}

Result<ast::TableRef> ParseTreeTransformer::TransformJoin(const Json& body) {
  std::string join_type = body.value("jointype", std::string());
  if (join_type != "JOIN_INNER" && join_type != "JOIN_LEFT" && join_type != "JOIN_RIGHT" && join_type != "JOIN_FULL") {
    return Status::NotSupported("join type {}", join_type);
  }
  if (body.contains("alias") || body.contains("join_using_alias")) return Status::NotSupported("aliases of a JOIN");
  auto join = std::make_shared<ast::JoinClause>();
  ORBIT_ASSIGN_OR_RETURN(join->left, TransformFromItem(body.at("larg")));
  ORBIT_ASSIGN_OR_RETURN(join->right, TransformFromItem(body.at("rarg")));
  if (body.contains("usingClause")) {
    for (const Json& name : body["usingClause"]) join->using_columns.push_back(NodeBody(name).value("sval", ""));
  }
  if (body.contains("quals")) {
    ORBIT_ASSIGN_OR_RETURN(join->condition, TransformExpr(body["quals"]));
  }
  join->natural = body.value("isNatural", false);
  // A NATURAL join without common columns is a cross join; the binder finds them.
  bool has_condition = join->condition || !join->using_columns.empty() || join->natural;
  if (join_type == "JOIN_LEFT") {
    join->type = ast::JoinType::kLeft;
  } else if (join_type == "JOIN_RIGHT") {
    join->type = ast::JoinType::kRight;
  } else if (join_type == "JOIN_FULL") {
    join->type = ast::JoinType::kFull;
  } else {
    join->type = has_condition ? ast::JoinType::kInner : ast::JoinType::kCross;
  }
  ast::TableRef ref;
  ref.join = std::move(join);
  return ref;
}

// A relation as written: "t" or "schema.t" (the binder resolves it through the search path,
// search_path.h); "db.schema.t" only for this database, as PostgreSQL refuses other ones.
Result<std::string> ParseTreeTransformer::TransformRelationName(const Json& range_var) {
  const std::string name = range_var.value("relname", std::string());
  const std::string schema = range_var.value("schemaname", std::string());
  if (range_var.contains("catalogname")) {
    const std::string database = range_var.value("catalogname", std::string());
    if (ToLower(database) != kDatabaseName) {
      return Status(StatusCode::kNotSupported,
                    fmt::format("cross-database references are not implemented: \"{}.{}.{}\"", database, schema, name));
    }
  }
  ORBIT_RETURN_IF_ERROR(CheckUndottedName(name, "relation"));
  if (!range_var.contains("schemaname")) return name;
  ORBIT_RETURN_IF_ERROR(CheckUndottedName(schema, "schema"));
  return ToLower(schema) + "." + name;
}

Status ParseTreeTransformer::CheckUndottedName(const std::string& name, const char* what) {
  // A key's '.' separates its schema (search_path.h): a name holding one would be ambiguous.
  if (name.find('.') != std::string::npos) return Status::NotSupported("{} names containing '.': \"{}\"", what, name);
  return Status::OK();
}

Result<ast::OrderItem> ParseTreeTransformer::TransformSortBy(const Json& body) {
  ast::OrderItem item;
  ORBIT_ASSIGN_OR_RETURN(item.expr, TransformExpr(body.at("node")));
  std::string direction = body.value("sortby_dir", std::string("SORTBY_DEFAULT"));
  if (direction == "SORTBY_USING") return Status::NotSupported("ORDER BY ... USING");
  item.descending = direction == "SORTBY_DESC";
  std::string nulls = body.value("sortby_nulls", std::string("SORTBY_NULLS_DEFAULT"));
  if (nulls == "SORTBY_NULLS_FIRST") item.nulls_first = true;
  if (nulls == "SORTBY_NULLS_LAST") item.nulls_first = false;
  return item;
}

Result<std::string> ParseTreeTransformer::ConstantText(const Json& node) {
  const std::string& type = NodeType(node);
  const Json& body = NodeBody(node);
  if (type == "String") return body.value("sval", std::string());
  if (type == "Boolean") return std::string(body.value("boolval", false) ? "true" : "false");
  if (type == "Integer") return std::to_string(body.value("ival", 0));
  if (type == "Float") return body.value("fval", std::string("0"));
  if (type == "A_Const") {
    ORBIT_ASSIGN_OR_RETURN(ast::ExprPtr e, TransformExpr(node));
    const ast::Constant& c = e->constant;
    switch (c.kind) {
      case ast::ConstantKind::kInteger: return std::to_string(c.integer);
      case ast::ConstantKind::kBoolean: return std::string(c.boolean ? "true" : "false");
      case ast::ConstantKind::kNull: return std::string("null");
      default: return c.text;
    }
  }
  return Status::NotSupported("option values of kind {}", type);
}

Result<ast::Statement> ParseTreeTransformer::TransformExplain(const Json& body) {
  ast::ExplainStatement explain;
  if (body.contains("options")) {
    for (const Json& option : body["options"]) {
      const Json& def = NodeBody(option);
      std::string name = def.value("defname", std::string());
      std::string value = "true";
      if (def.contains("arg")) {
        ORBIT_ASSIGN_OR_RETURN(value, ConstantText(def["arg"]));
      }
      bool on = value == "true" || value == "on" || value == "1";
      if (name == "analyze") {
        explain.analyze = on;
      } else if (name != "verbose") {
        return Status::NotSupported("EXPLAIN option {}", name);
      }
    }
  }
  ORBIT_ASSIGN_OR_RETURN(ast::Statement inner, TransformStatement(body.at("query")));
  explain.statement = std::make_unique<ast::Statement>(std::move(inner));
  return ast::Statement{std::move(explain)};
}

Result<ast::ColumnDefinition> ParseTreeTransformer::TransformColumnDefinition(const Json& node) {
  if (NodeType(node) != "ColumnDef") return Status::NotSupported("table constraints");
  const Json& body = NodeBody(node);
  ast::ColumnDefinition column;
  column.name = body.value("colname", std::string());
  column.location = body.value("location", -1);
  if (body.contains("collClause")) return Status::NotSupported("COLLATE");
  ORBIT_ASSIGN_OR_RETURN(column.type, TransformTypeName(body.at("typeName")));
  if (body.contains("constraints")) {
    const Json& constraints = body["constraints"];
    for (size_t i = 0; i < constraints.size(); ++i) {
      const Json& c = constraints[i];
      std::string contype = NodeBody(c).value("contype", std::string());
      if (contype == "CONSTR_NOTNULL") {
        column.not_null = true;
      } else if (contype == "CONSTR_PRIMARY") {
        column.primary_key = true;
      } else if (contype == "CONSTR_UNIQUE") {
        column.unique = true;
      } else if (contype == "CONSTR_CHECK") {
        ORBIT_ASSIGN_OR_RETURN(ast::CheckDefinition check, TransformCheck(NodeBody(c)));
        column.checks.push_back(std::move(check));
      } else if (contype == "CONSTR_DEFAULT") {
        ORBIT_ASSIGN_OR_RETURN(column.default_value, TransformExpr(NodeBody(c).at("raw_expr")));
        const int next = i + 1 < constraints.size() ? NodeBody(constraints[i + 1]).value("location", -1) : -1;
        column.default_sql = DefaultExpressionText(sql_, NodeBody(c).value("location", -1), next);
      } else if (contype != "CONSTR_NULL") {
        return Status::NotSupported("{} constraints", ConstraintName(contype));
      }
    }
  }
  return column;
}

Result<ast::CheckDefinition> ParseTreeTransformer::TransformCheck(const Json& constraint) {
  if (constraint.value("is_no_inherit", false)) return Status::NotSupported("CHECK ... NO INHERIT");
  if (constraint.value("skip_validation", false)) return Status::NotSupported("CHECK ... NOT VALID");
  ast::CheckDefinition check;
  check.name = constraint.value("conname", std::string());
  check.location = constraint.value("location", -1);
  ORBIT_ASSIGN_OR_RETURN(check.expr, TransformExpr(constraint.at("raw_expr")));
  check.sql = CheckExpressionText(sql_, check.location);
  if (check.sql.empty()) return Status::Internal("the text of a CHECK constraint was not found");
  return check;
}

Result<ast::Statement> ParseTreeTransformer::TransformCreateTable(const Json& body) {
  if (body.contains("inhRelations")) return Status::NotSupported("INHERITS");
  if (body.contains("partspec")) return Status::NotSupported("partitioned tables");
  if (body.contains("ofTypename")) return Status::NotSupported("typed tables");
  ast::CreateTableStatement create;
  ORBIT_ASSIGN_OR_RETURN(create.table, TransformRelationName(body.at("relation")));
  create.if_not_exists = body.value("if_not_exists", false);
  if (body.contains("tableElts")) {
    for (const Json& element : body["tableElts"]) {
      if (NodeType(element) == "Constraint") {
        const Json& c = NodeBody(element);
        const std::string contype = c.value("contype", std::string());
        if (contype == "CONSTR_CHECK") {
          ORBIT_ASSIGN_OR_RETURN(ast::CheckDefinition check, TransformCheck(c));
          create.checks.push_back(std::move(check));
          continue;
        }
        if (contype != "CONSTR_PRIMARY" && contype != "CONSTR_UNIQUE") {
          return Status::NotSupported("{} constraints", ConstraintName(contype));
        }
        ast::KeyDefinition key;
        key.name = c.value("conname", std::string());
        key.primary = contype == "CONSTR_PRIMARY";
        key.location = c.value("location", -1);
        for (const Json& name : c.at("keys")) key.columns.push_back(NodeBody(name).value("sval", ""));
        create.keys.push_back(std::move(key));
        continue;
      }
      ORBIT_ASSIGN_OR_RETURN(ast::ColumnDefinition column, TransformColumnDefinition(element));
      create.columns.push_back(std::move(column));
    }
  }
  return ast::Statement{std::move(create)};
}

Result<ast::Statement> ParseTreeTransformer::TransformCreateTableAs(const Json& body) {
  if (body.value("objtype", std::string()) != "OBJECT_TABLE") return Status::NotSupported("materialized views");
  const Json& into = body.at("into");
  if (into.contains("colNames")) return Status::NotSupported("column name lists in CREATE TABLE AS");
  if (into.value("skipData", false)) return Status::NotSupported("CREATE TABLE AS ... WITH NO DATA");
  ast::CreateTableAsStatement create;
  ORBIT_ASSIGN_OR_RETURN(create.table, TransformRelationName(into.at("rel")));
  create.if_not_exists = body.value("if_not_exists", false);
  const Json& query = body.at("query");
  if (NodeType(query) != "SelectStmt") return Status::NotSupported("CREATE TABLE AS {}", NodeType(query));
  ORBIT_ASSIGN_OR_RETURN(create.query, TransformSelect(NodeBody(query)));
  return ast::Statement{std::move(create)};
}

Result<ast::Statement> ParseTreeTransformer::TransformCopy(const Json& body) {
  ast::CopyStatement copy;
  copy.to = !body.value("is_from", false);
  const char* direction = copy.to ? "TO" : "FROM";
  if (body.value("is_program", false)) return Status::NotSupported("COPY {} PROGRAM", direction);
  if (!body.contains("filename")) return Status::NotSupported("COPY {} {}", direction, copy.to ? "STDOUT" : "STDIN");
  if (body.contains("attlist")) return Status::NotSupported("COPY with a column list");
  if (body.contains("whereClause")) return Status::NotSupported("COPY ... WHERE");
  if (body.contains("query")) {
    ORBIT_ASSIGN_OR_RETURN(ast::SelectStatement query, TransformSelect(SelectBody(body["query"])));
    copy.query = std::make_shared<const ast::SelectStatement>(std::move(query));
  } else {
    ORBIT_ASSIGN_OR_RETURN(copy.table, TransformRelationName(body.at("relation")));
  }
  copy.path = body["filename"].get<std::string>();
  if (body.contains("options")) {
    for (const Json& option : body["options"]) {
      const Json& def = NodeBody(option);
      ast::CopyOption copy_option;
      copy_option.name = def.value("defname", std::string());
      copy_option.location = def.value("location", -1);
      if (def.contains("arg")) {
        ORBIT_ASSIGN_OR_RETURN(copy_option.value, ConstantText(def["arg"]));
      }
      copy.options.push_back(std::move(copy_option));
    }
  }
  return ast::Statement{std::move(copy)};
}

Result<std::optional<ast::TableRef>> ParseTreeTransformer::TransformFromList(const Json& list) {
  // WHERE then says how the items match.
  std::optional<ast::TableRef> from;
  for (const Json& item : list) {
    ORBIT_ASSIGN_OR_RETURN(ast::TableRef ref, TransformFromItem(item));
    if (!from) {
      from = std::move(ref);
      continue;
    }
    auto join = std::make_shared<ast::JoinClause>();
    join->type = ast::JoinType::kCross;
    join->left = std::move(*from);
    join->right = std::move(ref);
    from = ast::TableRef{};
    from->join = std::move(join);
  }
  return from;
}

Result<ast::Statement> ParseTreeTransformer::TransformInsert(const Json& body) {
  if (body.contains("withClause")) {
    return Status::NotSupported("WITH before INSERT (write INSERT INTO t WITH ... SELECT ... instead)");
  }
  if (!body.contains("selectStmt")) return Status::NotSupported("INSERT ... DEFAULT VALUES");
  ast::InsertStatement insert;
  ORBIT_ASSIGN_OR_RETURN(insert.table, TransformRelationName(body.at("relation")));
  if (body.contains("returningList")) {
    ORBIT_ASSIGN_OR_RETURN(insert.returning, TransformTargets(body["returningList"]));
  }
  if (body.contains("onConflictClause")) {
    ORBIT_ASSIGN_OR_RETURN(insert.on_conflict, TransformOnConflict(body["onConflictClause"]));
  }
  if (body.contains("cols")) {
    for (const Json& col : body["cols"]) {
      const Json& target = NodeBody(col);
      if (target.contains("indirection")) return Status::NotSupported("subscripted INSERT targets");
      insert.columns.push_back(target.value("name", std::string()));
    }
  }
  const Json& select = NodeBody(body["selectStmt"]);
  if (!select.contains("valuesLists")) {
    ORBIT_ASSIGN_OR_RETURN(ast::SelectStatement query, TransformSelect(select));
    insert.query = std::make_shared<const ast::SelectStatement>(std::move(query));
    return ast::Statement{std::move(insert)};
  }
  for (const Json& row : select["valuesLists"]) {
    ORBIT_ASSIGN_OR_RETURN(auto values, TransformExprList(NodeBody(row).at("items")));
    insert.rows.push_back(std::move(values));
  }
  return ast::Statement{std::move(insert)};
}

Result<ast::Statement> ParseTreeTransformer::TransformDrop(const Json& body) {
  std::string type = body.value("removeType", std::string());
  if (type == "OBJECT_SCHEMA") return TransformDropSchema(body);
  if (type != "OBJECT_TABLE" && type != "OBJECT_VIEW") {
    std::string what = type.substr(type.find('_') + 1);  // OBJECT_VIEW -> VIEW
    for (char& c : what) c = c == '_' ? ' ' : c;
    return Status::NotSupported("DROP {}", what);
  }
  const Json& objects = body.at("objects");
  const char* what = type == "OBJECT_VIEW" ? "VIEW" : "TABLE";
  if (objects.size() != 1) return Status::NotSupported("DROP {} of several objects", what);
  const Json& names = NodeBody(objects[0]).at("items");
  // [db.][schema.]name, as a RangeVar spells it.
  Json range_var = Json::object();
  static const std::array<const char*, 3> kParts = {"catalogname", "schemaname", "relname"};
  if (names.size() > 3) return Status::SyntaxError("improper qualified name (too many dotted names)");
  for (size_t i = 0; i < names.size(); ++i) {
    range_var[kParts[3 - names.size() + i]] = NodeBody(names[i]).value("sval", std::string());
  }
  ast::DropTableStatement drop;
  ORBIT_ASSIGN_OR_RETURN(drop.table, TransformRelationName(range_var));
  drop.if_exists = body.value("missing_ok", false);
  drop.is_view = type == "OBJECT_VIEW";
  if (body.value("behavior", std::string("DROP_RESTRICT")) == "DROP_CASCADE") {
    return Status::NotSupported("DROP {} ... CASCADE", what);
  }
  return ast::Statement{std::move(drop)};
}

Result<ast::Statement> ParseTreeTransformer::TransformCreateView(const Json& body) {
  if (body.contains("options")) return Status::NotSupported("CREATE VIEW ... WITH (options)");
  if (body.value("withCheckOption", std::string("NO_CHECK_OPTION")) != "NO_CHECK_OPTION") {
    return Status::NotSupported("WITH CHECK OPTION");
  }
  const Json& relation = body.at("view");
  if (relation.value("relpersistence", std::string("p")) == "t") return Status::NotSupported("temporary views");
  ast::CreateViewStatement create;
  ORBIT_ASSIGN_OR_RETURN(create.view, TransformRelationName(relation));
  create.or_replace = body.value("replace", false);
  if (body.contains("aliases")) {
    for (const Json& name : body["aliases"]) create.column_aliases.push_back(NodeBody(name).value("sval", ""));
  }
  const Json& query = body.at("query");
  if (NodeType(query) != "SelectStmt") return Status::NotSupported("CREATE VIEW AS {}", NodeType(query));
  ORBIT_ASSIGN_OR_RETURN(ast::SelectStatement select, TransformSelect(NodeBody(query)));
  create.query = std::make_shared<const ast::SelectStatement>(std::move(select));
  return ast::Statement{std::move(create)};
}

Result<ast::Statement> ParseTreeTransformer::TransformSet(const Json& body) {
  std::string kind = body.value("kind", std::string());
  const bool to_default = kind == "VAR_RESET" || kind == "VAR_RESET_ALL" || kind == "VAR_SET_DEFAULT";
  if (kind != "VAR_SET_VALUE" && !to_default) return Status::NotSupported("SET {}", body.value("name", kind));
  if (body.value("is_local", false)) return Status::NotSupported("SET LOCAL");
  ast::SetStatement set;
  set.to_default = to_default;
  set.name = kind == "VAR_RESET_ALL" ? std::string("all") : body.value("name", std::string());
  for (char& c : set.name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (to_default) return ast::Statement{std::move(set)};
  for (const Json& arg : body.at("args")) {
    ORBIT_ASSIGN_OR_RETURN(std::string text, ConstantText(arg));
    // search_path's items are names: 'a, b' is one schema, quoted so that it stays one.
    if (set.name == "search_path") text = QuoteIdentifier(text);
    set.value += (set.value.empty() ? "" : ", ") + text;
  }
  return ast::Statement{std::move(set)};
}

}  // namespace orbit
