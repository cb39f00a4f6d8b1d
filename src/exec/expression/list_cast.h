// Casts to and from variable-length arrays (T[], data_type.h): text in PostgreSQL's array
// form, T[] to U[] element by element, and T[] to and from the fixed-size T[n] with the
// length checked.
#pragma once

#include <string>
#include <string_view>

#include "columnar/column.h"
#include "common/status.h"

namespace orbit {

/// Appends valid row i of `in` cast to `target` (one of them a T[], neither VARCHAR) to `out`.
Status CastListRow(const ColumnView& in, int64_t i, const DataType& target, ColumnBuilder& out);
/// Appends '{1,2,NULL}' read as a `target` (T[]) to `out`.
Status ListFromText(ColumnBuilder& out, const DataType& target, std::string_view text);
/// Valid row i of a T[] column in PostgreSQL's text form.
std::string ListText(const ColumnView& c, int64_t i);

}  // namespace orbit
