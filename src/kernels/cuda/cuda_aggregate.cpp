// Host side of aggregate.cu and grouped_aggregate.cu. Ungrouped integer sums come back as
// the exact total of the call's rows and are added to the caller's state with the
// reference's one overflow check; grouped aggregates update the states on the device.
#include <algorithm>
#include <vector>

#include "columnar/bitmap.h"
#include "kernels/cuda/cuda_call.h"
#include "kernels/cuda/cuda_kernels.h"

namespace orbit::cuda {

namespace {

/// The exact sum type the device returns for T's rows: int64 for int32, int128 otherwise.
template <typename T>
using DeviceSumFor = std::conditional_t<std::is_same_v<T, int32_t>, int64_t, SumTypeOf<T>>;

template <typename T, typename SumT>
std::optional<bool> Sum(const T* values, const uint8_t* validity, size_t n, SumT* sum, int64_t* count) {
  using DeviceSum = DeviceSumFor<T>;
  CudaCall call("agg_sum");
  OrbitCudaAggregateArgs args{};
  args.type = TypeCode<T>();
  args.op = kOrbitCudaSum;
  args.d_values = call.Input(values, n * sizeof(T));
  args.d_validity = static_cast<const uint8_t*>(call.Input(validity, bitmap::Bytes(n)));
  args.n = n;
  // int128 adds to the caller's running sum on the device; the others return their total.
  if constexpr (std::is_same_v<T, int128_t>) {
    args.d_result = call.InputOutput(sum, sizeof(*sum));
  } else {
    args.d_result = call.Zeroed(sizeof(DeviceSum));
  }
  args.d_count = static_cast<int64_t*>(call.Zeroed(sizeof(int64_t)));
  args.d_overflow = static_cast<int32_t*>(call.Zeroed(sizeof(int32_t)));
  call.Launch(&OrbitCudaKernelApi::aggregate, args);
  DeviceSum total{};
  int64_t rows = 0;
  int32_t overflow = 0;
  call.Read(&total, args.d_result, sizeof(total));
  call.Read(&rows, args.d_count, sizeof(rows));
  call.Read(&overflow, args.d_overflow, sizeof(overflow));
  if (!call.Succeeded()) return std::nullopt;
  if (overflow != 0) return false;
  if constexpr (std::is_floating_point_v<T>) {
    *sum += total;
  } else if constexpr (std::is_same_v<T, int128_t>) {
    *sum = total;
  } else if (!device::AddExactTotal(static_cast<int128_t>(total), sum)) {
    return false;
  }
  *count += rows;
  return true;
}

template <typename T, bool kMin>
bool MinMax(const T* values, const uint8_t* validity, size_t n, T* acc, int64_t* count) {
  CudaCall call(kMin ? "agg_min" : "agg_max");
  OrbitCudaAggregateArgs args{};
  args.type = TypeCode<T>();
  args.op = kMin ? kOrbitCudaMin : kOrbitCudaMax;
  args.d_values = call.Input(values, n * sizeof(T));
  args.d_validity = static_cast<const uint8_t*>(call.Input(validity, bitmap::Bytes(n)));
  args.n = n;
  args.d_result = call.Output(sizeof(T));
  args.d_count = static_cast<int64_t*>(call.Output(sizeof(int64_t)));
  call.Launch(&OrbitCudaKernelApi::aggregate, args);
  int64_t rows = 0;
  T best{};
  call.Read(&rows, args.d_count, sizeof(rows));
  if (rows > 0) call.Read(&best, args.d_result, sizeof(best));
  if (!call.Succeeded()) return false;
  device::FoldBest<T, kMin>(best, rows, acc, count);
  return true;
}

/// Runs a grouped kernel over the states accs[0..groups) and counts[0..groups), updating
/// them only when the device succeeded and nothing overflowed. False on device failure.
template <typename T, typename Acc>
bool GroupedOnDevice(kernels::GroupedOp grouped_op, const T* values, const uint8_t* validity, const uint32_t* groups,
                     size_t n, Acc* accs, int64_t* counts, bool* overflow) {
  const int32_t op = grouped_op == kernels::GroupedOp::kSum   ? kOrbitCudaSum
                     : grouped_op == kernels::GroupedOp::kMin ? kOrbitCudaMin
                                                              : kOrbitCudaMax;
  const uint32_t group_count = *std::max_element(groups, groups + n) + 1;
  CudaCall call(op == kOrbitCudaSum ? "grouped_sum" : op == kOrbitCudaMin ? "grouped_min" : "grouped_max");
  OrbitCudaGroupedArgs args{};
  args.type = TypeCode<T>();
  args.op = op;
  args.d_values = call.Input(values, n * sizeof(T));
  args.d_validity = static_cast<const uint8_t*>(call.Input(validity, bitmap::Bytes(n)));
  args.d_groups = static_cast<const uint32_t*>(call.Input(groups, n * sizeof(uint32_t)));
  args.n = n;
  args.group_count = group_count;
  args.d_accs = call.InputOutput(accs, group_count * sizeof(Acc));
  args.d_counts = static_cast<int64_t*>(call.InputOutput(counts, group_count * sizeof(int64_t)));
  args.d_overflow = static_cast<int32_t*>(call.Zeroed(sizeof(int32_t)));
  call.Launch(&OrbitCudaKernelApi::grouped_aggregate, args);
  int32_t overflowed = 0;
  std::vector<Acc> new_accs(group_count);
  std::vector<int64_t> new_counts(group_count);
  call.Read(&overflowed, args.d_overflow, sizeof(overflowed));
  call.Read(new_accs.data(), args.d_accs, group_count * sizeof(Acc));
  call.Read(new_counts.data(), args.d_counts, group_count * sizeof(int64_t));
  if (!call.Succeeded()) return false;
  *overflow = overflowed != 0;
  if (!*overflow) {  // on overflow the caller discards the states, as with the reference
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

}  // namespace orbit::cuda
