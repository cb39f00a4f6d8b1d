// pg_typeof(x) and typeof(x): the type of the argument's expression as text, PostgreSQL's
// name and DuckDB's. The binder leaves TINYINT, SMALLINT and REAL arguments as they are
// (takes_narrow_types): the name is of the type written, never of a widening. Also the
// catalog's format_type(oid, typmod) and pg_get_expr(text, oid), which psql's \d calls.
#include "functions/function_registry.h"
#include "functions/pg_type_info.h"

namespace orbit {

namespace {

// PostgreSQL's format_type spelling (as pg_typeof prints it); TINYINT, which PostgreSQL
// lacks, by DuckDB's name.
std::string PostgresTypeName(const DataType& type) {
  switch (type.id) {
    case TypeId::kNull: return "unknown";
    case TypeId::kBoolean: return "boolean";
    case TypeId::kInt8: return "tinyint";
    case TypeId::kInt16: return "smallint";
    case TypeId::kInt32: return "integer";
    case TypeId::kInt64: return "bigint";
    case TypeId::kFloat: return "real";
    case TypeId::kDouble: return "double precision";
    case TypeId::kDecimal: return "numeric";
    case TypeId::kDate: return "date";
    case TypeId::kVarchar: return "character varying";
    case TypeId::kTimestamp: return "timestamp without time zone";
    case TypeId::kArray:
    case TypeId::kList: return PostgresTypeName(type.element_type()) + "[]";
    case TypeId::kInterval: return "interval";
  }
  return "unknown";
}

// DuckDB's spelling: Orbit's own, but DuckDB calls REAL "FLOAT".
std::string DuckDbTypeName(const DataType& type) {
  if (type.id == TypeId::kFloat) return "FLOAT";
  if (type.is_array()) return DuckDbTypeName(type.element_type()) + "[" + std::to_string(type.dimension) + "]";
  return type.ToString();
}

Result<Resolution> BindTypeName(const CallSite& call) {
  return Resolution::Call(DataType::Varchar(), {call.arguments[0].type});
}

template <std::string (*Name)(const DataType&)>
Result<ColumnPtr> TypeName(const ScalarCall& call) {
  const std::string name = Name(call.arguments[0].type);
  ColumnBuilder builder(DataType::Varchar(), call.rows);
  for (int64_t i = 0; i < call.rows; ++i) builder.AppendString(name);
  return builder.Finish();
}

ScalarFunction TypeFunction(std::string name, std::string result, std::string description,
                            ScalarImplementation implementation) {
  ScalarFunction f;
  f.name = std::move(name);
  f.signatures = {{"ANY", std::move(result)}};
  f.description = std::move(description);
  f.min_arguments = f.max_arguments = 1;
  f.usage = "takes one argument";
  f.takes_narrow_types = true;
  f.bind = BindTypeName;
  f.implementation = implementation;
  return f;
}

Result<Resolution> BindFormatType(const CallSite& call) {
  return Resolution::Call(DataType::Varchar(), {DataType::Int32(), DataType::Int32()});
}

// A NULL type is NULL; a NULL modifier is none (PostgreSQL's format_type is not strict).
Result<ColumnPtr> FormatType(const ScalarCall& call) {
  const ColumnView& oid = call.arguments[0];
  const ColumnView& modifier = call.arguments[1];
  ColumnBuilder builder(DataType::Varchar(), call.rows);
  for (int64_t i = 0; i < call.rows; ++i) {
    if (!oid.IsValid(i)) {
      builder.AppendNull();
      continue;
    }
    const int32_t m = modifier.IsValid(i) ? modifier.values<int32_t>()[i] : -1;
    builder.AppendString(PgFormatType(oid.values<int32_t>()[i], m));
  }
  return builder.Finish();
}

// pg_attrdef.adbin holds the expression's SQL text, so pg_get_expr gives it back as it is.
Result<Resolution> BindGetExpr(const CallSite& call) {
  std::vector<DataType> types = {DataType::Varchar(), DataType::Int32(), DataType::Boolean()};
  types.resize(call.arguments.size());
  return Resolution::Call(DataType::Varchar(), std::move(types));
}

Result<ColumnPtr> GetExpr(const ScalarCall& call) {
  const ColumnView& text = call.arguments[0];
  ColumnBuilder builder(DataType::Varchar(), call.rows);
  for (int64_t i = 0; i < call.rows; ++i) {
    if (text.IsValid(i)) {
      builder.AppendString(text.GetString(i));
    } else {
      builder.AppendNull();
    }
  }
  return builder.Finish();
}

// The definitions of objects Orbit does not have (extended statistics, indexes, triggers):
// no such object has an OID, so each call is NULL.
Result<Resolution> BindNoDefinition(const CallSite& call) {
  std::vector<DataType> types(call.arguments.size(), DataType::Int32());
  if (types.size() > 1) types[1] = call.arguments[1].type.id == TypeId::kBoolean ? DataType::Boolean() : types[1];
  return Resolution::Call(DataType::Varchar(), std::move(types));
}

Result<ColumnPtr> NoDefinitionRows(const ScalarCall& call) { return Column::AllNull(DataType::Varchar(), call.rows); }

ScalarFunction NoDefinition(std::string name, const std::string& what) {
  ScalarFunction f;
  f.name = std::move(name);
  f.signatures = {{"INTEGER [, ...]", "VARCHAR"}};
  f.description = "the definition of the " + what + " with this OID: NULL, as Orbit has none";
  f.min_arguments = 1;
  f.max_arguments = 3;
  f.usage = "takes an OID";
  f.bind = BindNoDefinition;
  f.implementation = NoDefinitionRows;
  return f;
}

}  // namespace

Status RegisterTypeFunctions(FunctionRegistry& registry) {
  ORBIT_RETURN_IF_ERROR(registry.Add(NoDefinition("pg_get_statisticsobjdef_columns", "extended statistics object")));
  ORBIT_RETURN_IF_ERROR(registry.Add(NoDefinition("pg_get_indexdef", "index")));
  ORBIT_RETURN_IF_ERROR(registry.Add(NoDefinition("pg_get_triggerdef", "trigger")));
  ScalarFunction format_type;
  format_type.name = "format_type";
  format_type.signatures = {{"INTEGER, INTEGER", "VARCHAR"}};
  format_type.description = "PostgreSQL's name of the type with pg_type OID and modifier: 'numeric(10,2)'";
  format_type.min_arguments = format_type.max_arguments = 2;
  format_type.usage = "takes a type OID and a type modifier";
  format_type.bind = BindFormatType;
  format_type.implementation = FormatType;
  ORBIT_RETURN_IF_ERROR(registry.Add(std::move(format_type)));
  ScalarFunction get_expr;
  get_expr.name = "pg_get_expr";
  get_expr.signatures = {{"VARCHAR, INTEGER [, BOOLEAN]", "VARCHAR"}};
  get_expr.description = "the SQL of a catalog expression (pg_attrdef.adbin), as it was written";
  get_expr.min_arguments = 2;
  get_expr.max_arguments = 3;
  get_expr.usage = "takes an expression's text, a relation OID and, optionally, whether to pretty-print";
  get_expr.bind = BindGetExpr;
  get_expr.implementation = GetExpr;
  ORBIT_RETURN_IF_ERROR(registry.Add(std::move(get_expr)));
  ORBIT_RETURN_IF_ERROR(registry.Add(TypeFunction("pg_typeof", "VARCHAR (PostgreSQL's type name)",
                                                  "the type of the argument as PostgreSQL names it: 'smallint', 'real'",
                                                  TypeName<PostgresTypeName>)));
  return registry.Add(TypeFunction("typeof", "VARCHAR (DuckDB's type name)",
                                   "the type of the argument as DuckDB names it: 'SMALLINT', 'FLOAT'",
                                   TypeName<DuckDbTypeName>));
}

}  // namespace orbit
