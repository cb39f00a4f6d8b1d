// Tells a table function's scan what the query reads of it (TableSource::WithScan): the
// columns left after pruning, and the comparisons of a column with a constant in the
// filter above it (through projections that pass the column on, as a view's do), so a reader such as read_parquet reads
// only those columns and skips row groups whose statistics rule the comparisons out. The filter stays: it still decides
// every row read.
#pragma once

#include "plan/logical_plan.h"

namespace orbit {

/// Narrows every table function scan of `plan` whose source can be narrowed. Run after
/// column pruning.
void PushDownIntoScans(LogicalOperator& plan);

}  // namespace orbit
