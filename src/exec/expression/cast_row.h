// One row of a cast (cast.cpp), for the casts of composite types built from their elements'
// casts (list_cast.cpp): every element converts exactly as a scalar of its type would.
#pragma once

#include <string>
#include <string_view>

#include "columnar/column.h"
#include "common/status.h"

namespace orbit {

/// Appends valid row i of `in` converted to `target` to `out`.
Status CastRow(const ColumnView& in, int64_t i, const DataType& target, ColumnBuilder& out);
/// Appends `text` read as a value of `target` to `out`.
Status CastFromText(ColumnBuilder& out, const DataType& target, std::string_view text);
/// Valid row i of `c` as text, as a cast to VARCHAR gives it.
std::string TextAt(const ColumnView& c, int64_t i);

}  // namespace orbit
