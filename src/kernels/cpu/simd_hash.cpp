// SIMD hashing of int32, int64 and double keys: the exact functions of kernel_semantics.h
// computed on 64-bit lanes, so hashes match the reference bit for bit. int128 and string
// keys stay on the reference (see simd_kernels.cpp).
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
HWY_INLINE void HashRows(const uint8_t* validity, size_t n, uint64_t* out, HashAt hash_at,
                         ScalarHash scalar_hash) {
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

}  // namespace

void SetHashEntries(KernelTable* table) {
  table->hash.int32 = &HashInt32;
  table->hash.int64 = &HashInt64;
  table->hash.float64 = &HashDouble;
}

}  // namespace orbit::simd::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace orbit::simd {

HWY_EXPORT(SetHashEntries);

void FillHashKernels(KernelTable* table) { HWY_DYNAMIC_DISPATCH(SetHashEntries)(table); }

}  // namespace orbit::simd
#endif
