// Filters on the GPU: one CUB DeviceSelect stream compaction per call, over the considered
// positions mapped to row indices, so the output is the ascending passing rows the
// KernelTable contract asks for. The predicate is the shared value_semantics.h code.
#include <thrust/iterator/counting_iterator.h>
#include <thrust/iterator/transform_iterator.h>
#include <cub/device/device_select.cuh>

#include <cstring>

#include "kernels/cuda/cuda_kernel_families.h"
#include "kernels/cuda/cuda_kernel_support.cuh"

namespace orbit::cuda_plugin {
namespace {

// One predicate type per element type (the filter kind is a uniform run-time branch), to
// keep the number of CUB instantiations, and the plugin's compile time, small.
template <typename T>
struct FilterPredicate {
  int32_t kind;
  CompareOp op;
  const T* values;
  const uint8_t* validity;
  const T* right;
  const uint8_t* right_validity;
  T first;
  T second;
  const T* list;
  uint64_t list_count;

  __device__ bool operator()(uint32_t row) const {
    if (!kernels::ValidBit(validity, row)) return false;
    const T v = values[row];
    switch (kind) {
      case kOrbitCudaCompareConstant: return kernels::Compare(op, v, first);
      case kOrbitCudaCompareColumns:
        return kernels::ValidBit(right_validity, row) && kernels::Compare(op, v, right[row]);
      case kOrbitCudaBetween: return !kernels::ValueLess(v, first) && !kernels::ValueLess(second, v);
      case kOrbitCudaInList:
        for (uint64_t i = 0; i < list_count; ++i) {
          if (kernels::ValuesEqual(v, list[i])) return true;
        }
        return false;
    }
    return false;
  }
};

template <typename T>
cudaError_t RunFilter(const OrbitCudaFilterArgs& args, cudaStream_t stream) {
  FilterPredicate<T> predicate{};
  predicate.kind = args.kind;
  predicate.op = static_cast<CompareOp>(args.op);
  predicate.values = static_cast<const T*>(args.d_values);
  predicate.validity = args.d_validity;
  predicate.right = static_cast<const T*>(args.d_right);
  predicate.right_validity = args.d_right_validity;
  std::memcpy(&predicate.first, args.scalars, sizeof(T));
  std::memcpy(&predicate.second, args.scalars + 16, sizeof(T));
  predicate.list = static_cast<const T*>(args.d_list);
  predicate.list_count = args.list_count;
  const auto rows = thrust::make_transform_iterator(thrust::counting_iterator<uint32_t>(0), SelectedRowOf{args.d_sel});
  const auto count = static_cast<int64_t>(args.considered);
  size_t temp_bytes = 0;
  ORBIT_CUDA_TRY(cub::DeviceSelect::If(nullptr, temp_bytes, rows, args.d_out, args.d_count, count, predicate, stream));
  Scratch scratch(stream);
  uint8_t* temp = nullptr;
  ORBIT_CUDA_TRY(scratch.Allocate(temp_bytes, &temp));
  return cub::DeviceSelect::If(temp, temp_bytes, rows, args.d_out, args.d_count, count, predicate, stream);
}

}  // namespace

cudaError_t Filter(const OrbitCudaFilterArgs& args, cudaStream_t stream) {
  return DispatchType(args.type, [&](auto zero) { return RunFilter<decltype(zero)>(args, stream); });
}

}  // namespace orbit::cuda_plugin
