// A session's transaction block (BEGIN ... COMMIT): its own copy of the catalog, published
// whole at COMMIT. Tables are shared immutable snapshots, so the copy holds pointers, not
// rows. The concurrency model (README "Transactions"): one writer at a time. A block reads
// the committed catalog until its first change (READ COMMITTED: each statement sees what was
// committed when it started); that change takes the database's write lock, which the block
// then holds until it ends, and copies the catalog, which from then on no other session can
// change. REPEATABLE READ and SERIALIZABLE copy it at the block's first statement instead and
// fail their first change (40001) if anything was committed since: with writers serialised
// by the lock, that is serializable. A statement outside a block is a block of its own.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sql/catalog/catalog.h"

namespace orbit {

enum class IsolationLevel : uint8_t { kReadCommitted, kRepeatableRead, kSerializable };

/// What ReadyForQuery reports: no block, a block, a block an error failed.
enum class TransactionState : uint8_t { kIdle, kInBlock, kFailed };

/// A READ ONLY block's answer to `statement_sql`, a change: PostgreSQL's 25006 error
/// ("cannot execute INSERT in a read-only transaction").
Status ReadOnlyBlockRefuses(const std::string& statement_sql);

/// The isolation level BEGIN ISOLATION LEVEL names (lower-case; empty: READ COMMITTED, as
/// PostgreSQL's default), or an error for one Orbit does not know.
Result<IsolationLevel> ParseIsolationLevel(const std::string& name);

struct TransactionBlock {
  /// SAVEPOINT name: the block's catalog as it was then (none: before its first change).
  struct Savepoint {
    std::string name;
    std::optional<CatalogState> state;
  };

  IsolationLevel isolation = IsolationLevel::kReadCommitted;
  bool failed = false;               // an error: every statement but ROLLBACK/COMMIT fails (25P02)
  bool read_only = false;            // BEGIN READ ONLY: a change fails (25006)
  bool holds_writer = false;         // the database's write lock, taken at the first change
  std::unique_ptr<Catalog> catalog;  // the block's copy; null while it reads the committed catalog
  uint64_t snapshot_generation = 0;  // the commit its copy was made from
  std::vector<Savepoint> savepoints;

  bool snapshot_isolation() const { return isolation != IsolationLevel::kReadCommitted; }
  /// The newest savepoint called `name`, or null.
  Savepoint* FindSavepoint(const std::string& name);
};

}  // namespace orbit
