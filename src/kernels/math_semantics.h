// Per-row math with PostgreSQL's float8 rules, written once: the reference math kernels are
// these functions in a loop, and every faster backend computes with them the rows it does
// not vectorise (special values, results near the ends of the doubles), so its failures fall
// exactly where the reference's do. Each returns false where PostgreSQL raises an error.
// Host code only (glibc's libm is the oracle; devices use their own math within a bound).
#pragma once

#include <cmath>

#include "kernels/kernel_ops.h"
#include "kernels/value_semantics.h"

namespace orbit::kernels {

/// exp, ln, log10, sqrt: false for a domain error (ln or log10 of x <= 0, sqrt of x < 0) or
/// a finite x whose exp overflows to infinity or underflows to zero.
inline bool ApplyMath(MathOp op, double x, double* out) {
  double r = 0;
  switch (op) {
    case MathOp::kExp:
      r = std::exp(x);
      if (std::isfinite(x) && (r == 0 || std::isinf(r))) return false;
      break;
    case MathOp::kLn:
      if (x <= 0) return false;
      r = std::log(x);
      break;
    case MathOp::kLog10:
      if (x <= 0) return false;
      r = std::log10(x);
      break;
    case MathOp::kSqrt:
      if (x < 0) return false;
      r = std::sqrt(x);
      break;
  }
  *out = r;
  return true;
}

/// x ^ y: false for 0 to a negative power, a negative x to a finite non-integer power, and
/// finite inputs whose result overflows to infinity or underflows to zero (x != 0).
inline bool ApplyPower(double x, double y, double* out) {
  if (x == 0 && y < 0) return false;
  if (x < 0 && std::isfinite(y) && std::floor(y) != y) return false;
  const double r = std::pow(x, y);
  if (std::isfinite(x) && std::isfinite(y) && (std::isinf(r) || (r == 0 && x != 0))) return false;
  *out = r;
  return true;
}

/// value * 0.5^(elapsed / half_life), computed as value * exp2(-(elapsed / half_life)):
/// false for half_life <= 0, and for finite inputs whose factor or result overflows
/// (decay(0, -2000, 1) is an overflow, not 0 * inf). Decaying to zero is no error.
inline bool ApplyDecay(double value, double elapsed, double half_life, double* out) {
  if (half_life <= 0) return false;
  const double factor = std::exp2(-(elapsed / half_life));
  const double r = value * factor;
  const bool finite = std::isfinite(value) && std::isfinite(elapsed) && std::isfinite(half_life);
  if (finite && (std::isinf(factor) || std::isinf(r))) return false;
  *out = r;
  return true;
}

// The functions above over rows [begin, end) of a kernel's arguments (kernel_table.h's
// MathKernels): each returns the first valid row that fails, or -1. NULL rows get 0.

inline int64_t MathRows(MathOp op, const double* x, const uint8_t* validity, size_t begin, size_t end, double* out) {
  for (size_t i = begin; i < end; ++i) {
    out[i] = 0;
    if (ValidBit(validity, i) && !ApplyMath(op, x[i], &out[i])) return static_cast<int64_t>(i);
  }
  return -1;
}

inline int64_t PowerRows(const double* x, const double* y, bool y_is_scalar, const uint8_t* validity, size_t begin,
                         size_t end, double* out) {
  for (size_t i = begin; i < end; ++i) {
    out[i] = 0;
    if (ValidBit(validity, i) && !ApplyPower(x[i], y[y_is_scalar ? 0 : i], &out[i])) return static_cast<int64_t>(i);
  }
  return -1;
}

/// The three arguments of decay, each a column or one value for every row.
struct DecayArguments {
  const double* value;
  bool value_is_scalar;
  const double* elapsed;
  bool elapsed_is_scalar;
  const double* half_life;
  bool half_life_is_scalar;

  double value_at(size_t i) const { return value[value_is_scalar ? 0 : i]; }
  double elapsed_at(size_t i) const { return elapsed[elapsed_is_scalar ? 0 : i]; }
  double half_life_at(size_t i) const { return half_life[half_life_is_scalar ? 0 : i]; }
};

inline int64_t DecayRows(const DecayArguments& a, const uint8_t* validity, size_t begin, size_t end, double* out) {
  for (size_t i = begin; i < end; ++i) {
    out[i] = 0;
    if (ValidBit(validity, i) && !ApplyDecay(a.value_at(i), a.elapsed_at(i), a.half_life_at(i), &out[i])) {
      return static_cast<int64_t>(i);
    }
  }
  return -1;
}

}  // namespace orbit::kernels
