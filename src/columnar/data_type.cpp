#include "columnar/data_type.h"

#include <fmt/format.h>

namespace orbit {

bool IsArrayElementType(TypeId element) {
  return element == TypeId::kFloat || element == TypeId::kDouble || element == TypeId::kInt32 ||
         element == TypeId::kInt64;
}

bool IsListElementType(TypeId element) {
  switch (element) {
    case TypeId::kBoolean:
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64:
    case TypeId::kFloat:
    case TypeId::kDouble:
    case TypeId::kDecimal:
    case TypeId::kVarchar:
    case TypeId::kDate:
    case TypeId::kTimestamp: return true;
    default: return false;
  }
}

PhysicalType physical_type(const DataType& type) {
  switch (type.id) {
    case TypeId::kNull: return PhysicalType::kNone;
    case TypeId::kBoolean: return PhysicalType::kBit;
    case TypeId::kInt8: return PhysicalType::kInt8;
    case TypeId::kInt16: return PhysicalType::kInt16;
    case TypeId::kInt32:
    case TypeId::kDate: return PhysicalType::kInt32;
    case TypeId::kInt64:
    case TypeId::kTimestamp: return PhysicalType::kInt64;
    case TypeId::kDouble: return PhysicalType::kDouble;
    case TypeId::kDecimal: return type.is_wide_decimal() ? PhysicalType::kInt128 : PhysicalType::kInt64;
    case TypeId::kVarchar: return PhysicalType::kString;
    case TypeId::kFloat: return PhysicalType::kFloat;
    case TypeId::kArray: return PhysicalType::kFixedArray;
    case TypeId::kInterval: return PhysicalType::kInt128;
    case TypeId::kList: return PhysicalType::kList;
  }
  return PhysicalType::kNone;
}

int DataType::byte_width() const {
  switch (physical_type(*this)) {
    case PhysicalType::kInt8: return 1;
    case PhysicalType::kInt16: return 2;
    case PhysicalType::kInt32:
    case PhysicalType::kFloat: return 4;
    case PhysicalType::kInt64:
    case PhysicalType::kDouble: return 8;
    case PhysicalType::kInt128: return 16;
    case PhysicalType::kFixedArray: return static_cast<int>(dimension) * element_type().byte_width();
    default: return 0;
  }
}

std::string DataType::ToString() const {
  switch (id) {
    case TypeId::kNull: return "NULL";
    case TypeId::kBoolean: return "BOOLEAN";
    case TypeId::kInt8: return "TINYINT";
    case TypeId::kInt16: return "SMALLINT";
    case TypeId::kInt32: return "INTEGER";
    case TypeId::kInt64: return "BIGINT";
    case TypeId::kDouble: return "DOUBLE";
    case TypeId::kDecimal: return fmt::format("DECIMAL({},{})", precision, scale);
    case TypeId::kDate: return "DATE";
    case TypeId::kVarchar: return "VARCHAR";
    case TypeId::kTimestamp: return "TIMESTAMP";
    case TypeId::kFloat: return "REAL";
    case TypeId::kArray: return fmt::format("{}[{}]", element_type().ToString(), dimension);
    case TypeId::kInterval: return "INTERVAL";
    case TypeId::kList: return element_type().ToString() + "[]";
  }
  return "?";
}

}  // namespace orbit
