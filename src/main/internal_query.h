// Queries the engine runs on its own behalf (key checks, ON CONFLICT): SQL text over a
// catalog of the tables they need, planned and run like a user's query.
#pragma once

#include <string>

#include "columnar/table.h"
#include "common/status.h"
#include "exec/pipeline/executor.h"
#include "plan/logical_plan.h"
#include "sql/catalog/catalog.h"

namespace orbit {

/// `name` as a quoted SQL identifier ("a""b" for a"b).
std::string QuotedIdentifier(const std::string& name);
/// The relation of catalog key `key` as SQL, schema-qualified ("s"."t", "public"."t"), so that
/// it names that relation whatever the search_path.
std::string QuotedRelation(const std::string& key);

/// Optimizes, plans and runs a bound plan.
Result<TablePtr> RunPlan(LogicalPtr plan, const ExecutionOptions& options);

/// Binds `sql` (one SELECT) over `catalog` and runs it.
Result<TablePtr> RunInternalQuery(const std::string& sql, const Catalog& catalog, const ExecutionOptions& options);

}  // namespace orbit
