// Vector similarity (VectorKernels in kernel_table.h), one row per work item: row i's
// vectors start at a + i * a_stride and b + i * b_stride (a stride of 0 repeats one
// vector), and its sums are accumulated in double. Eight values at a time go through
// double8 lanes (vload8), which a CPU device (PoCL) runs as SIMD within the row, rather
// than gathering across rows dim values apart; the rest of the row follows one by one.
// metric (device_kernel_table.h's VectorMetric): 0 inner product, 1 cosine similarity,
// 2 L2 distance, 3 squared L2 distance.
inline double sum_of_lanes(double8 v) {
  const double4 h = v.lo + v.hi;
  const double2 q = h.lo + h.hi;
  return q.x + q.y;
}

#define DEFINE_VECTOR_KERNEL(SUF, T)                                                                      \
  __kernel void vector_##SUF(int metric, IN(T, a), ulong a_stride, IN(T, b), ulong b_stride, ulong dim, \
                             uint n, __global double *out) {                                             \
    const uint i = get_global_id(0);                                                                     \
    if (i >= n) return;                                                                                  \
    __global const T *x = AT(T, a) + i * a_stride;                                                       \
    __global const T *y = AT(T, b) + i * b_stride;                                                       \
    double8 s8 = (double8)(0.0), x8 = (double8)(0.0), y8 = (double8)(0.0);                              \
    ulong j = 0;                                                                                         \
    for (; j + 8 <= dim; j += 8) {                                                                       \
      const double8 xv = convert_double8(vload8(0, x + j)), yv = convert_double8(vload8(0, y + j));     \
      if (metric >= 2) {                                                                                 \
        const double8 d = xv - yv;                                                                       \
        s8 = fma(d, d, s8);                                                                              \
      } else {                                                                                           \
        s8 = fma(xv, yv, s8);                                                                            \
        if (metric == 1) {                                                                               \
          x8 = fma(xv, xv, x8);                                                                          \
          y8 = fma(yv, yv, y8);                                                                          \
        }                                                                                                \
      }                                                                                                  \
    }                                                                                                    \
    double sum = sum_of_lanes(s8), xx = sum_of_lanes(x8), yy = sum_of_lanes(y8);                        \
    for (; j < dim; ++j) {                                                                               \
      const double xj = x[j], yj = y[j];                                                                 \
      if (metric >= 2) {                                                                                 \
        sum += (xj - yj) * (xj - yj);                                                                    \
      } else {                                                                                           \
        sum += xj * yj;                                                                                  \
        xx += xj * xj;                                                                                   \
        yy += yj * yj;                                                                                   \
      }                                                                                                  \
    }                                                                                                    \
    if (metric == 0 || metric == 3) out[i] = sum;                                                        \
    if (metric == 2) out[i] = sqrt(sum);                                                                 \
    if (metric == 1) out[i] = xx == 0.0 || yy == 0.0 ? NAN : sum / (sqrt(xx) * sqrt(yy));               \
  }
DEFINE_VECTOR_KERNEL(f32, float)
DEFINE_VECTOR_KERNEL(f64, double)
