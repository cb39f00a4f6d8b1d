// Host side of aggregate.cu and grouped_aggregate.cu. Ungrouped integer sums come back as
// the exact total of the call's rows and are added to the caller's state with the
// reference's one overflow check; grouped aggregates update the states on the device.
#include <algorithm>

#include "columnar/bitmap.h"
#include "kernels/cuda/cuda_call.h"
#include "kernels/cuda/cuda_kernels.h"
#include "kernels/kernel_semantics.h"
#include "kernels/reference/reference_kernels.h"

namespace orbit::cuda {

namespace {

/// The exact sum type the device returns for T's rows: int64 for int32, int128 otherwise.
template <typename T>
using DeviceSumFor = std::conditional_t<std::is_same_v<T, int32_t>, int64_t, SumTypeOf<T>>;

template <typename T, typename SumT>
bool Sum(const T* values, const uint8_t* validity, size_t n, SumT* sum, int64_t* count) {
  if (n == 0) return true;
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
  call.Launch(&OrbitCudaApi::aggregate, args);
  DeviceSum total{};
  int64_t rows = 0;
  int32_t overflow = 0;
  call.Read(&total, args.d_result, sizeof(total));
  call.Read(&rows, args.d_count, sizeof(rows));
  call.Read(&overflow, args.d_overflow, sizeof(overflow));
  if (call.failed()) {
    ReportFailure(call.status());
    return reference::Aggregate<T, SumT>().sum(values, validity, n, sum, count);
  }
  if (overflow != 0) return false;
  if constexpr (std::is_floating_point_v<T>) {
    *sum += total;
  } else if constexpr (std::is_same_v<T, int128_t>) {
    *sum = total;
  } else {
    SumT result;
    if (__builtin_add_overflow(*sum, static_cast<int128_t>(total), &result)) return false;
    *sum = result;
  }
  *count += rows;
  return true;
}

template <typename T, bool kMin>
void MinMax(const T* values, const uint8_t* validity, size_t n, T* acc, int64_t* count) {
  if (n == 0) return;
  CudaCall call(kMin ? "agg_min" : "agg_max");
  OrbitCudaAggregateArgs args{};
  args.type = TypeCode<T>();
  args.op = kMin ? kOrbitCudaMin : kOrbitCudaMax;
  args.d_values = call.Input(values, n * sizeof(T));
  args.d_validity = static_cast<const uint8_t*>(call.Input(validity, bitmap::Bytes(n)));
  args.n = n;
  args.d_result = call.Output(sizeof(T));
  args.d_count = static_cast<int64_t*>(call.Output(sizeof(int64_t)));
  call.Launch(&OrbitCudaApi::aggregate, args);
  int64_t rows = 0;
  T best{};
  call.Read(&rows, args.d_count, sizeof(rows));
  if (rows > 0) call.Read(&best, args.d_result, sizeof(best));
  if (call.failed()) {
    ReportFailure(call.status());
    const auto reference = reference::Aggregate<T, SumTypeOf<T>>();
    return (kMin ? reference.min : reference.max)(values, validity, n, acc, count);
  }
  if (rows == 0) return;
  if (kMin ? kernels::ValueLess(best, *acc) : kernels::ValueLess(*acc, best)) *acc = best;
  *count += rows;
}

/// Runs a grouped kernel over the states accs[0..groups) and counts[0..groups), updating
/// them only when the device succeeded and nothing overflowed. False on device failure.
template <typename T, typename Acc>
bool GroupedOnDevice(int32_t op, const T* values, const uint8_t* validity, const uint32_t* groups, size_t n, Acc* accs,
                     int64_t* counts, bool* overflow) {
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
  call.Launch(&OrbitCudaApi::grouped_aggregate, args);
  int32_t overflowed = 0;
  std::vector<Acc> new_accs(group_count);
  std::vector<int64_t> new_counts(group_count);
  call.Read(&overflowed, args.d_overflow, sizeof(overflowed));
  call.Read(new_accs.data(), args.d_accs, group_count * sizeof(Acc));
  call.Read(new_counts.data(), args.d_counts, group_count * sizeof(int64_t));
  if (call.failed()) {
    ReportFailure(call.status());
    return false;
  }
  *overflow = overflowed != 0;
  if (!*overflow) {  // on overflow the caller discards the states, as with the reference
    std::copy(new_accs.begin(), new_accs.end(), accs);
    std::copy(new_counts.begin(), new_counts.end(), counts);
  }
  return true;
}

template <typename T, typename SumT>
bool GroupedSum(const T* values, const uint8_t* validity, const uint32_t* groups, size_t n, SumT* sums,
                int64_t* counts) {
  if (n == 0) return true;
  bool overflow = false;
  if (!GroupedOnDevice<T, SumT>(kOrbitCudaSum, values, validity, groups, n, sums, counts, &overflow)) {
    return reference::GroupedAggregate<T, SumT>().sum(values, validity, groups, n, sums, counts);
  }
  return !overflow;
}

template <typename T, bool kMin>
void GroupedMinMax(const T* values, const uint8_t* validity, const uint32_t* groups, size_t n, T* accs,
                   int64_t* counts) {
  if (n == 0) return;
  bool overflow = false;
  if (!GroupedOnDevice<T, T>(kMin ? kOrbitCudaMin : kOrbitCudaMax, values, validity, groups, n, accs, counts,
                             &overflow)) {
    const auto reference = reference::GroupedAggregate<T, SumTypeOf<T>>();
    (kMin ? reference.min : reference.max)(values, validity, groups, n, accs, counts);
  }
}

}  // namespace

template <typename T, typename SumT>
AggregateKernels<T, SumT> Aggregate() {
  return {&Sum<T, SumT>, &MinMax<T, true>, &MinMax<T, false>};
}

template <typename T, typename SumT>
GroupedAggregateKernels<T, SumT> GroupedAggregate() {
  return {&GroupedSum<T, SumT>, &GroupedMinMax<T, true>, &GroupedMinMax<T, false>};
}

template AggregateKernels<int32_t, int64_t> Aggregate();
template AggregateKernels<int64_t, int128_t> Aggregate();
template AggregateKernels<int128_t, int128_t> Aggregate();
template AggregateKernels<double, double> Aggregate();
template GroupedAggregateKernels<int32_t, int64_t> GroupedAggregate();
template GroupedAggregateKernels<int64_t, int128_t> GroupedAggregate();
template GroupedAggregateKernels<int128_t, int128_t> GroupedAggregate();
template GroupedAggregateKernels<double, double> GroupedAggregate();

}  // namespace orbit::cuda
