// Value: one typed SQL value (a literal, a folded constant, a result cell).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "columnar/data_type.h"
#include "columnar/interval.h"

namespace orbit {

struct Value {
  DataType type = DataType::Null();
  bool is_null = true;
  bool bool_value = false;
  int64_t int_value = 0;            // TINYINT..BIGINT, DATE (days), TIMESTAMP (micros), DECIMAL p<=18
  int128_t wide_value = 0;          // DECIMAL p>18 (scaled), INTERVAL (PackInterval's bits)
  double double_value = 0;          // DOUBLE, REAL (the float's value, exactly)
  std::string string_value;         // VARCHAR
  std::vector<uint8_t> array_data;  // T[n]: the row's n elements as a column holds them
  std::vector<Value> elements;      // T[]: each of the element type, or NULL

  static Value Null(DataType type = DataType::Null());
  static Value Boolean(bool b);
  static Value Int8(int8_t i);
  static Value Int16(int16_t i);
  static Value Int32(int32_t i);
  static Value Int64(int64_t i);
  static Value Double(double d);
  static Value Float(float f);
  static Value Date(int32_t days);
  static Value Timestamp(int64_t micros);
  static Value Varchar(std::string s);
  static Value Interval(const IntervalValue& interval);
  /// A T[n] row; `data` holds its type's byte_width() bytes.
  static Value Array(DataType type, std::vector<uint8_t> data);
  /// A T[] row of `elements` (each of type.element_type() or NULL).
  static Value List(DataType type, std::vector<Value> elements);
  /// A scaled decimal; stored in int_value or wide_value according to the precision.
  static Value Decimal(int128_t scaled, int precision, int scale);

  /// The scaled integer of a DECIMAL, or the integer of INTEGER/BIGINT/DATE.
  int128_t AsInt128() const { return type.is_wide_decimal() ? wide_value : int_value; }
  IntervalValue AsInterval() const { return UnpackInterval(wide_value); }
  /// SQL text of the value as a result cell ("NULL" for null).
  std::string ToString() const;
  /// SQL literal syntax, for EXPLAIN ("DATE '1998-09-02'", "'abc'", "0.05"); an array of
  /// more than 16 elements shows its first 8 ("'{0.1,...}'::REAL[384]").
  std::string ToSql() const;
};

}  // namespace orbit
