// Host side of filter.cu: one stream compaction per call; the passing rows come back
// already as ascending row indices.
#include "columnar/bitmap.h"
#include "kernels/cuda/cuda_call.h"
#include "kernels/cuda/cuda_kernels.h"

namespace orbit::cuda {

namespace {

/// The arguments every filter shares: its values, validity and selection.
template <typename T>
OrbitCudaFilterArgs CommonArgs(CudaCall& call, int32_t kind, const T* values, const uint8_t* validity, size_t n,
                               const uint32_t* sel, size_t sel_count) {
  OrbitCudaFilterArgs args{};
  args.type = TypeCode<T>();
  args.kind = kind;
  args.d_values = call.Input(values, n * sizeof(T));
  args.d_validity = static_cast<const uint8_t*>(call.Input(validity, bitmap::Bytes(n)));
  args.d_sel = static_cast<const uint32_t*>(call.Input(sel, sel_count * sizeof(uint32_t)));
  args.considered = device::Considered(n, sel, sel_count);
  return args;
}

/// Runs the compaction and copies the rows back; nullopt when the device failed.
std::optional<size_t> SelectOnDevice(CudaCall& call, OrbitCudaFilterArgs args, uint32_t* out) {
  args.d_out = static_cast<uint32_t*>(call.Output(args.considered * sizeof(uint32_t)));
  args.d_count = static_cast<uint64_t*>(call.Output(sizeof(uint64_t)));
  call.Launch(&OrbitCudaKernelApi::filter, args);
  uint64_t passed = 0;
  call.Read(&passed, args.d_count, sizeof(passed));
  call.Read(out, args.d_out, passed * sizeof(uint32_t));
  if (!call.Succeeded()) return std::nullopt;
  return passed;
}

template <typename T>
std::optional<size_t> CompareConstant(const T* values, const uint8_t* validity, size_t n, const uint32_t* sel,
                                      size_t sel_count, CompareOp op, T constant, uint32_t* out) {
  CudaCall call("filter_compare_constant");
  OrbitCudaFilterArgs args = CommonArgs(call, kOrbitCudaCompareConstant, values, validity, n, sel, sel_count);
  args.op = static_cast<int32_t>(op);
  std::memcpy(args.scalars, &constant, sizeof(T));
  return SelectOnDevice(call, args, out);
}

template <typename T>
std::optional<size_t> CompareColumns(const T* left, const uint8_t* left_validity, const T* right,
                                     const uint8_t* right_validity, size_t n, const uint32_t* sel, size_t sel_count,
                                     CompareOp op, uint32_t* out) {
  CudaCall call("filter_compare_columns");
  OrbitCudaFilterArgs args = CommonArgs(call, kOrbitCudaCompareColumns, left, left_validity, n, sel, sel_count);
  args.op = static_cast<int32_t>(op);
  args.d_right = call.Input(right, n * sizeof(T));
  args.d_right_validity = static_cast<const uint8_t*>(call.Input(right_validity, bitmap::Bytes(n)));
  return SelectOnDevice(call, args, out);
}

template <typename T>
std::optional<size_t> Between(const T* values, const uint8_t* validity, size_t n, const uint32_t* sel, size_t sel_count,
                              T low, T high, uint32_t* out) {
  CudaCall call("filter_between");
  OrbitCudaFilterArgs args = CommonArgs(call, kOrbitCudaBetween, values, validity, n, sel, sel_count);
  std::memcpy(args.scalars, &low, sizeof(T));
  std::memcpy(args.scalars + 16, &high, sizeof(T));
  return SelectOnDevice(call, args, out);
}

template <typename T>
std::optional<size_t> InList(const T* values, const uint8_t* validity, size_t n, const uint32_t* sel, size_t sel_count,
                             const T* list, size_t list_count, uint32_t* out) {
  CudaCall call("filter_in_list");
  OrbitCudaFilterArgs args = CommonArgs(call, kOrbitCudaInList, values, validity, n, sel, sel_count);
  args.d_list = call.Input(list, list_count * sizeof(T));
  args.list_count = list_count;
  return SelectOnDevice(call, args, out);
}

template <typename T>
struct FilterSteps {
  static constexpr auto compare_constant = &CompareConstant<T>;
  static constexpr auto compare_columns = &CompareColumns<T>;
  static constexpr auto between = &Between<T>;
  static constexpr auto in_list = &InList<T>;
};

}  // namespace

void AddFilters(KernelTable* table) { device::AddFilterEntries<FilterSteps>(table); }

}  // namespace orbit::cuda
