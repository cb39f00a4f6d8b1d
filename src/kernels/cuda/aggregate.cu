// Ungrouped SUM/MIN/MAX on the GPU with CUB DeviceReduce::TransformReduce: each row becomes
// a (value, count) state — NULL rows the identity — and states combine associatively.
// Integer sums are exact in the wider type (int64 for int32, int128 for int64) as the
// reference defines them; int128 sums check every step in row order, so they run on one
// thread, as the reference's rule requires.
#include <thrust/iterator/counting_iterator.h>
#include <cub/device/device_reduce.cuh>

#include "kernels/cuda/cuda_kernel_families.h"
#include "kernels/cuda/cuda_kernel_support.cuh"

namespace orbit::cuda_plugin {
namespace {

template <typename S>
struct SumState {
  S sum;
  int64_t count;
};

template <typename T, typename S>
struct ToSumState {
  const T* values;
  const uint8_t* validity;
  __device__ SumState<S> operator()(uint32_t row) const {
    if (!kernels::ValidBit(validity, row)) return {S{}, 0};
    return {static_cast<S>(values[row]), 1};
  }
};

template <typename S>
struct AddSumStates {
  __device__ SumState<S> operator()(const SumState<S>& a, const SumState<S>& b) const {
    return {a.sum + b.sum, a.count + b.count};
  }
};

template <typename T>
struct BestState {
  T value;
  int64_t count;
};

template <typename T>
struct ToBestState {
  const T* values;
  const uint8_t* validity;
  __device__ BestState<T> operator()(uint32_t row) const {
    if (!kernels::ValidBit(validity, row)) return {T{}, 0};
    return {values[row], 1};
  }
};

template <typename T, bool kMin>
struct PickBest {
  __device__ BestState<T> operator()(const BestState<T>& a, const BestState<T>& b) const {
    if (a.count == 0) return b;
    if (b.count == 0) return a;
    const bool take_b = kMin ? kernels::ValueLess(b.value, a.value) : kernels::ValueLess(a.value, b.value);
    return {take_b ? b.value : a.value, a.count + b.count};
  }
};

template <typename State, typename Transform, typename Combine>
cudaError_t Reduce(uint64_t n, Transform transform, Combine reduce, State* d_state, cudaStream_t stream) {
  const thrust::counting_iterator<uint32_t> rows(0);
  const auto count = static_cast<int64_t>(n);
  size_t temp_bytes = 0;
  ORBIT_CUDA_TRY(cub::DeviceReduce::TransformReduce(nullptr, temp_bytes, rows, d_state, count, reduce, transform,
                                                    State{}, stream));
  Scratch scratch(stream);
  uint8_t* temp = nullptr;
  ORBIT_CUDA_TRY(scratch.Allocate(temp_bytes, &temp));
  return cub::DeviceReduce::TransformReduce(temp, temp_bytes, rows, d_state, count, reduce, transform, State{}, stream);
}

template <typename S>
__global__ void StoreSum(const SumState<S>* state, S* result, int64_t* count) {
  *result = state->sum;
  *count = state->count;
}

template <typename T>
__global__ void StoreBest(const BestState<T>* state, T* result, int64_t* count) {
  if (state->count > 0) *result = state->value;
  *count = state->count;
}

/// The reference's int128 rule: add row by row, stop at the first overflow.
__global__ void SumInt128InOrder(const __int128* values, const uint8_t* validity, uint64_t n, __int128* sum,
                                 int64_t* count, int32_t* overflow) {
  __int128 running = *sum;
  int64_t rows = 0;
  for (uint64_t i = 0; i < n; ++i) {
    if (!kernels::ValidBit(validity, i)) continue;
    if (!kernels::CheckedOp(ArithmeticOp::kAdd, running, values[i], &running)) {
      *overflow = 1;
      return;
    }
    ++rows;
  }
  *sum = running;
  *count = rows;
}

template <typename T>
cudaError_t RunAggregate(const OrbitCudaAggregateArgs& args, cudaStream_t stream) {
  const auto* values = static_cast<const T*>(args.d_values);
  Scratch scratch(stream);
  if (args.op == kOrbitCudaSum) {
    if constexpr (sizeof(T) == 16) {
      SumInt128InOrder<<<1, 1, 0, stream>>>(values, args.d_validity, args.n, static_cast<__int128*>(args.d_result),
                                            args.d_count, args.d_overflow);
      return cudaGetLastError();
    } else {
      using S = std::conditional_t<sizeof(T) == 4, int64_t,
                                   std::conditional_t<sizeof(T) == 8 && (T(0.5) == T(0)), __int128, double>>;
      SumState<S>* state = nullptr;
      ORBIT_CUDA_TRY(scratch.Allocate(1, &state));
      ORBIT_CUDA_TRY(Reduce(args.n, ToSumState<T, S>{values, args.d_validity}, AddSumStates<S>{}, state, stream));
      StoreSum<<<1, 1, 0, stream>>>(state, static_cast<S*>(args.d_result), args.d_count);
      return cudaGetLastError();
    }
  }
  BestState<T>* state = nullptr;
  ORBIT_CUDA_TRY(scratch.Allocate(1, &state));
  const ToBestState<T> transform{values, args.d_validity};
  if (args.op == kOrbitCudaMin) {
    ORBIT_CUDA_TRY(Reduce(args.n, transform, PickBest<T, true>{}, state, stream));
  } else {
    ORBIT_CUDA_TRY(Reduce(args.n, transform, PickBest<T, false>{}, state, stream));
  }
  StoreBest<<<1, 1, 0, stream>>>(state, static_cast<T*>(args.d_result), args.d_count);
  return cudaGetLastError();
}

}  // namespace

cudaError_t Aggregate(const OrbitCudaAggregateArgs& args, cudaStream_t stream) {
  return DispatchType(args.type, [&](auto zero) { return RunAggregate<decltype(zero)>(args, stream); });
}

}  // namespace orbit::cuda_plugin
