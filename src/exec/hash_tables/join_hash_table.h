// JoinHashTable: the build side of a hash join. It holds every build row (key columns and
// payload columns, concatenated from the build pipeline's chunks) and an index over the
// keys laid out by bucket: the entries of bucket b (row numbers and their hashes) sit
// contiguously at [offsets[b], offsets[b + 1]), so a probe reads one short run instead of
// chasing a chain through memory (keys repeated many times, as in TPC-H Q13, stay cheap).
// Rows with a NULL key are stored (the payload stays aligned) but not indexed, so they
// never match. Built once, in parallel, then only read, by many probing threads at once.
//
// A single integer key whose values span a range at most a few times the row count (the
// keys of TPC-H's tables, most surrogate keys) is indexed directly: its bucket is key - min,
// not a hash, so a probe computes no hash and the entries of a bucket are exact matches
// (no key comparison), one short run per key.
#pragma once

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "columnar/table.h"
#include "common/large_allocation.h"
#include "common/status.h"
#include "kernels/kernel_table.h"

namespace orbit {

class JoinHashTable {
 public:
  /// Row numbers are 32-bit: at most this many build rows.
  static constexpr int64_t kMaxRows = UINT32_MAX - 1;

  /// Build rows arrive as batches whose columns are the keys (`key_types`), then the payload.
  JoinHashTable(std::vector<DataType> key_types, Schema payload)
      : key_types_(std::move(key_types)), payload_schema_(std::move(payload)) {}

  /// Concatenates the batches, hashes the keys and indexes every row whose keys are all
  /// non-NULL, using the current TBB arena's threads. Call once.
  Status Build(std::vector<Batch> batches, const KernelTable& kernels);

  int64_t rows() const { return rows_; }
  /// Whether some build row has a NULL key (such rows are stored but never match).
  bool has_null_key() const { return indexed_rows_ < rows_; }
  size_t num_keys() const { return key_types_.size(); }
  const Schema& payload_schema() const { return payload_schema_; }
  /// Payload column c over all build rows.
  const ColumnView& payload(size_t c) const { return payload_views_[c]; }

  /// Whether buckets are indexed by key - min (see the top of this file).
  bool direct() const { return direct_; }
  /// For n probe rows: each row's slot (its keys' hash, or key - min when direct), for
  /// Candidates, and whether it can match at all (no NULL key; in the direct range).
  void Slots(const KernelTable& kernels, const std::vector<ColumnView>& keys, int64_t n, uint64_t* slots,
             uint8_t* can_match) const;
  /// The probe rows worth comparing: for each of n rows its candidate entries [begins,
  /// ends), and in `rows` (how many is returned) those that can match, are not masked out
  /// (`row_mask`, may be null) and whose bucket is not empty. Found without branches (a
  /// selective join would mispredict half of them), the buckets and first entries
  /// prefetched so that the loads overlap.
  size_t RowsWithCandidates(const uint64_t* slots, const uint8_t* can_match, const uint8_t* row_mask, int64_t n,
                            uint32_t* begins, uint32_t* ends, uint32_t* rows) const;
  /// Whether entry i (a candidate of `slot`) holds the keys of probe row `row`.
  bool EntryMatches(uint32_t i, uint64_t slot, const std::vector<ColumnView>& keys, int64_t row) const {
    return entries_[i].hash == slot && (direct_ || KeysEqual(entries_[i].row, keys, row));
  }

  /// The index entries that may match a probe row with this slot (see Slots): [begin, end)
  /// of Entry(); check each with EntryMatches.
  std::pair<uint32_t, uint32_t> Candidates(uint64_t hash) const {
    if (offsets_.empty()) return {0, 0};
    const uint64_t b = hash & mask_;
    return {offsets_[b], offsets_[b + 1]};
  }
  /// Starts loading the bucket of `hash` into the cache (see PrefetchEntry).
  void PrefetchBucket(uint64_t hash) const {
    if (!offsets_.empty()) __builtin_prefetch(offsets_.data() + (hash & mask_));
  }
  uint32_t Entry(uint32_t i) const { return entries_[i].row; }
  uint64_t EntryHash(uint32_t i) const { return entries_[i].hash; }
  /// Starts loading entry i into the cache (probes look up a whole chunk's candidates
  /// first, so the loads overlap instead of waiting one after another).
  void PrefetchEntry(uint32_t i) const { __builtin_prefetch(entries_.data() + i); }
  /// Whether build row `row` has the keys of row `probe_row` of `probe_keys` (same types,
  /// all valid). Doubles compare as SQL does: -0.0 = 0.0 and NaN = NaN.
  bool KeysEqual(uint32_t row, const std::vector<ColumnView>& probe_keys, int64_t probe_row) const;

 private:
  void DirectSlots(const ColumnView& key, int64_t n, uint64_t* slots, uint8_t* in_range) const;

  std::vector<DataType> key_types_;
  Schema payload_schema_;
  int64_t rows_ = 0;
  int64_t indexed_rows_ = 0;        // rows whose keys are all non-NULL
  std::vector<ColumnPtr> columns_;  // keys, then payload; one column each over all rows
  std::vector<ColumnView> key_views_;
  std::vector<ColumnView> payload_views_;
  struct IndexEntry {
    uint64_t hash;
    uint32_t row;
  };
  std::vector<uint32_t, LargeAllocator<uint32_t>> offsets_;      // per bucket, then the end: where its entries start
  std::vector<IndexEntry, LargeAllocator<IndexEntry>> entries_;  // build rows with their hashes, bucket by bucket
  uint64_t mask_ = 0;
  bool direct_ = false;
  int64_t direct_min_ = 0;     // direct mode: the smallest key; slot = key - direct_min_
  uint64_t direct_slots_ = 0;  // direct mode: max - min + 1
};

}  // namespace orbit
