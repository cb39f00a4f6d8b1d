#include "functions/pg_type_info.h"

#include <fmt/format.h>

namespace orbit {

const std::vector<PgTypeInfo>& PgTypes() {
  static const std::vector<PgTypeInfo> kTypes = {
      {16, "bool", 1, 'B', 0, 1000, false, "boolean"},
      {20, "int8", 8, 'N', 0, 1016, false, "bigint"},
      {21, "int2", 2, 'N', 0, 1005, false, "smallint"},
      {23, "int4", 4, 'N', 0, 1007, false, "integer"},
      {25, "text", -1, 'S', 0, 1009, true, "text"},
      {26, "oid", 4, 'N', 0, 1028, false, "oid"},
      {700, "float4", 4, 'N', 0, 1021, false, "real"},
      {701, "float8", 8, 'N', 0, 1022, false, "double precision"},
      {1043, "varchar", -1, 'S', 0, 1015, true, "character varying"},
      {1082, "date", 4, 'D', 0, 1182, false, "date"},
      {1114, "timestamp", 8, 'D', 0, 1115, false, "timestamp without time zone"},
      {1186, "interval", 16, 'T', 0, 1187, false, "interval"},
      {1700, "numeric", -1, 'N', 0, 1231, false, "numeric"},
      {1000, "_bool", -1, 'A', 16, 0, false, "boolean[]"},
      {1005, "_int2", -1, 'A', 21, 0, false, "smallint[]"},
      {1007, "_int4", -1, 'A', 23, 0, false, "integer[]"},
      {1009, "_text", -1, 'A', 25, 0, true, "text[]"},
      {1016, "_int8", -1, 'A', 20, 0, false, "bigint[]"},
      {1021, "_float4", -1, 'A', 700, 0, false, "real[]"},
      {1022, "_float8", -1, 'A', 701, 0, false, "double precision[]"},
      {1015, "_varchar", -1, 'A', 1043, 0, true, "character varying[]"},
      {1028, "_oid", -1, 'A', 26, 0, false, "oid[]"},
      {1115, "_timestamp", -1, 'A', 1114, 0, false, "timestamp without time zone[]"},
      {1182, "_date", -1, 'A', 1082, 0, false, "date[]"},
      {1187, "_interval", -1, 'A', 1186, 0, false, "interval[]"},
      {1231, "_numeric", -1, 'A', 1700, 0, false, "numeric[]"},
  };
  return kTypes;
}

namespace {

int32_t ScalarOid(TypeId id) {
  switch (id) {
    case TypeId::kBoolean: return 16;
    case TypeId::kInt8:  // TINYINT, which PostgreSQL lacks, as the smallest it has
    case TypeId::kInt16: return 21;
    case TypeId::kInt32: return 23;
    case TypeId::kInt64: return 20;
    case TypeId::kFloat: return 700;
    case TypeId::kDouble: return 701;
    case TypeId::kDecimal: return 1700;
    case TypeId::kVarchar: return 1043;
    case TypeId::kDate: return 1082;
    case TypeId::kTimestamp: return 1114;
    case TypeId::kInterval: return 1186;
    default: return 0;
  }
}

}  // namespace

const PgTypeInfo* FindPgType(int32_t oid) {
  for (const PgTypeInfo& t : PgTypes()) {
    if (t.oid == oid) return &t;
  }
  return nullptr;
}

int32_t PgTypeOid(const DataType& type) {
  if (type.is_list() || type.is_array()) {
    const PgTypeInfo* element = FindPgType(ScalarOid(type.element_type().id));
    return element ? element->array : 0;
  }
  return ScalarOid(type.id);
}

int32_t PgTypeModifier(const DataType& type) {
  const DataType& scalar = type.is_list() ? type.element_type() : type;
  if (scalar.id != TypeId::kDecimal) return -1;
  return ((scalar.precision << 16) | scalar.scale) + 4;
}

std::string PgFormatType(int32_t oid, int32_t modifier) {
  const PgTypeInfo* type = FindPgType(oid);
  if (type == nullptr) return "???";
  const bool numeric = oid == 1700 || oid == 1231;
  if (!numeric || modifier < 4) return type->spelling;
  const int32_t packed = modifier - 4;
  return fmt::format("numeric({},{}){}", packed >> 16, packed & 0xffff, oid == 1231 ? "[]" : "");
}

}  // namespace orbit
