// Grouped aggregates: one work item per group walks that group's rows in row order (the
// host lists them, grouped, in `order` with group g's rows at starts[g]..starts[g+1]).
// Walking in row order reproduces the reference exactly, overflow checks included, and
// needs no atomics on 128-bit states.
#define GROUPED_PROLOGUE(T)                                          \
  __global const T *values = AT(T, values);                          \
  __global const uchar *validity = OPT_AT(uchar, validity);          \
  __global const uint *order = AT(uint, order);                      \
  __global const uint *starts = AT(uint, starts);                    \
  const uint g = get_global_id(0);                                   \
  if (g >= groups) return;

__kernel void grouped_sum_i32(IN(int, values), OPT(uchar, validity), IN(uint, order),
                              IN(uint, starts), uint groups, __global long *sums, __global long *counts,
                              __global int *overflow) {
  GROUPED_PROLOGUE(int)
  for (uint j = starts[g]; j < starts[g + 1]; ++j) {
    const uint row = order[j];
    if (!is_valid(validity, row)) continue;
    const long v = values[row];
    const long next = (long)((ulong)sums[g] + (ulong)v);
    if (add_overflowed_i64(sums[g], v, next)) {
      *overflow = 1;
      return;
    }
    sums[g] = next;
    counts[g] += 1;
  }
}

#define GROUPED_SUM_I128(SUF, T, WIDEN)                                                                    \
  __kernel void grouped_sum_##SUF(IN(T, values), OPT(uchar, validity), IN(uint, order),         \
                                  IN(uint, starts), uint groups, __global i128 *sums, __global long *counts, \
                                  __global int *overflow) {                                                \
    GROUPED_PROLOGUE(T)                                                                                    \
    for (uint j = starts[g]; j < starts[g + 1]; ++j) {                                                     \
      const uint row = order[j];                                                                           \
      if (!is_valid(validity, row)) continue;                                                              \
      const i128 v = WIDEN(values[row]);                                                                   \
      const i128 next = add_i128(sums[g], v);                                                              \
      if (add_overflowed_i128(sums[g], v, next)) {                                                         \
        *overflow = 1;                                                                                     \
        return;                                                                                            \
      }                                                                                                    \
      sums[g] = next;                                                                                      \
      counts[g] += 1;                                                                                      \
    }                                                                                                      \
  }
#define SAME_I128(v) (v)
GROUPED_SUM_I128(i64, long, i128_from_i64)
GROUPED_SUM_I128(i128, i128, SAME_I128)

__kernel void grouped_sum_f64(IN(double, values), OPT(uchar, validity), IN(uint, order),
                              IN(uint, starts), uint groups, __global double *sums, __global long *counts,
                              __global int *overflow) {
  GROUPED_PROLOGUE(double)
  for (uint j = starts[g]; j < starts[g + 1]; ++j) {
    const uint row = order[j];
    if (!is_valid(validity, row)) continue;
    sums[g] += values[row];
    counts[g] += 1;
  }
}

#define GROUPED_MIN_MAX(SUF, T)                                                                              \
  __kernel void grouped_min_##SUF(IN(T, values), OPT(uchar, validity), IN(uint, order),           \
                                  IN(uint, starts), uint groups, __global T *accs, __global long *counts) {    \
    GROUPED_PROLOGUE(T)                                                                                      \
    for (uint j = starts[g]; j < starts[g + 1]; ++j) {                                                       \
      const uint row = order[j];                                                                             \
      if (!is_valid(validity, row)) continue;                                                                \
      if (counts[g] == 0 || less_##SUF(values[row], accs[g])) accs[g] = values[row];                         \
      counts[g] += 1;                                                                                        \
    }                                                                                                        \
  }                                                                                                          \
  __kernel void grouped_max_##SUF(IN(T, values), OPT(uchar, validity), IN(uint, order),           \
                                  IN(uint, starts), uint groups, __global T *accs, __global long *counts) {    \
    GROUPED_PROLOGUE(T)                                                                                      \
    for (uint j = starts[g]; j < starts[g + 1]; ++j) {                                                       \
      const uint row = order[j];                                                                             \
      if (!is_valid(validity, row)) continue;                                                                \
      if (counts[g] == 0 || less_##SUF(accs[g], values[row])) accs[g] = values[row];                         \
      counts[g] += 1;                                                                                        \
    }                                                                                                        \
  }

GROUPED_MIN_MAX(i32, int)
GROUPED_MIN_MAX(i64, long)
GROUPED_MIN_MAX(f64, double)
GROUPED_MIN_MAX(i128, i128)
