// Orbit's SQL types and how each is laid out in memory (the Arrow layout):
//   BOOLEAN      bit-packed, Arrow "b"
//   TINYINT      int8_t, Arrow "c" (DuckDB's; PostgreSQL has none)
//   SMALLINT     int16_t, Arrow "s"
//   INTEGER      int32_t, Arrow "i"
//   BIGINT       int64_t, Arrow "l"
//   DOUBLE       double, Arrow "g"
//   DECIMAL(p,s) p <= 18: int64_t scaled by 10^s (Arrow decimal64 "d:p,s,64");
//                p >  18: __int128 scaled by 10^s (Arrow decimal128 "d:p,s")
//   DATE         int32_t days since 1970-01-01, Arrow "tdD"
//   VARCHAR      int32_t offsets + UTF-8 bytes, Arrow "u"
//   TIMESTAMP    int64_t microseconds since 1970-01-01 00:00:00, no time zone, Arrow "tsu:"
//   REAL         float (IEEE binary32), Arrow "f"
//   INTERVAL     16 bytes: int64_t microseconds, int32_t days, int32_t months, kept apart as
//                PostgreSQL keeps them (columnar/interval.h); Arrow month_day_nano "tin" (converted)
//   T[n]         a fixed-size array of n values of T (REAL, DOUBLE, INTEGER or BIGINT) per row:
//                one buffer of length * n values, row i's at i * n, Arrow FixedSizeList "+w:n"
//                whose child holds the values; the elements themselves are never NULL
//   T[]          a variable-length array (PostgreSQL's arrays, one dimension) of BOOLEAN, SMALLINT,
//                INTEGER, BIGINT, REAL, DOUBLE, DECIMAL, VARCHAR, DATE or TIMESTAMP: int32 offsets
//                (length + 1) into a child column of the elements, which has its own validity
//                (NULL elements); Arrow List "+l". A NULL array differs from an empty one.
// Every type is nullable through an optional validity bitmap.
#pragma once

#include <cstdint>
#include <string>

namespace orbit {

using int128_t = __int128;

enum class TypeId : uint8_t {
  kNull,  // the type of a bare NULL literal before it is cast
  kBoolean,
  kInt32,
  kInt64,
  kDouble,
  kDecimal,
  kDate,
  kVarchar,
  kTimestamp,
  kFloat,
  kArray,
  // Added after the others, so that the older types keep their numbers.
  kInt16,
  kInt8,
  kInterval,
  kList,  // T[]: variable-length array; `element` (with precision/scale for DECIMAL) is its element type
};

constexpr int kMaxDecimalPrecision = 38;
constexpr int kMaxDecimal64Precision = 18;
/// The most elements a fixed-size array type may have per row.
constexpr uint32_t kMaxArrayDimension = 65536;

struct DataType {
  TypeId id = TypeId::kNull;
  uint8_t precision = 0;           // DECIMAL only
  uint8_t scale = 0;               // DECIMAL only
  TypeId element = TypeId::kNull;  // ARRAY only: the element type
  uint32_t dimension = 0;          // ARRAY only: elements per row

  static DataType Null() { return {TypeId::kNull}; }
  static DataType Boolean() { return {TypeId::kBoolean}; }
  static DataType Int8() { return {TypeId::kInt8}; }
  static DataType Int16() { return {TypeId::kInt16}; }
  static DataType Int32() { return {TypeId::kInt32}; }
  static DataType Int64() { return {TypeId::kInt64}; }
  static DataType Double() { return {TypeId::kDouble}; }
  static DataType Date() { return {TypeId::kDate}; }
  static DataType Varchar() { return {TypeId::kVarchar}; }
  static DataType Timestamp() { return {TypeId::kTimestamp}; }
  static DataType Float() { return {TypeId::kFloat}; }
  static DataType Interval() { return {TypeId::kInterval}; }
  static DataType Array(TypeId element, uint32_t dimension) { return {TypeId::kArray, 0, 0, element, dimension}; }
  /// T[]: `element` keeps its DECIMAL precision and scale in the list type's own fields.
  static DataType List(const DataType& element) {
    return {TypeId::kList, element.precision, element.scale, element.id, 0};
  }
  static DataType Decimal(int precision, int scale) {
    return {TypeId::kDecimal, static_cast<uint8_t>(precision), static_cast<uint8_t>(scale)};
  }

  bool is_decimal() const { return id == TypeId::kDecimal; }
  /// DECIMAL stored as __int128 (precision above 18).
  bool is_wide_decimal() const { return id == TypeId::kDecimal && precision > kMaxDecimal64Precision; }
  /// TINYINT or SMALLINT: computed as INTEGER and narrowed back with a range check.
  bool is_small_integer() const { return id == TypeId::kInt8 || id == TypeId::kInt16; }
  bool is_integer() const { return id == TypeId::kInt32 || id == TypeId::kInt64 || is_small_integer(); }
  /// DOUBLE or REAL.
  bool is_float() const { return id == TypeId::kDouble || id == TypeId::kFloat; }
  bool is_numeric() const { return is_integer() || is_float() || is_decimal(); }
  /// DATE or TIMESTAMP.
  bool is_temporal() const { return id == TypeId::kDate || id == TypeId::kTimestamp; }
  bool is_fixed_width() const { return id != TypeId::kVarchar && id != TypeId::kBoolean && id != TypeId::kList; }
  /// T[n], the fixed-size array (not T[]).
  bool is_array() const { return id == TypeId::kArray; }
  /// INTERVAL: 16 bytes moved as PhysicalType::kInt128, but compared, hashed and grouped by
  /// its span (columnar/interval.h), never by its bits.
  bool is_interval() const { return id == TypeId::kInterval; }
  /// T[], the variable-length array.
  bool is_list() const { return id == TypeId::kList; }
  /// The element type of T[n] (REAL, DOUBLE, INTEGER or BIGINT) or of T[].
  DataType element_type() const {
    return id == TypeId::kList ? DataType{element, precision, scale} : DataType{element};
  }

  /// Bytes per value for fixed-width types, an array's whole row (0 for BOOLEAN, VARCHAR and NULL).
  int byte_width() const;
  /// The SQL spelling: "INTEGER", "DECIMAL(15,2)", ...
  std::string ToString() const;

  friend bool operator==(const DataType&, const DataType&) = default;
};

/// Whether T[n] exists for this element type.
bool IsArrayElementType(TypeId element);
/// Whether T[] exists for this element type.
bool IsListElementType(TypeId element);
/// The physical C++ type a column of a fixed-width SQL type holds.
enum class PhysicalType : uint8_t {
  kNone,
  kBit,
  kInt32,
  kInt64,
  kInt128,
  kDouble,
  kString,
  kFloat,
  kFixedArray,
  kInt16,
  kInt8,
  kList,  // int32 offsets in data, the elements in the column's child
};
PhysicalType physical_type(const DataType& type);

}  // namespace orbit
