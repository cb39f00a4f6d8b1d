#include "sql/binder/expression/session_functions.h"

#include <algorithm>
#include <map>

#include "sql/binder/constant_folding.h"
#include "sql/catalog/pg_catalog.h"

namespace orbit {

namespace {

thread_local const Catalog* binding_catalog = nullptr;

// The schemas of the path that exist; outside a statement's binding, those of the default catalog.
std::vector<std::string> ExistingPath() {
  if (binding_catalog != nullptr) return binding_catalog->ExistingSearchPath();
  return Catalog().ExistingSearchPath();
}

// The constant a function of constant BOOLEAN arguments folds to.
using Fold = Result<Value> (*)(const std::vector<Value>& arguments);

struct SessionFunction {
  int arguments = 0;
  const char* usage;
  Fold fold = nullptr;                                                       // a constant of constant arguments
  Result<ExprPtr> (*bind)(const std::vector<ExprPtr>& arguments) = nullptr;  // or an expression over the arguments
};

// PostgreSQL's current_schema: the first existing schema of the path, NULL when none.
Result<Value> CurrentSchema(const std::vector<Value>&) {
  const std::vector<std::string> path = ExistingPath();
  return path.empty() ? Value::Null(DataType::Varchar()) : Value::Varchar(path.front());
}

// PostgreSQL's name[] in its text form ("{pg_catalog,public}"), as VARCHAR: Orbit's arrays
// hold numbers only. pg_catalog is searched first unless the path names it.
Result<Value> CurrentSchemas(const std::vector<Value>& arguments) {
  const Value& implicit = arguments[0];
  if (implicit.is_null) return Value::Null(DataType::Varchar());
  std::vector<std::string> path = ExistingPath();
  const auto& written = CurrentSearchPath();
  const bool names_catalog = std::find(written.begin(), written.end(), "pg_catalog") != written.end();
  if (implicit.bool_value && !names_catalog) path.insert(path.begin(), "pg_catalog");
  if (names_catalog && !implicit.bool_value) std::erase(path, std::string("pg_catalog"));
  std::string text = "{";
  for (size_t i = 0; i < path.size(); ++i) text += (i > 0 ? "," : "") + path[i];
  return Value::Varchar(text + "}");
}

// Orbit has no roles: every object is owned by "orbit" (psql's \dn and \dt show it).
Result<ExprPtr> UserById(const std::vector<ExprPtr>&) { return Expr::Constant(Value::Varchar("orbit")); }

// pg_table_is_visible(oid): whether the OID (pg_catalog.h's numbering) is one an unqualified
// name reaches, as an IN list of those OIDs.
Result<ExprPtr> TableIsVisible(const std::vector<ExprPtr>& arguments) {
  ExprPtr oid = arguments[0];
  if (oid->type.id != TypeId::kInt32 && oid->type.id != TypeId::kInt64) {
    return Status::TypeError("pg_table_is_visible takes an oid (an integer), got {}", oid->type.ToString());
  }
  const std::vector<int32_t> visible =
      binding_catalog != nullptr ? VisibleRelationOids(*binding_catalog) : std::vector<int32_t>{};
  if (visible.empty()) return Expr::Constant(Value::Boolean(false));
  const DataType type = oid->type;
  std::vector<ExprPtr> operands = {std::move(oid)};
  for (int32_t value : visible) {
    operands.push_back(Expr::Constant(type.id == TypeId::kInt32 ? Value::Int32(value) : Value::Int64(value)));
  }
  return Expr::Make(ExprKind::kInList, DataType::Boolean(), std::move(operands));
}

const std::map<std::string, SessionFunction>& SessionFunctions() {
  static const std::map<std::string, SessionFunction> functions = {
      {"current_schema", {0, "takes no arguments", &CurrentSchema}},
      {"current_schemas", {1, "takes one BOOLEAN constant (whether to list implicit schemas)", &CurrentSchemas}},
      {"pg_get_userbyid", {1, "takes one oid", nullptr, &UserById}},
      {"pg_table_is_visible", {1, "takes one oid", nullptr, &TableIsVisible}},
  };
  return functions;
}

}  // namespace

BindingCatalogScope::BindingCatalogScope(const Catalog& catalog) : previous_(binding_catalog) {
  binding_catalog = &catalog;
}

BindingCatalogScope::~BindingCatalogScope() { binding_catalog = previous_; }

bool IsSessionFunction(const std::string& name) { return SessionFunctions().count(name) > 0; }

Result<ExprPtr> FoldSessionFunction(const ast::Expr& call, const std::vector<ExprPtr>& arguments) {
  const SessionFunction& function = SessionFunctions().at(call.name);
  if (static_cast<int>(arguments.size()) != function.arguments || call.star) {
    return Status::BindError("{} {}: {}", call.name, function.usage, call.ToString());
  }
  if (function.bind != nullptr) return function.bind(arguments);
  std::vector<Value> values;
  for (const ExprPtr& argument : arguments) {
    if (!IsConstant(argument) || (argument->type.id != TypeId::kBoolean && argument->type.id != TypeId::kNull)) {
      return Status::BindError("{} {}: {}", call.name, function.usage, call.ToString());
    }
    values.push_back(argument->constant);
  }
  ORBIT_ASSIGN_OR_RETURN(Value value, function.fold(values));
  return Expr::Constant(std::move(value));
}

}  // namespace orbit
