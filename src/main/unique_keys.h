// PRIMARY KEY and UNIQUE kept: before a statement's changes are swapped in, the table's next
// version is searched for two rows with one key (a GROUP BY over the key columns, run by the
// engine like any query), and a duplicate fails the statement with PostgreSQL's message.
// The whole table is checked each time: a cost that grows with it (no index yet).
#pragma once

#include "columnar/table.h"
#include "common/status.h"
#include "exec/pipeline/executor.h"
#include "sql/catalog/catalog.h"

namespace orbit {

/// SELECT of the first non-NULL key of `key` that two rows of `table` share (no row: none).
std::string DuplicateKeyQuery(const std::string& table, const UniqueKey& key);

/// OK when no two rows of `table` whose key columns are all non-NULL share a key of `keys`;
/// else a UniqueViolation: `duplicate key value violates unique constraint "t_pkey": Key
/// (a)=(1) already exists`.
Status CheckUniqueKeys(const TablePtr& table, const UniqueKeys& keys, const ExecutionOptions& options);

}  // namespace orbit
