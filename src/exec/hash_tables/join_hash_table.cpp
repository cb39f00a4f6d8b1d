#include "exec/hash_tables/join_hash_table.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <tuple>

#include <tbb/parallel_for.h>

#include "columnar/array_value.h"
#include "columnar/interval.h"
#include "columnar/list_value.h"
#include "common/memory_scope.h"
#include "exec/hash_tables/group_table.h"
#include "exec/pipeline/chunk.h"
#include "exec/pipeline/gather.h"
#include "kernels/hash_keys.h"

namespace orbit {

namespace {

bool SameDouble(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }

// Columns are hashed and indexed in ranges of this many rows (a multiple of 8, so slices
// of a column keep byte-aligned validity bitmaps).
constexpr int64_t kBuildRange = 16 * kVectorSize;
// Partitions of the build's second pass: enough that each fits the cache, few enough that
// every range's output streams stay in the cache too.
constexpr int kPartitionBits = 8;
// Direct indexing when the key range is at most this many times the rows, or at most a
// million slots (4 MiB of offsets) whatever the rows: a few hundred filtered parts keyed
// over 200 thousand part numbers (TPC-H Q17) probe faster by slot than by hash.
constexpr int64_t kDirectRangePerRow = 4;
constexpr int64_t kDirectRangeSlack = 1 << 20;

template <typename T>
bool IntegerKeyRange(const ColumnView& keys, int64_t* min, int64_t* max) {
  const T* values = keys.values<T>();
  bool any = false;
  T lo = 0, hi = 0;
  for (int64_t i = 0; i < keys.length; ++i) {
    if (!keys.IsValid(i)) continue;
    if (!any) {
      lo = hi = values[i];
      any = true;
    }
    lo = std::min(lo, values[i]);
    hi = std::max(hi, values[i]);
  }
  *min = lo;
  *max = hi;
  return any;
}

}  // namespace

void JoinHashTable::Slots(const KernelTable& kernels, const std::vector<ColumnView>& keys, int64_t n, uint64_t* slots,
                          uint8_t* can_match) const {
  if (direct_) {
    DirectSlots(keys[0], n, slots, can_match);
    return;
  }
  HashKeys(kernels.hash, keys, n, slots);
  std::fill(can_match, can_match + n, uint8_t{1});
  for (const ColumnView& k : keys) {
    if (k.validity == nullptr) continue;
    for (int64_t i = 0; i < n; ++i) can_match[i] &= static_cast<uint8_t>(k.IsValid(i));
  }
}

size_t JoinHashTable::RowsWithCandidates(const uint64_t* slots, const uint8_t* can_match, const uint8_t* row_mask,
                                         int64_t n, uint32_t* begins, uint32_t* ends, uint32_t* rows) const {
  for (int64_t row = 0; row < n; ++row) PrefetchBucket(slots[row]);
  size_t count = 0;
  for (int64_t row = 0; row < n; ++row) {
    std::tie(begins[row], ends[row]) = Candidates(slots[row]);
    rows[count] = static_cast<uint32_t>(row);
    const bool valid = can_match[row] && (row_mask == nullptr || bitmap::Get(row_mask, row));
    count += static_cast<size_t>(valid & (begins[row] < ends[row]));
  }
  for (size_t c = 0; c < count; ++c) PrefetchEntry(begins[rows[c]]);
  return count;
}

void JoinHashTable::DirectSlots(const ColumnView& key, int64_t n, uint64_t* slots, uint8_t* in_range) const {
  auto fill = [&](const auto* values) {
    for (int64_t i = 0; i < n; ++i) {
      // Unsigned wrap-around turns keys below the minimum into huge slots.
      const uint64_t slot = static_cast<uint64_t>(static_cast<int64_t>(values[i])) - static_cast<uint64_t>(direct_min_);
      slots[i] = slot;
      in_range[i] = slot < direct_slots_ && key.IsValid(i);
    }
  };
  if (physical_type(key.type) == PhysicalType::kInt32) {
    fill(key.values<int32_t>());
  } else {
    fill(key.values<int64_t>());
  }
}

Status JoinHashTable::Build(std::vector<Batch> batches, const KernelTable& kernels) {
  const size_t width = key_types_.size() + payload_schema_.size();
  rows_ = 0;
  for (const Batch& b : batches) rows_ += b.length;
  if (rows_ > kMaxRows) {
    return Status::NotSupported("hash join build sides of more than {} rows", kMaxRows);
  }
  columns_.resize(width);
  tbb::parallel_for(size_t{0}, width, UnderCurrentMemoryAccount([&](size_t c) {
                      std::vector<ColumnPtr> parts;
                      for (const Batch& b : batches) {
                        if (b.length > 0) parts.push_back(b.columns[c]);
                      }
                      const DataType& type =
                          c < key_types_.size() ? key_types_[c] : payload_schema_[c - key_types_.size()].type;
                      columns_[c] = parts.empty() ? Column::Allocate(type, 0) : ConcatenateColumns(parts, type);
                    }));
  batches.clear();
  for (size_t c = 0; c < width; ++c) {
    (c < key_types_.size() ? key_views_ : payload_views_).push_back(columns_[c]->view());
  }

  // A single integer key over a narrow range is indexed by key - min (see the header).
  direct_ = false;
  if (key_types_.size() == 1) {
    const PhysicalType physical = physical_type(key_types_[0]);
    int64_t min = 0, max = 0;
    bool any = false;
    if (physical == PhysicalType::kInt32) any = IntegerKeyRange<int32_t>(key_views_[0], &min, &max);
    if (physical == PhysicalType::kInt64) any = IntegerKeyRange<int64_t>(key_views_[0], &min, &max);
    const uint64_t range = static_cast<uint64_t>(max) - static_cast<uint64_t>(min) + 1;  // exact, as unsigned
    if (any && range != 0 && range <= static_cast<uint64_t>(kDirectRangePerRow * rows_ + kDirectRangeSlack) &&
        range < (uint64_t{1} << 32)) {
      direct_ = true;
      direct_min_ = min;
      direct_slots_ = range;
    }
  }
  // One bucket per row or so (hashing), or per key value (direct): runs stay short.
  const uint64_t buckets = std::bit_ceil(direct_ ? direct_slots_ : static_cast<uint64_t>(std::max<int64_t>(rows_, 1)));
  mask_ = buckets - 1;
  // Rows are placed in two cache-friendly passes rather than one random scatter: first
  // into partitions of neighbouring buckets (few output streams per thread), then each
  // partition, small enough for the cache, is sorted into its buckets by one task.
  const int bucket_bits = std::countr_zero(buckets);
  const int partition_bits = std::min(bucket_bits, kPartitionBits);
  const size_t partitions = size_t{1} << partition_bits;
  const int shift = bucket_bits - partition_bits;
  const int64_t ranges = (rows_ + kBuildRange - 1) / kBuildRange;

  // Pass 1: hash each range of rows and count its indexed rows per partition.
  std::vector<uint64_t, LargeAllocator<uint64_t>> hashes(rows_);
  std::vector<uint8_t, LargeAllocator<uint8_t>> indexed(rows_);
  std::vector<uint32_t> range_counts(ranges * partitions, 0);
  tbb::parallel_for(int64_t{0}, ranges, [&](int64_t r) {
    const int64_t begin = r * kBuildRange;
    const int64_t n = std::min(kBuildRange, rows_ - begin);
    std::vector<ColumnView> keys;
    for (const ColumnView& k : key_views_) keys.push_back(k.Slice(begin, n));
    if (direct_) {
      std::vector<uint8_t> in_range(n);
      DirectSlots(keys[0], n, hashes.data() + begin, in_range.data());
    } else {
      HashKeys(kernels.hash, keys, n, hashes.data() + begin);
    }
    uint32_t* counts = &range_counts[r * partitions];
    for (int64_t i = 0; i < n; ++i) {
      bool has_null = false;
      for (const ColumnView& k : keys) has_null = has_null || !k.IsValid(i);
      indexed[begin + i] = !has_null;
      if (!has_null) ++counts[(hashes[begin + i] & mask_) >> shift];
    }
  });
  // Where each range writes into each partition: partitions in order, ranges in order within.
  std::vector<uint32_t> partition_begin(partitions + 1);
  std::vector<uint32_t> range_cursor(ranges * partitions);
  uint32_t total = 0;
  for (size_t p = 0; p < partitions; ++p) {
    partition_begin[p] = total;
    for (int64_t r = 0; r < ranges; ++r) {
      range_cursor[r * partitions + p] = total;
      total += range_counts[r * partitions + p];
    }
  }
  partition_begin[partitions] = total;
  indexed_rows_ = total;

  // Pass 2: each range appends its rows, with their hashes, to the partitions (so pass 3
  // reads each partition sequentially instead of looking hashes up at random).
  std::vector<IndexEntry, LargeAllocator<IndexEntry>> partitioned(total);
  tbb::parallel_for(int64_t{0}, ranges, [&](int64_t r) {
    const int64_t begin = r * kBuildRange;
    const int64_t end = std::min(begin + kBuildRange, rows_);
    uint32_t* cursor = &range_cursor[r * partitions];
    for (int64_t row = begin; row < end; ++row) {
      if (indexed[row])
        partitioned[cursor[(hashes[row] & mask_) >> shift]++] = {hashes[row], static_cast<uint32_t>(row)};
    }
  });

  // Pass 3: each partition counting-sorts its rows into its own buckets.
  offsets_.resize(buckets + 1);
  entries_.resize(total);
  const uint64_t buckets_per_partition = uint64_t{1} << shift;
  tbb::parallel_for(size_t{0}, partitions, [&](size_t p) {
    const uint64_t first_bucket = p * buckets_per_partition;
    std::vector<uint32_t> cursor(buckets_per_partition, 0);
    for (uint32_t i = partition_begin[p]; i < partition_begin[p + 1]; ++i) {
      ++cursor[(partitioned[i].hash & mask_) - first_bucket];
    }
    uint32_t at = partition_begin[p];
    for (uint64_t b = 0; b < buckets_per_partition; ++b) {
      offsets_[first_bucket + b] = at;
      uint32_t count = cursor[b];
      cursor[b] = at;
      at += count;
    }
    for (uint32_t i = partition_begin[p]; i < partition_begin[p + 1]; ++i) {
      const IndexEntry& entry = partitioned[i];
      entries_[cursor[(entry.hash & mask_) - first_bucket]++] = entry;
    }
  });
  offsets_[buckets] = total;
  return Status::OK();
}

bool JoinHashTable::KeysEqual(uint32_t row, const std::vector<ColumnView>& probe_keys, int64_t probe_row) const {
  for (size_t k = 0; k < key_views_.size(); ++k) {
    const ColumnView& b = key_views_[k];
    const ColumnView& p = probe_keys[k];
    switch (physical_type(b.type)) {
      case PhysicalType::kInt8:
        if (b.values<int8_t>()[row] != p.values<int8_t>()[probe_row]) return false;
        break;
      case PhysicalType::kInt16:
        if (b.values<int16_t>()[row] != p.values<int16_t>()[probe_row]) return false;
        break;
      case PhysicalType::kInt32:
        if (b.values<int32_t>()[row] != p.values<int32_t>()[probe_row]) return false;
        break;
      case PhysicalType::kInt64:
        if (b.values<int64_t>()[row] != p.values<int64_t>()[probe_row]) return false;
        break;
      case PhysicalType::kInt128: {
        const int128_t x = b.values<int128_t>()[row], y = p.values<int128_t>()[probe_row];
        // INTERVAL keys match by span ('1 mon' = '30 days').
        if (b.type.is_interval() ? IntervalSpanOfBits(x) != IntervalSpanOfBits(y) : x != y) return false;
        break;
      }
      case PhysicalType::kDouble:
        if (!SameDouble(b.values<double>()[row], p.values<double>()[probe_row])) return false;
        break;
      case PhysicalType::kString:
        if (b.GetString(row) != p.GetString(probe_row)) return false;
        break;
      case PhysicalType::kBit:
        if (b.GetBool(row) != p.GetBool(probe_row)) return false;
        break;
      case PhysicalType::kFloat:
        if (!SameDouble(b.values<float>()[row], p.values<float>()[probe_row])) return false;
        break;
      case PhysicalType::kFixedArray:
        // Arrays match element for element, bit for bit (0.0 and -0.0 differ).
        if (std::memcmp(ArrayRowAt(b, row), ArrayRowAt(p, probe_row), b.type.byte_width()) != 0) return false;
        break;
      case PhysicalType::kList:
        if (CompareListRows(b, row, p, probe_row) != 0) return false;
        break;
      case PhysicalType::kNone: return false;
    }
  }
  return true;
}

}  // namespace orbit
