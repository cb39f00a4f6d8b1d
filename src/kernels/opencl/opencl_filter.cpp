// Host side of filter.cl: the kernel, one work item per considered row, marks passing
// positions in mask words; the rows are expanded here in ascending order.
#include "columnar/bitmap.h"
#include "kernels/opencl/opencl_call.h"
#include "kernels/opencl/opencl_kernels.h"

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

/// Adds the mask every filter writes after its arguments, launches, and expands; nullopt
/// when the device failed.
std::optional<size_t> SelectOnDevice(KernelCall& call, const uint32_t* sel, size_t considered, uint32_t* out) {
  const size_t words = MaskWords(considered);
  const int mask = call.Output(words * sizeof(uint32_t));
  call.Launch(considered);
  std::vector<uint32_t> bits(words);
  call.Read(mask, bits.data(), words * sizeof(uint32_t));
  if (!call.Succeeded()) return std::nullopt;
  return ExpandMask(bits, sel, considered, out);
}

template <typename T>
std::optional<size_t> CompareConstant(const T* values, const uint8_t* validity, size_t n, const uint32_t* sel,
                                      size_t sel_count, CompareOp op, T constant, uint32_t* out) {
  const size_t considered = device::Considered(n, sel, sel_count);
  KernelCall call(KernelName<T>("filter_compare_constant"));
  call.Input(values, n * sizeof(T));
  call.OptionalInput(validity, bitmap::Bytes(n));
  call.OptionalInput(sel, sel_count * sizeof(uint32_t));
  call.Scalar<cl_uint>(static_cast<cl_uint>(considered));
  call.Scalar<cl_int>(static_cast<cl_int>(op));
  call.Input(&constant, sizeof(T));
  return SelectOnDevice(call, sel, considered, out);
}

template <typename T>
std::optional<size_t> CompareColumns(const T* left, const uint8_t* left_validity, const T* right,
                                     const uint8_t* right_validity, size_t n, const uint32_t* sel, size_t sel_count,
                                     CompareOp op, uint32_t* out) {
  const size_t considered = device::Considered(n, sel, sel_count);
  KernelCall call(KernelName<T>("filter_compare_columns"));
  call.Input(left, n * sizeof(T));
  call.OptionalInput(left_validity, bitmap::Bytes(n));
  call.Input(right, n * sizeof(T));
  call.OptionalInput(right_validity, bitmap::Bytes(n));
  call.OptionalInput(sel, sel_count * sizeof(uint32_t));
  call.Scalar<cl_uint>(static_cast<cl_uint>(considered));
  call.Scalar<cl_int>(static_cast<cl_int>(op));
  return SelectOnDevice(call, sel, considered, out);
}

template <typename T>
std::optional<size_t> Between(const T* values, const uint8_t* validity, size_t n, const uint32_t* sel, size_t sel_count,
                              T low, T high, uint32_t* out) {
  const size_t considered = device::Considered(n, sel, sel_count);
  KernelCall call(KernelName<T>("filter_between"));
  call.Input(values, n * sizeof(T));
  call.OptionalInput(validity, bitmap::Bytes(n));
  call.OptionalInput(sel, sel_count * sizeof(uint32_t));
  call.Scalar<cl_uint>(static_cast<cl_uint>(considered));
  const T bounds[2] = {low, high};
  call.Input(bounds, sizeof(bounds));
  return SelectOnDevice(call, sel, considered, out);
}

template <typename T>
std::optional<size_t> InList(const T* values, const uint8_t* validity, size_t n, const uint32_t* sel, size_t sel_count,
                             const T* list, size_t list_count, uint32_t* out) {
  const size_t considered = device::Considered(n, sel, sel_count);
  KernelCall call(KernelName<T>("filter_in_list"));
  call.Input(values, n * sizeof(T));
  call.OptionalInput(validity, bitmap::Bytes(n));
  call.OptionalInput(sel, sel_count * sizeof(uint32_t));
  call.Scalar<cl_uint>(static_cast<cl_uint>(considered));
  call.Input(list, list_count * sizeof(T));
  call.Scalar<cl_uint>(static_cast<cl_uint>(list_count));
  return SelectOnDevice(call, sel, considered, out);
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

}  // namespace orbit::opencl
