// NOT NULL columns keep their promise: rows about to be added to a stored table are checked
// before any of them is (a failed INSERT or COPY adds nothing).
#pragma once

#include <vector>

#include "columnar/table.h"
#include "common/status.h"

namespace orbit {

/// OK, or the Constraint error PostgreSQL gives for the first NULL in a NOT NULL column of
/// `target`: `null value in column "b" of relation "t" violates not-null constraint
/// (failing row contains (1, NULL))`.
Status CheckNotNull(const Table& target, const std::vector<Batch>& batches);

}  // namespace orbit
