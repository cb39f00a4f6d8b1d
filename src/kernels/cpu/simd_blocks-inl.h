// Per-target building blocks shared by the SIMD kernel families; each simd_*.cpp includes
// this once per Highway target (hence the toggling include guard below).
//
// Kernels walk their input in blocks of 64 rows. A filter evaluates its predicate one
// vector at a time and packs the lane results into a 64-bit word (bit j = row base + j),
// ANDs it with the block's validity word, then writes the indices of the set bits. Blocks
// cut short by the end of the input, and rows picked by a selection vector, are first
// copied into a 64-row staging buffer, so vector code only ever sees whole blocks and
// never reads past the end of an input.

#if defined(ORBIT_KERNELS_CPU_SIMD_BLOCKS_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ORBIT_KERNELS_CPU_SIMD_BLOCKS_INL_H_
#undef ORBIT_KERNELS_CPU_SIMD_BLOCKS_INL_H_
#else
#define ORBIT_KERNELS_CPU_SIMD_BLOCKS_INL_H_
#endif

#include <algorithm>
#include <array>
#include <cstring>

#include "columnar/bitmap.h"
#include "hwy/highway.h"

HWY_BEFORE_NAMESPACE();
namespace orbit::simd::HWY_NAMESPACE {

namespace hn = hwy::HWY_NAMESPACE;

constexpr size_t kBlockRows = 64;

/// Vectors of at most 16 lanes, so that a 64-row block is a whole number of vectors and
/// one vector's lane bits always fit in a word.
template <typename T>
using BlockTag = hn::CappedTag<T, 16>;

/// Bits [0, count) set.
HWY_INLINE uint64_t LowBits(size_t count) { return count >= 64 ? ~uint64_t{0} : (uint64_t{1} << count) - 1; }

/// Bits [row, row + count) of an Arrow bitmap in the low bits of a word (higher bits are
/// garbage); all ones when `bitmap` is nullptr. `row` is a multiple of 8 and count <= 64;
/// reads only the bytes that hold those bits.
HWY_INLINE uint64_t LoadBitmapWord(const uint8_t* bitmap, size_t row, size_t count) {
  if (bitmap == nullptr) return ~uint64_t{0};
  uint64_t word = 0;
  std::memcpy(&word, bitmap + row / 8, bitmap::Bytes(count));
  return word;
}

/// Bit j = bit rows[j] of `bitmap` for j < count; all ones when `bitmap` is nullptr.
HWY_INLINE uint64_t GatherBitmapWord(const uint8_t* bitmap, const uint32_t* rows, size_t count) {
  if (bitmap == nullptr) return ~uint64_t{0};
  uint64_t word = 0;
  for (size_t j = 0; j < count; ++j) word |= uint64_t{bitmap::Get(bitmap, rows[j])} << j;
  return word;
}

/// The lane results of `mask` as the low Lanes(d) bits of a word (lane 0 in bit 0).
template <class D>
HWY_INLINE uint64_t MaskToBits(D d, hn::Mask<D> mask) {
  uint8_t bytes[8] = {};
  hn::StoreMaskBits(d, mask, bytes);
  uint64_t bits;
  std::memcpy(&bits, bytes, sizeof(bits));
  return bits;
}

/// The mask whose lane j is bit j of `bits`.
template <class D>
HWY_INLINE hn::Mask<D> BitsToMask(D d, uint64_t bits) {
  uint8_t bytes[8];
  std::memcpy(bytes, &bits, sizeof(bits));
  return hn::LoadMaskBits(d, bytes);
}

/// Evaluates `predicate(vectors...)` over 64 consecutive rows of each column and returns
/// the results as a word.
template <class D, size_t K, class Predicate>
HWY_INLINE uint64_t BlockBits(D d, const std::array<const hn::TFromD<D>*, K>& columns, Predicate predicate) {
  const size_t lanes = hn::Lanes(d);
  uint64_t bits = 0;
  for (size_t j = 0; j < kBlockRows; j += lanes) {
    hn::Mask<D> mask;
    if constexpr (K == 1) {
      mask = predicate(hn::LoadU(d, columns[0] + j));
    } else {
      mask = predicate(hn::LoadU(d, columns[0] + j), hn::LoadU(d, columns[1] + j));
    }
    bits |= MaskToBits(d, mask) << j;
  }
  return bits;
}

/// Appends row_ids[j] for each set bit j of `bits`, ascending; returns how many.
HWY_INLINE size_t AppendSetBitsScalar(uint64_t bits, const uint32_t* row_ids, uint32_t* out) {
  size_t written = 0;
  for (; bits != 0; bits &= bits - 1) out[written++] = row_ids[hwy::Num0BitsBelowLS1Bit_Nonzero64(bits)];
  return written;
}

HWY_INLINE size_t AppendSetBitsScalar(uint64_t bits, uint32_t base, uint32_t* out) {
  size_t written = 0;
  for (; bits != 0; bits &= bits - 1) {
    out[written++] = base + static_cast<uint32_t>(hwy::Num0BitsBelowLS1Bit_Nonzero64(bits));
  }
  return written;
}

/// Appends the row id of each set bit of a whole block's word, compressing a vector of row
/// ids at a time when enough bits are set to pay off. `ids_at(du32, j)` returns the ids of
/// block rows j.. as a vector. CompressStore may write up to a vector past the last id it
/// reports, which stays inside `out` because out has room for 64 entries.
template <class IdsAt, class Id>
HWY_INLINE size_t AppendSetBitsOfBlock(uint64_t bits, uint32_t* out, IdsAt ids_at, Id scalar_ids) {
  if (hwy::PopCount(bits) < 8) return AppendSetBitsScalar(bits, scalar_ids, out);
  const BlockTag<uint32_t> du32;
  const size_t lanes = hn::Lanes(du32);
  size_t written = 0;
  for (size_t j = 0; j < kBlockRows; j += lanes) {
    const uint64_t chunk = (bits >> j) & LowBits(lanes);
    if (chunk == 0) continue;
    written += hn::CompressStore(ids_at(du32, j), BitsToMask(du32, chunk), du32, out + written);
  }
  return written;
}

/// Appends base + j for each set bit j of a whole block's word.
HWY_INLINE size_t AppendRowsOfBlock(uint64_t bits, uint32_t base, uint32_t* out) {
  return AppendSetBitsOfBlock(
      bits, out, [base](auto du32, size_t j) { return hn::Iota(du32, base + static_cast<uint32_t>(j)); }, base);
}

/// Appends sel[j] for each set bit j of a whole block's word.
HWY_INLINE size_t AppendSelectedOfBlock(uint64_t bits, const uint32_t* sel, uint32_t* out) {
  return AppendSetBitsOfBlock(
      bits, out, [sel](auto du32, size_t j) { return hn::LoadU(du32, sel + j); }, sel);
}

/// Runs a vector predicate over the considered rows (all n rows, or the sel_count rows of
/// `sel`) of K columns, and writes the ascending ids of rows that pass and are valid in
/// every column's bitmap. This is the whole filter contract of kernel_table.h.
template <typename T, size_t K, class Predicate>
HWY_INLINE size_t FilterRows(const std::array<const T*, K>& columns, const std::array<const uint8_t*, K>& validity,
                             size_t n, const uint32_t* sel, size_t sel_count, uint32_t* out, Predicate predicate) {
  const BlockTag<T> d;
  HWY_ALIGN T staging[K][kBlockRows];
  std::array<const T*, K> staged;
  for (size_t k = 0; k < K; ++k) staged[k] = staging[k];
  size_t written = 0;

  if (sel == nullptr) {
    size_t row = 0;
    for (; row + kBlockRows <= n; row += kBlockRows) {
      std::array<const T*, K> block;
      for (size_t k = 0; k < K; ++k) block[k] = columns[k] + row;
      uint64_t bits = BlockBits(d, block, predicate);
      for (size_t k = 0; k < K; ++k) bits &= LoadBitmapWord(validity[k], row, kBlockRows);
      written += AppendRowsOfBlock(bits, static_cast<uint32_t>(row), out + written);
    }
    if (row < n) {
      const size_t count = n - row;
      for (size_t k = 0; k < K; ++k) {
        std::copy_n(columns[k] + row, count, staging[k]);
        std::fill(staging[k] + count, staging[k] + kBlockRows, T{});
      }
      uint64_t bits = BlockBits(d, staged, predicate) & LowBits(count);
      for (size_t k = 0; k < K; ++k) bits &= LoadBitmapWord(validity[k], row, count);
      written += AppendSetBitsScalar(bits, static_cast<uint32_t>(row), out + written);
    }
    return written;
  }

  for (size_t p = 0; p < sel_count; p += kBlockRows) {
    const size_t count = std::min(kBlockRows, sel_count - p);
    const uint32_t* rows = sel + p;
    for (size_t k = 0; k < K; ++k) {
      for (size_t j = 0; j < count; ++j) staging[k][j] = columns[k][rows[j]];
      std::fill(staging[k] + count, staging[k] + kBlockRows, T{});
    }
    uint64_t bits = BlockBits(d, staged, predicate) & LowBits(count);
    for (size_t k = 0; k < K; ++k) bits &= GatherBitmapWord(validity[k], rows, count);
    written += count == kBlockRows ? AppendSelectedOfBlock(bits, rows, out + written)
                                   : AppendSetBitsScalar(bits, rows, out + written);
  }
  return written;
}

}  // namespace orbit::simd::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // ORBIT_KERNELS_CPU_SIMD_BLOCKS_INL_H_
