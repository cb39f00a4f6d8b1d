#include "sql/binder/type_resolution.h"

#include <algorithm>
#include <set>

namespace orbit {

namespace {

// DuckDB's default for a bare DECIMAL.
constexpr int kDefaultDecimalPrecision = 18;
constexpr int kDefaultDecimalScale = 3;

Result<DataType> ResolveDecimal(const ast::TypeName& type) {
  const auto& mods = type.modifiers;
  if (mods.empty()) return DataType::Decimal(kDefaultDecimalPrecision, kDefaultDecimalScale);
  if (mods.size() > 2) return Status::TypeError("DECIMAL takes at most two modifiers in {}", type.ToString());
  int64_t precision = mods[0];
  int64_t scale = mods.size() == 2 ? mods[1] : 0;
  if (precision < 1 || precision > kMaxDecimalPrecision) {
    return Status::TypeError("DECIMAL precision {} must be between 1 and {}", precision, kMaxDecimalPrecision);
  }
  if (scale < 0 || scale > precision) {
    return Status::TypeError("DECIMAL scale {} must be between 0 and the precision {}", scale, precision);
  }
  return DataType::Decimal(static_cast<int>(precision), static_cast<int>(scale));
}

int IntegerDigits(const DataType& decimal) { return decimal.precision - decimal.scale; }

// T[n]: a fixed-size array of REAL, DOUBLE, INTEGER or BIGINT elements; T[] a
// variable-length one (PostgreSQL's array) of any scalar type but TINYINT.
Result<DataType> ResolveArrayType(const ast::TypeName& type) {
  ast::TypeName element_name = type;
  element_name.array_bounds.clear();
  if (type.array_bounds.size() > 1) {
    return Status::NotSupported("type {} (Orbit's arrays have one dimension: {}[n])", type.ToString(),
                                element_name.ToString());
  }
  const int64_t dimension = type.array_bounds[0];
  if (dimension < 0) {
    ORBIT_ASSIGN_OR_RETURN(DataType element, ResolveTypeName(element_name));
    if (!IsListElementType(element.id)) {
      return Status::NotSupported(
          "type {} (array elements are BOOLEAN, SMALLINT, INTEGER, BIGINT, REAL, DOUBLE, DECIMAL, VARCHAR, DATE or "
          "TIMESTAMP)",
          type.ToString());
    }
    return DataType::List(element);
  }
  if (dimension < 1 || dimension > kMaxArrayDimension) {
    return Status::TypeError("array size {} in {} must be between 1 and {}", dimension, type.ToString(),
                             kMaxArrayDimension);
  }
  DataType element;
  if (element_name.name() == "float4" || element_name.name() == "real") {
    element = DataType::Float();
  } else {
    ORBIT_ASSIGN_OR_RETURN(element, ResolveTypeName(element_name));
  }
  if (!IsArrayElementType(element.id)) {
    return Status::NotSupported(
        "type {} (array elements are REAL, DOUBLE, INTEGER or BIGINT; {}[] is a variable-length array of any of "
        "PostgreSQL's scalar types)",
        type.ToString(), element_name.ToString());
  }
  return DataType::Array(element.id, static_cast<uint32_t>(dimension));
}

}  // namespace

Result<DataType> ResolveTypeName(const ast::TypeName& type) {
  if (!type.array_bounds.empty()) return ResolveArrayType(type);
  static const std::set<std::string> kInteger = {"int4", "int", "integer"};
  static const std::set<std::string> kBigint = {"int8", "bigint"};
  static const std::set<std::string> kDouble = {"float8", "float", "double"};
  static const std::set<std::string> kVarchar = {"varchar", "text", "bpchar", "char", "character", "string", "name"};
  // PostgreSQL's object identifiers and their alias types, as the integers Orbit's catalog
  // numbers objects with (pg_catalog.h); 't'::regclass does not look a name up.
  static const std::set<std::string> kOid = {"oid", "regclass", "regtype", "regproc", "regnamespace", "regrole"};
  static const std::set<std::string> kBoolean = {"bool", "boolean"};
  if (type.names.size() > 1 && type.names[0] != "pg_catalog") {
    return Status::NotSupported("type {}", type.ToString());
  }
  const std::string& name = type.name();
  auto without_modifiers = [&](DataType t) -> Result<DataType> {
    if (!type.modifiers.empty()) return Status::TypeError("type {} takes no modifiers", t.ToString());
    return t;
  };
  if (name == "int2" || name == "smallint") return without_modifiers(DataType::Int16());
  // TINYINT is DuckDB's (PostgreSQL has none).
  if (name == "int1" || name == "tinyint") return without_modifiers(DataType::Int8());
  if (name == "float4" || name == "real") return without_modifiers(DataType::Float());
  if (kInteger.count(name) || kOid.count(name)) return without_modifiers(DataType::Int32());
  if (kBigint.count(name)) return without_modifiers(DataType::Int64());
  // FLOAT(p) reaches us already resolved to float4/float8.
  if (kDouble.count(name)) return without_modifiers(DataType::Double());
  if (name == "numeric" || name == "decimal") return ResolveDecimal(type);
  if (name == "date") return without_modifiers(DataType::Date());
  if (name == "timestamp") {
    // TIMESTAMP(p) rounds to p fractional digits; Orbit keeps microseconds, TIMESTAMP(6).
    if (type.modifiers.empty() || (type.modifiers.size() == 1 && type.modifiers[0] == 6)) return DataType::Timestamp();
    return Status::NotSupported("type {} (Orbit keeps timestamps to the microsecond: TIMESTAMP or TIMESTAMP(6))",
                                type.ToString());
  }
  if (name == "timestamptz") {
    return Status::NotSupported(
        "type TIMESTAMP WITH TIME ZONE (Orbit has no time zones yet; TIMESTAMP holds UTC times)");
  }
  if (name == "time" || name == "timetz") return Status::NotSupported("type TIME (Orbit has no TIME type yet)");
  // INTERVAL's field restrictions (INTERVAL DAY TO SECOND) and precision are read and not kept.
  if (name == "interval") return DataType::Interval();
  if (kBoolean.count(name)) return without_modifiers(DataType::Boolean());
  // VARCHAR(n) and CHAR(n) keep no length: Orbit's strings are unbounded.
  if (kVarchar.count(name)) return DataType::Varchar();
  return Status::NotSupported("type {}", type.ToString());
}

DataType AsDecimal(const DataType& type) {
  switch (type.id) {
    case TypeId::kInt8: return DataType::Decimal(3, 0);
    case TypeId::kInt16: return DataType::Decimal(5, 0);
    case TypeId::kInt32: return DataType::Decimal(10, 0);
    case TypeId::kInt64: return DataType::Decimal(19, 0);
    default: return type;
  }
}

int NumericRank(const DataType& type) {
  switch (type.id) {
    case TypeId::kInt8: return 1;
    case TypeId::kInt16: return 2;
    case TypeId::kInt32: return 3;
    case TypeId::kInt64: return 4;
    case TypeId::kDecimal: return 5;
    case TypeId::kFloat: return 6;
    case TypeId::kDouble: return 7;
    default: return 0;
  }
}

namespace {

// T[] meets T[] or T[n] as the array of its elements' common type.
std::optional<DataType> ListComparisonType(const DataType& a, const DataType& b) {
  if (!(a.is_list() || a.is_array()) || !(b.is_list() || b.is_array())) return std::nullopt;
  std::optional<DataType> element = ComparisonType(a.element_type(), b.element_type());
  if (!element || !IsListElementType(element->id)) return std::nullopt;
  return DataType::List(*element);
}

}  // namespace

std::optional<DataType> ComparisonType(const DataType& a, const DataType& b) {
  if (a.id == TypeId::kNull) return b.id == TypeId::kNull ? DataType::Boolean() : b;
  if (b.id == TypeId::kNull) return a;
  if (a == b) return a;
  // T[n] and T[m] of other lengths meet as T[], as ARRAY[1] and ARRAY[1, 2] do in PostgreSQL.
  if (a.is_list() || b.is_list() || (a.is_array() && b.is_array())) return ListComparisonType(a, b);
  // A DATE meets a TIMESTAMP as its midnight, as PostgreSQL's implicit cast.
  if (a.is_temporal() && b.is_temporal()) return DataType::Timestamp();
  if (!a.is_numeric() || !b.is_numeric()) return std::nullopt;
  // REAL meets REAL as REAL (a == b above); anything else with a float compares as
  // DOUBLE PRECISION, as PostgreSQL's float48 operators (16777216::real <> 16777217).
  if (a.is_float() || b.is_float()) return DataType::Double();
  if (a.is_integer() && b.is_integer()) return NumericRank(a) > NumericRank(b) ? a : b;
  DataType da = AsDecimal(a), db = AsDecimal(b);
  int scale = std::max(da.scale, db.scale);
  int precision = std::min(kMaxDecimalPrecision, std::max(IntegerDigits(da), IntegerDigits(db)) + scale);
  return DataType::Decimal(precision, scale);
}

std::optional<DataType> CommonType(const DataType& a, const DataType& b) {
  const bool exact_a = a.is_integer() || a.is_decimal(), exact_b = b.is_integer() || b.is_decimal();
  if ((a.id == TypeId::kFloat && exact_b) || (b.id == TypeId::kFloat && exact_a)) return DataType::Float();
  return ComparisonType(a, b);
}

DataType DecimalAddType(const DataType& a, const DataType& b) {
  int scale = std::max(a.scale, b.scale);
  int precision = std::min(kMaxDecimalPrecision, std::max(IntegerDigits(a), IntegerDigits(b)) + scale + 1);
  return DataType::Decimal(precision, scale);
}

Result<DataType> DecimalMultiplyType(const DataType& a, const DataType& b) {
  int scale = a.scale + b.scale;
  if (scale > kMaxDecimalPrecision) {
    return Status::TypeError(
        "the product of {} and {} needs scale {}, more than the maximum {}; cast an operand "
        "to DOUBLE or to a DECIMAL with a lower scale",
        a.ToString(), b.ToString(), scale, kMaxDecimalPrecision);
  }
  int precision = a.precision + b.precision;
  bool both_narrow = a.precision <= kMaxDecimal64Precision && b.precision <= kMaxDecimal64Precision;
  if (both_narrow && precision > kMaxDecimal64Precision) precision = kMaxDecimal64Precision;
  precision = std::min(kMaxDecimalPrecision, std::max(precision, scale));
  return DataType::Decimal(precision, scale);
}

bool CanCast(const DataType& from, const DataType& to) {
  if (from == to || from.id == TypeId::kNull) return true;
  if (from.id == TypeId::kVarchar || to.id == TypeId::kVarchar) return true;
  if (from.is_list() || to.is_list()) {
    // Element by element, T[n] to and from T[] too (the length checked per row).
    const bool arrays = (from.is_list() || from.is_array()) && (to.is_list() || to.is_array());
    return arrays && CanCast(from.element_type(), to.element_type());
  }
  if (from.is_array() || to.is_array()) return from.is_array() && to.is_array() && from.dimension == to.dimension;
  if (from.is_numeric() && to.is_numeric()) return true;
  if (from.id == TypeId::kBoolean && to.is_integer()) return true;
  if (from.is_integer() && to.id == TypeId::kBoolean) return true;
  if (from.is_temporal() && to.is_temporal()) return true;
  return false;
}

bool CanAssign(const DataType& from, const DataType& to) {
  if (from == to || from.id == TypeId::kNull || to.id == TypeId::kVarchar) return true;
  if (from.is_list() || to.is_list()) {
    const bool arrays = (from.is_list() || from.is_array()) && (to.is_list() || to.is_array());
    return arrays && CanAssign(from.element_type(), to.element_type());
  }
  if (from.is_array() || to.is_array()) return from.is_array() && to.is_array() && from.dimension == to.dimension;
  // PostgreSQL assigns a DATE to a TIMESTAMP column (and a TIMESTAMP to a DATE one, dropping the time).
  if (from.is_temporal() && to.is_temporal()) return true;
  return from.is_numeric() && to.is_numeric();
}

}  // namespace orbit
