#include "plan/optimizer/column_statistics.h"

#include <bit>
#include <cmath>
#include <map>
#include <mutex>
#include <vector>

#include "kernels/hash_keys.h"
#include "kernels/kernel_table.h"

namespace orbit {

namespace {

constexpr int kRegisterBits = 12;  // 4096 registers
constexpr size_t kRegisters = size_t{1} << kRegisterBits;
constexpr int64_t kBlockRows = 2048;  // rows hashed at a time

// The hash kernels' output re-mixed (splitmix64's finaliser), so that register index and
// rank draw on well-spread bits whatever the kernels' hash looks like.
uint64_t Mix(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

double HyperLogLog(const Table& table, int column) {
  std::vector<uint8_t> registers(kRegisters, 0);
  uint64_t hashes[kBlockRows];
  for (const Batch& batch : table.batches()) {
    const ColumnView all = batch.columns[column]->view();
    for (int64_t begin = 0; begin < batch.length; begin += kBlockRows) {
      const int64_t n = std::min(kBlockRows, batch.length - begin);
      const ColumnView view = all.Slice(begin, n);
      HashKeys(SimdKernels().hash, {view}, n, hashes);
      for (int64_t i = 0; i < n; ++i) {
        if (!view.IsValid(i)) continue;
        const uint64_t h = Mix(hashes[i]);
        const size_t index = h >> (64 - kRegisterBits);
        const uint8_t rank = static_cast<uint8_t>(std::countl_zero((h << kRegisterBits) | 1) + 1);
        registers[index] = std::max(registers[index], rank);
      }
    }
  }
  double sum = 0;
  size_t zeros = 0;
  for (uint8_t r : registers) {
    sum += std::ldexp(1.0, -r);
    zeros += r == 0;
  }
  const double m = static_cast<double>(kRegisters);
  const double estimate = 0.7213 / (1 + 1.079 / m) * m * m / sum;
  // Small cardinalities: linear counting over the empty registers is more accurate.
  if (estimate <= 2.5 * m && zeros > 0) return m * std::log(m / static_cast<double>(zeros));
  return estimate;
}

template <typename T>
void Widen(const ColumnView& view, ValueRange& range) {
  const T* values = view.values<T>();
  for (int64_t i = 0; i < view.length; ++i) {
    if (!view.IsValid(i)) continue;
    const double v = static_cast<double>(values[i]);
    if (!range.known) {
      range = {true, v, v};
    } else {
      range.min = std::min(range.min, v);
      range.max = std::max(range.max, v);
    }
  }
}

ValueRange ComputeValueRange(const Table& table, int column) {
  ValueRange range;
  for (const Batch& batch : table.batches()) {
    const ColumnView view = batch.columns[column]->view();
    switch (physical_type(view.type)) {
      case PhysicalType::kInt32: Widen<int32_t>(view, range); break;
      case PhysicalType::kInt64: Widen<int64_t>(view, range); break;
      case PhysicalType::kInt128: Widen<int128_t>(view, range); break;
      case PhysicalType::kDouble: Widen<double>(view, range); break;
      default: return {};
    }
  }
  return range;
}

// Statistics computed so far, per live table: tables are immutable snapshots, so an entry
// stays right for as long as its table lives.
template <typename Stat>
class StatisticsCache {
 public:
  template <typename Compute>
  Stat Get(const TablePtr& table, int column, const Compute& compute) {
    {
      std::lock_guard lock(mutex_);
      for (auto it = entries_.begin(); it != entries_.end();) {
        it = it->second.table.expired() ? entries_.erase(it) : std::next(it);
      }
      auto it = entries_.find(table.get());
      if (it != entries_.end() && it->second.table.lock() == table) {
        auto found = it->second.values.find(column);
        if (found != it->second.values.end()) return found->second;
      }
    }
    const Stat value = compute();
    std::lock_guard lock(mutex_);
    Entry& entry = entries_[table.get()];
    if (entry.table.lock() != table) entry = Entry{table, {}};
    entry.values[column] = value;
    return value;
  }

 private:
  struct Entry {
    std::weak_ptr<Table> table;  // detects a new table at a reused address
    std::map<int, Stat> values;
  };
  std::mutex mutex_;
  std::map<const Table*, Entry> entries_;
};

}  // namespace

double DistinctCount(const TablePtr& table, int column) {
  static StatisticsCache<double> cache;
  return cache.Get(table, column,
                   [&] { return std::min(HyperLogLog(*table, column), static_cast<double>(table->num_rows())); });
}

ValueRange ColumnValueRange(const TablePtr& table, int column) {
  static StatisticsCache<ValueRange> cache;
  return cache.Get(table, column, [&] { return ComputeValueRange(*table, column); });
}

}  // namespace orbit
