// Host side of filter.cl: the kernel, one work item per considered row, marks passing
// positions in mask words; the rows are expanded here in ascending order.
#include "columnar/bitmap.h"
#include "kernels/opencl/opencl_call.h"
#include "kernels/opencl/opencl_kernels.h"
#include "kernels/reference/reference_kernels.h"

namespace orbit::opencl {

size_t ExpandMask(const std::vector<uint32_t>& words, const uint32_t* sel, size_t considered, uint32_t* out) {
  size_t written = 0;
  for (size_t w = 0; w < words.size(); ++w) {
    for (uint32_t bits = words[w]; bits != 0; bits &= bits - 1) {
      const size_t k = w * 32 + static_cast<size_t>(__builtin_ctz(bits));
      if (k >= considered) break;
      out[written++] = sel != nullptr ? sel[k] : static_cast<uint32_t>(k);
    }
  }
  return written;
}

namespace {

/// Adds the arguments every filter shares after its value columns, launches, and expands.
/// Returns false when the device failed (the caller then asks the reference).
bool SelectOnDevice(KernelCall& call, const uint32_t* sel, size_t considered, uint32_t* out, size_t* count) {
  const size_t words = MaskWords(considered);
  const int mask = call.Output(words * sizeof(uint32_t));
  call.Launch(considered);
  std::vector<uint32_t> bits(words);
  call.Read(mask, bits.data(), words * sizeof(uint32_t));
  if (call.failed()) {
    ReportFailure(call.status());
    return false;
  }
  *count = ExpandMask(bits, sel, considered, out);
  return true;
}

size_t Considered(size_t n, const uint32_t* sel, size_t sel_count) { return sel == nullptr ? n : sel_count; }

template <typename T>
size_t CompareConstant(const T* values, const uint8_t* validity, size_t n, const uint32_t* sel, size_t sel_count,
                       CompareOp op, T constant, uint32_t* out) {
  const size_t considered = Considered(n, sel, sel_count);
  if (considered == 0) return 0;
  KernelCall call(KernelName<T>("filter_compare_constant"));
  call.Input(values, n * sizeof(T));
  call.OptionalInput(validity, bitmap::Bytes(n));
  call.OptionalInput(sel, sel_count * sizeof(uint32_t));
  call.Scalar<cl_uint>(static_cast<cl_uint>(considered));
  call.Scalar<cl_int>(static_cast<cl_int>(op));
  call.Input(&constant, sizeof(T));
  size_t count = 0;
  if (SelectOnDevice(call, sel, considered, out, &count)) return count;
  return reference::Filter<T>().compare_constant(values, validity, n, sel, sel_count, op, constant, out);
}

template <typename T>
size_t CompareColumns(const T* left, const uint8_t* left_validity, const T* right, const uint8_t* right_validity,
                      size_t n, const uint32_t* sel, size_t sel_count, CompareOp op, uint32_t* out) {
  const size_t considered = Considered(n, sel, sel_count);
  if (considered == 0) return 0;
  KernelCall call(KernelName<T>("filter_compare_columns"));
  call.Input(left, n * sizeof(T));
  call.OptionalInput(left_validity, bitmap::Bytes(n));
  call.Input(right, n * sizeof(T));
  call.OptionalInput(right_validity, bitmap::Bytes(n));
  call.OptionalInput(sel, sel_count * sizeof(uint32_t));
  call.Scalar<cl_uint>(static_cast<cl_uint>(considered));
  call.Scalar<cl_int>(static_cast<cl_int>(op));
  size_t count = 0;
  if (SelectOnDevice(call, sel, considered, out, &count)) return count;
  return reference::Filter<T>().compare_columns(left, left_validity, right, right_validity, n, sel, sel_count, op, out);
}

template <typename T>
size_t Between(const T* values, const uint8_t* validity, size_t n, const uint32_t* sel, size_t sel_count, T low, T high,
               uint32_t* out) {
  const size_t considered = Considered(n, sel, sel_count);
  if (considered == 0) return 0;
  KernelCall call(KernelName<T>("filter_between"));
  call.Input(values, n * sizeof(T));
  call.OptionalInput(validity, bitmap::Bytes(n));
  call.OptionalInput(sel, sel_count * sizeof(uint32_t));
  call.Scalar<cl_uint>(static_cast<cl_uint>(considered));
  const T bounds[2] = {low, high};
  call.Input(bounds, sizeof(bounds));
  size_t count = 0;
  if (SelectOnDevice(call, sel, considered, out, &count)) return count;
  return reference::Filter<T>().between(values, validity, n, sel, sel_count, low, high, out);
}

template <typename T>
size_t InList(const T* values, const uint8_t* validity, size_t n, const uint32_t* sel, size_t sel_count, const T* list,
              size_t list_count, uint32_t* out) {
  const size_t considered = Considered(n, sel, sel_count);
  if (considered == 0 || list_count == 0) return 0;
  KernelCall call(KernelName<T>("filter_in_list"));
  call.Input(values, n * sizeof(T));
  call.OptionalInput(validity, bitmap::Bytes(n));
  call.OptionalInput(sel, sel_count * sizeof(uint32_t));
  call.Scalar<cl_uint>(static_cast<cl_uint>(considered));
  call.Input(list, list_count * sizeof(T));
  call.Scalar<cl_uint>(static_cast<cl_uint>(list_count));
  size_t count = 0;
  if (SelectOnDevice(call, sel, considered, out, &count)) return count;
  return reference::Filter<T>().in_list(values, validity, n, sel, sel_count, list, list_count, out);
}

}  // namespace

template <typename T>
FilterKernels<T> Filter() {
  return {&CompareConstant<T>, &CompareColumns<T>, &Between<T>, &InList<T>};
}

template FilterKernels<int32_t> Filter();
template FilterKernels<int64_t> Filter();
template FilterKernels<int128_t> Filter();
template FilterKernels<double> Filter();

}  // namespace orbit::opencl
