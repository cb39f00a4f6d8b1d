// SIMD element-wise arithmetic for int32, int64 (checked) and double.
//
// Integer add/sub compute wrapping lanes and detect overflow from sign bits. No x86 target
// before AVX-512 multiplies 64-bit lanes, so multiplication takes the vector path only when
// every valid lane of both operands fits in half the width (then the product is exact and
// cannot overflow); any other vector goes through the scalar checked loop. A vector in
// which some lane fails is only then masked with the validity, so NULL rows holding any
// bits never fail. NULL rows' outputs hold whatever their lanes computed.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "kernels/cpu/simd_arithmetic.cpp"
#include "hwy/foreach_target.h"  // IWYU pragma: keep

#include "hwy/highway.h"
#include "kernels/cpu/simd_blocks-inl.h"
#include "kernels/cpu/simd_kernels.h"
#include "kernels/kernel_semantics.h"

HWY_BEFORE_NAMESPACE();
namespace orbit::simd::HWY_NAMESPACE {
namespace {

/// Lanes whose value lies in [-2^(h-1), 2^(h-1)) for h = half the lane width.
template <class D>
HWY_INLINE hn::Mask<D> FitsInHalfWidth(D d, hn::Vec<D> v) {
  using T = hn::TFromD<D>;
  constexpr int kHalfBits = static_cast<int>(sizeof(T) * 4);
  const hn::RebindToUnsigned<D> du;
  const auto biased = hn::BitCast(du, hn::Add(v, hn::Set(d, T{1} << (kHalfBits - 1))));
  return hn::RebindMask(d, hn::Eq(hn::ShiftRight<kHalfBits>(biased), hn::Zero(du)));
}

/// The exact product of lanes that fit in half the width.
template <class D>
HWY_INLINE hn::Vec<D> MultiplyHalfWidth(D d, hn::Vec<D> a, hn::Vec<D> b) {
  if constexpr (sizeof(hn::TFromD<D>) == 8) {
#if HWY_TARGET == HWY_SCALAR
    // One lane: no 32-bit halves to pair. Multiplied unsigned, as lanes that do not fit are
    // multiplied too (and their wrapped product ignored), which signed would make undefined.
    using T = hn::TFromD<D>;
    return hn::Set(d, static_cast<T>(static_cast<uint64_t>(hn::GetLane(a)) * static_cast<uint64_t>(hn::GetLane(b))));
#else
    const hn::Repartition<int32_t, D> d32;
    return hn::MulEven(hn::BitCast(d32, a), hn::BitCast(d32, b));
#endif
  } else {
    return hn::Mul(a, b);
  }
}

/// Writes rows [row, row + count) one by one; returns the first failing valid row or -1.
template <typename T>
HWY_INLINE int64_t ScalarChecked(ArithmeticOp op, const T* a, const T* b, bool b_is_scalar, const uint8_t* validity,
                                 size_t row, size_t count, T max_abs, T* out) {
  for (size_t i = row; i < row + count; ++i) {
    if (!kernels::IsValidRow(validity, i)) continue;
    if (!kernels::CheckedArithmetic(op, a[i], b_is_scalar ? b[0] : b[i], max_abs, &out[i])) {
      return static_cast<int64_t>(i);
    }
  }
  return -1;
}

template <typename T, ArithmeticOp kOp, bool kScalarB>
int64_t CheckedBinary(const T* a, const T* b, const uint8_t* validity, size_t n, T max_abs, T* out) {
  const BlockTag<T> d;
  const size_t lanes = hn::Lanes(d);
  const auto zero = hn::Zero(d);
  const auto upper = hn::Set(d, max_abs);
  const auto lower = hn::Set(d, kernels::LowestResult(max_abs));
  const auto b_broadcast = hn::Set(d, b[0]);
  const size_t whole = n - n % kBlockRows;
  for (size_t row = 0; row < whole; row += kBlockRows) {
    const uint64_t word = LoadBitmapWord(validity, row, kBlockRows);
    for (size_t j = 0; j < kBlockRows; j += lanes) {
      const size_t at = row + j;
      const auto va = hn::LoadU(d, a + at);
      const auto vb = kScalarB ? b_broadcast : hn::LoadU(d, b + at);
      auto result = zero;
      auto overflow = hn::MaskFromVec(zero);
      if constexpr (kOp == ArithmeticOp::kMul) {
        const auto small = hn::And(FitsInHalfWidth(d, va), FitsInHalfWidth(d, vb));
        if (!hn::AllTrue(d, small) && !hn::AllFalse(d, hn::AndNot(small, BitsToMask(d, word >> j)))) {
          const int64_t failed = ScalarChecked(kOp, a, b, kScalarB, validity, at, lanes, max_abs, out);
          if (failed >= 0) return failed;
          continue;
        }
        result = MultiplyHalfWidth(d, va, vb);
      } else if constexpr (kOp == ArithmeticOp::kAdd) {
        result = hn::Add(va, vb);
        overflow = hn::Lt(hn::And(hn::Xor(va, result), hn::Xor(vb, result)), zero);
      } else {
        result = hn::Sub(va, vb);
        overflow = hn::Lt(hn::And(hn::Xor(va, vb), hn::Xor(va, result)), zero);
      }
      hn::StoreU(result, d, out + at);
      auto failed = hn::Or(overflow, hn::Or(hn::Gt(result, upper), hn::Lt(result, lower)));
      if (HWY_UNLIKELY(!hn::AllFalse(d, failed))) {
        failed = hn::And(failed, BitsToMask(d, word >> j));
        if (!hn::AllFalse(d, failed)) return static_cast<int64_t>(at + hn::FindKnownFirstTrue(d, failed));
      }
    }
  }
  return ScalarChecked(kOp, a, b, kScalarB, validity, whole, n - whole, max_abs, out);
}

template <typename T>
int64_t Binary(ArithmeticOp op, const T* a, const T* b, bool b_is_scalar, const uint8_t* validity, size_t n, T max_abs,
               T* out) {
  if (n == 0) return -1;
  switch (op) {
    case ArithmeticOp::kAdd:
      return b_is_scalar ? CheckedBinary<T, ArithmeticOp::kAdd, true>(a, b, validity, n, max_abs, out)
                         : CheckedBinary<T, ArithmeticOp::kAdd, false>(a, b, validity, n, max_abs, out);
    case ArithmeticOp::kSub:
      return b_is_scalar ? CheckedBinary<T, ArithmeticOp::kSub, true>(a, b, validity, n, max_abs, out)
                         : CheckedBinary<T, ArithmeticOp::kSub, false>(a, b, validity, n, max_abs, out);
    case ArithmeticOp::kMul:
      return b_is_scalar ? CheckedBinary<T, ArithmeticOp::kMul, true>(a, b, validity, n, max_abs, out)
                         : CheckedBinary<T, ArithmeticOp::kMul, false>(a, b, validity, n, max_abs, out);
  }
  return -1;
}

template <ArithmeticOp kOp, bool kScalarB>
void DoubleBinary(const double* a, const double* b, size_t n, double* out) {
  const BlockTag<double> d;
  const size_t lanes = hn::Lanes(d);
  const auto b_broadcast = hn::Set(d, b[0]);
  size_t i = 0;
  for (; i + lanes <= n; i += lanes) {
    const auto va = hn::LoadU(d, a + i);
    const auto vb = kScalarB ? b_broadcast : hn::LoadU(d, b + i);
    if constexpr (kOp == ArithmeticOp::kAdd) hn::StoreU(hn::Add(va, vb), d, out + i);
    if constexpr (kOp == ArithmeticOp::kSub) hn::StoreU(hn::Sub(va, vb), d, out + i);
    if constexpr (kOp == ArithmeticOp::kMul) hn::StoreU(hn::Mul(va, vb), d, out + i);
  }
  for (; i < n; ++i) out[i] = kernels::ApplyArithmetic(kOp, a[i], kScalarB ? b[0] : b[i]);
}

int64_t BinaryDouble(ArithmeticOp op, const double* a, const double* b, bool b_is_scalar, const uint8_t* validity,
                     size_t n, double max_abs, double* out) {
  if (n == 0) return -1;
  switch (op) {
    case ArithmeticOp::kAdd:
      b_is_scalar ? DoubleBinary<ArithmeticOp::kAdd, true>(a, b, n, out)
                  : DoubleBinary<ArithmeticOp::kAdd, false>(a, b, n, out);
      break;
    case ArithmeticOp::kSub:
      b_is_scalar ? DoubleBinary<ArithmeticOp::kSub, true>(a, b, n, out)
                  : DoubleBinary<ArithmeticOp::kSub, false>(a, b, n, out);
      break;
    case ArithmeticOp::kMul:
      b_is_scalar ? DoubleBinary<ArithmeticOp::kMul, true>(a, b, n, out)
                  : DoubleBinary<ArithmeticOp::kMul, false>(a, b, n, out);
      break;
  }
  return -1;
}

}  // namespace

void SetArithmeticEntries(KernelTable* table) {
  table->arith_i32 = {&Binary<int32_t>};
  table->arith_i64 = {&Binary<int64_t>};
  table->arith_f64 = {&BinaryDouble};
}

}  // namespace orbit::simd::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace orbit::simd {

HWY_EXPORT(SetArithmeticEntries);

void FillArithmeticKernels(KernelTable* table) { HWY_DYNAMIC_DISPATCH(SetArithmeticEntries)(table); }

}  // namespace orbit::simd
#endif
