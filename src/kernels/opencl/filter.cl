// Filters: each work item decides 32 consecutive considered rows (positions of the
// selection, or rows when there is none) and writes one mask word; the host turns the set
// bits into ascending row indices. A NULL row never passes. Work items past the end (the
// global size is rounded up to the work-group size) return at once.
#define FILTER_KERNELS(SUF, T)                                                                                  \
  __kernel void filter_compare_constant_##SUF(IN(T, values), OPT(uchar, validity), OPT(uint, sel),              \
                                              uint considered, int op, IN(T, consts), __global uint *mask) {    \
    __global const T *values = AT(T, values);                                                                   \
    __global const uchar *validity = OPT_AT(uchar, validity);                                                   \
    __global const uint *sel = OPT_AT(uint, sel);                                                               \
    const T operand = AT(T, consts)[0];                                                                        \
    const uint w = get_global_id(0);                                                                            \
    if (w * 32 >= considered) return;                                                                           \
    uint bits = 0;                                                                                              \
    for (uint j = 0; j < 32 && w * 32 + j < considered; ++j) {                                                  \
      const uint k = w * 32 + j;                                                                                \
      const uint row = sel ? sel[k] : k;                                                                        \
      if (is_valid(validity, row) && compare_##SUF(op, values[row], operand)) bits |= 1u << j;                 \
    }                                                                                                           \
    mask[w] = bits;                                                                                             \
  }                                                                                                             \
  __kernel void filter_compare_columns_##SUF(IN(T, left), OPT(uchar, left_validity), IN(T, right),              \
                                             OPT(uchar, right_validity), OPT(uint, sel), uint considered, int op, \
                                             __global uint *mask) {                                             \
    __global const T *left = AT(T, left);                                                                       \
    __global const T *right = AT(T, right);                                                                     \
    __global const uchar *left_validity = OPT_AT(uchar, left_validity);                                         \
    __global const uchar *right_validity = OPT_AT(uchar, right_validity);                                       \
    __global const uint *sel = OPT_AT(uint, sel);                                                               \
    const uint w = get_global_id(0);                                                                            \
    if (w * 32 >= considered) return;                                                                           \
    uint bits = 0;                                                                                              \
    for (uint j = 0; j < 32 && w * 32 + j < considered; ++j) {                                                  \
      const uint k = w * 32 + j;                                                                                \
      const uint row = sel ? sel[k] : k;                                                                        \
      if (is_valid(left_validity, row) && is_valid(right_validity, row) &&                                      \
          compare_##SUF(op, left[row], right[row]))                                                             \
        bits |= 1u << j;                                                                                        \
    }                                                                                                           \
    mask[w] = bits;                                                                                             \
  }                                                                                                             \
  __kernel void filter_between_##SUF(IN(T, values), OPT(uchar, validity), OPT(uint, sel), uint considered,      \
                                     IN(T, consts), __global uint *mask) {                                      \
    __global const T *values = AT(T, values);                                                                   \
    __global const uchar *validity = OPT_AT(uchar, validity);                                                   \
    __global const uint *sel = OPT_AT(uint, sel);                                                               \
    const T low = AT(T, consts)[0];                                                                             \
    const T high = AT(T, consts)[1];                                                                            \
    const uint w = get_global_id(0);                                                                            \
    if (w * 32 >= considered) return;                                                                           \
    uint bits = 0;                                                                                              \
    for (uint j = 0; j < 32 && w * 32 + j < considered; ++j) {                                                  \
      const uint k = w * 32 + j;                                                                                \
      const uint row = sel ? sel[k] : k;                                                                        \
      if (is_valid(validity, row) && !less_##SUF(values[row], low) && !less_##SUF(high, values[row]))           \
        bits |= 1u << j;                                                                                        \
    }                                                                                                           \
    mask[w] = bits;                                                                                             \
  }                                                                                                             \
  __kernel void filter_in_list_##SUF(IN(T, values), OPT(uchar, validity), OPT(uint, sel), uint considered,      \
                                     IN(T, list), uint list_count, __global uint *mask) {                       \
    __global const T *values = AT(T, values);                                                                   \
    __global const uchar *validity = OPT_AT(uchar, validity);                                                   \
    __global const uint *sel = OPT_AT(uint, sel);                                                               \
    __global const T *list = AT(T, list);                                                                       \
    const uint w = get_global_id(0);                                                                            \
    if (w * 32 >= considered) return;                                                                           \
    uint bits = 0;                                                                                              \
    for (uint j = 0; j < 32 && w * 32 + j < considered; ++j) {                                                  \
      const uint k = w * 32 + j;                                                                                \
      const uint row = sel ? sel[k] : k;                                                                        \
      if (!is_valid(validity, row)) continue;                                                                   \
      const T v = values[row];                                                                                  \
      for (uint e = 0; e < list_count; ++e) {                                                                   \
        if (eq_##SUF(v, list[e])) {                                                                             \
          bits |= 1u << j;                                                                                      \
          break;                                                                                                \
        }                                                                                                       \
      }                                                                                                         \
    }                                                                                                           \
    mask[w] = bits;                                                                                             \
  }

FILTER_KERNELS(i32, int)
FILTER_KERNELS(i64, long)
FILTER_KERNELS(f64, double)
FILTER_KERNELS(i128, i128)
