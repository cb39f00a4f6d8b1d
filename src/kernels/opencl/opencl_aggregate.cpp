// Host side of aggregate.cl (ungrouped) and grouped_aggregate.cl. Ungrouped: the device
// reduces blocks of rows, the host adds the blocks in order and applies the reference's
// overflow rule to the total. Grouped: the host lists each group's rows (a counting sort
// of the group ids, which keeps row order), the device walks one group per work item.
#include <algorithm>

#include "columnar/bitmap.h"
#include "kernels/grouped_runs.h"
#include "kernels/opencl/opencl_call.h"
#include "kernels/opencl/opencl_kernels.h"

namespace orbit::opencl {

namespace {

constexpr size_t kAggregateBlock = 256;  // AGG_BLOCK in aggregate.cl

size_t Blocks(size_t n) { return (n + kAggregateBlock - 1) / kAggregateBlock; }

/// The partial sums of each block; the block sum type is exact for T (long for int32,
/// 128 bits for int64, double for double).
template <typename T, typename BlockT>
bool BlockSums(const T* values, const uint8_t* validity, size_t n, std::vector<BlockT>* sums,
               std::vector<int64_t>* counts) {
  const size_t blocks = Blocks(n);
  KernelCall call(KernelName<T>("agg_sum"));
  call.Input(values, n * sizeof(T));
  call.OptionalInput(validity, bitmap::Bytes(n));
  call.Scalar<cl_uint>(static_cast<cl_uint>(n));
  const int sum_out = call.Output(blocks * sizeof(BlockT));
  const int count_out = call.Output(blocks * sizeof(int64_t));
  call.Launch(blocks);
  sums->resize(blocks);
  counts->resize(blocks);
  call.Read(sum_out, sums->data(), blocks * sizeof(BlockT));
  call.Read(count_out, counts->data(), blocks * sizeof(int64_t));
  return call.Succeeded();
}

template <typename T, typename SumT>
std::optional<bool> Sum(const T* values, const uint8_t* validity, size_t n, SumT* sum, int64_t* count) {
  if constexpr (std::is_same_v<T, int128_t>) {
    // No wider type: the running sum is checked at each row, in order, by one work item.
    KernelCall call("agg_sum_i128");
    call.Input(values, n * sizeof(T));
    call.OptionalInput(validity, bitmap::Bytes(n));
    call.Scalar<cl_uint>(static_cast<cl_uint>(n));
    const int state = call.InputOutput(sum, sizeof(SumT));
    const int count_out = call.Output(sizeof(int64_t));
    const cl_int no_overflow = 0;
    const int overflow_out = call.InputOutput(&no_overflow, sizeof(cl_int));
    call.Launch(1);
    SumT result = 0;
    int64_t rows = 0;
    cl_int overflow = 0;
    call.Read(overflow_out, &overflow, sizeof(overflow));
    call.Read(state, &result, sizeof(result));
    call.Read(count_out, &rows, sizeof(rows));
    if (!call.Succeeded()) return std::nullopt;
    if (overflow != 0) return false;
    *sum = result;
    *count += rows;
    return true;
  } else {
    using BlockT = std::conditional_t<std::is_same_v<T, int32_t>, int64_t, SumT>;
    std::vector<BlockT> sums;
    std::vector<int64_t> counts;
    if (!BlockSums<T, BlockT>(values, validity, n, &sums, &counts)) return std::nullopt;
    int64_t rows = 0;
    for (int64_t c : counts) rows += c;
    if constexpr (std::is_floating_point_v<T>) {
      for (double s : sums) *sum += s;
    } else {
      // As the reference: the exact total, then one check against SumT.
      int128_t total = 0;
      for (BlockT s : sums) total += s;
      if (!device::AddExactTotal(total, sum)) return false;
    }
    *count += rows;
    return true;
  }
}

template <typename T, bool kMin>
bool MinMax(const T* values, const uint8_t* validity, size_t n, T* acc, int64_t* count) {
  const size_t blocks = Blocks(n);
  KernelCall call(KernelName<T>(kMin ? "agg_min" : "agg_max"));
  call.Input(values, n * sizeof(T));
  call.OptionalInput(validity, bitmap::Bytes(n));
  call.Scalar<cl_uint>(static_cast<cl_uint>(n));
  const int best_out = call.Output(blocks * sizeof(T));
  const int count_out = call.Output(blocks * sizeof(int64_t));
  call.Launch(blocks);
  std::vector<T> best(blocks);
  std::vector<int64_t> counts(blocks);
  call.Read(best_out, best.data(), blocks * sizeof(T));
  call.Read(count_out, counts.data(), blocks * sizeof(int64_t));
  if (!call.Succeeded()) return false;
  for (size_t b = 0; b < blocks; ++b) device::FoldBest<T, kMin>(best[b], counts[b], acc, count);
  return true;
}

/// Rows listed group by group, each group's rows ascending: order[starts[g]..starts[g+1]).
struct RowsByGroup {
  size_t groups = 0;
  std::vector<uint32_t> starts;
  std::vector<uint32_t> order;
};

RowsByGroup ListRowsByGroup(const uint32_t* groups, size_t n) {
  RowsByGroup out;
  for (size_t i = 0; i < n; ++i) out.groups = std::max<size_t>(out.groups, groups[i] + size_t{1});
  out.starts.assign(out.groups + 1, 0);
  for (size_t i = 0; i < n; ++i) ++out.starts[groups[i] + 1];
  for (size_t g = 0; g < out.groups; ++g) out.starts[g + 1] += out.starts[g];
  out.order.resize(n);
  std::vector<uint32_t> next(out.starts.begin(), out.starts.end() - 1);
  for (size_t i = 0; i < n; ++i) out.order[next[groups[i]]++] = static_cast<uint32_t>(i);
  return out;
}

// Rows per run (grouped_runs.cl); groups of fewer than two runs on average are walked whole.
constexpr uint32_t kRunRows = 256;

/// grouped_runs.cl: one work item summarises each run of kRunRows of a group's rows; the
/// runs are then folded here, group by group in row order (kernels/grouped_runs.h).
template <typename T, typename Acc>
bool FoldRunsOnDevice(kernels::GroupedOp op, const T* values, const uint8_t* validity, const RowsByGroup& rows,
                      size_t n, Acc* accs, int64_t* counts, bool* overflow) {
  std::vector<uint32_t> run_starts(rows.groups + 1, 0);
  for (size_t g = 0; g < rows.groups; ++g) {
    run_starts[g + 1] = run_starts[g] + kernels::RunsOfGroup(rows.starts[g + 1] - rows.starts[g], kRunRows);
  }
  const size_t total = run_starts[rows.groups];
  const bool sum = op == kernels::GroupedOp::kSum;
  KernelCall call(KernelName<T>(sum ? "grouped_run_sum" : "grouped_run_best"));
  call.Input(values, n * sizeof(T));
  call.OptionalInput(validity, bitmap::Bytes(n));
  call.Input(rows.order.data(), n * sizeof(uint32_t));
  call.Input(rows.starts.data(), rows.starts.size() * sizeof(uint32_t));
  call.Input(run_starts.data(), run_starts.size() * sizeof(uint32_t));
  call.Scalar<cl_uint>(static_cast<cl_uint>(rows.groups));
  call.Scalar<cl_uint>(kRunRows);
  if (!sum) call.Scalar<cl_int>(op == kernels::GroupedOp::kMin ? 1 : 0);
  std::vector<Acc> totals(total), highest(sum ? total : 0), lowest(sum ? total : 0);
  std::vector<int64_t> run_counts(total);
  const int totals_out = call.Output(total * sizeof(Acc));
  const int highest_out = sum ? call.Output(total * sizeof(Acc)) : -1;
  const int lowest_out = sum ? call.Output(total * sizeof(Acc)) : -1;
  const int counts_out = call.Output(total * sizeof(int64_t));
  call.Launch(total);
  call.Read(totals_out, totals.data(), total * sizeof(Acc));
  if (sum) {
    call.Read(highest_out, highest.data(), total * sizeof(Acc));
    call.Read(lowest_out, lowest.data(), total * sizeof(Acc));
  }
  call.Read(counts_out, run_counts.data(), total * sizeof(int64_t));
  if (!call.Succeeded()) return false;
  for (size_t g = 0; g < rows.groups; ++g) {
    for (uint32_t r = run_starts[g]; r < run_starts[g + 1]; ++r) {
      kernels::RunSummary<Acc> run;
      run.total = totals[r];
      if (sum) {
        run.highest = highest[r];
        run.lowest = lowest[r];
      }
      run.count = run_counts[r];
      if (!kernels::FoldRun<T, Acc>(op, run, &accs[g], &counts[g])) {
        *overflow = true;  // the caller discards the states, as after the reference
        return true;
      }
    }
  }
  return true;
}

/// Runs a grouped kernel over states accs[0..groups) and counts[0..groups); they are
/// updated only when the device succeeded. Returns false on device failure; sets
/// *overflow for sum kernels.
template <typename T, typename Acc>
bool GroupedOnDevice(kernels::GroupedOp op, const T* values, const uint8_t* validity, const uint32_t* groups, size_t n,
                     Acc* accs, int64_t* counts, bool* overflow) {
  const RowsByGroup rows = ListRowsByGroup(groups, n);
  const bool sum = op == kernels::GroupedOp::kSum;
  if (n >= rows.groups * 2 * kRunRows && (!sum || kernels::kSumSplitsIntoRuns<T, Acc>)) {
    return FoldRunsOnDevice<T, Acc>(op, values, validity, rows, n, accs, counts, overflow);
  }
  const bool has_overflow_flag = sum;
  const char* prefix = sum ? "grouped_sum" : op == kernels::GroupedOp::kMin ? "grouped_min" : "grouped_max";
  KernelCall call(KernelName<T>(prefix));
  call.Input(values, n * sizeof(T));
  call.OptionalInput(validity, bitmap::Bytes(n));
  call.Input(rows.order.data(), n * sizeof(uint32_t));
  call.Input(rows.starts.data(), rows.starts.size() * sizeof(uint32_t));
  call.Scalar<cl_uint>(static_cast<cl_uint>(rows.groups));
  const int acc_out = call.InputOutput(accs, rows.groups * sizeof(Acc));
  const int count_out = call.InputOutput(counts, rows.groups * sizeof(int64_t));
  const cl_int no_overflow = 0;
  const int overflow_out = has_overflow_flag ? call.InputOutput(&no_overflow, sizeof(cl_int)) : -1;
  call.Launch(rows.groups);
  std::vector<Acc> new_accs(rows.groups);
  std::vector<int64_t> new_counts(rows.groups);
  cl_int overflowed = 0;
  if (has_overflow_flag) call.Read(overflow_out, &overflowed, sizeof(overflowed));
  call.Read(acc_out, new_accs.data(), rows.groups * sizeof(Acc));
  call.Read(count_out, new_counts.data(), rows.groups * sizeof(int64_t));
  if (!call.Succeeded()) return false;
  *overflow = overflowed != 0;
  // On overflow the states are discarded by the caller (as with the reference), so they
  // may be left as they are.
  if (!*overflow) {
    std::copy(new_accs.begin(), new_accs.end(), accs);
    std::copy(new_counts.begin(), new_counts.end(), counts);
  }
  return true;
}

template <typename T>
struct AggregateSteps {
  static constexpr auto sum = &Sum<T, SumTypeOf<T>>;
  static constexpr auto min = &MinMax<T, true>;
  static constexpr auto max = &MinMax<T, false>;
};

template <typename T>
struct GroupedAggregateSteps {
  static constexpr auto sum = &GroupedOnDevice<T, SumTypeOf<T>>;
  static constexpr auto best = &GroupedOnDevice<T, T>;
};

}  // namespace

void AddAggregates(KernelTable* table) {
  device::AddAggregateEntries<AggregateSteps>(table);
  device::AddGroupedAggregateEntries<GroupedAggregateSteps>(table);
}

}  // namespace orbit::opencl
