// Gathers the small chunks a selective operator emits (a filter keeping 1% of rows, a join
// probe finding few partners) into chunks of useful size before the next operator. Every
// operator and sink pays a fixed cost per chunk (expression dispatch, allocations, metric
// updates); after a selective step that cost, not the rows, would dominate the pipeline.
// One coalescer sits in front of each operator, per morsel: rows keep their order.
#pragma once

#include <vector>

#include "exec/pipeline/chunk.h"

namespace orbit {

class ChunkCoalescer {
 public:
  /// Chunks smaller than this are held back and joined with the next ones.
  static constexpr int64_t kSmallChunk = kVectorSize / 4;

  /// Whether `chunk` is small enough to hold back (and unmasked: masks stay as they are).
  static bool Wants(const Chunk& chunk) { return chunk.size < kSmallChunk && !chunk.row_mask; }

  bool empty() const { return parts_.empty(); }
  /// Whether holding `chunk` too would exceed one vector, so the held rows must go first.
  bool WouldOverflow(const Chunk& chunk) const { return rows_ + chunk.size > kVectorSize; }
  /// Holds a copy of `chunk` (its views stay valid: they view tables, or columns the copy
  /// shares ownership of).
  void Add(const Chunk& chunk);
  /// Whether the held rows make a chunk worth passing on.
  bool Full() const { return rows_ >= kVectorSize / 2; }
  /// The held rows as one chunk, in the order they arrived; the coalescer is then empty.
  Chunk Take();

 private:
  std::vector<Chunk> parts_;
  int64_t rows_ = 0;
};

}  // namespace orbit
