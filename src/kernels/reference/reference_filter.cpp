// Reference filters: one row at a time, in selection order, through kernels::Compare.
#include "kernels/kernel_semantics.h"
#include "kernels/reference/reference_kernels.h"

namespace orbit::reference {
namespace {

using kernels::IsValidRow;
using kernels::SelectedRow;

/// Writes every considered row that is valid in all `validity` bitmaps and passes `passes`.
template <typename Passes>
size_t SelectRows(const uint8_t* validity_a, const uint8_t* validity_b, size_t n, const uint32_t* sel, size_t sel_count,
                  uint32_t* out, Passes passes) {
  const size_t considered = sel == nullptr ? n : sel_count;
  size_t written = 0;
  for (size_t k = 0; k < considered; ++k) {
    const size_t row = SelectedRow(sel, k);
    if (IsValidRow(validity_a, row) && IsValidRow(validity_b, row) && passes(row)) {
      out[written++] = static_cast<uint32_t>(row);
    }
  }
  return written;
}

template <typename T>
size_t CompareConstant(const T* values, const uint8_t* validity, size_t n, const uint32_t* sel, size_t sel_count,
                       CompareOp op, T constant, uint32_t* out) {
  return SelectRows(validity, nullptr, n, sel, sel_count, out,
                    [&](size_t row) { return kernels::Compare(op, values[row], constant); });
}

template <typename T>
size_t CompareColumns(const T* left, const uint8_t* left_validity, const T* right, const uint8_t* right_validity,
                      size_t n, const uint32_t* sel, size_t sel_count, CompareOp op, uint32_t* out) {
  return SelectRows(left_validity, right_validity, n, sel, sel_count, out,
                    [&](size_t row) { return kernels::Compare(op, left[row], right[row]); });
}

template <typename T>
size_t Between(const T* values, const uint8_t* validity, size_t n, const uint32_t* sel, size_t sel_count, T low, T high,
               uint32_t* out) {
  return SelectRows(validity, nullptr, n, sel, sel_count, out, [&](size_t row) {
    return kernels::Compare(CompareOp::kGe, values[row], low) && kernels::Compare(CompareOp::kLe, values[row], high);
  });
}

template <typename T>
size_t InList(const T* values, const uint8_t* validity, size_t n, const uint32_t* sel, size_t sel_count, const T* list,
              size_t list_count, uint32_t* out) {
  return SelectRows(validity, nullptr, n, sel, sel_count, out, [&](size_t row) {
    for (size_t j = 0; j < list_count; ++j) {
      if (kernels::ValuesEqual(values[row], list[j])) return true;
    }
    return false;
  });
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

}  // namespace orbit::reference
