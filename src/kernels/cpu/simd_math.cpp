// SIMD math over doubles: exp, ln and log10 through Highway's hwy/contrib/math, sqrt in
// hardware (correctly rounded, bit for bit the reference), and power and decay built here
// from Highway's Exp, because Highway 1.0.3 has neither Pow nor Exp2.
//
// power(x, y) = exp(y * log x) with log x in double-double precision: exp of a rounded
// y * log x would lose |y log x| * 2^-53 relative (hundreds of ULP for large results), while
// a log good to ~2^-63 keeps that term under one ULP. decay = value * 2^-t (t = elapsed /
// half_life) splits t into an integer k and a fraction f, so only exp(f ln 2) is approximated
// and 2^k is exact. A vector in which some lane is a special value (NaN, infinity, zero,
// negative), an error, or a result near the ends of the doubles is computed row by row
// with the reference (kernels/math_semantics.h), so failures fall exactly where the
// reference's do. The stated bounds (SetMathEntries) are what the differential suite holds.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "kernels/cpu/simd_math.cpp"
#include "hwy/foreach_target.h"  // IWYU pragma: keep

#include "hwy/contrib/math/math-inl.h"
#include "hwy/highway.h"
#include "kernels/cpu/simd_blocks-inl.h"
#include "kernels/cpu/simd_kernels.h"
#include "kernels/math_semantics.h"

HWY_BEFORE_NAMESPACE();
namespace orbit::simd::HWY_NAMESPACE {
namespace {

using DoubleTag = BlockTag<double>;
using DoubleVec = hn::Vec<DoubleTag>;

// Inputs whose exp is a normal double, far from overflow and underflow.
constexpr double kExpLow = -708.0;
constexpr double kExpHigh = 709.0;
// Results beyond this magnitude go to the reference (overflow is decided there).
constexpr double kResultHigh = 0x1p1020;

/// Loads lanes from `p + i`, or the one value p[0] in every lane when `scalar`.
HWY_INLINE DoubleVec LoadArgument(DoubleTag d, const double* p, bool scalar, size_t i) {
  return scalar ? hn::Set(d, p[0]) : hn::LoadU(d, p + i);
}

/// A double-double value hi + lo with |lo| <= ulp(hi) / 2.
struct Double2 {
  DoubleVec hi, lo;
};

/// a * b - p exactly, for p = a * b rounded: one fused multiply-add where the target has it,
/// else Dekker's product of halves (|a|, |b| < 2^996, so that splitting cannot overflow).
HWY_INLINE DoubleVec ProductError(DoubleVec a, DoubleVec b, DoubleVec p) {
#if HWY_NATIVE_FMA
  return hn::MulSub(a, b, p);
#else
  const DoubleTag d;
  const DoubleVec splitter = hn::Set(d, 134217729.0);  // 2^27 + 1
  const auto split = [&](DoubleVec v, DoubleVec* hi, DoubleVec* lo) {
    const DoubleVec c = hn::Mul(splitter, v);
    *hi = hn::Sub(c, hn::Sub(c, v));
    *lo = hn::Sub(v, *hi);
  };
  DoubleVec a_hi, a_lo, b_hi, b_lo;
  split(a, &a_hi, &a_lo);
  split(b, &b_hi, &b_lo);
  const DoubleVec high = hn::Sub(hn::Mul(a_hi, b_hi), p);
  return hn::Add(hn::Add(hn::Add(high, hn::Mul(a_hi, b_lo)), hn::Mul(a_lo, b_hi)), hn::Mul(a_lo, b_lo));
#endif
}

/// a + b exactly as hi + lo, for any a and b (Knuth's two-sum).
HWY_INLINE Double2 TwoSum(DoubleVec a, DoubleVec b) {
  const DoubleVec s = hn::Add(a, b);
  const DoubleVec bb = hn::Sub(s, a);
  const DoubleVec err = hn::Add(hn::Sub(a, hn::Sub(s, bb)), hn::Sub(b, bb));
  return {s, err};
}

/// log(x) for normal, finite x > 0 as a double-double good to about 2^-63 relative.
/// x = 2^k m with m in [sqrt(1/2), sqrt(2)); log m = 2 atanh(s), s = (m - 1) / (m + 1),
/// |s| < 0.172: 2s and 2s^3/3 in double-double, the rest (below 2^-11 of the total) in double.
HWY_INLINE Double2 LogDouble2(DoubleTag d, DoubleVec x) {
  const hn::RebindToUnsigned<DoubleTag> du;
  const auto bits = hn::Add(hn::BitCast(du, x), hn::Set(du, 0x3FF0000000000000ULL - 0x3FE6A09E667F3BCDULL));
  // k = exponent field - 1023, as a double: the field's bits in the mantissa of 2^52.
  const DoubleVec k = hn::Sub(hn::BitCast(d, hn::Or(hn::ShiftRight<52>(bits), hn::Set(du, 0x4330000000000000ULL))),
                              hn::Set(d, 0x1p52 + 1023.0));
  const DoubleVec m =
      hn::BitCast(d, hn::Add(hn::And(bits, hn::Set(du, 0x000FFFFFFFFFFFFFULL)), hn::Set(du, 0x3FE6A09E667F3BCDULL)));
  const DoubleVec f = hn::Sub(m, hn::Set(d, 1.0));  // exact: m is within a factor 2 of 1
  const DoubleVec two = hn::Set(d, 2.0);
  const DoubleVec den = hn::Add(two, f);
  const DoubleVec den_lo = hn::Sub(f, hn::Sub(den, two));  // 2 + f = den + den_lo exactly
  const DoubleVec s = hn::Div(f, den);
  // s_lo = (f - s (den + den_lo)) / den, the residual taken exactly with a fused multiply.
  const DoubleVec s_den = hn::Mul(s, den);
  const DoubleVec residual =
      hn::NegMulAdd(s, den_lo, hn::Sub(hn::Sub(f, s_den), ProductError(s, den, s_den)));  // f - s_den is exact
  const DoubleVec s_lo = hn::Div(residual, den);

  const DoubleVec z = hn::Mul(s, s);
  const DoubleVec z_lo = ProductError(s, s, z);
  const DoubleVec s3 = hn::Mul(z, s);
  // s^3 = (s + s_lo)^3 to the needed order: s^2 s exactly-ish, plus 3 s^2 s_lo.
  const DoubleVec s3_lo = hn::MulAdd(hn::Mul(hn::Set(d, 3.0), z), s_lo, hn::MulAdd(z_lo, s, ProductError(z, s, s3)));
  const DoubleVec third_hi = hn::Set(d, 0x1.5555555555555p-1);   // 2/3 rounded
  const DoubleVec third_lo = hn::Set(d, 0x1.5555555555555p-55);  // 2/3 - third_hi
  const DoubleVec b = hn::Mul(third_hi, s3);
  const DoubleVec b_lo = hn::MulAdd(third_lo, s3, hn::MulAdd(third_hi, s3_lo, ProductError(third_hi, s3, b)));
  // 2 s^5 (1/5 + z/7 + z^2/9 + ... + z^9/23): the series' remaining terms, exact coefficients.
  const DoubleVec z2 = hn::Mul(z, z);
  const DoubleVec z4 = hn::Mul(z2, z2);
  const auto pair = [&](double c0, double c1) { return hn::MulAdd(hn::Set(d, c1), z, hn::Set(d, c0)); };
  const DoubleVec p01 = pair(2.0 / 5, 2.0 / 7), p23 = pair(2.0 / 9, 2.0 / 11), p45 = pair(2.0 / 13, 2.0 / 15);
  const DoubleVec p67 = pair(2.0 / 17, 2.0 / 19), p89 = pair(2.0 / 21, 2.0 / 23);
  const DoubleVec poly = hn::MulAdd(hn::MulAdd(p89, z4, hn::MulAdd(p67, z2, p45)), z4, hn::MulAdd(p23, z2, p01));
  const DoubleVec tail = hn::Mul(hn::Mul(s3, z), poly);

  // log m = 2s + b + tail; then + k ln 2 (ln2_hi has 21 trailing zero bits: k ln2_hi is exact).
  const DoubleVec two_s = hn::Add(s, s);
  const DoubleVec head = hn::Add(two_s, b);
  const DoubleVec head_lo = hn::Sub(b, hn::Sub(head, two_s));  // |b| < |2s|: fast two-sum
  const DoubleVec ln2_hi = hn::Set(d, 6.93147180369123816490e-01);
  const DoubleVec ln2_lo = hn::Set(d, 1.90821492927058770002e-10);
  const Double2 sum = TwoSum(hn::Mul(k, ln2_hi), head);
  const DoubleVec lo =
      hn::Add(sum.lo, hn::Add(hn::MulAdd(k, ln2_lo, hn::Add(s_lo, s_lo)), hn::Add(head_lo, hn::Add(b_lo, tail))));
  const DoubleVec hi = hn::Add(sum.hi, lo);
  return {hi, hn::Sub(lo, hn::Sub(hi, sum.hi))};
}

/// exp(hi + lo) for |lo| tiny against hi: exp(hi) (1 + lo).
HWY_INLINE DoubleVec ExpDouble2(DoubleTag d, DoubleVec hi, DoubleVec lo) {
  const DoubleVec e = hn::Exp(d, hi);
  return hn::MulAdd(e, lo, e);
}

// One vector of each function, with the mask of lanes it computed within its bound.

HWY_INLINE DoubleVec UnaryVector(DoubleTag d, MathOp op, DoubleVec x, hn::Mask<DoubleTag>* exact) {
  switch (op) {
    case MathOp::kExp:
      *exact = hn::And(hn::Ge(x, hn::Set(d, kExpLow)), hn::Le(x, hn::Set(d, kExpHigh)));
      return hn::Exp(d, hn::IfThenElseZero(*exact, x));
    case MathOp::kLn:
    case MathOp::kLog10: {
      *exact = hn::And(hn::Ge(x, hn::Set(d, 0x1p-1022)), hn::Le(x, hn::Set(d, 0x1.fffffffffffffp1023)));
      const DoubleVec safe = hn::IfThenElse(*exact, x, hn::Set(d, 1.0));
      return op == MathOp::kLn ? hn::Log(d, safe) : hn::Log10(d, safe);
    }
    case MathOp::kSqrt:
      *exact = hn::Not(hn::Lt(x, hn::Zero(d)));  // NaN and +inf are IEEE's (and the reference's)
      return hn::Sqrt(x);
  }
  *exact = hn::MaskFromVec(hn::Zero(d));
  return x;
}

HWY_INLINE DoubleVec PowerVector(DoubleTag d, DoubleVec x, DoubleVec y, hn::Mask<DoubleTag>* exact) {
  // x normal and finite, y finite: x <= 0, NaN, infinities and subnormals are the reference's.
  const auto x_normal = hn::And(hn::Ge(x, hn::Set(d, 0x1p-1022)), hn::Le(x, hn::Set(d, 0x1.fffffffffffffp1023)));
  const auto y_finite = hn::Le(hn::Abs(y), hn::Set(d, 0x1p996));  // beyond: the reference's
  const Double2 log_x = LogDouble2(d, hn::IfThenElse(x_normal, x, hn::Set(d, 1.0)));
  const DoubleVec w = hn::Mul(y, log_x.hi);
  const DoubleVec w_lo = hn::MulAdd(y, log_x.lo, ProductError(y, log_x.hi, w));
  const auto in_range = hn::And(hn::Ge(w, hn::Set(d, kExpLow)), hn::Le(w, hn::Set(d, kExpHigh)));
  *exact = hn::And(hn::And(x_normal, y_finite), in_range);
  return ExpDouble2(d, hn::IfThenElseZero(*exact, w), hn::IfThenElseZero(*exact, w_lo));
}

HWY_INLINE DoubleVec DecayVector(DoubleTag d, DoubleVec value, DoubleVec elapsed, DoubleVec half_life,
                                 hn::Mask<DoubleTag>* exact) {
  const DoubleVec t = hn::Neg(hn::Div(elapsed, half_life));  // the exponent of 2, as the reference rounds it
  const auto t_in_range = hn::Le(hn::Abs(t), hn::Set(d, 1020.0));
  const DoubleVec t_safe = hn::IfThenElseZero(t_in_range, t);
  const DoubleVec k = hn::Round(t_safe);
  const DoubleVec f = hn::Sub(t_safe, k);  // exact, |f| <= 1/2
  // 2^f = exp(f ln 2), the product f ln 2 kept in double-double.
  const DoubleVec ln2_hi = hn::Set(d, 0x1.62e42fefa39efp-1);
  const DoubleVec ln2_lo = hn::Set(d, 0x1.abc9e3b39803fp-56);
  const DoubleVec p = hn::Mul(f, ln2_hi);
  const DoubleVec p_lo = hn::MulAdd(f, ln2_lo, ProductError(f, ln2_hi, p));
  const DoubleVec fraction = ExpDouble2(d, p, p_lo);
  // 2^k for integer |k| <= 1020: k + 1023 in the exponent field, read through 2^52 + 2^51.
  const hn::RebindToUnsigned<DoubleTag> du;
  const auto k_bits = hn::Sub(hn::BitCast(du, hn::Add(k, hn::Set(d, 0x1.8p52))), hn::Set(du, 0x4338000000000000ULL));
  const DoubleVec scale = hn::BitCast(d, hn::ShiftLeft<52>(hn::Add(k_bits, hn::Set(du, 1023))));
  const DoubleVec r = hn::Mul(value, hn::Mul(fraction, scale));
  // h > 0 and |t| <= 1020 (no NaN) and |r| <= 2^1020 (no infinity): the rest is the reference's.
  *exact = hn::And(hn::And(hn::Gt(half_life, hn::Zero(d)), t_in_range), hn::Le(hn::Abs(r), hn::Set(d, kResultHigh)));
  return r;
}

/// Runs `vector(i, &exact)` over whole vectors and `rows(begin, end)` (the reference) over
/// the tail and any vector with a lane outside `exact`; returns the first failing row or -1.
template <class Vector, class Rows>
HWY_INLINE int64_t ForEachVector(size_t n, double* out, Vector vector, Rows rows) {
  const DoubleTag d;
  const size_t lanes = hn::Lanes(d);
  size_t i = 0;
  for (; i + lanes <= n; i += lanes) {
    hn::Mask<DoubleTag> exact;
    const DoubleVec r = vector(d, i, &exact);
    if (HWY_LIKELY(hn::AllTrue(d, exact))) {
      hn::StoreU(r, d, out + i);
      continue;
    }
    const int64_t failed = rows(i, i + lanes);
    if (failed >= 0) return failed;
  }
  return rows(i, n);
}

int64_t Unary(MathOp op, const double* x, const uint8_t* validity, size_t n, double* out) {
  const auto vector = [&](DoubleTag d, size_t i, hn::Mask<DoubleTag>* exact) {
    return UnaryVector(d, op, hn::LoadU(d, x + i), exact);
  };
  return ForEachVector(n, out, vector,
                       [&](size_t begin, size_t end) { return kernels::MathRows(op, x, validity, begin, end, out); });
}

int64_t Power(const double* x, const double* y, bool y_is_scalar, const uint8_t* validity, size_t n, double* out) {
  const auto vector = [&](DoubleTag d, size_t i, hn::Mask<DoubleTag>* exact) {
    return PowerVector(d, hn::LoadU(d, x + i), LoadArgument(d, y, y_is_scalar, i), exact);
  };
  return ForEachVector(n, out, vector, [&](size_t begin, size_t end) {
    return kernels::PowerRows(x, y, y_is_scalar, validity, begin, end, out);
  });
}

int64_t Decay(const double* value, bool value_is_scalar, const double* elapsed, bool elapsed_is_scalar,
              const double* half_life, bool half_life_is_scalar, const uint8_t* validity, size_t n, double* out) {
  const kernels::DecayArguments a{value, value_is_scalar, elapsed, elapsed_is_scalar, half_life, half_life_is_scalar};
  const auto vector = [&](DoubleTag d, size_t i, hn::Mask<DoubleTag>* exact) {
    return DecayVector(d, LoadArgument(d, value, value_is_scalar, i), LoadArgument(d, elapsed, elapsed_is_scalar, i),
                       LoadArgument(d, half_life, half_life_is_scalar, i), exact);
  };
  return ForEachVector(n, out, vector,
                       [&](size_t begin, size_t end) { return kernels::DecayRows(a, validity, begin, end, out); });
}

}  // namespace

void SetMathEntries(KernelTable* table) {
  // Measured maxima over the differential suite's inputs and a sweep (tests/kernels), with
  // margin: Highway's Exp (1 ULP claimed), Log (4), Log10 (2); power and decay as derived above.
  table->math = {&Unary, &Power, &Decay,
                 MathErrorBounds{.exp = 2, .ln = 4, .log10 = 4, .sqrt = 0, .power = 4, .decay = 4}};
}

}  // namespace orbit::simd::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace orbit::simd {

HWY_EXPORT(SetMathEntries);

void FillMathKernels(KernelTable* table) { HWY_DYNAMIC_DISPATCH(SetMathEntries)(table); }

}  // namespace orbit::simd
#endif
