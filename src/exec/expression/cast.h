// Type conversions between column types, row by row, checked: a value that does not fit
// the target type or text that does not parse is an error naming the value.
#pragma once

#include "columnar/column.h"
#include "common/status.h"

namespace orbit {

/// True when the cast changes only the type's label, not a single bit of any value (e.g.
/// DECIMAL(15,2) -> DECIMAL(16,2)): the evaluator then reuses the input's buffers.
bool IsRelabel(const DataType& from, const DataType& to);

Result<ColumnPtr> CastColumn(const ColumnView& input, const DataType& target);

}  // namespace orbit
