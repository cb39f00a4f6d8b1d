// Small plan shapes that several statement binders build around a bound query.
#pragma once

#include <string>
#include <vector>

#include "plan/logical_plan.h"

namespace orbit {

/// `plan`'s rows with a BIGINT column `name` (empty: the call as EXPLAIN writes it) after
/// them: row_number() within each group of equal `partition_by` values (NULLs equal), in
/// `order_by`'s order.
LogicalPtr WithRowNumbers(LogicalPtr plan, std::vector<ExprPtr> partition_by, std::vector<SortKey> order_by,
                          const std::string& name);

/// The first `count` columns of `plan`'s rows.
LogicalPtr FirstColumns(LogicalPtr plan, size_t count);

}  // namespace orbit
