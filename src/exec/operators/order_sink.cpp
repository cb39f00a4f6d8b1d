#include "exec/operators/order_sink.h"

#include <algorithm>
#include <numeric>

#include <tbb/parallel_sort.h>

#include "exec/gather.h"

namespace orbit {

std::string OrderSink::detail() const {
  std::string out;
  for (size_t i = 0; i < keys_.size(); ++i) {
    if (i) out += ", ";
    out += keys_[i].expression->ToString() + (keys_[i].descending ? " DESC" : " ASC");
    out += keys_[i].nulls_first ? " NULLS FIRST" : " NULLS LAST";
  }
  return out;
}

namespace {

// -1, 0, 1 comparing two valid cells of the same column; doubles order NaN last (PostgreSQL).
int CompareCells(const ColumnView& c, int64_t a, int64_t b) {
  auto cmp = [](const auto& x, const auto& y) { return x < y ? -1 : (y < x ? 1 : 0); };
  switch (physical_type(c.type)) {
    case PhysicalType::kInt32: return cmp(c.values<int32_t>()[a], c.values<int32_t>()[b]);
    case PhysicalType::kInt64: return cmp(c.values<int64_t>()[a], c.values<int64_t>()[b]);
    case PhysicalType::kInt128: return cmp(c.values<int128_t>()[a], c.values<int128_t>()[b]);
    case PhysicalType::kDouble: {
      double x = c.values<double>()[a], y = c.values<double>()[b];
      bool xn = x != x, yn = y != y;
      if (xn || yn) return xn == yn ? 0 : (xn ? 1 : -1);
      return cmp(x, y);
    }
    case PhysicalType::kBit: return cmp(c.GetBool(a), c.GetBool(b));
    case PhysicalType::kString: return c.GetString(a).compare(c.GetString(b)) < 0 ? -1 : (c.GetString(a) == c.GetString(b) ? 0 : 1);
    case PhysicalType::kNone: return 0;
  }
  return 0;
}

}  // namespace

Result<TablePtr> OrderSink::Finalize() {
  TablePtr all = Collected();
  // One batch, so row numbers index every column directly.
  Batch merged;
  merged.length = all->num_rows();
  for (int c = 0; c < all->num_columns(); ++c) {
    std::vector<ColumnPtr> parts;
    for (const Batch& b : all->batches()) parts.push_back(b.columns[c]);
    merged.columns.push_back(parts.empty() ? Column::Allocate(schema_[c].type, 0)
                                           : ConcatenateColumns(parts, schema_[c].type));
  }
  Chunk chunk;
  chunk.size = merged.length;
  for (const auto& c : merged.columns) chunk.columns.push_back(Vector::Of(c));
  ExpressionEvaluator evaluator(SimdKernels());
  std::vector<ColumnPtr> key_columns;
  for (const SortKey& key : keys_) {
    ORBIT_ASSIGN_OR_RETURN(Vector v, evaluator.Evaluate(*key.expression, chunk));
    key_columns.push_back(MaterializeVector(v));
  }
  std::vector<uint32_t> order(merged.length);
  std::iota(order.begin(), order.end(), 0u);
  std::vector<ColumnView> views;
  for (const auto& k : key_columns) views.push_back(k->view());
  auto less = [&](uint32_t a, uint32_t b) {
    for (size_t k = 0; k < keys_.size(); ++k) {
      const ColumnView& v = views[k];
      bool va = v.IsValid(a), vb = v.IsValid(b);
      if (!va || !vb) {
        if (va == vb) continue;
        // The NULL row goes first exactly when NULLS FIRST.
        return !va ? keys_[k].nulls_first : !keys_[k].nulls_first;
      }
      int c = CompareCells(v, a, b);
      if (c != 0) return keys_[k].descending ? c > 0 : c < 0;
    }
    return a < b;  // stable: ties keep input order
  };
  tbb::parallel_sort(order.begin(), order.end(), less);
  auto out = std::make_shared<Table>("result", schema_);
  Batch sorted;
  sorted.length = merged.length;
  for (const auto& c : merged.columns) {
    sorted.columns.push_back(GatherColumn(SimdKernels(), c->view(), order.data(), order.size()));
  }
  if (sorted.length > 0) out->Append(std::move(sorted));
  return out;
}

}  // namespace orbit
