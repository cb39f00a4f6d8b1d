// UPDATE without FROM, computed column by column: only the assigned columns of the batches
// that hold a changed row are computed anew; every other column keeps its buffers. The
// general path (a query producing every column of the table's next rows) copies the whole
// table for a change to one column of a tenth of its rows.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "columnar/table.h"
#include "common/query_interrupt.h"
#include "common/status.h"
#include "plan/logical_plan.h"

namespace orbit {

struct UpdatedTable {
  TablePtr next;        // the table's next version, sharing the untouched columns' buffers
  int64_t changed = 0;  // the rows the condition matched
};

/// `values`: the optimized form of the binder's in-place plan, a Projection over a scan of
/// `target` whose first expression is the match (BOOLEAN, never NULL) and whose others are
/// the new values of `updated_columns` (positions in the table), which are computed only
/// on the matched rows. nullopt when the plan does not have that shape (the optimizer rewrote it);
/// the caller then runs the general path.
std::optional<Result<UpdatedTable>> UpdateInPlace(const TablePtr& target, const LogicalOperator& values,
                                                  const std::vector<int>& updated_columns, const std::string& kernels,
                                                  int threads, const QueryInterrupt* interrupt);

}  // namespace orbit
