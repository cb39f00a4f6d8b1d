// SIMD selection from a bitmap: 64 rows per word, row ids compressed a vector at a time.
// Gathers stay on the reference (see simd_kernels.cpp).
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "kernels/cpu/simd_selection.cpp"
#include "hwy/foreach_target.h"  // IWYU pragma: keep

#include "hwy/highway.h"
#include "kernels/cpu/simd_blocks-inl.h"
#include "kernels/cpu/simd_kernels.h"

HWY_BEFORE_NAMESPACE();
namespace orbit::simd::HWY_NAMESPACE {
namespace {

size_t FromBitmap(const uint8_t* bits, const uint8_t* validity, size_t n, uint32_t* out) {
  size_t written = 0;
  size_t row = 0;
  for (; row + kBlockRows <= n; row += kBlockRows) {
    const uint64_t word = LoadBitmapWord(bits, row, kBlockRows) & LoadBitmapWord(validity, row, kBlockRows);
    if (word != 0) written += AppendRowsOfBlock(word, static_cast<uint32_t>(row), out + written);
  }
  if (row < n) {
    const size_t count = n - row;
    const uint64_t word = LoadBitmapWord(bits, row, count) & LoadBitmapWord(validity, row, count) & LowBits(count);
    written += AppendSetBitsScalar(word, static_cast<uint32_t>(row), out + written);
  }
  return written;
}

}  // namespace

void SetSelectionEntries(KernelTable* table) { table->selection.from_bitmap = &FromBitmap; }

}  // namespace orbit::simd::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace orbit::simd {

HWY_EXPORT(SetSelectionEntries);

void FillSelectionKernels(KernelTable* table) { HWY_DYNAMIC_DISPATCH(SetSelectionEntries)(table); }

}  // namespace orbit::simd
#endif
