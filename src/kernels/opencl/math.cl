// Element-wise double math in the device's own libm (OpenCL 1.2's bounds: exp, log, log10
// and exp2 within 3 ULP, pow within 16, sqrt correctly rounded), one row per work item. A
// valid row the device cannot decide within its bound (a domain error, a special value, a
// result near the ends of the doubles) is left to the host, which computes it and every
// later row with the reference (kernels/math_semantics.h); the first such row is kept with
// atomic_min. MathOp: 0 exp, 1 ln, 2 log10, 3 sqrt.

inline bool decided_result(double r) { return fabs(r) >= 0x1p-1020 && fabs(r) <= 0x1p1020; }
inline bool normal_positive(double x) { return x >= 0x1p-1022 && x <= DBL_MAX; }

__kernel void math_unary(int op, IN(double, x), OPT(uchar, validity), uint n, __global double *out,
                         __global int *first_undecided) {
  __global const double *x = AT(double, x);
  __global const uchar *validity = OPT_AT(uchar, validity);
  const uint i = get_global_id(0);
  if (i >= n) return;
  const double v = x[i];
  double r;
  bool decided;
  if (op == 0) {
    decided = v >= -708.0 && v <= 709.0;
    r = exp(v);
  } else if (op == 3) {
    decided = !(v < 0.0);
    r = sqrt(v);
  } else {
    decided = normal_positive(v);
    r = op == 1 ? log(v) : log10(v);
  }
  out[i] = r;
  if (!decided && is_valid(validity, i)) atomic_min(first_undecided, (int)i);
}

__kernel void math_power(IN(double, x), IN(double, y), int y_is_scalar, OPT(uchar, validity), uint n,
                         __global double *out, __global int *first_undecided) {
  __global const double *x = AT(double, x);
  __global const double *y = AT(double, y);
  __global const uchar *validity = OPT_AT(uchar, validity);
  const uint i = get_global_id(0);
  if (i >= n) return;
  const double a = x[i], b = y_is_scalar ? y[0] : y[i];
  const double r = pow(a, b);
  out[i] = r;
  const bool decided = normal_positive(a) && fabs(b) <= DBL_MAX && decided_result(r);
  if (!decided && is_valid(validity, i)) atomic_min(first_undecided, (int)i);
}

// scalars: bit 0 value, bit 1 elapsed, bit 2 half_life is one value for every row.
__kernel void math_decay(IN(double, value), IN(double, elapsed), IN(double, half_life), int scalars,
                         OPT(uchar, validity), uint n, __global double *out, __global int *first_undecided) {
  __global const double *value = AT(double, value);
  __global const double *elapsed = AT(double, elapsed);
  __global const double *half_life = AT(double, half_life);
  __global const uchar *validity = OPT_AT(uchar, validity);
  const uint i = get_global_id(0);
  if (i >= n) return;
  const double v = value[(scalars & 1) ? 0 : i];
  const double e = elapsed[(scalars & 2) ? 0 : i];
  const double h = half_life[(scalars & 4) ? 0 : i];
  const double t = -(e / h);
  const double r = v * exp2(t);
  out[i] = r;
  const bool decided = h > 0.0 && fabs(t) <= 1020.0 && fabs(r) <= 0x1p1020;
  if (!decided && is_valid(validity, i)) atomic_min(first_undecided, (int)i);
}
