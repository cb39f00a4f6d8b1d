// JoinHashTable: the build side of a hash join. It holds every build row (key columns and
// payload columns, concatenated from the build pipeline's chunks) and a chained hash
// index over the keys: heads[hash & mask] -> first row, next[row] -> the following row of
// the same bucket. Rows with a NULL key are stored (a LEFT join never needs them, but the
// payload stays aligned) and left out of the index, so they never match. Built once, in
// parallel, then only read, by many probing threads at once.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "columnar/table.h"
#include "common/status.h"
#include "kernels/kernel_table.h"

namespace orbit {

class JoinHashTable {
 public:
  static constexpr uint32_t kEnd = UINT32_MAX;

  /// Build rows arrive as batches whose columns are the keys (`key_types`), then the payload.
  JoinHashTable(std::vector<DataType> key_types, Schema payload)
      : key_types_(std::move(key_types)), payload_schema_(std::move(payload)) {}

  /// Concatenates the batches, hashes the keys and indexes every row whose keys are all
  /// non-NULL, using the current TBB arena's threads. Call once.
  Status Build(std::vector<Batch> batches, const KernelTable& kernels);

  int64_t rows() const { return rows_; }
  size_t num_keys() const { return key_types_.size(); }
  const Schema& payload_schema() const { return payload_schema_; }
  /// Payload column c over all build rows.
  const ColumnView& payload(size_t c) const { return payload_views_[c]; }

  /// The first build row in the bucket of `hash` (kEnd if none); Next() walks the chain.
  /// Rows in a chain share a bucket, not necessarily the hash or the keys: check both.
  uint32_t First(uint64_t hash) const { return heads_.empty() ? kEnd : heads_[hash & mask_].load(std::memory_order_relaxed); }
  uint32_t Next(uint32_t row) const { return next_[row]; }
  uint64_t Hash(uint32_t row) const { return hashes_[row]; }
  /// Whether build row `row` has the keys of row `probe_row` of `probe_keys` (same types,
  /// all valid). Doubles compare as SQL does: -0.0 = 0.0 and NaN = NaN.
  bool KeysEqual(uint32_t row, const std::vector<ColumnView>& probe_keys, int64_t probe_row) const;

 private:
  std::vector<DataType> key_types_;
  Schema payload_schema_;
  int64_t rows_ = 0;
  std::vector<ColumnPtr> columns_;  // keys, then payload; one column each over all rows
  std::vector<ColumnView> key_views_;
  std::vector<ColumnView> payload_views_;
  std::vector<uint64_t> hashes_;
  std::vector<std::atomic<uint32_t>> heads_;
  std::vector<uint32_t> next_;
  uint64_t mask_ = 0;
};

}  // namespace orbit
