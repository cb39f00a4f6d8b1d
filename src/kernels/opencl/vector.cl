// Vector similarity (VectorKernels in kernel_table.h), one row per work item: row i's
// vectors start at a + i * a_stride and b + i * b_stride (a stride of 0 repeats one
// vector), and its sums are accumulated in double in index order, as the reference does.
// metric (device_kernel_table.h's VectorMetric): 0 inner product, 1 cosine similarity,
// 2 L2 distance, 3 squared L2 distance.
#define DEFINE_VECTOR_KERNEL(SUF, T)                                                                      \
  __kernel void vector_##SUF(int metric, IN(T, a), ulong a_stride, IN(T, b), ulong b_stride, ulong dim, \
                             uint n, __global double *out) {                                             \
    const uint i = get_global_id(0);                                                                     \
    if (i >= n) return;                                                                                  \
    __global const T *x = AT(T, a) + i * a_stride;                                                       \
    __global const T *y = AT(T, b) + i * b_stride;                                                       \
    double sum = 0.0, xx = 0.0, yy = 0.0;                                                                \
    if (metric >= 2) {                                                                                   \
      for (ulong j = 0; j < dim; ++j) {                                                                  \
        const double d = (double)x[j] - (double)y[j];                                                    \
        sum += d * d;                                                                                    \
      }                                                                                                  \
      out[i] = metric == 2 ? sqrt(sum) : sum;                                                            \
    } else if (metric == 1) {                                                                            \
      for (ulong j = 0; j < dim; ++j) {                                                                  \
        const double xj = x[j], yj = y[j];                                                               \
        sum += xj * yj;                                                                                  \
        xx += xj * xj;                                                                                   \
        yy += yj * yj;                                                                                   \
      }                                                                                                  \
      out[i] = xx == 0.0 || yy == 0.0 ? NAN : sum / (sqrt(xx) * sqrt(yy));                              \
    } else {                                                                                             \
      for (ulong j = 0; j < dim; ++j) sum += (double)x[j] * (double)y[j];                                \
      out[i] = sum;                                                                                      \
    }                                                                                                    \
  }
DEFINE_VECTOR_KERNEL(f32, float)
DEFINE_VECTOR_KERNEL(f64, double)
