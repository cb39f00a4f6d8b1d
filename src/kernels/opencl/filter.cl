// Filters: each work item decides one considered row (a position of the selection, or a
// row when there is none), so neighbouring work items read neighbouring values: loads
// coalesce on a GPU and vectorise across work items on a CPU driver. The work group packs
// its decisions into 32-bit mask words through local memory (the host's work-group size is
// 32 or 64); the host turns the set bits into ascending row indices. A NULL row never
// passes. Work items past the end (the global size is rounded up to the work-group size)
// decide "no" and read nothing; none returns early, as every one must reach the barrier.
#define MASK_GROUP_MAX 64

// The row work item k decides; only read when k < considered.
#define ROW_OF(k) (sel ? sel[k] : (k))

#define WRITE_MASK(passes)                                             \
  __local uchar decided[MASK_GROUP_MAX];                               \
  const uint lid = get_local_id(0);                                    \
  decided[lid] = (passes) ? 1 : 0;                                     \
  barrier(CLK_LOCAL_MEM_FENCE);                                        \
  if (lid % 32 == 0 && k < considered) {                               \
    uint bits = 0;                                                     \
    for (uint j = 0; j < 32; ++j) bits |= (uint)decided[lid + j] << j; \
    mask[k / 32] = bits;                                               \
  }

#define FILTER_KERNELS(SUF, T)                                                                                  \
  __kernel void filter_compare_constant_##SUF(IN(T, values), OPT(uchar, validity), OPT(uint, sel),              \
                                              uint considered, int op, IN(T, consts), __global uint *mask) {    \
    __global const T *values = AT(T, values);                                                                   \
    __global const uchar *validity = OPT_AT(uchar, validity);                                                   \
    __global const uint *sel = OPT_AT(uint, sel);                                                               \
    const T operand = AT(T, consts)[0];                                                                        \
    const uint k = get_global_id(0);                                                                            \
    bool passes = false;                                                                                        \
    if (k < considered) {                                                                                       \
      const uint row = ROW_OF(k);                                                                               \
      passes = is_valid(validity, row) && compare_##SUF(op, values[row], operand);                              \
    }                                                                                                           \
    WRITE_MASK(passes)                                                                                          \
  }                                                                                                             \
  __kernel void filter_compare_columns_##SUF(IN(T, left), OPT(uchar, left_validity), IN(T, right),              \
                                             OPT(uchar, right_validity), OPT(uint, sel), uint considered, int op, \
                                             __global uint *mask) {                                             \
    __global const T *left = AT(T, left);                                                                       \
    __global const T *right = AT(T, right);                                                                     \
    __global const uchar *left_validity = OPT_AT(uchar, left_validity);                                         \
    __global const uchar *right_validity = OPT_AT(uchar, right_validity);                                       \
    __global const uint *sel = OPT_AT(uint, sel);                                                               \
    const uint k = get_global_id(0);                                                                            \
    bool passes = false;                                                                                        \
    if (k < considered) {                                                                                       \
      const uint row = ROW_OF(k);                                                                               \
      passes = is_valid(left_validity, row) && is_valid(right_validity, row) &&                                 \
               compare_##SUF(op, left[row], right[row]);                                                        \
    }                                                                                                           \
    WRITE_MASK(passes)                                                                                          \
  }                                                                                                             \
  __kernel void filter_between_##SUF(IN(T, values), OPT(uchar, validity), OPT(uint, sel), uint considered,      \
                                     IN(T, consts), __global uint *mask) {                                      \
    __global const T *values = AT(T, values);                                                                   \
    __global const uchar *validity = OPT_AT(uchar, validity);                                                   \
    __global const uint *sel = OPT_AT(uint, sel);                                                               \
    const T low = AT(T, consts)[0];                                                                             \
    const T high = AT(T, consts)[1];                                                                            \
    const uint k = get_global_id(0);                                                                            \
    bool passes = false;                                                                                        \
    if (k < considered) {                                                                                       \
      const uint row = ROW_OF(k);                                                                               \
      passes = is_valid(validity, row) && !less_##SUF(values[row], low) && !less_##SUF(high, values[row]);      \
    }                                                                                                           \
    WRITE_MASK(passes)                                                                                          \
  }                                                                                                             \
  __kernel void filter_in_list_##SUF(IN(T, values), OPT(uchar, validity), OPT(uint, sel), uint considered,      \
                                     IN(T, list), uint list_count, __global uint *mask) {                       \
    __global const T *values = AT(T, values);                                                                   \
    __global const uchar *validity = OPT_AT(uchar, validity);                                                   \
    __global const uint *sel = OPT_AT(uint, sel);                                                               \
    __global const T *list = AT(T, list);                                                                       \
    const uint k = get_global_id(0);                                                                            \
    bool passes = false;                                                                                        \
    if (k < considered) {                                                                                       \
      const uint row = ROW_OF(k);                                                                               \
      if (is_valid(validity, row)) {                                                                            \
        const T v = values[row];                                                                                \
        for (uint e = 0; e < list_count && !passes; ++e) passes = eq_##SUF(v, list[e]);                         \
      }                                                                                                         \
    }                                                                                                           \
    WRITE_MASK(passes)                                                                                          \
  }

FILTER_KERNELS(i32, int)
FILTER_KERNELS(i64, long)
FILTER_KERNELS(f64, double)
FILTER_KERNELS(i128, i128)
