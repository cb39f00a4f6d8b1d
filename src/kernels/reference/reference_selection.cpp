// Reference selection-vector kernels: bitmaps to row indices, and gathers by index.
#include "kernels/kernel_semantics.h"
#include "kernels/reference/reference_kernels.h"

namespace orbit::reference {
namespace {

size_t FromBitmap(const uint8_t* bits, const uint8_t* validity, size_t n, uint32_t* out) {
  size_t written = 0;
  for (size_t i = 0; i < n; ++i) {
    if (bitmap::Get(bits, i) && kernels::IsValidRow(validity, i)) out[written++] = static_cast<uint32_t>(i);
  }
  return written;
}

template <typename T>
void Gather(const T* in, const uint32_t* sel, size_t count, T* out) {
  for (size_t k = 0; k < count; ++k) out[k] = in[sel[k]];
}

}  // namespace

SelectionKernels Selection() { return {&FromBitmap, &Gather<uint32_t>, &Gather<uint64_t>, &Gather<int128_t>}; }

}  // namespace orbit::reference
