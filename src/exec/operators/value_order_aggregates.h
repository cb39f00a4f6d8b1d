// The ordered aggregates whose order is their own value's — median, quantile_cont/_disc,
// percentile_cont/_disc and mode — computed from collected rows without the general
// multi-key sort: the rows are bucketed by group with a counting sort, and each group's
// row numbers are ordered by a comparison of the value's own type. The quantiles select
// their one or two positions (nth_element: linear in a group's rows); mode sorts the group
// and takes its longest run. The order is ORDER BY's: NaN above every number, text by bytes.
#pragma once

#include <cstddef>

#include "columnar/table.h"
#include "common/status.h"
#include "plan/logical_plan.h"

namespace orbit {

/// The result of the quantile `call` for each of `groups` groups, from `rows` (column 0 the
/// group as BIGINT, column 1 the value, NULLs already left out); NULL for a group without rows.
Result<ColumnPtr> GroupQuantiles(const Batch& rows, size_t groups, const AggregateCall& call);

/// mode `call` for each of `groups` groups, from `rows` as GroupQuantiles reads them: the
/// most frequent value, of ties the first in the order (ascending: the smallest).
Result<ColumnPtr> GroupModes(const Batch& rows, size_t groups, const AggregateCall& call);

}  // namespace orbit
