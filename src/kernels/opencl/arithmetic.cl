// Checked arithmetic, one row per work item, failing exactly where the reference does: a
// result that overflows its type or whose magnitude exceeds max_abs (consts[0]). The
// first failing row is kept with atomic_min; NULL rows write 0 and never fail.
// ArithmeticOp: 0 +, 1 -, 2 *.

inline bool checked_i32(int op, int a, int b, int max_abs, int *out) {
  const long r = op == 0 ? (long)a + b : op == 1 ? (long)a - b : (long)a * b;  // exact in 64 bits
  *out = (int)r;
  // A plain INTEGER (max_abs = INT_MAX) may reach INT_MIN; a decimal stays within -max_abs.
  const long lowest = max_abs == INT_MAX ? (long)INT_MIN : -(long)max_abs;
  return r <= max_abs && r >= lowest;
}

inline bool checked_i64(int op, long a, long b, long max_abs, long *out) {
  long r;
  bool overflow;
  if (op == 0) {
    r = (long)((ulong)a + (ulong)b);
    overflow = add_overflowed_i64(a, b, r);
  } else if (op == 1) {
    r = (long)((ulong)a - (ulong)b);
    overflow = sub_overflowed_i64(a, b, r);
  } else {
    // |a| * |b| in 128 bits, then the sign: fits when the magnitude is at most max_abs.
    const ulong ua = abs(a), ub = abs(b);
    const ulong high = mul_hi(ua, ub), magnitude = ua * ub;
    const bool negative = (a < 0) != (b < 0);
    // A plain BIGINT (max_abs = LONG_MAX) may reach LONG_MIN, whose magnitude is 2^63.
    const ulong limit = (ulong)max_abs + (negative && max_abs == LONG_MAX ? 1UL : 0UL);
    overflow = high != 0 || magnitude > limit;
    r = negative ? (long)(0UL - magnitude) : (long)magnitude;
  }
  *out = r;
  const long lowest = max_abs == LONG_MAX ? LONG_MIN : -max_abs;
  return !overflow && r <= max_abs && r >= lowest;
}

// |a| as an unsigned 128-bit (hi, lo) pair; |INT128_MIN| = 2^127 fits unsigned.
inline void magnitude_i128(i128 a, ulong *hi, ulong *lo) {
  const i128 m = a.hi < 0 ? neg_i128(a) : a;
  *hi = (ulong)m.hi;
  *lo = m.lo;
}

inline bool checked_i128(int op, i128 a, i128 b, i128 max_abs, i128 *out) {
  // max_abs = the type's maximum: plain 128-bit integers, which may reach INT128_MIN.
  const bool type_max = max_abs.hi == LONG_MAX && max_abs.lo == ULONG_MAX;
  i128 r;
  bool overflow;
  if (op == 0) {
    r = add_i128(a, b);
    overflow = add_overflowed_i128(a, b, r);
  } else if (op == 1) {
    r = sub_i128(a, b);
    overflow = sub_overflowed_i128(a, b, r);
  } else {
    ulong ah, al, bh, bl;
    magnitude_i128(a, &ah, &al);
    magnitude_i128(b, &bh, &bl);
    // (ah*2^64 + al) * (bh*2^64 + bl) must fit 128 unsigned bits: at most one high word,
    // and its cross product must fit the high word of al*bl without a carry out.
    overflow = ah != 0 && bh != 0;
    ulong lo = al * bl, hi = mul_hi(al, bl);
    const ulong cross_hi = mul_hi(ah, bl) | mul_hi(al, bh);
    const ulong cross = ah * bl + al * bh;  // one of the two terms is zero when no overflow
    overflow = overflow || cross_hi != 0;
    const ulong sum_hi = hi + cross;
    overflow = overflow || sum_hi < hi;
    hi = sum_hi;
    // The magnitude must not exceed max_abs, or 2^127 for a negative result under the
    // type's own maximum (INT128_MIN).
    const bool negative = (a.hi < 0) != (b.hi < 0);
    const bool int128_min = type_max && negative && hi == 0x8000000000000000UL && lo == 0;
    overflow = overflow || (!int128_min && (hi > (ulong)max_abs.hi || (hi == (ulong)max_abs.hi && lo > max_abs.lo)));
    i128 m;
    m.lo = lo;
    m.hi = (long)hi;
    r = (a.hi < 0) != (b.hi < 0) ? neg_i128(m) : m;
  }
  *out = r;
  i128 lowest = neg_i128(max_abs);
  if (type_max) {
    lowest.hi = LONG_MIN;
    lowest.lo = 0;
  }
  return !overflow && !less_i128(max_abs, r) && !less_i128(r, lowest);
}

#define ARITH_INT(SUF, T)                                                                                   \
  __kernel void arith_##SUF(int op, IN(T, a), IN(T, b), int b_is_scalar, OPT(uchar, validity), uint n,      \
                            IN(T, consts), __global T *out, __global int *first_failure) {                  \
    __global const T *a = AT(T, a);                                                                         \
    __global const T *b = AT(T, b);                                                                         \
    __global const uchar *validity = OPT_AT(uchar, validity);                                               \
    const uint i = get_global_id(0);                                                                        \
    if (i >= n) return;                                                                                     \
    if (!is_valid(validity, i)) {                                                                           \
      const T zero = {0};                                                                                   \
      out[i] = zero;                                                                                        \
      return;                                                                                               \
    }                                                                                                       \
    T r;                                                                                                    \
    if (!checked_##SUF(op, a[i], b_is_scalar ? b[0] : b[i], AT(T, consts)[0], &r)) atomic_min(first_failure, (int)i); \
    out[i] = r;                                                                                             \
  }

ARITH_INT(i32, int)
ARITH_INT(i64, long)
ARITH_INT(i128, i128)

__kernel void arith_f64(int op, IN(double, a), IN(double, b), int b_is_scalar, OPT(uchar, validity), uint n,
                        IN(double, consts), __global double *out, __global int *first_failure) {
  __global const double *a = AT(double, a);
  __global const double *b = AT(double, b);
  __global const uchar *validity = OPT_AT(uchar, validity);
  const uint i = get_global_id(0);
  if (i >= n) return;
  if (!is_valid(validity, i)) {
    out[i] = 0.0;
    return;
  }
  const double x = a[i], y = b_is_scalar ? b[0] : b[i];
  out[i] = op == 0 ? x + y : op == 1 ? x - y : x * y;
}
