#include "exec/operators/value_order_aggregates.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string_view>
#include <vector>

#include <tbb/parallel_for.h>

#include "columnar/array_value.h"
#include "columnar/interval.h"
#include "columnar/list_value.h"
#include "columnar/value_format.h"
#include "common/large_allocation.h"

namespace orbit {

namespace {

template <typename T>
using Array = std::vector<T, LargeAllocator<T>>;

constexpr uint32_t kNoRow = std::numeric_limits<uint32_t>::max();

// Row `row` of a numeric column as the number it stands for.
double NumberAt(const ColumnView& c, int64_t row) {
  switch (physical_type(c.type)) {
    case PhysicalType::kInt32: return c.values<int32_t>()[row];
    case PhysicalType::kInt64: {
      const auto v = static_cast<double>(c.values<int64_t>()[row]);
      return c.type.is_decimal() ? v / static_cast<double>(Pow10(c.type.scale)) : v;
    }
    case PhysicalType::kInt128:
      return static_cast<double>(c.values<int128_t>()[row]) / static_cast<double>(Pow10(c.type.scale));
    default: return c.values<double>()[row];
  }
}

// Calls visit(less) with a strict weak order of the rows of `c` by value (ORDER BY's: NaN
// above every number, text by bytes).
template <typename Visit>
void WithValueOrder(const ColumnView& c, Visit&& visit) {
  switch (physical_type(c.type)) {
    case PhysicalType::kInt8: {
      const int8_t* v = c.values<int8_t>();
      visit([v](uint32_t a, uint32_t b) { return v[a] < v[b]; });
      return;
    }
    case PhysicalType::kInt16: {
      const int16_t* v = c.values<int16_t>();
      visit([v](uint32_t a, uint32_t b) { return v[a] < v[b]; });
      return;
    }
    case PhysicalType::kInt32: {
      const int32_t* v = c.values<int32_t>();
      visit([v](uint32_t a, uint32_t b) { return v[a] < v[b]; });
      return;
    }
    case PhysicalType::kInt64: {
      const int64_t* v = c.values<int64_t>();
      visit([v](uint32_t a, uint32_t b) { return v[a] < v[b]; });
      return;
    }
    case PhysicalType::kInt128: {
      const int128_t* v = c.values<int128_t>();
      if (c.type.is_interval()) {
        visit([v](uint32_t a, uint32_t b) { return IntervalSpanOfBits(v[a]) < IntervalSpanOfBits(v[b]); });
        return;
      }
      visit([v](uint32_t a, uint32_t b) { return v[a] < v[b]; });
      return;
    }
    case PhysicalType::kDouble: {
      const double* v = c.values<double>();
      visit([v](uint32_t a, uint32_t b) { return !std::isnan(v[a]) && (std::isnan(v[b]) || v[a] < v[b]); });
      return;
    }
    case PhysicalType::kBit: visit([&c](uint32_t a, uint32_t b) { return !c.GetBool(a) && c.GetBool(b); }); return;
    case PhysicalType::kString: visit([&c](uint32_t a, uint32_t b) { return c.GetString(a) < c.GetString(b); }); return;
    case PhysicalType::kFloat: {
      const float* v = c.values<float>();
      visit([v](uint32_t a, uint32_t b) { return !std::isnan(v[a]) && (std::isnan(v[b]) || v[a] < v[b]); });
      return;
    }
    case PhysicalType::kFixedArray:
      visit([&c](uint32_t a, uint32_t b) { return CompareArrayRows(c.type, ArrayRowAt(c, a), ArrayRowAt(c, b)) < 0; });
      return;
    case PhysicalType::kList: visit([&c](uint32_t a, uint32_t b) { return CompareListRows(c, a, c, b) < 0; }); return;
    case PhysicalType::kNone: visit([](uint32_t, uint32_t) { return false; }); return;
  }
}

// The positions (0-based, in the call's order) whose values make the group's result: two
// neighbours for the interpolating quantiles, one (twice) for the discrete ones.
std::pair<size_t, size_t> Positions(const AggregateCall& call, size_t n) {
  if (call.kind == AggregateKind::kQuantileCont) {
    const double position = call.fraction * static_cast<double>(n - 1);
    return {static_cast<size_t>(std::floor(position)), static_cast<size_t>(std::ceil(position))};
  }
  // PostgreSQL's percentile_disc: the first row whose position (1-based) reaches fraction * n.
  const double reach = std::ceil(call.fraction * static_cast<double>(n));
  const size_t index = reach < 1 ? 0 : std::min(n, static_cast<size_t>(reach)) - 1;
  return {index, index};
}

// The row numbers of `rows` by group (column 0): group g's are order[starts[g]] ..
// order[starts[g + 1]), found with a counting sort.
struct GroupBuckets {
  Array<uint32_t> starts;
  Array<uint32_t> order;

  GroupBuckets(const Batch& rows, size_t groups) : starts(groups + 1, 0), order(static_cast<size_t>(rows.length), 0) {
    const int64_t* group_of = rows.columns[0]->values<int64_t>();
    const auto n = static_cast<size_t>(rows.length);
    for (size_t i = 0; i < n; ++i) ++starts[static_cast<size_t>(group_of[i]) + 1];
    for (size_t g = 1; g <= groups; ++g) starts[g] += starts[g - 1];
    Array<uint32_t> next(starts.begin(), starts.end() - 1);
    for (size_t i = 0; i < n; ++i) order[next[static_cast<size_t>(group_of[i])]++] = static_cast<uint32_t>(i);
  }
  size_t count(size_t g) const { return starts[g + 1] - starts[g]; }
  uint32_t* begin(size_t g) { return order.data() + starts[g]; }
};

// Runs visit(g, count, begin) for every group with rows, groups in parallel.
template <typename Visit>
void ForEachGroup(GroupBuckets& buckets, size_t groups, const Visit& visit) {
  tbb::parallel_for(tbb::blocked_range<size_t>(0, groups), [&](const tbb::blocked_range<size_t>& block) {
    for (size_t g = block.begin(); g < block.end(); ++g) {
      if (buckets.count(g) > 0) visit(g, buckets.count(g), buckets.begin(g));
    }
  });
}

// WITHIN GROUP (ORDER BY x DESC): positions count from the largest value.
bool Descending(const AggregateCall& call) { return !call.order_by.empty() && call.order_by[0].descending; }

}  // namespace

Result<ColumnPtr> GroupQuantiles(const Batch& rows, size_t groups, const AggregateCall& call) {
  const ColumnView value = rows.columns[1]->view();
  GroupBuckets buckets(rows, groups);
  const bool descending = Descending(call);
  Array<uint32_t> low(groups, kNoRow), high(groups, kNoRow);
  WithValueOrder(value, [&](auto less) {
    ForEachGroup(buckets, groups, [&](size_t g, size_t count, uint32_t* begin) {
      auto [first, second] = Positions(call, count);
      if (descending) {
        first = count - 1 - first;
        second = count - 1 - second;
      }
      // The two positions are equal or neighbours: select the smaller, then the larger is
      // the least value after it.
      const size_t lo = std::min(first, second), hi = std::max(first, second);
      std::nth_element(begin, begin + lo, begin + count, less);
      if (hi != lo) std::iter_swap(begin + hi, std::min_element(begin + hi, begin + count, less));
      low[g] = begin[first];
      high[g] = begin[second];
    });
  });
  ColumnBuilder out(call.type, static_cast<int64_t>(groups));
  for (size_t g = 0; g < groups; ++g) {
    if (low[g] == kNoRow) {
      out.AppendNull();
    } else if (call.kind == AggregateKind::kQuantileDisc) {
      out.AppendFrom(value, low[g]);
    } else {
      const double position = call.fraction * static_cast<double>(buckets.count(g) - 1);  // as in Positions
      const double a = NumberAt(value, low[g]), b = NumberAt(value, high[g]);
      out.AppendDouble(low[g] == high[g] ? a : a + (position - std::floor(position)) * (b - a));
    }
  }
  return out.Finish();
}

Result<ColumnPtr> GroupModes(const Batch& rows, size_t groups, const AggregateCall& call) {
  const ColumnView value = rows.columns[1]->view();
  GroupBuckets buckets(rows, groups);
  const bool descending = Descending(call);
  Array<uint32_t> mode(groups, kNoRow);
  WithValueOrder(value, [&](auto less) {
    ForEachGroup(buckets, groups, [&](size_t g, size_t count, uint32_t* begin) {
      // A group's rows are bucketed in row order; a stable sort keeps equal values so, and a
      // run starts at its earliest row.
      std::stable_sort(begin, begin + count, less);
      size_t best = 0, best_length = 0;
      for (size_t run = 0; run < count;) {
        size_t end = run + 1;
        while (end < count && !less(begin[run], begin[end])) ++end;
        // Ascending, a tie keeps the earlier (smaller) value; descending, the later (larger).
        if (end - run > best_length || (descending && end - run == best_length)) {
          best = run;
          best_length = end - run;
        }
        run = end;
      }
      mode[g] = begin[best];
    });
  });
  ColumnBuilder out(call.type, static_cast<int64_t>(groups));
  for (size_t g = 0; g < groups; ++g) {
    if (mode[g] == kNoRow) {
      out.AppendNull();
    } else {
      out.AppendFrom(value, mode[g]);
    }
  }
  return out.Finish();
}

}  // namespace orbit
