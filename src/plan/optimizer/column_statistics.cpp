#include "plan/optimizer/column_statistics.h"

#include <cmath>
#include <map>
#include <mutex>
#include <vector>

#include "kernels/hash_keys.h"
#include "kernels/hyper_log_log.h"
#include "kernels/kernel_table.h"

namespace orbit {

namespace {

constexpr int kRegisterBits = 12;  // 4096 registers
constexpr size_t kRegisters = size_t{1} << kRegisterBits;
constexpr int64_t kBlockRows = 2048;  // rows hashed at a time

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
        if (view.IsValid(i)) hyper_log_log::Add(registers.data(), kRegisterBits, hashes[i]);
      }
    }
  }
  return hyper_log_log::Estimate(registers.data(), kRegisterBits);
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
      case PhysicalType::kInt8: Widen<int8_t>(view, range); break;
      case PhysicalType::kInt16: Widen<int16_t>(view, range); break;
      case PhysicalType::kFloat: Widen<float>(view, range); break;
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
