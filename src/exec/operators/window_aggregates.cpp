// Aggregates over window frames, with the hash aggregate's own states (aggregate_state.h),
// one group per position, so every aggregate the registry has is a window function:
//  - a frame that starts at the partition's first row (the default frame, the whole
//    partition, ROWS BETWEEN UNBOUNDED PRECEDING AND ...) reads running totals: group r
//    holds rows [partition start, r], each made from the one before it plus row r;
//  - SUM, AVG and COUNT of integers and decimals over any other frame read exact prefix
//    sums (128 bits): a frame's sum is the difference of two, O(1) a row;
//  - any other frame reads a segment tree over the positions (a group per node, each the
//    merge of its two children), O(log n) merges per frame, never the frame's rows one by one.
#include <atomic>
#include <mutex>
#include <numeric>
#include <optional>

#include "columnar/value_format.h"
#include "exec/operators/aggregate_state.h"
#include "exec/operators/window_layout.h"
#include "exec/pipeline/gather.h"

namespace orbit {

namespace {

// Adds position i's row to group first_group + i.
Status AddRows(AggregateState& state, const AggregateCall& call, const std::vector<ColumnPtr>& inputs, int64_t rows,
               uint32_t first_group) {
  std::vector<uint32_t> groups(rows);
  std::iota(groups.begin(), groups.end(), first_group);
  if (IsBivariateAggregate(call.kind)) {
    state.UpdatePairs(inputs[0]->view(), inputs[1]->view(), groups.data(), rows);
    return Status::OK();
  }
  if (!call.argument) return state.Update(SimdKernels(), nullptr, groups.data(), rows);
  const ColumnView argument = inputs[0]->view();
  return state.Update(SimdKernels(), &argument, groups.data(), rows);
}

// The first error of parallel merges.
class FirstError {
 public:
  void Record(const Status& status) {
    if (status.ok() || failed_.exchange(true)) return;
    std::lock_guard<std::mutex> lock(mutex_);
    status_ = status;
  }
  Status Get() {
    std::lock_guard<std::mutex> lock(mutex_);
    return status_;
  }

 private:
  std::atomic<bool> failed_{false};
  std::mutex mutex_;
  Status status_;
};

Result<ColumnPtr> RunningAggregate(const WindowCall& call, const WindowLayout& layout,
                                   const std::vector<ColumnPtr>& inputs) {
  const auto rows = static_cast<uint32_t>(layout.rows);
  AggregateState running(call.aggregate);
  running.Resize(rows + 1);  // group `rows` stays empty: the aggregate of an empty frame
  ORBIT_RETURN_IF_ERROR(AddRows(running, call.aggregate, inputs, rows, 0));
  FirstError error;
  ForEachPartition(layout, [&](uint32_t begin, uint32_t end) {
    for (uint32_t r = begin + 1; r < end; ++r) error.Record(running.MergeGroup(running, r - 1, r));
  });
  ORBIT_RETURN_IF_ERROR(error.Get());
  ORBIT_ASSIGN_OR_RETURN(ColumnPtr totals, running.Finalize(rows + 1, call.aggregate));
  // Each frame is [partition start, end): the running total at end - 1.
  std::vector<uint32_t> picks(rows);
  ForEachPosition(layout, [&](uint32_t i, uint32_t begin, uint32_t end) {
    const FrameRanges frame = FrameOf(layout, call.frame, begin, end, i);
    picks[i] = frame.count == 0 ? rows : frame.end[0] - 1;
  });
  return GatherColumn(SimdKernels(), totals->view(), picks.data(), picks.size());
}

Result<ColumnPtr> TreeAggregate(const WindowCall& call, const WindowLayout& layout,
                                const std::vector<ColumnPtr>& inputs) {
  const auto rows = static_cast<uint32_t>(layout.rows);
  // Node 1 is the root, node k's children are 2k and 2k + 1; leaf i is node rows + i.
  AggregateState tree(call.aggregate);
  tree.Resize(2 * static_cast<size_t>(rows));
  ORBIT_RETURN_IF_ERROR(AddRows(tree, call.aggregate, inputs, rows, rows));
  FirstError error;
  // A level at a time, in parallel: nodes [low, high) read only nodes from 2 * low >= high.
  for (uint32_t high = rows; high > 1;) {
    const uint32_t low = (high + 1) / 2;
    tbb::parallel_for(tbb::blocked_range<uint32_t>(low, high), [&](const tbb::blocked_range<uint32_t>& block) {
      for (uint32_t k = block.begin(); k < block.end(); ++k) {
        error.Record(tree.MergeGroup(tree, 2 * k, k));
        error.Record(tree.MergeGroup(tree, 2 * k + 1, k));
      }
    });
    high = low;
  }
  ORBIT_RETURN_IF_ERROR(error.Get());
  AggregateState frames(call.aggregate);
  frames.Resize(rows);
  ForEachPosition(layout, [&](uint32_t i, uint32_t begin, uint32_t end) {
    const FrameRanges frame = FrameOf(layout, call.frame, begin, end, i);
    for (int r = 0; r < frame.count; ++r) {
      for (uint32_t lo = frame.begin[r] + rows, hi = frame.end[r] + rows; lo < hi; lo /= 2, hi /= 2) {
        if (lo & 1) error.Record(frames.MergeGroup(tree, lo++, i));
        if (hi & 1) error.Record(frames.MergeGroup(tree, --hi, i));
      }
    }
  });
  ORBIT_RETURN_IF_ERROR(error.Get());
  return frames.Finalize(rows, call.aggregate);
}

// SUM, AVG and COUNT of integers and decimals by prefix sums; nullopt for any other
// aggregate, or when a running total would not fit 128 bits (the segment tree takes it).
std::optional<Result<ColumnPtr>> PrefixSumAggregate(const WindowCall& call, const WindowLayout& layout,
                                                    const std::vector<ColumnPtr>& inputs) {
  const AggregateCall& a = call.aggregate;
  const bool counting = a.kind == AggregateKind::kCount || a.kind == AggregateKind::kCountStar;
  if (!counting && a.kind != AggregateKind::kSum && a.kind != AggregateKind::kAvg) return std::nullopt;
  const PhysicalType type = a.argument ? physical_type(a.argument->type) : PhysicalType::kNone;
  if (!counting && type != PhysicalType::kInt32 && type != PhysicalType::kInt64 && type != PhysicalType::kInt128) {
    return std::nullopt;
  }
  // An INTERVAL's parts are not one number: its segment tree adds them part by part.
  if (!counting && a.argument->type.is_interval()) return std::nullopt;
  const int64_t rows = layout.rows;
  const ColumnView v = a.argument ? inputs[0]->view() : ColumnView{};
  // counts[i], sums[i]: over positions [0, i).
  std::vector<int64_t> counts(rows + 1, 0);
  std::vector<int128_t> sums(counting ? 0 : rows + 1, 0);
  for (int64_t i = 0; i < rows; ++i) {
    const bool valid = !a.argument || v.IsValid(i);
    counts[i + 1] = counts[i] + (valid ? 1 : 0);
    if (counting) continue;
    int128_t x = 0;
    if (valid) {
      x = type == PhysicalType::kInt32   ? v.values<int32_t>()[i]
          : type == PhysicalType::kInt64 ? v.values<int64_t>()[i]
                                         : v.values<int128_t>()[i];
    }
    if (__builtin_add_overflow(sums[i], x, &sums[i + 1])) return std::nullopt;
  }
  std::vector<int64_t> frame_counts(rows);
  std::vector<int128_t> frame_sums(counting ? 0 : rows);
  std::atomic<bool> overflow{false};
  ForEachPosition(layout, [&](uint32_t i, uint32_t begin, uint32_t end) {
    const FrameRanges frame = FrameOf(layout, call.frame, begin, end, i);
    int64_t count = 0;
    int128_t sum = 0;
    for (int r = 0; r < frame.count && r < 3; ++r) {
      const uint32_t from = frame.begin[r], to = frame.end[r];
      count += counts[to] - counts[from];
      if (counting) continue;
      int128_t part = 0;
      if (__builtin_sub_overflow(sums[to], sums[from], &part) || __builtin_add_overflow(sum, part, &sum)) {
        overflow = true;
      }
    }
    frame_counts[i] = count;
    if (!counting) frame_sums[i] = sum;
  });
  if (overflow) return std::nullopt;
  ColumnBuilder out(call.type, rows);
  const int scale = a.argument && a.argument->type.is_decimal() ? a.argument->type.scale : 0;
  for (int64_t i = 0; i < rows; ++i) {
    if (counting) {
      out.AppendInt64(frame_counts[i]);
    } else if (frame_counts[i] == 0) {
      out.AppendNull();
    } else if (a.kind == AggregateKind::kAvg) {
      // As the hash aggregate's AVG: the exact sum over the count, in long double.
      long double avg = static_cast<long double>(frame_sums[i]) / static_cast<long double>(frame_counts[i]);
      if (scale > 0) avg /= static_cast<long double>(Pow10(scale));
      out.AppendDouble(static_cast<double>(avg));
    } else if (type == PhysicalType::kInt32) {
      out.AppendInt64(static_cast<int64_t>(frame_sums[i]));  // rows * INT32_MAX fits 64 bits
    } else {
      const int128_t max = MaxForPrecision(call.type.precision);
      if (frame_sums[i] > max || frame_sums[i] < -max) {
        return Result<ColumnPtr>(
            Status::OutOfRange("overflow in {}: the sum does not fit {}", a.ToString(), call.type.ToString()));
      }
      out.AppendInt128(frame_sums[i]);
    }
  }
  return Result<ColumnPtr>(out.Finish());
}

}  // namespace

Result<ColumnPtr> EvaluateWindowAggregate(const WindowCall& call, const WindowLayout& layout,
                                          const std::vector<ColumnPtr>& inputs) {
  if (call.frame.start.kind == FrameBoundKind::kUnboundedPreceding &&
      call.frame.exclusion == FrameExclusion::kNoOthers) {
    return RunningAggregate(call, layout, inputs);
  }
  if (std::optional<Result<ColumnPtr>> by_prefix = PrefixSumAggregate(call, layout, inputs)) return *by_prefix;
  return TreeAggregate(call, layout, inputs);
}

}  // namespace orbit
