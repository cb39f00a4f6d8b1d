// The window functions proper over a laid-out window (window_layout.h): the ranking
// functions from the partitions and peer groups, lag and lead within the partition, and
// first_value, last_value and nth_value from each row's frame. Aggregates over frames are
// window_aggregates.cpp's.
#include <algorithm>
#include <atomic>
#include <optional>

#include "exec/operators/window_layout.h"

namespace orbit {

namespace {

// Results one number per position, computed in parallel.
template <typename T, typename Fn>
ColumnPtr NumberColumn(const DataType& type, const WindowLayout& layout, const Fn& fn) {
  ColumnPtr out = Column::Allocate(type, layout.rows);
  T* values = out->mutable_values<T>();
  ForEachPosition(layout, [&](uint32_t i, uint32_t begin, uint32_t end) { values[i] = fn(i, begin, end); });
  return out;
}

// Value `source` at positions rows[i] (-1: NULL), or `fallback` at i where rows[i] is -2.
ColumnPtr PickValues(const DataType& type, const ColumnView& source, const std::vector<int64_t>& rows,
                     const ColumnView* fallback) {
  ColumnBuilder out(type, static_cast<int64_t>(rows.size()));
  for (size_t i = 0; i < rows.size(); ++i) {
    if (rows[i] >= 0) {
      out.AppendFrom(source, rows[i]);
    } else if (rows[i] == -2 && fallback) {
      out.AppendFrom(*fallback, static_cast<int64_t>(i));
    } else {
      out.AppendNull();
    }
  }
  return out.Finish();
}

constexpr int64_t kNull = -1;
constexpr int64_t kDefault = -2;

Result<ColumnPtr> Ntile(const WindowCall& call, const WindowLayout& layout, const ColumnView& buckets) {
  // The bucket count is read at each partition's first row (PostgreSQL); 0 stands for NULL.
  std::atomic<bool> invalid{false};
  std::vector<int32_t> numbers(layout.rows, 0);
  ForEachPartition(layout, [&](uint32_t begin, uint32_t end) {
    if (!buckets.IsValid(begin)) return;
    const int64_t n = buckets.values<int64_t>()[begin];
    if (n <= 0) {
      invalid = true;
      return;
    }
    const int64_t rows = end - begin;
    const int64_t per = rows / n, extra = rows % n;  // the first `extra` buckets hold per + 1 rows
    const int64_t big = extra * (per + 1);
    for (int64_t k = 0; k < rows; ++k) {
      numbers[begin + k] = static_cast<int32_t>(k < big ? k / (per + 1) + 1 : extra + (k - big) / per + 1);
    }
  });
  if (invalid) return Status::InvalidArgument("argument of ntile must be greater than zero");
  ColumnBuilder out(call.type, layout.rows);
  for (int32_t number : numbers) {
    if (number == 0) {
      out.AppendNull();
    } else {
      out.AppendInt32(number);
    }
  }
  return out.Finish();
}

}  // namespace

Result<ColumnPtr> EvaluateWindowCall(const WindowCall& call, const WindowLayout& layout,
                                     const std::vector<ColumnPtr>& inputs) {
  switch (call.kind) {
    case WindowKind::kAggregate: return EvaluateWindowAggregate(call, layout, inputs);
    case WindowKind::kRowNumber:
      return NumberColumn<int64_t>(call.type, layout,
                                   [](uint32_t i, uint32_t begin, uint32_t) { return i - begin + 1; });
    case WindowKind::kRank:
      return NumberColumn<int64_t>(
          call.type, layout, [&](uint32_t i, uint32_t begin, uint32_t) { return layout.peer_begin(i) - begin + 1; });
    case WindowKind::kDenseRank:
      return NumberColumn<int64_t>(call.type, layout, [&](uint32_t i, uint32_t begin, uint32_t) {
        return layout.peer_group[i] - layout.peer_group[begin] + 1;
      });
    case WindowKind::kPercentRank:
      return NumberColumn<double>(call.type, layout, [&](uint32_t i, uint32_t begin, uint32_t end) {
        return end - begin <= 1
                   ? 0.0
                   : static_cast<double>(layout.peer_begin(i) - begin) / static_cast<double>(end - begin - 1);
      });
    case WindowKind::kCumeDist:
      return NumberColumn<double>(call.type, layout, [&](uint32_t i, uint32_t begin, uint32_t end) {
        return static_cast<double>(layout.peer_end(i) - begin) / static_cast<double>(end - begin);
      });
    case WindowKind::kNtile: return Ntile(call, layout, inputs[0]->view());
    case WindowKind::kLag:
    case WindowKind::kLead: {
      const ColumnView value = inputs[0]->view();
      std::optional<ColumnView> offsets;
      if (inputs.size() > 1) offsets = inputs[1]->view();
      std::optional<ColumnView> fallback;
      if (inputs.size() > 2) fallback = inputs[2]->view();
      const bool lag = call.kind == WindowKind::kLag;
      std::vector<int64_t> rows(layout.rows);
      ForEachPosition(layout, [&](uint32_t i, uint32_t begin, uint32_t end) {
        int64_t offset = 1;
        if (offsets) {
          if (!offsets->IsValid(i)) {
            rows[i] = kNull;  // a NULL offset gives NULL (PostgreSQL)
            return;
          }
          offset = offsets->values<int64_t>()[i];
        }
        // Beyond the partition either way: the default. (Saturated: any |offset| > rows is out.)
        offset = std::clamp<int64_t>(offset, -layout.rows - 1, layout.rows + 1);
        const int64_t at = lag ? static_cast<int64_t>(i) - offset : static_cast<int64_t>(i) + offset;
        rows[i] = at >= begin && at < end ? at : kDefault;
      });
      return PickValues(call.type, value, rows, fallback ? &*fallback : nullptr);
    }
    case WindowKind::kFirstValue:
    case WindowKind::kLastValue:
    case WindowKind::kNthValue: {
      const ColumnView value = inputs[0]->view();
      std::optional<ColumnView> nth;
      if (call.kind == WindowKind::kNthValue) nth = inputs[1]->view();
      std::atomic<bool> invalid{false};
      std::vector<int64_t> rows(layout.rows);
      ForEachPosition(layout, [&](uint32_t i, uint32_t begin, uint32_t end) {
        const FrameRanges frame = FrameOf(layout, call.frame, begin, end, i);
        int64_t k = 0;  // the frame's k-th row, from 0
        if (call.kind == WindowKind::kLastValue) k = static_cast<int64_t>(frame.size()) - 1;
        if (nth) {
          if (!nth->IsValid(i)) {
            rows[i] = kNull;
            return;
          }
          k = nth->values<int64_t>()[i] - 1;
          if (k < 0) invalid = true;
        }
        rows[i] = kNull;
        for (int r = 0; r < frame.count && k >= 0; ++r) {
          const int64_t size = frame.end[r] - frame.begin[r];
          if (k < size) {
            rows[i] = frame.begin[r] + k;
            break;
          }
          k -= size;
        }
      });
      if (invalid) return Status::InvalidArgument("argument of nth_value must be greater than zero");
      return PickValues(call.type, value, rows, nullptr);
    }
  }
  return Status::Internal("unknown window function {}", call.name);
}

}  // namespace orbit
