// INSERT ... ON CONFLICT: which proposed rows go in, and (DO UPDATE) what the rows they
// collide with become. The proposed rows are a table named "excluded" (PostgreSQL's name),
// and both steps are queries the engine runs over it and the target's current version:
//   inserted: the proposed rows no row of the table shares a key with, and for DO NOTHING
//             the first of the proposed rows that share one (a later one collides with it);
//   updated:  UPDATE t SET ... FROM excluded WHERE t's key = excluded's key [AND where], run
//             by the ordinary UPDATE binder (DO UPDATE: two proposed rows with one key are
//             PostgreSQL's "cannot affect row a second time" error).
// A proposed row with a NULL in its key never collides (NULLs are distinct in keys).
#pragma once

#include <vector>

#include "columnar/table.h"
#include "common/status.h"
#include "exec/pipeline/executor.h"
#include "sql/binder/bound_statement.h"

namespace orbit {

struct ConflictOutcome {
  TablePtr next;                // the table's next version (before its keys are checked)
  std::vector<Batch> inserted;  // the proposed rows that went in
  int64_t changed = 0;          // rows inserted plus rows updated
};

/// `statement`'s ON CONFLICT applied to `rows` (the proposed rows, the table's columns)
/// against `target`, the table's current version.
Result<ConflictOutcome> ResolveConflicts(const BoundStatement& statement, const TablePtr& target,
                                         const std::vector<Batch>& rows, const ExecutionOptions& options);

}  // namespace orbit
