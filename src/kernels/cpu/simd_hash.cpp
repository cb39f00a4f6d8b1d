// SIMD hashing of int32, int64, double and short string keys: the exact functions of
// kernel_semantics.h computed on 64-bit lanes, so hashes match the reference bit for bit.
// int128 keys stay on the reference (see simd_kernels.cpp), and so do strings longer than
// one 8-byte word, a vector of rows at a time.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "kernels/cpu/simd_hash.cpp"
#include "hwy/foreach_target.h"  // IWYU pragma: keep

#include "hwy/highway.h"
#include "kernels/cpu/simd_blocks-inl.h"
#include "kernels/cpu/simd_kernels.h"
#include "kernels/kernel_semantics.h"

HWY_BEFORE_NAMESPACE();
namespace orbit::simd::HWY_NAMESPACE {
namespace {

using HashTag = BlockTag<uint64_t>;
using HashVec = hn::Vec<HashTag>;

/// x * multiplier mod 2^64 from three 32x32->64-bit multiplies: x86 targets before
/// AVX-512 have no 64-bit lane multiply.
HWY_INLINE HashVec MulLow64(HashVec x, uint64_t multiplier) {
  const HashTag du;
#if HWY_TARGET == HWY_SCALAR
  return hn::Set(du, hn::GetLane(x) * multiplier);  // one lane: nothing to split
#else
  const hn::Repartition<uint32_t, HashTag> du32;
  const auto m_low = hn::BitCast(du32, hn::Set(du, multiplier));
  const auto m_high = hn::BitCast(du32, hn::Set(du, multiplier >> 32));
  const auto low_low = hn::MulEven(hn::BitCast(du32, x), m_low);
  const auto high_low = hn::MulEven(hn::BitCast(du32, hn::ShiftRight<32>(x)), m_low);
  const auto low_high = hn::MulEven(hn::BitCast(du32, x), m_high);
  return hn::Add(low_low, hn::ShiftLeft<32>(hn::Add(high_low, low_high)));
#endif
}

/// kernels::MixBits64 on every lane.
HWY_INLINE HashVec MixBits64(HashVec x) {
  x = hn::Xor(x, hn::ShiftRight<30>(x));
  x = MulLow64(x, kernels::kMixMultiplier1);
  x = hn::Xor(x, hn::ShiftRight<27>(x));
  x = MulLow64(x, kernels::kMixMultiplier2);
  return hn::Xor(x, hn::ShiftRight<31>(x));
}

/// kernels::CombineHashes on every lane.
HWY_INLINE HashVec CombineHashes(HashVec seed, HashVec hash) {
  const HashTag du;
  const auto mixed_seed = hn::Add(hn::ShiftLeft<6>(seed), hn::ShiftRight<2>(seed));
  return MixBits64(hn::Xor(seed, hn::Add(hn::Add(hash, hn::Set(du, kernels::kGoldenRatio64)), mixed_seed)));
}

/// kernels::HashInt64 of bit patterns.
HWY_INLINE HashVec HashBits(HashVec bits) {
  const HashTag du;
  return MixBits64(hn::Add(bits, hn::Set(du, kernels::kGoldenRatio64)));
}

/// Stores (or, with kCombine, folds into out) the hash of every row. `hash_at(i)` hashes
/// the vector of rows starting at i; `scalar_hash(i)` one row, for the tail.
template <bool kCombine, class HashAt, class ScalarHash>
HWY_INLINE void HashRows(const uint8_t* validity, size_t n, uint64_t* out, HashAt hash_at, ScalarHash scalar_hash) {
  const HashTag du;
  const size_t lanes = hn::Lanes(du);
  const auto null_hash = hn::Set(du, kernels::kNullHash);
  const size_t whole = n - n % kBlockRows;
  for (size_t row = 0; row < whole; row += kBlockRows) {
    const uint64_t word = LoadBitmapWord(validity, row, kBlockRows);
    for (size_t j = 0; j < kBlockRows; j += lanes) {
      auto h = hash_at(row + j);
      if (word != ~uint64_t{0}) h = hn::IfThenElse(BitsToMask(du, word >> j), h, null_hash);
      if constexpr (kCombine) h = CombineHashes(hn::LoadU(du, out + row + j), h);
      hn::StoreU(h, du, out + row + j);
    }
  }
  for (size_t i = whole; i < n; ++i) {
    const uint64_t h = kernels::IsValidRow(validity, i) ? scalar_hash(i) : kernels::kNullHash;
    out[i] = kCombine ? kernels::CombineHashes(out[i], h) : h;
  }
}

template <class HashAt, class ScalarHash>
void HashRowsMaybeCombine(const uint8_t* validity, size_t n, bool combine, uint64_t* out, HashAt hash_at,
                          ScalarHash scalar_hash) {
  if (combine) {
    HashRows<true>(validity, n, out, hash_at, scalar_hash);
  } else {
    HashRows<false>(validity, n, out, hash_at, scalar_hash);
  }
}

void HashInt32(const int32_t* values, const uint8_t* validity, size_t n, bool combine, uint64_t* out) {
  const HashTag du;
  const hn::Rebind<int64_t, HashTag> d64;
  const hn::Rebind<int32_t, HashTag> d32;
  HashRowsMaybeCombine(
      validity, n, combine, out,
      [&](size_t i) { return HashBits(hn::BitCast(du, hn::PromoteTo(d64, hn::LoadU(d32, values + i)))); },
      [&](size_t i) { return kernels::HashInt32(values[i]); });
}

void HashInt64(const int64_t* values, const uint8_t* validity, size_t n, bool combine, uint64_t* out) {
  const HashTag du;
  const hn::Rebind<int64_t, HashTag> d64;
  HashRowsMaybeCombine(
      validity, n, combine, out, [&](size_t i) { return HashBits(hn::BitCast(du, hn::LoadU(d64, values + i))); },
      [&](size_t i) { return kernels::HashInt64(values[i]); });
}

void HashDouble(const double* values, const uint8_t* validity, size_t n, bool combine, uint64_t* out) {
  // -0.0 hashes as 0.0 and every NaN as the canonical NaN, as in kernels::HashDouble.
  const HashTag du;
  const hn::Rebind<double, HashTag> dd;
  const auto canonical_nan = hn::Set(du, kernels::kCanonicalNaNBits);
  HashRowsMaybeCombine(
      validity, n, combine, out,
      [&](size_t i) {
        const auto v = hn::LoadU(dd, values + i);
        const auto is_zero = hn::RebindMask(du, hn::Eq(v, hn::Zero(dd)));
        const auto is_nan = hn::RebindMask(du, hn::IsNaN(v));
        const auto bits = hn::IfThenElse(is_nan, canonical_nan, hn::IfThenZeroElse(is_zero, hn::BitCast(du, v)));
        return HashBits(bits);
      },
      [&](size_t i) { return kernels::HashDouble(values[i]); });
}

/// kernels::HashBytes of rows [i, i + lanes). A string of 1 to 8 bytes is one zero-padded
/// word w, and HashBytes reduces to Mix(Mix((G ^ size) ^ w) ^ size); the words are
/// gathered at each row's first byte. Vectors with a longer string, or whose last word
/// would read past the column's characters, are hashed row by row.
HWY_INLINE HashVec HashShortStrings(const int32_t* offsets, const char* chars, size_t i, size_t n) {
  const HashTag du;
  const hn::Rebind<int64_t, HashTag> d64;
  const hn::Rebind<int32_t, HashTag> d32;
  const size_t lanes = hn::Lanes(du);
  const auto begin = hn::PromoteTo(d64, hn::LoadU(d32, offsets + i));
  const auto signed_size = hn::Sub(hn::PromoteTo(d64, hn::LoadU(d32, offsets + i + 1)), begin);
  if (hn::AllTrue(d64, hn::Lt(signed_size, hn::Set(d64, 9))) && offsets[i + lanes - 1] + 8 <= offsets[n]) {
    const auto size = hn::BitCast(du, signed_size);
    const auto* words = reinterpret_cast<const uint64_t*>(chars);
    const auto empty = hn::Eq(size, hn::Zero(du));
    // Keep the low `size` bytes: all ones shifted right by 64 - 8 size (by 0 for the empty
    // strings, whose word is not used).
    const auto shift = hn::IfThenZeroElse(empty, hn::Sub(hn::Set(du, 64), hn::ShiftLeft<3>(size)));
    const auto word = hn::And(hn::GatherOffset(du, words, begin), hn::Set(du, ~uint64_t{0}) >> shift);
    const auto seed = hn::Xor(hn::Set(du, kernels::kGoldenRatio64), size);
    const auto hash = MixBits64(hn::Xor(MixBits64(hn::Xor(seed, word)), size));
    return hn::IfThenElse(empty, hn::Set(du, kernels::HashBytes(chars, 0)), hash);
  }
  HWY_ALIGN uint64_t hashes[HWY_MAX_BYTES / sizeof(uint64_t)];
  for (size_t k = 0; k < lanes; ++k) {
    hashes[k] = kernels::HashBytes(chars + offsets[i + k], static_cast<size_t>(offsets[i + k + 1] - offsets[i + k]));
  }
  return hn::Load(du, hashes);
}

void HashString(const int32_t* offsets, const char* chars, const uint8_t* validity, size_t n, bool combine,
                uint64_t* out) {
  HashRowsMaybeCombine(
      validity, n, combine, out, [&](size_t i) { return HashShortStrings(offsets, chars, i, n); },
      [&](size_t i) {
        return kernels::HashBytes(chars + offsets[i], static_cast<size_t>(offsets[i + 1] - offsets[i]));
      });
}

}  // namespace

void SetHashEntries(KernelTable* table) {
  table->hash.int32 = &HashInt32;
  table->hash.int64 = &HashInt64;
  table->hash.float64 = &HashDouble;
  table->hash.string = &HashString;
}

}  // namespace orbit::simd::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace orbit::simd {

HWY_EXPORT(SetHashEntries);

void FillHashKernels(KernelTable* table) { HWY_DYNAMIC_DISPATCH(SetHashEntries)(table); }

}  // namespace orbit::simd
#endif
