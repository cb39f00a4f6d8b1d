// Fixed-size array rows (T[n], data_type.h) as text and as the bytes a Value holds: the
// one place that reads or writes an array element by its element type, so casts, literals,
// result printing and loaders agree. Text is PostgreSQL's array form, {1.5,2,3}; DuckDB's
// and pgvector's [1.5, 2, 3] is read too.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "columnar/column.h"
#include "columnar/data_type.h"
#include "common/status.h"

namespace orbit {

/// Row i of a T[n] column: the address of its first element.
inline const uint8_t* ArrayRowAt(const ColumnView& column, int64_t i) {
  return static_cast<const uint8_t*>(column.data) + static_cast<size_t>(i) * column.type.byte_width();
}

/// Element i of one array row (`row` points at its first element) as a double; exact for
/// REAL, DOUBLE and INTEGER elements, rounded for BIGINT ones beyond 2^53.
double ArrayElementAsDouble(const DataType& array, const void* row, uint32_t i);
/// Stores `value` as element i of `row`, converted to the element type; an INTEGER or
/// BIGINT element takes it rounded half away from zero. Fails when it does not fit (a
/// REAL beyond float's range, an integer beyond its type's, NaN into an integer).
Status SetArrayElement(const DataType& array, void* row, uint32_t i, double value);

/// -1, 0 or 1: two rows of `array` in element order (the first difference decides); NaN
/// elements order after every number and equal each other, as PostgreSQL orders floats.
int CompareArrayRows(const DataType& array, const void* a, const void* b);

/// A REAL as PostgreSQL prints it: the shortest text that reads back as the same float
/// ("0.1", "1.234567e+06", "NaN", "Infinity").
std::string FormatReal(float value);

/// "{1.5,2,3}": REAL elements printed as the shortest text that reads back as the same
/// float, DOUBLE ones as the same double.
std::string FormatArrayRow(const DataType& array, const void* row);

/// The bytes of one row of `array` from "{1,2,3}" or "[1, 2, 3]"; an error names the text
/// and what is wrong with it (the count of elements, a NULL element, a bad number).
Result<std::vector<uint8_t>> ParseArrayRow(const DataType& array, std::string_view text);

}  // namespace orbit
