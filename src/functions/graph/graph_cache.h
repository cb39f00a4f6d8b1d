// The CSR graphs built from edge tables, kept until their table changes. Catalog tables are
// immutable snapshots and every change (INSERT, UPDATE, DELETE, COPY, ALTER, a re-register
// from Arrow) swaps in a new Table object, so a graph is valid exactly while the Table it was
// built from is alive and is the one a query names: the cache holds a weak pointer to it and
// compares identity. It is bounded: at most kMaxGraphs graphs and kMaxBytes bytes, the least
// recently used evicted first (a graph larger than the budget is built and used, not kept).
#pragma once

#include <cstddef>
#include <list>
#include <memory>
#include <mutex>

#include "functions/graph/csr_graph.h"

namespace orbit {

class GraphCache {
 public:
  static constexpr size_t kMaxGraphs = 8;
  static constexpr size_t kMaxBytes = size_t{2} << 30;

  /// The process-wide cache the graph table functions use.
  static GraphCache& Global();

  /// The graph of `table` (weighted or not), built now unless kept from an earlier call.
  Result<CsrGraphPtr> Get(const std::shared_ptr<const Table>& table, bool weighted);

  /// What the cache holds now (tests): graphs and bytes, after dropping those whose table is gone.
  size_t graphs();
  size_t bytes();
  /// Builds done since the process started (tests: a second call on one table builds nothing).
  size_t builds();

 private:
  struct Entry {
    std::weak_ptr<const Table> table;
    const Table* identity;  // compared only while `table` is alive
    bool weighted;
    CsrGraphPtr graph;
  };
  void DropExpiredLocked();

  std::mutex mutex_;
  std::list<Entry> entries_;  // most recently used first
  size_t bytes_ = 0;
  size_t builds_ = 0;
};

}  // namespace orbit
