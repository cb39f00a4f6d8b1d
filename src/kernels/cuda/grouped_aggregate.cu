// Grouped SUM/MIN/MAX on the GPU. The reference updates each group in row order and checks
// every integer step, so the rows are first listed group by group — a stable CUB radix
// sort of (group, row) and a CUB exclusive scan of the group sizes — and then one thread
// per group walks its rows in order: the same answer as the reference, bit for bit.
#include <cub/device/device_radix_sort.cuh>
#include <cub/device/device_scan.cuh>

#include "kernels/cuda/cuda_kernel_families.h"
#include "kernels/cuda/cuda_kernel_support.cuh"

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
  if (args.op == kOrbitCudaSum) {
    using S = std::conditional_t<sizeof(T) == 4, int64_t, std::conditional_t<(T(0.5) != T(0)), double, __int128>>;
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
