// Shared by every Orbit OpenCL kernel: 128-bit integers as (lo, hi) pairs (OpenCL C has no
// __int128), the value order of kernel_semantics.h, and the buffer-argument convention.
#pragma OPENCL EXTENSION cl_khr_fp64 : enable

// The layout of a host __int128 on a little-endian machine: low word first.
typedef struct {
  ulong lo;
  long hi;
} i128;

// A buffer argument is a base pointer plus a byte offset, so a kernel can read any part of
// a column the pipeline made resident without a sub-buffer per slice. An optional buffer
// also says whether it is present (a missing validity bitmap means every row is valid).
#define IN(T, name) __global const T *name##_base, ulong name##_off
#define OPT(T, name) __global const T *name##_base, ulong name##_off, int name##_present
#define AT(T, name) ((__global const T *)((__global const uchar *)name##_base + name##_off))
#define OPT_AT(T, name) (name##_present ? AT(T, name) : (__global const T *)0)

inline bool is_valid(__global const uchar *validity, uint row) {
  return !validity || ((validity[row >> 3] >> (row & 7)) & 1);
}

// Equality and order as kernels::ValuesEqual / ValueLess: doubles in PostgreSQL's order,
// where NaN equals NaN and is above +inf, and -0.0 equals 0.0.
inline bool eq_i32(int a, int b) { return a == b; }
inline bool less_i32(int a, int b) { return a < b; }
inline bool eq_i64(long a, long b) { return a == b; }
inline bool less_i64(long a, long b) { return a < b; }
inline bool eq_f64(double a, double b) { return a == b || (isnan(a) && isnan(b)); }
inline bool less_f64(double a, double b) { return isnan(b) ? !isnan(a) : a < b; }
inline bool eq_i128(i128 a, i128 b) { return a.lo == b.lo && a.hi == b.hi; }
inline bool less_i128(i128 a, i128 b) { return a.hi < b.hi || (a.hi == b.hi && a.lo < b.lo); }

// CompareOp: 0 =, 1 <>, 2 <, 3 <=, 4 >, 5 >=.
#define DEFINE_COMPARE(SUF, T)                      \
  inline bool compare_##SUF(int op, T a, T b) {     \
    switch (op) {                                   \
      case 0: return eq_##SUF(a, b);                \
      case 1: return !eq_##SUF(a, b);               \
      case 2: return less_##SUF(a, b);              \
      case 3: return !less_##SUF(b, a);             \
      case 4: return less_##SUF(b, a);              \
      default: return !less_##SUF(a, b);            \
    }                                               \
  }
DEFINE_COMPARE(i32, int)
DEFINE_COMPARE(i64, long)
DEFINE_COMPARE(f64, double)
DEFINE_COMPARE(i128, i128)

// 128-bit arithmetic in unsigned words (signed overflow is undefined in OpenCL C too).
inline i128 i128_from_i64(long v) {
  i128 r;
  r.lo = (ulong)v;
  r.hi = v >> 63;
  return r;
}
inline i128 add_i128(i128 a, i128 b) {
  i128 r;
  r.lo = a.lo + b.lo;
  r.hi = (long)((ulong)a.hi + (ulong)b.hi + (r.lo < a.lo ? 1UL : 0UL));
  return r;
}
inline i128 sub_i128(i128 a, i128 b) {
  i128 r;
  r.lo = a.lo - b.lo;
  r.hi = (long)((ulong)a.hi - (ulong)b.hi - (a.lo < b.lo ? 1UL : 0UL));
  return r;
}
inline i128 neg_i128(i128 a) {
  i128 zero = {0UL, 0L};
  return sub_i128(zero, a);
}
// Overflow of r = a + b (r = a - b): the sign rule of two's complement.
inline bool add_overflowed_i128(i128 a, i128 b, i128 r) { return ((a.hi ^ r.hi) & (b.hi ^ r.hi)) < 0; }
inline bool sub_overflowed_i128(i128 a, i128 b, i128 r) { return ((a.hi ^ b.hi) & (a.hi ^ r.hi)) < 0; }
inline bool add_overflowed_i64(long a, long b, long r) { return ((a ^ r) & (b ^ r)) < 0; }
inline bool sub_overflowed_i64(long a, long b, long r) { return ((a ^ b) & (a ^ r)) < 0; }

// Hashing: the exact functions of kernel_semantics.h (SplitMix64 finalizer), so tables
// built on one backend can be probed by another.
#define GOLDEN_RATIO_64 0x9e3779b97f4a7c15UL
#define NULL_HASH 0x5bd1e9955bd1e995UL
#define CANONICAL_NAN_BITS 0x7ff8000000000000UL

inline ulong mix_bits64(ulong x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9UL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebUL;
  x ^= x >> 31;
  return x;
}
inline ulong combine_hashes(ulong seed, ulong hash) {
  return mix_bits64(seed ^ (hash + GOLDEN_RATIO_64 + (seed << 6) + (seed >> 2)));
}
inline ulong hash_i64(long v) { return mix_bits64((ulong)v + GOLDEN_RATIO_64); }
inline ulong hash_i32(int v) { return hash_i64((long)v); }
inline ulong hash_i128(i128 v) {
  const long low = (long)v.lo;
  if (v.hi == (low >> 63)) return hash_i64(low);
  return combine_hashes(hash_i64(low), hash_i64(v.hi));
}
inline ulong hash_f64(double v) {
  ulong bits = isnan(v) ? CANONICAL_NAN_BITS : (v == 0.0 ? 0UL : as_ulong(v));
  return mix_bits64(bits + GOLDEN_RATIO_64);
}
