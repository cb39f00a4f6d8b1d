// Rows of Values (INSERT ... VALUES, a VALUES list in FROM) as a columnar batch.
#pragma once

#include <vector>

#include "columnar/table.h"
#include "columnar/value.h"

namespace orbit {

class ColumnBuilder;

/// Appends `value` (of the builder's type, or NULL) to `builder`.
void AppendValue(ColumnBuilder& builder, const Value& value);

/// One batch holding `rows`; each row has one Value per column of `schema`, already of
/// that column's type (or NULL).
Batch RowsToBatch(const Schema& schema, const std::vector<std::vector<Value>>& rows);

}  // namespace orbit
