// orbit_functions() and SHOW FUNCTIONS: the registry as a table, one row per signature.
#pragma once

#include "columnar/table.h"
#include "functions/function_registry.h"

namespace orbit {

/// Columns: name, kind (scalar, operator, aggregate, window or table), signature, result_type,
/// aliases (comma-separated), description; in registration order.
TablePtr FunctionListTable(const FunctionRegistry& registry);
/// The table's columns, and its rows (one per signature), without building it.
Schema FunctionListSchema();
int64_t FunctionListRows(const FunctionRegistry& registry);

}  // namespace orbit
