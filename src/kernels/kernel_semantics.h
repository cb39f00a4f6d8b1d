// The value semantics every kernel backend must reproduce exactly, written once as plain
// scalar code: how values compare (PostgreSQL's order for doubles), how values hash, and
// how validity bitmaps and selection vectors are read. The reference backend is built from
// these; faster backends use them for their scalar tails and must agree with them bit for
// bit (the differential suite in tests/kernels checks that they do).
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "columnar/bitmap.h"
#include "kernels/kernel_table.h"

namespace orbit::kernels {

inline bool IsValidRow(const uint8_t* validity, size_t row) {
  return validity == nullptr || bitmap::Get(validity, row);
}

/// The row a position of the considered rows refers to: sel[k], or k without a selection.
inline size_t SelectedRow(const uint32_t* sel, size_t k) { return sel == nullptr ? k : sel[k]; }

/// PostgreSQL's total order: -0.0 equals 0.0, NaN equals NaN and is greater than +inf.
template <typename T>
bool ValuesEqual(T a, T b) {
  if constexpr (std::is_floating_point_v<T>) {
    return a == b || (std::isnan(a) && std::isnan(b));
  } else {
    return a == b;
  }
}

template <typename T>
bool ValueLess(T a, T b) {
  if constexpr (std::is_floating_point_v<T>) {
    return std::isnan(b) ? !std::isnan(a) : a < b;
  } else {
    return a < b;
  }
}

template <typename T>
bool Compare(CompareOp op, T a, T b) {
  switch (op) {
    case CompareOp::kEq:
      return ValuesEqual(a, b);
    case CompareOp::kNe:
      return !ValuesEqual(a, b);
    case CompareOp::kLt:
      return ValueLess(a, b);
    case CompareOp::kLe:
      return !ValueLess(b, a);
    case CompareOp::kGt:
      return ValueLess(b, a);
    case CompareOp::kGe:
      return !ValueLess(a, b);
  }
  return false;
}

/// out = a <op> b for integers; false when the result overflows T or its magnitude exceeds
/// max_abs (max_abs >= 0; with max_abs = max() an INT_MIN result fails too).
template <typename T>
bool CheckedArithmetic(ArithmeticOp op, T a, T b, T max_abs, T* out) {
  bool overflow = true;
  switch (op) {
    case ArithmeticOp::kAdd:
      overflow = __builtin_add_overflow(a, b, out);
      break;
    case ArithmeticOp::kSub:
      overflow = __builtin_sub_overflow(a, b, out);
      break;
    case ArithmeticOp::kMul:
      overflow = __builtin_mul_overflow(a, b, out);
      break;
  }
  return !overflow && *out <= max_abs && *out >= -max_abs;
}

inline double ApplyArithmetic(ArithmeticOp op, double a, double b) {
  switch (op) {
    case ArithmeticOp::kAdd:
      return a + b;
    case ArithmeticOp::kSub:
      return a - b;
    case ArithmeticOp::kMul:
      return a * b;
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

inline uint64_t MixBits64(uint64_t x) {
  x ^= x >> 30;
  x *= kMixMultiplier1;
  x ^= x >> 27;
  x *= kMixMultiplier2;
  x ^= x >> 31;
  return x;
}

/// Folds the hash of the next key column into the running hash of a row.
inline uint64_t CombineHashes(uint64_t seed, uint64_t hash) {
  return MixBits64(seed ^ (hash + kGoldenRatio64 + (seed << 6) + (seed >> 2)));
}

inline uint64_t HashInt64(int64_t v) { return MixBits64(static_cast<uint64_t>(v) + kGoldenRatio64); }

/// Hashes like the same value as an int64, so INTEGER and BIGINT keys can meet in one table.
inline uint64_t HashInt32(int32_t v) { return HashInt64(v); }

/// A value that fits in 64 bits hashes like that int64 (DECIMAL keys of both widths agree).
inline uint64_t HashInt128(int128_t v) {
  const auto low = static_cast<int64_t>(static_cast<uint64_t>(v));
  const auto high = static_cast<int64_t>(static_cast<uint64_t>(static_cast<unsigned __int128>(v) >> 64));
  if (static_cast<int128_t>(low) == v) return HashInt64(low);
  return CombineHashes(HashInt64(low), HashInt64(high));
}

constexpr uint64_t kCanonicalNaNBits = 0x7ff8000000000000ULL;

/// -0.0 hashes as 0.0 and every NaN as one canonical NaN, matching ValuesEqual.
inline uint64_t HashDouble(double v) {
  uint64_t bits;
  if (std::isnan(v)) {
    bits = kCanonicalNaNBits;
  } else {
    if (v == 0.0) v = 0.0;
    std::memcpy(&bits, &v, sizeof(bits));
  }
  return MixBits64(bits + kGoldenRatio64);
}

/// The last `size` (1..7) bytes of a string as a little-endian word, zero-padded: the same
/// value a memcpy into a zeroed word gives, read with fixed-size loads instead of a
/// variable-length copy (strings this short are common keys: flags, codes, modes).
inline uint64_t LoadTailWord(const char* data, size_t size) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(data);
  if (size >= 4) {
    uint32_t low, high;
    std::memcpy(&low, bytes, 4);
    std::memcpy(&high, bytes + size - 4, 4);  // overlaps `low` when size < 8: same bytes
    return low | (static_cast<uint64_t>(high) << (8 * (size - 4)));
  }
  uint64_t word = bytes[0];
  if (size > 1) word |= static_cast<uint64_t>(bytes[1]) << 8;
  if (size > 2) word |= static_cast<uint64_t>(bytes[2]) << 16;
  return word;
}

inline uint64_t HashBytes(const char* data, size_t size) {
  uint64_t h = kGoldenRatio64 ^ size;
  size_t i = 0;
  for (; i + 8 <= size; i += 8) {
    uint64_t word;
    std::memcpy(&word, data + i, 8);
    h = MixBits64(h ^ word);
  }
  if (i < size) h = MixBits64(h ^ LoadTailWord(data + i, size - i));
  return MixBits64(h ^ size);
}

}  // namespace orbit::kernels
