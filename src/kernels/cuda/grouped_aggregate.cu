// Grouped SUM/MIN/MAX on the GPU. The reference updates each group in row order and checks
// every integer step, so the rows are first listed group by group — a stable CUB radix
// sort of (group, row) and a CUB exclusive scan of the group sizes. With many rows per
// group (a GROUP BY of a few groups, as TPC-H Q1's four), each group's rows are cut into
// runs of kRunRows, one thread summarises each run and one thread per group folds its runs
// in order (kernels/grouped_runs.h: the reference's answer, overflow verdict included,
// tested on the CPU). Otherwise, and for SUM of 128-bit values, one thread per group walks
// its rows in order.
#include <cub/device/device_radix_sort.cuh>
#include <cub/device/device_scan.cuh>

#include "kernels/cuda/cuda_kernel_families.h"
#include "kernels/cuda/cuda_kernel_support.cuh"
#include "kernels/grouped_runs.h"

namespace orbit::cuda_plugin {
namespace {

__global__ void CountRowsPerGroup(const uint32_t* groups, uint64_t n, uint32_t* sizes, uint32_t* rows) {
  for (uint64_t i = GlobalThread(); i < n; i += GridStride()) {
    atomicAdd(&sizes[groups[i]], 1u);
    rows[i] = static_cast<uint32_t>(i);
  }
}

template <typename T, typename Acc>
__global__ void WalkGroups(int32_t op, const T* values, const uint8_t* validity, const uint32_t* order,
                           const uint32_t* starts, uint32_t group_count, Acc* accs, int64_t* counts,
                           int32_t* overflow) {
  for (uint64_t g = GlobalThread(); g < group_count; g += GridStride()) {
    Acc acc = accs[g];
    int64_t count = counts[g];
    for (uint32_t k = starts[g]; k < starts[g + 1]; ++k) {
      const uint32_t row = order[k];
      if (!kernels::ValidBit(validity, row)) continue;
      const T v = values[row];
      if (op == kOrbitCudaSum) {
        if constexpr (T(0.5) != T(0)) {
          acc += v;
        } else if (!kernels::CheckedOp(ArithmeticOp::kAdd, acc, static_cast<Acc>(v), &acc)) {
          *overflow = 1;
          return;
        }
      } else if constexpr (sizeof(Acc) == sizeof(T)) {
        const bool better = op == kOrbitCudaMin ? kernels::ValueLess(v, static_cast<T>(acc))
                                                : kernels::ValueLess(static_cast<T>(acc), v);
        if (count == 0 || better) acc = v;
      }
      ++count;
    }
    accs[g] = acc;
    counts[g] = count;
  }
}

// Rows one thread summarises; groups of fewer than two runs on average are walked whole.
constexpr uint32_t kRunRows = 1024;

__global__ void CountRuns(const uint32_t* starts, uint32_t group_count, uint32_t* run_counts) {
  for (uint64_t g = GlobalThread(); g <= group_count; g += GridStride()) {
    run_counts[g] = g == group_count ? 0 : kernels::RunsOfGroup(starts[g + 1] - starts[g], kRunRows);
  }
}

template <typename T, typename Acc>
__global__ void SummariseRuns(int32_t op, const T* values, const uint8_t* validity, const uint32_t* order,
                              const uint32_t* starts, const uint32_t* run_starts, uint32_t group_count,
                              kernels::RunSummary<Acc>* runs) {
  const uint32_t total = run_starts[group_count];
  for (uint64_t r = GlobalThread(); r < total; r += GridStride()) {
    const kernels::RunLocation run =
        kernels::LocateRun(static_cast<uint32_t>(r), starts, run_starts, group_count, kRunRows);
    runs[r] =
        kernels::SummariseRun<T, Acc>(static_cast<kernels::GroupedOp>(op), values, validity, order, run.begin, run.end);
  }
}

template <typename T, typename Acc>
__global__ void FoldRuns(int32_t op, const kernels::RunSummary<Acc>* runs, const uint32_t* run_starts,
                         uint32_t group_count, Acc* accs, int64_t* counts, int32_t* overflow) {
  for (uint64_t g = GlobalThread(); g < group_count; g += GridStride()) {
    Acc acc = accs[g];
    int64_t count = counts[g];
    for (uint32_t r = run_starts[g]; r < run_starts[g + 1]; ++r) {
      if (!kernels::FoldRun<T, Acc>(static_cast<kernels::GroupedOp>(op), runs[r], &acc, &count)) {
        *overflow = 1;
        return;
      }
    }
    accs[g] = acc;
    counts[g] = count;
  }
}

/// Summarises and folds runs of the listed rows (order, starts) into the states.
template <typename T, typename Acc>
cudaError_t FoldGroupsByRuns(const OrbitCudaGroupedArgs& args, const uint32_t* order, const uint32_t* starts,
                             Scratch& scratch, cudaStream_t stream) {
  const uint32_t groups = args.group_count;
  uint32_t *run_counts = nullptr, *run_starts = nullptr;
  ORBIT_CUDA_TRY(scratch.Allocate(groups + 1, &run_counts));
  ORBIT_CUDA_TRY(scratch.Allocate(groups + 1, &run_starts));
  CountRuns<<<GridFor(groups + 1), kThreadsPerBlock, 0, stream>>>(starts, groups, run_counts);
  ORBIT_CUDA_TRY(cudaGetLastError());
  size_t scan_bytes = 0;
  ORBIT_CUDA_TRY(cub::DeviceScan::ExclusiveSum(nullptr, scan_bytes, run_counts, run_starts, groups + 1, stream));
  uint8_t* temp = nullptr;
  ORBIT_CUDA_TRY(scratch.Allocate(scan_bytes, &temp));
  ORBIT_CUDA_TRY(cub::DeviceScan::ExclusiveSum(temp, scan_bytes, run_counts, run_starts, groups + 1, stream));
  const uint64_t max_runs = args.n / kRunRows + groups;  // each group's last run may be short
  kernels::RunSummary<Acc>* runs = nullptr;
  ORBIT_CUDA_TRY(scratch.Allocate(max_runs, &runs));
  const auto* values = static_cast<const T*>(args.d_values);
  SummariseRuns<T, Acc><<<GridFor(max_runs), kThreadsPerBlock, 0, stream>>>(args.op, values, args.d_validity, order,
                                                                            starts, run_starts, groups, runs);
  ORBIT_CUDA_TRY(cudaGetLastError());
  FoldRuns<T, Acc><<<GridFor(groups), kThreadsPerBlock, 0, stream>>>(
      args.op, runs, run_starts, groups, static_cast<Acc*>(args.d_accs), args.d_counts, args.d_overflow);
  return cudaGetLastError();
}

template <typename T>
cudaError_t RunGrouped(const OrbitCudaGroupedArgs& args, cudaStream_t stream) {
  Scratch scratch(stream);
  const uint64_t n = args.n;
  const uint32_t groups = args.group_count;
  uint32_t *sizes = nullptr, *starts = nullptr, *rows = nullptr, *order = nullptr, *sorted_groups = nullptr;
  ORBIT_CUDA_TRY(scratch.Allocate(groups + 1, &sizes));
  ORBIT_CUDA_TRY(scratch.Allocate(groups + 1, &starts));
  ORBIT_CUDA_TRY(scratch.Allocate(n, &rows));
  ORBIT_CUDA_TRY(scratch.Allocate(n, &order));
  ORBIT_CUDA_TRY(scratch.Allocate(n, &sorted_groups));
  ORBIT_CUDA_TRY(cudaMemsetAsync(sizes, 0, (groups + 1) * sizeof(uint32_t), stream));
  CountRowsPerGroup<<<GridFor(n), kThreadsPerBlock, 0, stream>>>(args.d_groups, n, sizes, rows);
  ORBIT_CUDA_TRY(cudaGetLastError());
  int end_bit = 1;
  while (end_bit < 32 && (uint64_t{1} << end_bit) < groups) ++end_bit;
  size_t sort_bytes = 0, scan_bytes = 0;
  const auto items = static_cast<int64_t>(n);
  ORBIT_CUDA_TRY(cub::DeviceRadixSort::SortPairs(nullptr, sort_bytes, args.d_groups, sorted_groups, rows, order, items,
                                                 0, end_bit, stream));
  ORBIT_CUDA_TRY(cub::DeviceScan::ExclusiveSum(nullptr, scan_bytes, sizes, starts, groups + 1, stream));
  uint8_t* temp = nullptr;
  ORBIT_CUDA_TRY(scratch.Allocate(sort_bytes > scan_bytes ? sort_bytes : scan_bytes, &temp));
  ORBIT_CUDA_TRY(cub::DeviceRadixSort::SortPairs(temp, sort_bytes, args.d_groups, sorted_groups, rows, order, items, 0,
                                                 end_bit, stream));
  ORBIT_CUDA_TRY(cub::DeviceScan::ExclusiveSum(temp, scan_bytes, sizes, starts, groups + 1, stream));
  const auto* values = static_cast<const T*>(args.d_values);
  using S = std::conditional_t<sizeof(T) == 4, int64_t, std::conditional_t<(T(0.5) != T(0)), double, __int128>>;
  const bool long_groups = n >= uint64_t{groups} * 2 * kRunRows;
  if (long_groups && args.op != kOrbitCudaSum) return FoldGroupsByRuns<T, T>(args, order, starts, scratch, stream);
  if constexpr (kernels::kSumSplitsIntoRuns<T, S>) {
    if (long_groups) return FoldGroupsByRuns<T, S>(args, order, starts, scratch, stream);
  }
  if (args.op == kOrbitCudaSum) {
    WalkGroups<T, S><<<GridFor(groups), kThreadsPerBlock, 0, stream>>>(args.op, values, args.d_validity, order, starts,
                                                                       groups, static_cast<S*>(args.d_accs),
                                                                       args.d_counts, args.d_overflow);
  } else {
    WalkGroups<T, T><<<GridFor(groups), kThreadsPerBlock, 0, stream>>>(args.op, values, args.d_validity, order, starts,
                                                                       groups, static_cast<T*>(args.d_accs),
                                                                       args.d_counts, args.d_overflow);
  }
  return cudaGetLastError();
}

}  // namespace

cudaError_t GroupedAggregate(const OrbitCudaGroupedArgs& args, cudaStream_t stream) {
  if (args.n == 0 || args.group_count == 0) return cudaSuccess;
  return DispatchType(args.type, [&](auto zero) { return RunGrouped<decltype(zero)>(args, stream); });
}

}  // namespace orbit::cuda_plugin
