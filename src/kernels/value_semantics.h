// Per-element value semantics written once for every backend: how values compare
// (PostgreSQL's order for doubles), checked integer arithmetic, and hashing. Every function
// is ORBIT_HOST_DEVICE, so the CUDA kernels (nvcc) run exactly the code the reference
// kernels and the CPU tests run (g++): one definition, tested on any machine.
// Only <cstdint>/<cstring> and kernel_ops.h are included, which both compilers accept.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "kernels/kernel_ops.h"

#if defined(__CUDACC__)
#define ORBIT_HOST_DEVICE __host__ __device__ __forceinline__
#else
#define ORBIT_HOST_DEVICE inline
#endif

namespace orbit::kernels {

/// Bit `row` of an Arrow validity bitmap; every row is valid without one.
ORBIT_HOST_DEVICE bool ValidBit(const uint8_t* validity, size_t row) {
  return validity == nullptr || ((validity[row >> 3] >> (row & 7)) & 1) != 0;
}

/// The row a position of the considered rows refers to: sel[k], or k without a selection.
ORBIT_HOST_DEVICE size_t SelectedRow(const uint32_t* sel, size_t k) { return sel == nullptr ? k : sel[k]; }

// NaN test without <cmath>: std::isnan is not a device function.
template <typename T>
ORBIT_HOST_DEVICE bool IsNaN(T v) {
  if constexpr (static_cast<T>(0.5) != static_cast<T>(0)) {
    return v != v;  // NOLINT(misc-redundant-expression): only NaN differs from itself
  } else {
    return false;
  }
}

/// PostgreSQL's total order: -0.0 equals 0.0, NaN equals NaN and is greater than +inf.
template <typename T>
ORBIT_HOST_DEVICE bool ValuesEqual(T a, T b) {
  return a == b || (IsNaN(a) && IsNaN(b));
}

template <typename T>
ORBIT_HOST_DEVICE bool ValueLess(T a, T b) {
  return IsNaN(b) ? !IsNaN(a) : a < b;
}

template <typename T>
ORBIT_HOST_DEVICE bool Compare(CompareOp op, T a, T b) {
  switch (op) {
    case CompareOp::kEq: return ValuesEqual(a, b);
    case CompareOp::kNe: return !ValuesEqual(a, b);
    case CompareOp::kLt: return ValueLess(a, b);
    case CompareOp::kLe: return !ValueLess(b, a);
    case CompareOp::kGt: return ValueLess(b, a);
    case CompareOp::kGe: return !ValueLess(a, b);
  }
  return false;
}

// Overflow-checked integer operations without compiler builtins (nvcc device code has no
// __builtin_*_overflow). Each returns true when the exact result fits in T.

ORBIT_HOST_DEVICE bool CheckedOp(ArithmeticOp op, int32_t a, int32_t b, int32_t* out) {
  const int64_t wide = op == ArithmeticOp::kAdd   ? int64_t{a} + b
                       : op == ArithmeticOp::kSub ? int64_t{a} - b
                                                  : int64_t{a} * b;
  *out = static_cast<int32_t>(wide);
  return wide >= INT32_MIN && wide <= INT32_MAX;
}

ORBIT_HOST_DEVICE bool CheckedOp(ArithmeticOp op, int64_t a, int64_t b, int64_t* out) {
  if (op == ArithmeticOp::kMul) {
    const __int128 wide = static_cast<__int128>(a) * b;
    *out = static_cast<int64_t>(wide);
    return wide >= INT64_MIN && wide <= INT64_MAX;
  }
  const uint64_t ua = static_cast<uint64_t>(a);
  const uint64_t ub = static_cast<uint64_t>(b);
  const uint64_t r = op == ArithmeticOp::kAdd ? ua + ub : ua - ub;
  *out = static_cast<int64_t>(r);
  // Add overflows when both operands' signs differ from the result's; subtract when the
  // operands' signs differ and the result's sign differs from a's.
  const uint64_t sign = op == ArithmeticOp::kAdd ? (ua ^ r) & (ub ^ r) : (ua ^ ub) & (ua ^ r);
  return (sign >> 63) == 0;
}

ORBIT_HOST_DEVICE bool CheckedOp(ArithmeticOp op, __int128 a, __int128 b, __int128* out) {
  using U = unsigned __int128;
  const U ua = static_cast<U>(a);
  const U ub = static_cast<U>(b);
  if (op != ArithmeticOp::kMul) {
    const U r = op == ArithmeticOp::kAdd ? ua + ub : ua - ub;
    *out = static_cast<__int128>(r);
    const U sign = op == ArithmeticOp::kAdd ? (ua ^ r) & (ub ^ r) : (ua ^ ub) & (ua ^ r);
    return (sign >> 127) == 0;
  }
  // |a| * |b| from 64-bit limbs; at most one operand may have a high limb.
  const bool negative = (a < 0) != (b < 0);
  const U ma = a < 0 ? U{0} - ua : ua;
  const U mb = b < 0 ? U{0} - ub : ub;
  const uint64_t a_lo = static_cast<uint64_t>(ma), a_hi = static_cast<uint64_t>(ma >> 64);
  const uint64_t b_lo = static_cast<uint64_t>(mb), b_hi = static_cast<uint64_t>(mb >> 64);
  bool fits = a_hi == 0 || b_hi == 0;
  const U cross = static_cast<U>(a_hi) * b_lo + static_cast<U>(b_hi) * a_lo;  // one term is 0 when fits
  fits = fits && (cross >> 64) == 0;
  const U low = static_cast<U>(a_lo) * b_lo;
  const U magnitude = low + (cross << 64);
  fits = fits && magnitude >= low;  // no carry out of 128 bits
  const U limit = (U{1} << 127) - (negative ? 0 : 1);
  fits = fits && magnitude <= limit;
  *out = static_cast<__int128>(negative ? U{0} - magnitude : magnitude);
  return fits;
}

/// The largest value of the signed integer T (int32_t, int64_t or __int128).
template <typename T>
ORBIT_HOST_DEVICE constexpr T MaxOfSigned() {
  return static_cast<T>(~static_cast<unsigned __int128>(0) >> (129 - 8 * sizeof(T)));
}

/// The lowest result allowed under max_abs: -max_abs for a decimal's bound, and the type's
/// own minimum when max_abs is the type's maximum (a plain integer: INT_MIN + 0 is INT_MIN).
template <typename T>
ORBIT_HOST_DEVICE constexpr T LowestResult(T max_abs) {
  return max_abs == MaxOfSigned<T>() ? -max_abs - 1 : -max_abs;
}

/// out = a <op> b for integers; false when the result overflows T or lies outside
/// [LowestResult(max_abs), max_abs] (max_abs >= 0).
template <typename T>
ORBIT_HOST_DEVICE bool CheckedArithmetic(ArithmeticOp op, T a, T b, T max_abs, T* out) {
  return CheckedOp(op, a, b, out) && *out <= max_abs && *out >= LowestResult(max_abs);
}

ORBIT_HOST_DEVICE double ApplyArithmetic(ArithmeticOp op, double a, double b) {
  switch (op) {
    case ArithmeticOp::kAdd: return a + b;
    case ArithmeticOp::kSub: return a - b;
    case ArithmeticOp::kMul: return a * b;
  }
  return 0.0;
}

// Hashing. Every backend must produce these exact values, so that a hash table built by
// one backend can be probed by another. The mixer is the SplitMix64 finalizer: it only
// needs 64-bit shifts, xors and multiplies, which every SIMD target can express.

constexpr uint64_t kGoldenRatio64 = 0x9e3779b97f4a7c15ULL;
constexpr uint64_t kMixMultiplier1 = 0xbf58476d1ce4e5b9ULL;
constexpr uint64_t kMixMultiplier2 = 0x94d049bb133111ebULL;
/// The hash of a NULL row.
constexpr uint64_t kNullHash = 0x5bd1e9955bd1e995ULL;
constexpr uint64_t kCanonicalNaNBits = 0x7ff8000000000000ULL;

ORBIT_HOST_DEVICE uint64_t MixBits64(uint64_t x) {
  x ^= x >> 30;
  x *= kMixMultiplier1;
  x ^= x >> 27;
  x *= kMixMultiplier2;
  x ^= x >> 31;
  return x;
}

/// Folds the hash of the next key column into the running hash of a row.
ORBIT_HOST_DEVICE uint64_t CombineHashes(uint64_t seed, uint64_t hash) {
  return MixBits64(seed ^ (hash + kGoldenRatio64 + (seed << 6) + (seed >> 2)));
}

ORBIT_HOST_DEVICE uint64_t HashInt64(int64_t v) { return MixBits64(static_cast<uint64_t>(v) + kGoldenRatio64); }

/// Hashes like the same value as an int64, so INTEGER and BIGINT keys can meet in one table.
ORBIT_HOST_DEVICE uint64_t HashInt32(int32_t v) { return HashInt64(v); }

/// A value that fits in 64 bits hashes like that int64 (DECIMAL keys of both widths agree).
ORBIT_HOST_DEVICE uint64_t HashInt128(__int128 v) {
  const auto low = static_cast<int64_t>(static_cast<uint64_t>(v));
  const auto high = static_cast<int64_t>(static_cast<uint64_t>(static_cast<unsigned __int128>(v) >> 64));
  if (static_cast<__int128>(low) == v) return HashInt64(low);
  return CombineHashes(HashInt64(low), HashInt64(high));
}

/// -0.0 hashes as 0.0 and every NaN as one canonical NaN, matching ValuesEqual.
ORBIT_HOST_DEVICE uint64_t HashDouble(double v) {
  uint64_t bits;
  if (IsNaN(v)) {
    bits = kCanonicalNaNBits;
  } else {
    if (v == 0.0) v = 0.0;
    memcpy(&bits, &v, sizeof(bits));
  }
  return MixBits64(bits + kGoldenRatio64);
}

/// The last `size` (1..7) bytes of a string as a little-endian word, zero-padded: the same
/// value a memcpy into a zeroed word gives, read with fixed-size loads instead of a
/// variable-length copy (strings this short are common keys: flags, codes, modes).
ORBIT_HOST_DEVICE uint64_t LoadTailWord(const char* data, size_t size) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(data);
  if (size >= 4) {
    uint32_t low, high;
    memcpy(&low, bytes, 4);
    memcpy(&high, bytes + size - 4, 4);  // overlaps `low` when size < 8: same bytes
    return low | (static_cast<uint64_t>(high) << (8 * (size - 4)));
  }
  uint64_t word = bytes[0];
  if (size > 1) word |= static_cast<uint64_t>(bytes[1]) << 8;
  if (size > 2) word |= static_cast<uint64_t>(bytes[2]) << 16;
  return word;
}

ORBIT_HOST_DEVICE uint64_t HashBytes(const char* data, size_t size) {
  uint64_t h = kGoldenRatio64 ^ size;
  size_t i = 0;
  for (; i + 8 <= size; i += 8) {
    uint64_t word;
    memcpy(&word, data + i, 8);
    h = MixBits64(h ^ word);
  }
  if (i < size) h = MixBits64(h ^ LoadTailWord(data + i, size - i));
  return MixBits64(h ^ size);
}

}  // namespace orbit::kernels
