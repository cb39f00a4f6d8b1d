#include "exec/operators/window_layout.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>

#include "exec/operators/row_order.h"
#include "exec/pipeline/gather.h"

namespace orbit {

ColumnPtr WindowLayout::InOrder(const ColumnPtr& column) const {
  if (order.empty()) return column;
  return GatherColumn(SimdKernels(), column->view(), order.data(), order.size());
}

Result<WindowLayout> LayOutWindow(const Batch& batch, const WindowCall& call, bool range_key) {
  WindowLayout layout;
  layout.rows = batch.length;
  std::vector<ExprPtr> expressions = call.partition_by;
  std::vector<SortKey> keys;
  for (const ExprPtr& e : call.partition_by) keys.push_back({e, false, false});
  for (const SortKey& k : call.order_by) {
    expressions.push_back(k.expression);
    keys.push_back(k);
  }
  ORBIT_ASSIGN_OR_RETURN(std::vector<ColumnPtr> columns, EvaluateColumns(batch, expressions));
  std::vector<ColumnView> views;
  for (const auto& c : columns) views.push_back(c->view());
  KeyedOrder keyed = SortAndMarkKeyChanges(views, keys, call.partition_by.size(), batch.length);
  layout.order = std::move(keyed.order);
  layout.peer_group.resize(batch.length);
  layout.partitions.push_back(0);
  layout.groups.push_back(0);
  for (int64_t i = 1; i < batch.length; ++i) {
    if (keyed.partition_starts[i] != 0) layout.partitions.push_back(static_cast<uint32_t>(i));
    if (keyed.peer_starts[i] != 0) layout.groups.push_back(static_cast<uint32_t>(i));
    layout.peer_group[i] = static_cast<uint32_t>(layout.groups.size() - 1);
  }
  if (batch.length == 0) layout.partitions.clear();
  layout.partitions.push_back(static_cast<uint32_t>(batch.length));
  if (batch.length == 0) layout.groups.clear();
  layout.groups.push_back(static_cast<uint32_t>(batch.length));
  if (range_key && call.order_by.size() == 1) {
    layout.order_key = layout.InOrder(columns.back());  // in position order, as frames read it
    layout.descending = call.order_by[0].descending;
    layout.nulls_first = call.order_by[0].nulls_first;
  }
  return layout;
}

namespace {

// The first position of [begin, end), where the ORDER BY values are sorted, whose value
// is past `target` in the sort order (at or past it when `inclusive`). Values are compared
// as W: 128 bits hold any INTEGER, BIGINT or DECIMAL plus an offset of its type.
template <typename W, typename T>
uint32_t FirstPast(const T* values, uint32_t begin, uint32_t end, W target, bool descending, bool inclusive) {
  auto before = [&](W v) {  // v sorts strictly before target; NaN after every number, equal to NaN
    if constexpr (std::is_floating_point_v<W>) {
      if (std::isnan(v) != std::isnan(target)) return std::isnan(target) ? !descending : descending;
      if (std::isnan(v)) return false;
    }
    return descending ? target < v : v < target;
  };
  auto equal = [&](W v) {
    if constexpr (std::is_floating_point_v<W>) {
      if (std::isnan(v) || std::isnan(target)) return std::isnan(v) && std::isnan(target);
    }
    return v == target;
  };
  uint32_t lo = begin, hi = end;
  while (lo < hi) {
    const uint32_t mid = lo + (hi - lo) / 2;
    const W v = static_cast<W>(values[mid]);  // NOLINT(bugprone-signed-char-misuse): a TINYINT
    if (before(v) || (!inclusive && equal(v))) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

// A RANGE bound with an offset: a start is the first row at or past the current value
// moved by the offset, an end the first row past it.
uint32_t RangeOffsetBound(const WindowLayout& layout, const FrameBound& bound, bool is_start, uint32_t begin,
                          uint32_t end, uint32_t i) {
  const ColumnView key = layout.order_key->view();
  // Preceding rows hold smaller values in ascending order, larger ones in descending order.
  const bool subtract = (bound.kind == FrameBoundKind::kPreceding) != layout.descending;
  auto search = [&](auto wide_zero, const auto* values) {
    using W = decltype(wide_zero);
    const W v = static_cast<W>(values[i]);  // NOLINT(bugprone-signed-char-misuse): a TINYINT
    const W offset = std::is_floating_point_v<W> ? static_cast<W>(bound.offset.double_value)
                                                 : static_cast<W>(bound.offset.AsInt128());
    return FirstPast<W>(values, begin, end, subtract ? v - offset : v + offset, layout.descending, is_start);
  };
  switch (physical_type(key.type)) {
    case PhysicalType::kInt8: return search(int128_t{0}, key.values<int8_t>());
    case PhysicalType::kInt16: return search(int128_t{0}, key.values<int16_t>());
    case PhysicalType::kFloat: return search(0.0, key.values<float>());
    case PhysicalType::kInt32: return search(int128_t{0}, key.values<int32_t>());
    case PhysicalType::kInt64: return search(int128_t{0}, key.values<int64_t>());
    case PhysicalType::kInt128: return search(int128_t{0}, key.values<int128_t>());
    case PhysicalType::kDouble: return search(0.0, key.values<double>());
    default: return is_start ? begin : end;
  }
}

// Where position i's frame starts (is_start) or ends (exclusive), before exclusion.
uint32_t BoundPosition(const WindowLayout& layout, const WindowFrame& frame, const FrameBound& bound, bool is_start,
                       uint32_t begin, uint32_t end, uint32_t i) {
  switch (bound.kind) {
    case FrameBoundKind::kUnboundedPreceding: return begin;
    case FrameBoundKind::kUnboundedFollowing: return end;
    case FrameBoundKind::kCurrentRow:
      if (frame.unit == FrameUnit::kRows) return is_start ? i : i + 1;
      return is_start ? layout.peer_begin(i) : layout.peer_end(i);
    case FrameBoundKind::kPreceding:
    case FrameBoundKind::kFollowing: break;
  }
  const bool preceding = bound.kind == FrameBoundKind::kPreceding;
  const int64_t n = bound.offset.int_value;  // ROWS and GROUPS: a BIGINT, not negative
  switch (frame.unit) {
    case FrameUnit::kRows: {
      // The row n before or after i; an end includes it.
      const int64_t reach = std::min<int64_t>(n, layout.rows + 1);
      int64_t at = preceding ? static_cast<int64_t>(i) - reach : static_cast<int64_t>(i) + reach;
      if (!is_start) ++at;
      return static_cast<uint32_t>(std::clamp<int64_t>(at, begin, end));
    }
    case FrameUnit::kGroups: {
      // The peer group n before or after i's; a start is its first row, an end its last.
      const int64_t first = layout.peer_group[begin], last = layout.peer_group[end - 1];
      const int64_t reach = std::min<int64_t>(n, layout.rows + 1);
      const int64_t g = static_cast<int64_t>(layout.peer_group[i]) + (preceding ? -reach : reach);
      if (g < first) return begin;
      if (g > last) return end;
      return is_start ? layout.groups[g] : layout.groups[g + 1];
    }
    case FrameUnit::kRange: {
      const ColumnView key = layout.order_key->view();
      // NULLs are peers of each other and never in range of a value: a NULL row's frame
      // bound is its peer group's, a value's is among the values of the partition.
      if (!key.IsValid(i)) return is_start ? layout.peer_begin(i) : layout.peer_end(i);
      uint32_t values_begin = begin, values_end = end;
      if (layout.nulls_first) {
        while (values_begin < end && !key.IsValid(values_begin)) values_begin = layout.peer_end(values_begin);
      } else if (end > begin && !key.IsValid(end - 1)) {
        values_end = layout.peer_begin(end - 1);
      }
      return RangeOffsetBound(layout, bound, is_start, values_begin, values_end, i);
    }
  }
  return begin;
}

}  // namespace

FrameRanges FrameOf(const WindowLayout& layout, const WindowFrame& frame, uint32_t partition_begin,
                    uint32_t partition_end, uint32_t i) {
  const uint32_t start = BoundPosition(layout, frame, frame.start, true, partition_begin, partition_end, i);
  const uint32_t end =
      std::max(start, BoundPosition(layout, frame, frame.end, false, partition_begin, partition_end, i));
  FrameRanges out;
  auto add = [&](uint32_t b, uint32_t e) {
    if (b < e) {
      out.begin[out.count] = b;
      out.end[out.count] = e;
      ++out.count;
    }
  };
  uint32_t cut_begin = i, cut_end = i;  // [cut_begin, cut_end): the rows EXCLUDE takes out
  switch (frame.exclusion) {
    case FrameExclusion::kNoOthers: break;
    case FrameExclusion::kCurrentRow: cut_end = i + 1; break;
    case FrameExclusion::kGroup:
    case FrameExclusion::kTies:
      cut_begin = layout.peer_begin(i);
      cut_end = layout.peer_end(i);
      break;
  }
  if (cut_begin == cut_end) {
    add(start, end);
    return out;
  }
  add(start, std::min(end, cut_begin));
  // EXCLUDE TIES keeps the current row itself.
  if (frame.exclusion == FrameExclusion::kTies && i >= start && i < end) add(i, i + 1);
  add(std::max(start, cut_end), end);
  return out;
}

}  // namespace orbit
