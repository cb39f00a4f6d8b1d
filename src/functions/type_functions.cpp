// pg_typeof(x) and typeof(x): the type of the argument's expression as text, PostgreSQL's
// name and DuckDB's. The binder leaves TINYINT, SMALLINT and REAL arguments as they are
// (takes_narrow_types): the name is of the type written, never of a widening.
#include "functions/function_registry.h"

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

}  // namespace

Status RegisterTypeFunctions(FunctionRegistry& registry) {
  ORBIT_RETURN_IF_ERROR(registry.Add(TypeFunction("pg_typeof", "VARCHAR (PostgreSQL's type name)",
                                                  "the type of the argument as PostgreSQL names it: 'smallint', 'real'",
                                                  TypeName<PostgresTypeName>)));
  return registry.Add(TypeFunction("typeof", "VARCHAR (DuckDB's type name)",
                                   "the type of the argument as DuckDB names it: 'SMALLINT', 'FLOAT'",
                                   TypeName<DuckDbTypeName>));
}

}  // namespace orbit
