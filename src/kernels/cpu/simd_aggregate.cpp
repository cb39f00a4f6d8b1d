// SIMD ungrouped SUM, MIN and MAX for int32, int64 and double. NULL rows are replaced by the
// operation's identity inside the vectors; blocks whose 64 rows are all valid skip that.
// Integer sums are exact, so they equal the reference bit for bit; double sums are
// reassociated across lanes (the differential suite allows for rounding).
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "kernels/cpu/simd_aggregate.cpp"
#include "hwy/foreach_target.h"  // IWYU pragma: keep

#include <limits>

#include "hwy/highway.h"
#include "kernels/cpu/simd_blocks-inl.h"
#include "kernels/cpu/simd_kernels.h"
#include "kernels/kernel_semantics.h"

HWY_BEFORE_NAMESPACE();
namespace orbit::simd::HWY_NAMESPACE {
namespace {

// Sums are accumulated per chunk of rows, small enough that no int64 lane can overflow.
constexpr size_t kChunkRows = size_t{1} << 24;

/// Calls visit(row, word, masked) for each 64-row block in [begin, end); `word` holds the
/// block's validity and `masked` (std::true_type or std::false_type) says whether any row
/// of the block is NULL. Adds the block's valid rows to *valid_rows.
template <class Visit>
HWY_INLINE void ForEachBlock(const uint8_t* validity, size_t begin, size_t end, int64_t* valid_rows, Visit visit) {
  for (size_t row = begin; row < end; row += kBlockRows) {
    const uint64_t word = LoadBitmapWord(validity, row, kBlockRows);
    if (word == ~uint64_t{0}) {
      *valid_rows += kBlockRows;
      visit(row, word, std::false_type());
    } else {
      *valid_rows += static_cast<int64_t>(hwy::PopCount(word));
      visit(row, word, std::true_type());
    }
  }
}

/// Lanes [j, j + Lanes(d)) of the block at `p`, with NULL rows replaced by `fill`.
template <class D, class Masked>
HWY_INLINE hn::Vec<D> LoadValidOr(D d, const hn::TFromD<D>* p, size_t j, uint64_t word, Masked, hn::Vec<D> fill) {
  const auto v = hn::LoadU(d, p + j);
  if constexpr (Masked::value) return hn::IfThenElse(BitsToMask(d, word >> j), v, fill);
  return v;
}

/// The lanes' sum modulo 2^64. (Not hn::SumOfLanes: on AVX-512 it reduces through signed
/// lanes, where a wrap that is intended here is undefined behaviour.)
template <class D, class V>
HWY_INLINE uint64_t WrappingSumOfLanes(D d, V v) {
  HWY_ALIGN uint64_t lanes[HWY_MAX_BYTES / sizeof(uint64_t)];
  hn::Store(v, d, lanes);
  uint64_t sum = 0;
  for (size_t i = 0; i < hn::Lanes(d); ++i) sum += lanes[i];
  return sum;
}

/// Adds `total` to *sum unless the result leaves SumT's range.
template <typename SumT>
bool CommitSum(int128_t total, int64_t valid_rows, SumT* sum, int64_t* count) {
  SumT result;
  if (__builtin_add_overflow(*sum, total, &result)) return false;
  *sum = result;
  *count += valid_rows;
  return true;
}

bool SumInt32(const int32_t* values, const uint8_t* validity, size_t n, int64_t* sum, int64_t* count) {
  // Each value is widened to an int64 lane; 2^24 rows of int32 cannot overflow one.
  const BlockTag<int64_t> d64;
  const hn::Rebind<int32_t, decltype(d64)> d32;
  const size_t lanes = hn::Lanes(d64);
  const size_t whole = n - n % kBlockRows;
  int128_t total = 0;
  int64_t valid_rows = 0;
  for (size_t begin = 0; begin < whole; begin += kChunkRows) {
    auto acc = hn::Zero(d64);
    ForEachBlock(validity, begin, std::min(whole, begin + kChunkRows), &valid_rows,
                 [&](size_t row, uint64_t word, auto masked) {
                   for (size_t j = 0; j < kBlockRows; j += lanes) {
                     auto v = hn::PromoteTo(d64, hn::LoadU(d32, values + row + j));
                     if constexpr (decltype(masked)::value) v = hn::IfThenElseZero(BitsToMask(d64, word >> j), v);
                     acc = hn::Add(acc, v);
                   }
                 });
    total += hn::GetLane(hn::SumOfLanes(d64, acc));
  }
  for (size_t i = whole; i < n; ++i) {
    if (!kernels::IsValidRow(validity, i)) continue;
    total += values[i];
    ++valid_rows;
  }
  return CommitSum(total, valid_rows, sum, count);
}

// Exact int64 sum without 128-bit lanes. Over a chunk of k rows (NULLs zeroed), with
// w = v + 2^63 (the value's bits with the sign bit flipped, an unsigned number), keep
//   S = sum of v mod 2^64          (plain wrapping lane adds)
//   H = sum of (w >> 32)           (exact: each term < 2^32)
// Then sum(w) = 2^32 H + L, where L, the sum of the low halves, is below k 2^32 < 2^64 and
// so equals (S + k 2^63 - 2^32 H) mod 2^64; and sum(v) = sum(w) - k 2^63. Two adds, a
// shift and a xor per vector.
bool SumInt64(const int64_t* values, const uint8_t* validity, size_t n, int128_t* sum, int64_t* count) {
  const BlockTag<int64_t> d;
  const hn::RebindToUnsigned<decltype(d)> du;
  const size_t lanes = hn::Lanes(d);
  const auto sign_bit = hn::Set(du, uint64_t{1} << 63);
  const size_t whole = n - n % kBlockRows;
  int128_t total = 0;
  int64_t valid_rows = 0;
  for (size_t begin = 0; begin < whole; begin += kChunkRows) {
    const size_t end = std::min(whole, begin + kChunkRows);
    auto wrapped = hn::Zero(du);
    auto high = hn::Zero(du);
    ForEachBlock(validity, begin, end, &valid_rows, [&](size_t row, uint64_t word, auto masked) {
      for (size_t j = 0; j < kBlockRows; j += lanes) {
        const auto v = hn::BitCast(du, LoadValidOr(d, values + row, j, word, masked, hn::Zero(d)));
        wrapped = hn::Add(wrapped, v);
        high = hn::Add(high, hn::ShiftRight<32>(hn::Xor(v, sign_bit)));
      }
    });
    const uint64_t k = end - begin;
    const uint64_t s = WrappingSumOfLanes(du, wrapped);
    const uint64_t h = WrappingSumOfLanes(du, high);
    const uint64_t low = s + ((k & 1) << 63) - (h << 32);
    total += (static_cast<int128_t>(h) << 32) + low - (static_cast<int128_t>(k) << 63);
  }
  for (size_t i = whole; i < n; ++i) {
    if (!kernels::IsValidRow(validity, i)) continue;
    total += values[i];
    ++valid_rows;
  }
  return CommitSum(total, valid_rows, sum, count);
}

bool SumDouble(const double* values, const uint8_t* validity, size_t n, double* sum, int64_t* count) {
  // Four accumulators hide the latency of floating-point adds.
  const BlockTag<double> d;
  const size_t lanes = hn::Lanes(d);
  const auto zero = hn::Zero(d);
  const size_t whole = n - n % kBlockRows;
  auto acc0 = zero, acc1 = zero, acc2 = zero, acc3 = zero;
  int64_t valid_rows = 0;
  ForEachBlock(validity, 0, whole, &valid_rows, [&](size_t row, uint64_t word, auto masked) {
    const double* block = values + row;
    for (size_t j = 0; j < kBlockRows; j += 4 * lanes) {
      acc0 = hn::Add(acc0, LoadValidOr(d, block, j, word, masked, zero));
      acc1 = hn::Add(acc1, LoadValidOr(d, block, j + lanes, word, masked, zero));
      acc2 = hn::Add(acc2, LoadValidOr(d, block, j + 2 * lanes, word, masked, zero));
      acc3 = hn::Add(acc3, LoadValidOr(d, block, j + 3 * lanes, word, masked, zero));
    }
  });
  double total = hn::GetLane(hn::SumOfLanes(d, hn::Add(hn::Add(acc0, acc1), hn::Add(acc2, acc3))));
  for (size_t i = whole; i < n; ++i) {
    if (!kernels::IsValidRow(validity, i)) continue;
    total += values[i];
    ++valid_rows;
  }
  *sum += total;
  *count += valid_rows;
  return true;
}

/// MIN (kMin) or MAX under kernels::ValueLess. For doubles, NaN is the greatest value: MIN
/// ignores NaNs unless every valid row is NaN, and any NaN makes MAX NaN.
template <typename T, bool kMin>
void Extreme(const T* values, const uint8_t* validity, size_t n, T* acc, int64_t* count) {
  constexpr bool kFloat = std::is_floating_point_v<T>;
  const BlockTag<T> d;
  const size_t lanes = hn::Lanes(d);
  T identity_value;
  if constexpr (kFloat) {
    identity_value = kMin ? std::numeric_limits<T>::infinity() : -std::numeric_limits<T>::infinity();
  } else {
    identity_value = kMin ? std::numeric_limits<T>::max() : std::numeric_limits<T>::min();
  }
  const auto identity = hn::Set(d, identity_value);
  const auto all_lanes = hn::FirstN(d, lanes);
  auto best = identity;
  auto saw_number = hn::Zero(d);  // MIN of doubles: lanes that saw a valid non-NaN
  auto saw_nan = hn::Zero(d);     // MAX of doubles: lanes that saw a valid NaN
  const size_t whole = n - n % kBlockRows;
  int64_t valid_rows = 0;
  ForEachBlock(validity, 0, whole, &valid_rows, [&](size_t row, uint64_t word, auto masked) {
    for (size_t j = 0; j < kBlockRows; j += lanes) {
      const auto v = hn::LoadU(d, values + row + j);
      auto keep = decltype(masked)::value ? BitsToMask(d, word >> j) : all_lanes;
      if constexpr (kFloat && kMin) {
        keep = hn::AndNot(hn::IsNaN(v), keep);
        saw_number = hn::Or(saw_number, hn::VecFromMask(d, keep));
      } else if constexpr (kFloat) {
        saw_nan = hn::Or(saw_nan, hn::VecFromMask(d, hn::And(hn::IsNaN(v), keep)));
      }
      const auto kept = (kFloat || decltype(masked)::value) ? hn::IfThenElse(keep, v, identity) : v;
      best = kMin ? hn::Min(best, kept) : hn::Max(best, kept);
    }
  });

  bool have_best = valid_rows > 0;
  T best_value = hn::GetLane(kMin ? hn::MinOfLanes(d, best) : hn::MaxOfLanes(d, best));
  if constexpr (kFloat) {
    const bool only_nans = hn::AllTrue(d, hn::Eq(saw_number, hn::Zero(d)));
    const bool any_nan = !hn::AllTrue(d, hn::Eq(saw_nan, hn::Zero(d)));
    if (have_best && (kMin ? only_nans : any_nan)) best_value = std::numeric_limits<T>::quiet_NaN();
  }
  for (size_t i = whole; i < n; ++i) {
    if (!kernels::IsValidRow(validity, i)) continue;
    const T v = values[i];
    if (!have_best || (kMin ? kernels::ValueLess(v, best_value) : kernels::ValueLess(best_value, v))) {
      best_value = v;
    }
    have_best = true;
    ++valid_rows;
  }
  if (have_best && (kMin ? kernels::ValueLess(best_value, *acc) : kernels::ValueLess(*acc, best_value))) {
    *acc = best_value;
  }
  *count += valid_rows;
}

template <typename T>
void Min(const T* values, const uint8_t* validity, size_t n, T* acc, int64_t* count) {
  Extreme<T, true>(values, validity, n, acc, count);
}

template <typename T>
void Max(const T* values, const uint8_t* validity, size_t n, T* acc, int64_t* count) {
  Extreme<T, false>(values, validity, n, acc, count);
}

}  // namespace

void SetAggregateEntries(KernelTable* table) {
  table->agg_i32 = {&SumInt32, &Min<int32_t>, &Max<int32_t>};
  table->agg_i64 = {&SumInt64, &Min<int64_t>, &Max<int64_t>};
  table->agg_f64 = {&SumDouble, &Min<double>, &Max<double>};
}

}  // namespace orbit::simd::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace orbit::simd {

HWY_EXPORT(SetAggregateEntries);

void FillAggregateKernels(KernelTable* table) { HWY_DYNAMIC_DISPATCH(SetAggregateEntries)(table); }

}  // namespace orbit::simd
#endif
