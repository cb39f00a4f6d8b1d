#include "exec/operators/row_order.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>
#include <type_traits>

#include <tbb/parallel_for.h>
#include <tbb/parallel_sort.h>

#include "columnar/array_value.h"
#include "columnar/interval.h"
#include "columnar/list_value.h"
#include "common/memory_scope.h"
#include "exec/expression/expression_evaluator.h"
#include "exec/pipeline/gather.h"

namespace orbit {

namespace {

// -1, 0, 1 comparing two valid cells of the same column; doubles order NaN last (PostgreSQL).
int CompareCells(const ColumnView& c, int64_t a, int64_t b) {
  auto cmp = [](const auto& x, const auto& y) { return x < y ? -1 : (y < x ? 1 : 0); };
  switch (physical_type(c.type)) {
    case PhysicalType::kInt8: return cmp(c.values<int8_t>()[a], c.values<int8_t>()[b]);
    case PhysicalType::kInt16: return cmp(c.values<int16_t>()[a], c.values<int16_t>()[b]);
    case PhysicalType::kInt32: return cmp(c.values<int32_t>()[a], c.values<int32_t>()[b]);
    case PhysicalType::kInt64: return cmp(c.values<int64_t>()[a], c.values<int64_t>()[b]);
    case PhysicalType::kInt128:
      // An INTERVAL orders by its span (a month as 30 days), as PostgreSQL's.
      if (c.type.is_interval()) {
        return cmp(IntervalSpanOfBits(c.values<int128_t>()[a]), IntervalSpanOfBits(c.values<int128_t>()[b]));
      }
      return cmp(c.values<int128_t>()[a], c.values<int128_t>()[b]);
    case PhysicalType::kDouble: {
      double x = c.values<double>()[a], y = c.values<double>()[b];
      bool xn = x != x, yn = y != y;
      if (xn || yn) return xn == yn ? 0 : (xn ? 1 : -1);
      return cmp(x, y);
    }
    case PhysicalType::kBit: return cmp(c.GetBool(a), c.GetBool(b));
    case PhysicalType::kString: {
      int r = c.GetString(a).compare(c.GetString(b));
      return r < 0 ? -1 : (r > 0 ? 1 : 0);
    }
    case PhysicalType::kFloat: {
      const float x = c.values<float>()[a], y = c.values<float>()[b];
      const bool xn = x != x, yn = y != y;
      if (xn || yn) return xn == yn ? 0 : (xn ? 1 : -1);
      return cmp(x, y);
    }
    case PhysicalType::kFixedArray: return CompareArrayRows(c.type, ArrayRowAt(c, a), ArrayRowAt(c, b));
    case PhysicalType::kList: return CompareListRows(c, a, c, b);
    case PhysicalType::kNone: return 0;
  }
  return 0;
}

}  // namespace

Batch MergeBatches(const std::vector<Batch>& batches, const Schema& schema) {
  Batch merged;
  for (const Batch& b : batches) merged.length += b.length;
  for (size_t c = 0; c < schema.size(); ++c) {
    std::vector<ColumnPtr> parts;
    for (const Batch& b : batches) {
      if (b.length > 0) parts.push_back(b.columns[c]);
    }
    merged.columns.push_back(parts.empty() ? Column::Allocate(schema[c].type, 0)
                                           : ConcatenateColumns(parts, schema[c].type));
  }
  return merged;
}

Result<std::vector<ColumnPtr>> EvaluateColumns(const Batch& batch, const std::vector<ExprPtr>& expressions) {
  Chunk chunk;
  chunk.size = batch.length;
  for (const auto& c : batch.columns) chunk.columns.push_back(Vector::Of(c));
  ExpressionEvaluator evaluator(SimdKernels());
  std::vector<ColumnPtr> columns;
  for (const ExprPtr& e : expressions) {
    ORBIT_ASSIGN_OR_RETURN(Vector v, evaluator.Evaluate(*e, chunk));
    columns.push_back(MaterializeVector(v));
  }
  return columns;
}

namespace {

// Integer keys (INTEGER, BIGINT, DATE, DECIMAL up to 18 digits) whose values less their
// minimum fit together in 64 bits, with a NULL bit for each key that has NULLs: one
// unsigned number per row that orders as the keys do (DESC and NULLS FIRST/LAST folded
// in), so the rows sort by integers instead of comparing cells key by key.
struct Packed {
  std::vector<uint64_t, LargeAllocator<uint64_t>> keys;
  std::vector<int> bits;  // per key, its field's width (key 0's field is the highest)
};

std::optional<Packed> PackedKeys(const std::vector<ColumnView>& views, const std::vector<SortKey>& keys, int64_t rows) {
  struct Field {
    int128_t min = 0;
    uint64_t range = 0;
    int value_bits = 0;
    bool has_null = false;
  };
  // fn(values) with the key's values as int32_t or int64_t: the type is looked up once per
  // key, not once per row.
  auto with_values = [](const ColumnView& v, auto&& fn) {
    if (physical_type(v.type) == PhysicalType::kInt32) {
      fn(v.values<int32_t>());
    } else {
      fn(v.values<int64_t>());
    }
  };
  std::vector<Field> fields(keys.size());
  int total = 0;
  for (size_t k = 0; k < keys.size(); ++k) {
    const ColumnView& v = views[k];
    const PhysicalType type = physical_type(v.type);
    if (type != PhysicalType::kInt32 && type != PhysicalType::kInt64) return std::nullopt;
    Field& f = fields[k];
    int128_t low = 0, high = 0;
    bool any = false;
    with_values(v, [&](const auto* values) {
      for (int64_t i = 0; i < rows; ++i) {
        if (!v.IsValid(i)) {
          f.has_null = true;
          continue;
        }
        const int128_t x = values[i];
        if (!any || x < low) low = x;
        if (!any || x > high) high = x;
        any = true;
      }
    });
    f.min = low;
    f.range = static_cast<uint64_t>(high - low);
    f.value_bits = f.range == 0 ? 0 : 64 - __builtin_clzll(f.range);
    total += f.value_bits + (f.has_null ? 1 : 0);
    if (total > 64) return std::nullopt;
  }
  Packed result;
  result.keys.resize(rows, 0);
  auto& packed = result.keys;
  for (size_t k = 0; k < keys.size(); ++k) {
    const ColumnView& v = views[k];
    result.bits.push_back(fields[k].value_bits + (fields[k].has_null ? 1 : 0));
    const Field& f = fields[k];
    const int bits = f.value_bits + (f.has_null ? 1 : 0);
    if (bits == 0) continue;
    // The NULL bit, above the value's: set for the NULLs when they sort last, for the values when first.
    const uint64_t null_bit = f.has_null ? uint64_t{1} << f.value_bits : 0;
    const uint64_t null_field = keys[k].nulls_first ? 0 : null_bit;
    const uint64_t value_flag = keys[k].nulls_first ? null_bit : 0;
    with_values(v, [&](const auto* values) {
      for (int64_t i = 0; i < rows; ++i) {
        uint64_t field = null_field;
        if (v.IsValid(i)) {
          auto x = static_cast<uint64_t>(values[i] - f.min);
          if (keys[k].descending) x = f.range - x;
          field = x | value_flag;
        }
        packed[i] = bits == 64 ? field : (packed[i] << bits) | field;
      }
    });
  }
  return result;
}

// (packed key, row) pairs sorted: distinct, so ties keep row order.
struct PackedEntry {
  uint64_t key;
  uint32_t row;
};
using PackedEntries = std::vector<PackedEntry, LargeAllocator<PackedEntry>>;

// Sorted by key, ties in row order: a least-significant-digit radix sort, stable, so rows
// that start in row order keep it among equal keys. A pass whose digit is the same for
// every key moves nothing and is skipped.
PackedEntries SortPacked(const Packed& packed) {
  const auto rows = static_cast<int64_t>(packed.keys.size());
  PackedEntries entries(rows);
  uint64_t any_bits = 0;
  bool sorted = true;  // data is often stored in key order already (a table loaded sorted)
  for (int64_t i = 0; i < rows; ++i) {
    entries[i] = {packed.keys[i], static_cast<uint32_t>(i)};
    any_bits |= packed.keys[i];
    sorted = sorted && (i == 0 || packed.keys[i - 1] <= packed.keys[i]);
  }
  if (sorted) return entries;
  PackedEntries scratch(rows);
  constexpr int kDigitBits = 11;
  constexpr size_t kBuckets = size_t{1} << kDigitBits;
  std::vector<int64_t> counts(kBuckets);
  for (int shift = 0; shift < 64 && (any_bits >> shift) != 0; shift += kDigitBits) {
    std::fill(counts.begin(), counts.end(), 0);
    for (int64_t i = 0; i < rows; ++i) ++counts[(entries[i].key >> shift) & (kBuckets - 1)];
    if (std::find(counts.begin(), counts.end(), rows) != counts.end()) continue;  // one digit for all
    int64_t at = 0;
    for (int64_t& c : counts) {
      const int64_t n = c;
      c = at;
      at += n;
    }
    for (int64_t i = 0; i < rows; ++i) scratch[counts[(entries[i].key >> shift) & (kBuckets - 1)]++] = entries[i];
    entries.swap(scratch);
  }
  return entries;
}

// The row order by `views`, only the first `limit` rows when set.
RowOrder SortViews(const std::vector<ColumnView>& views, const std::vector<SortKey>& keys, int64_t rows,
                   std::optional<int64_t> limit) {
  auto less = [&](uint32_t a, uint32_t b) {
    for (size_t k = 0; k < keys.size(); ++k) {
      const ColumnView& v = views[k];
      bool va = v.IsValid(a), vb = v.IsValid(b);
      if (!va || !vb) {
        if (va == vb) continue;
        // The NULL row goes first exactly when NULLS FIRST.
        return !va ? keys[k].nulls_first : !keys[k].nulls_first;
      }
      int c = CompareCells(v, a, b);
      if (c != 0) return keys[k].descending ? c > 0 : c < 0;
    }
    return a < b;  // stable: ties keep row order
  };
  RowOrder order(rows);
  if (!limit || *limit >= rows) {
    if (auto packed = PackedKeys(views, keys, rows)) {
      PackedEntries entries = SortPacked(*packed);
      packed.reset();
      for (int64_t i = 0; i < rows; ++i) order[i] = entries[i].row;
      return order;
    }
  }
  std::iota(order.begin(), order.end(), 0u);
  if (limit && *limit < rows) {
    std::partial_sort(order.begin(), order.begin() + *limit, order.end(), less);
    order.resize(*limit);
  } else {
    tbb::parallel_sort(order.begin(), order.end(), less);
  }
  return order;
}

}  // namespace

RowOrder SortedRowsByColumns(const std::vector<ColumnView>& columns, const std::vector<SortKey>& keys, int64_t rows) {
  return SortViews(columns, keys, rows, std::nullopt);
}

bool SameKeyValues(const std::vector<ColumnView>& columns, int64_t a, int64_t b) {
  for (const ColumnView& c : columns) {
    const bool va = c.IsValid(a), vb = c.IsValid(b);
    if (va != vb) return false;
    if (va && CompareCells(c, a, b) != 0) return false;
  }
  return true;
}

namespace {

// Sets changed[i] in [begin, end) where row i's cell differs from row i - 1's (NULL equals
// NULL, NaN equals NaN); `same(a, b)` compares two valid cells, typed once per column.
template <typename Same>
void MarkChangesOf(const ColumnView& c, int64_t begin, int64_t end, uint8_t* changed, Same same) {
  for (int64_t i = begin; i < end; ++i) {
    const bool va = c.IsValid(i - 1), vb = c.IsValid(i);
    changed[i] |= static_cast<uint8_t>(va != vb || (va && !same(i - 1, i)));
  }
}

template <typename T>
void MarkValueChanges(const ColumnView& c, int64_t begin, int64_t end, uint8_t* changed) {
  const T* v = c.values<T>();
  MarkChangesOf(c, begin, end, changed, [v](int64_t a, int64_t b) {
    if constexpr (std::is_floating_point_v<T>) {
      if (std::isnan(v[a]) || std::isnan(v[b])) return std::isnan(v[a]) == std::isnan(v[b]);
    }
    return v[a] == v[b];
  });
}

void MarkColumnChanges(const ColumnView& c, int64_t begin, int64_t end, uint8_t* changed) {
  switch (physical_type(c.type)) {
    case PhysicalType::kInt8: return MarkValueChanges<int8_t>(c, begin, end, changed);
    case PhysicalType::kInt16: return MarkValueChanges<int16_t>(c, begin, end, changed);
    case PhysicalType::kInt32: return MarkValueChanges<int32_t>(c, begin, end, changed);
    case PhysicalType::kInt64: return MarkValueChanges<int64_t>(c, begin, end, changed);
    case PhysicalType::kInt128:
      // Two INTERVALs of one span are peers ('1 mon' and '30 days'): compared as cells.
      if (c.type.is_interval()) break;
      return MarkValueChanges<int128_t>(c, begin, end, changed);
    case PhysicalType::kDouble: return MarkValueChanges<double>(c, begin, end, changed);
    case PhysicalType::kFloat: return MarkValueChanges<float>(c, begin, end, changed);
    default: break;
  }
  MarkChangesOf(c, begin, end, changed, [&c](int64_t a, int64_t b) { return CompareCells(c, a, b) == 0; });
}

}  // namespace

void MarkKeyChanges(const std::vector<ColumnView>& columns, int64_t rows, uint8_t* changed) {
  constexpr int64_t kRowsPerTask = 1 << 16;
  tbb::parallel_for(tbb::blocked_range<int64_t>(1, std::max<int64_t>(rows, 1), kRowsPerTask),
                    UnderCurrentMemoryAccount([&](const tbb::blocked_range<int64_t>& r) {
                      for (const ColumnView& c : columns) MarkColumnChanges(c, r.begin(), r.end(), changed);
                    }));
}

KeyedOrder SortAndMarkKeyChanges(const std::vector<ColumnView>& columns, const std::vector<SortKey>& keys,
                                 size_t partition_keys, int64_t rows) {
  KeyedOrder out;
  out.partition_starts.assign(rows, 0);
  out.peer_starts.assign(rows, 0);
  if (keys.empty()) return out;
  if (std::optional<Packed> packed = PackedKeys(columns, keys, rows)) {
    // Equal values pack to equal fields: the sorted keys tell the changes apart without
    // reading the columns again.
    int order_bits = 0;
    for (size_t k = partition_keys; k < keys.size(); ++k) order_bits += packed->bits[k];
    PackedEntries entries = SortPacked(*packed);
    packed.reset();
    out.order.resize(rows);
    for (int64_t i = 0; i < rows; ++i) {
      out.order[i] = entries[i].row;
      if (i == 0) continue;
      const uint64_t a = entries[i - 1].key, b = entries[i].key;
      out.peer_starts[i] = static_cast<uint8_t>(a != b);
      out.partition_starts[i] = static_cast<uint8_t>(order_bits < 64 && (a >> order_bits) != (b >> order_bits));
    }
    return out;
  }
  out.order = SortViews(columns, keys, rows, std::nullopt);
  std::vector<ColumnPtr> sorted;
  std::vector<ColumnView> views;
  for (const ColumnView& c : columns) {
    sorted.push_back(GatherColumn(SimdKernels(), c, out.order.data(), out.order.size()));
    views.push_back(sorted.back()->view());
  }
  const auto split = views.begin() + static_cast<std::ptrdiff_t>(partition_keys);
  MarkKeyChanges(std::vector<ColumnView>(views.begin(), split), rows, out.partition_starts.data());
  std::copy(out.partition_starts.begin(), out.partition_starts.end(), out.peer_starts.begin());
  MarkKeyChanges(std::vector<ColumnView>(split, views.end()), rows, out.peer_starts.data());
  return out;
}

Result<RowOrder> SortedRows(const Batch& batch, const std::vector<SortKey>& keys, std::optional<int64_t> limit) {
  std::vector<ExprPtr> expressions;
  for (const SortKey& key : keys) expressions.push_back(key.expression);
  ORBIT_ASSIGN_OR_RETURN(std::vector<ColumnPtr> key_columns, EvaluateColumns(batch, expressions));
  std::vector<ColumnView> views;
  for (const auto& k : key_columns) views.push_back(k->view());
  return SortViews(views, keys, batch.length, limit);
}

Batch GatherRows(const Batch& batch, const RowOrder& rows) {
  Batch out;
  out.length = static_cast<int64_t>(rows.size());
  for (const auto& c : batch.columns)
    out.columns.push_back(GatherColumn(SimdKernels(), c->view(), rows.data(), rows.size()));
  return out;
}

}  // namespace orbit
