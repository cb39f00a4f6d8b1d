#include "exec/join_hash_table.h"

#include <atomic>
#include <bit>
#include <cmath>

#include <tbb/parallel_for.h>

#include "exec/chunk.h"
#include "exec/gather.h"
#include "exec/group_table.h"

namespace orbit {

namespace {

bool SameDouble(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }

// Columns are hashed and indexed in ranges of this many rows (a multiple of 8, so slices
// of a column keep byte-aligned validity bitmaps).
constexpr int64_t kBuildRange = 16 * kVectorSize;

}  // namespace

Status JoinHashTable::Build(std::vector<Batch> batches, const KernelTable& kernels) {
  const size_t width = key_types_.size() + payload_schema_.size();
  rows_ = 0;
  for (const Batch& b : batches) rows_ += b.length;
  if (rows_ > kMaxRows) {
    return Status::NotSupported("hash join build sides of more than {} rows", kMaxRows);
  }
  columns_.resize(width);
  tbb::parallel_for(size_t{0}, width, [&](size_t c) {
    std::vector<ColumnPtr> parts;
    for (const Batch& b : batches) {
      if (b.length > 0) parts.push_back(b.columns[c]);
    }
    const DataType& type = c < key_types_.size() ? key_types_[c] : payload_schema_[c - key_types_.size()].type;
    columns_[c] = parts.empty() ? Column::Allocate(type, 0) : ConcatenateColumns(parts, type);
  });
  batches.clear();
  for (size_t c = 0; c < width; ++c) {
    (c < key_types_.size() ? key_views_ : payload_views_).push_back(columns_[c]->view());
  }

  // Hash every row, and count the indexed rows of each bucket (one bucket per row or so:
  // runs stay short and the offsets small).
  const uint64_t buckets = std::bit_ceil(static_cast<uint64_t>(std::max<int64_t>(rows_, 1)));
  mask_ = buckets - 1;
  std::vector<uint64_t> hashes(rows_);
  std::vector<uint8_t> indexed(rows_);
  std::vector<std::atomic<uint32_t>> counts(buckets);
  const int64_t ranges = (rows_ + kBuildRange - 1) / kBuildRange;
  tbb::parallel_for(int64_t{0}, ranges, [&](int64_t r) {
    const int64_t begin = r * kBuildRange;
    const int64_t n = std::min(kBuildRange, rows_ - begin);
    std::vector<ColumnView> keys;
    for (const ColumnView& k : key_views_) keys.push_back(k.Slice(begin, n));
    HashKeys(kernels.hash, keys, n, hashes.data() + begin);
    for (int64_t i = 0; i < n; ++i) {
      bool has_null = false;
      for (const ColumnView& k : keys) has_null = has_null || !k.IsValid(i);
      indexed[begin + i] = !has_null;
      if (!has_null) counts[hashes[begin + i] & mask_].fetch_add(1, std::memory_order_relaxed);
    }
  });
  // Bucket b's entries start where the previous buckets' end.
  offsets_.resize(buckets + 1);
  uint32_t total = 0;
  for (uint64_t b = 0; b < buckets; ++b) {
    offsets_[b] = total;
    total += counts[b].load(std::memory_order_relaxed);
    counts[b].store(offsets_[b], std::memory_order_relaxed);  // now each bucket's fill cursor
  }
  offsets_[buckets] = total;
  entries_.resize(total);
  entry_hashes_.resize(total);
  tbb::parallel_for(int64_t{0}, ranges, [&](int64_t r) {
    const int64_t begin = r * kBuildRange;
    const int64_t end = std::min(begin + kBuildRange, rows_);
    for (int64_t row = begin; row < end; ++row) {
      if (!indexed[row]) continue;
      const uint32_t at = counts[hashes[row] & mask_].fetch_add(1, std::memory_order_relaxed);
      entries_[at] = static_cast<uint32_t>(row);
      entry_hashes_[at] = hashes[row];
    }
  });
  return Status::OK();
}

bool JoinHashTable::KeysEqual(uint32_t row, const std::vector<ColumnView>& probe_keys, int64_t probe_row) const {
  for (size_t k = 0; k < key_views_.size(); ++k) {
    const ColumnView& b = key_views_[k];
    const ColumnView& p = probe_keys[k];
    switch (physical_type(b.type)) {
      case PhysicalType::kInt32:
        if (b.values<int32_t>()[row] != p.values<int32_t>()[probe_row]) return false;
        break;
      case PhysicalType::kInt64:
        if (b.values<int64_t>()[row] != p.values<int64_t>()[probe_row]) return false;
        break;
      case PhysicalType::kInt128:
        if (b.values<int128_t>()[row] != p.values<int128_t>()[probe_row]) return false;
        break;
      case PhysicalType::kDouble:
        if (!SameDouble(b.values<double>()[row], p.values<double>()[probe_row])) return false;
        break;
      case PhysicalType::kString:
        if (b.GetString(row) != p.GetString(probe_row)) return false;
        break;
      case PhysicalType::kBit:
        if (b.GetBool(row) != p.GetBool(probe_row)) return false;
        break;
      case PhysicalType::kNone: return false;
    }
  }
  return true;
}

}  // namespace orbit
