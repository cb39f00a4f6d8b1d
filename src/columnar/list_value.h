// Rows of variable-length array columns (T[], data_type.h) compared, keyed and rebuilt:
// the one place that knows how PostgreSQL orders and matches arrays, so sorts, comparisons,
// GROUP BY, DISTINCT and joins agree.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "columnar/column.h"

namespace orbit {

/// Row i of a T[] column: the range of its elements in the child column.
inline int32_t ListBegin(const ColumnView& c, int64_t i) { return c.offsets()[i]; }
inline int32_t ListEnd(const ColumnView& c, int64_t i) { return c.offsets()[i + 1]; }
inline int32_t ListLength(const ColumnView& c, int64_t i) { return c.offsets()[i + 1] - c.offsets()[i]; }

/// -1, 0 or 1: element k of `a` against element l of `b` (both the same element type, both
/// valid); NaN after every number and equal to itself, -0 equal to 0, as PostgreSQL.
int CompareElements(const ColumnView& a, int64_t k, const ColumnView& b, int64_t l);

/// -1, 0 or 1: two valid rows of T[] columns (one element type) in PostgreSQL's array
/// order: element by element, a NULL element after every value and equal to another NULL,
/// the shorter array first when one is a prefix of the other.
int CompareListRows(const ColumnView& a, int64_t i, const ColumnView& b, int64_t j);

/// Appends a key for valid row i to `out`: two rows have the same key exactly when
/// CompareListRows says they are equal, so hashing and matching the keys groups arrays.
void AppendListKey(const ColumnView& c, int64_t i, std::string* out);

/// A DOUBLE element as array_out writes it: NaN, Infinity and -Infinity in PostgreSQL's words.
std::string FormatListDouble(double v);

/// Valid element k of an element column as text, as array_out and array_to_string write it
/// (unquoted; a BOOLEAN as t or f).
std::string ElementText(const ColumnView& elements, int64_t k);

/// Valid row i of a T[] column in PostgreSQL's text form, '{1,NULL,"a b"}' (array_out).
std::string FormatListRow(const ColumnView& c, int64_t i);

/// Appends to `out` (a T[] builder) the row whose key AppendListKey wrote.
void AppendListFromKey(std::string_view key, ColumnBuilder& out);

}  // namespace orbit
