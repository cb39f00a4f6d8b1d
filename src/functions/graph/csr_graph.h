// A directed graph read from an edge table (columns source, target and, when weighted,
// weight), in compressed sparse row form over dense node indices, for the graph table
// functions (graph_bfs, spread_activation) and their kernels (kernels/kernel_table.h
// GraphKernels). Node ids (INTEGER or BIGINT) map to indices 0..n-1: by subtracting the
// smallest id when the ids are dense enough, else through the sorted list of distinct ids.
// Rows whose source or target is NULL (or, when weighted, whose weight is NULL) are skipped.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "columnar/table.h"
#include "common/status.h"

namespace orbit {

struct CsrGraph {
  /// Out-edges of node u: offsets[u] .. offsets[u+1] into targets (and weights). n + 1 entries.
  std::vector<int64_t> offsets;
  std::vector<uint32_t> targets;
  std::vector<double> weights;  // empty when built unweighted
  /// The transposed graph, weighted graphs only (spreading pulls over it when a hop's
  /// frontier reaches much of the graph): node v's in-edges in_offsets[v] .. in_offsets[v+1],
  /// from in_sources, in the table's row order.
  std::vector<int64_t> in_offsets;
  std::vector<uint32_t> in_sources;
  std::vector<double> in_weights;
  /// Index i is node id first_id + i when ids is empty, else ids[i] (ascending).
  int64_t first_id = 0;
  std::vector<int64_t> ids;
  int64_t skipped_rows = 0;  // rows left out for a NULL

  size_t num_nodes() const { return offsets.empty() ? 0 : offsets.size() - 1; }
  size_t num_edges() const { return targets.size(); }
  /// The index of node `id`, or nullopt when no edge names it.
  std::optional<uint32_t> IndexOf(int64_t id) const;
  int64_t IdOf(uint32_t index) const { return ids.empty() ? first_id + index : ids[index]; }
  /// Bytes held, for the cache's budget.
  size_t bytes() const;
};

using CsrGraphPtr = std::shared_ptr<const CsrGraph>;

/// OK when `table` can be read as an edge table: columns source and target of INTEGER or
/// BIGINT and, when `weighted`, weight of DOUBLE, INTEGER, BIGINT or DECIMAL. `function`
/// names the caller in the message ("spread_activation").
Status CheckEdgeTable(const Table& table, bool weighted, const std::string& function);

/// The CSR form of `table` (CheckEdgeTable first). Each node's edges keep the table's row
/// order; duplicate edges and self-loops are kept as they are.
Result<CsrGraphPtr> BuildCsrGraph(const Table& table, bool weighted);

}  // namespace orbit
