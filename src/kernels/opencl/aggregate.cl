// Ungrouped aggregates: each work item reduces one block of AGG_BLOCK rows; the host adds
// the blocks up in order (and checks the final sum as the reference does). Integer sums
// of a block are exact: int32 rows in a long, int64 rows in 128 bits.
#define AGG_BLOCK 256

inline uint block_end(uint n) { return min(n, (uint)((get_global_id(0) + 1) * AGG_BLOCK)); }
// Work items past the last block (the global size is rounded up) do nothing.
#define SKIP_PAST_END(n) if (get_global_id(0) * AGG_BLOCK >= (n)) return;

__kernel void agg_sum_i32(IN(int, values), OPT(uchar, validity), uint n, __global long *sums,
                          __global long *counts) {
  SKIP_PAST_END(n)
  __global const int *values = AT(int, values);
  __global const uchar *validity = OPT_AT(uchar, validity);
  long sum = 0, count = 0;
  for (uint i = get_global_id(0) * AGG_BLOCK; i < block_end(n); ++i) {
    if (!is_valid(validity, i)) continue;
    sum += values[i];
    ++count;
  }
  sums[get_global_id(0)] = sum;
  counts[get_global_id(0)] = count;
}

__kernel void agg_sum_i64(IN(long, values), OPT(uchar, validity), uint n, __global i128 *sums,
                          __global long *counts) {
  SKIP_PAST_END(n)
  __global const long *values = AT(long, values);
  __global const uchar *validity = OPT_AT(uchar, validity);
  i128 sum = {0UL, 0L};
  long count = 0;
  for (uint i = get_global_id(0) * AGG_BLOCK; i < block_end(n); ++i) {
    if (!is_valid(validity, i)) continue;
    sum = add_i128(sum, i128_from_i64(values[i]));
    ++count;
  }
  sums[get_global_id(0)] = sum;
  counts[get_global_id(0)] = count;
}

__kernel void agg_sum_f64(IN(double, values), OPT(uchar, validity), uint n, __global double *sums,
                          __global long *counts) {
  SKIP_PAST_END(n)
  __global const double *values = AT(double, values);
  __global const uchar *validity = OPT_AT(uchar, validity);
  double sum = 0.0;
  long count = 0;
  for (uint i = get_global_id(0) * AGG_BLOCK; i < block_end(n); ++i) {
    if (!is_valid(validity, i)) continue;
    sum += values[i];
    ++count;
  }
  sums[get_global_id(0)] = sum;
  counts[get_global_id(0)] = count;
}

// int128 rows have no wider type: like the reference, the running sum is checked at every
// row in row order (whether a prefix overflows depends on the order), so one work item
// walks the rows. state[0] holds the starting sum and receives the result.
__kernel void agg_sum_i128(IN(i128, values), OPT(uchar, validity), uint n, __global i128 *state,
                           __global long *count_out, __global int *overflow) {
  if (get_global_id(0) != 0) return;
  __global const i128 *values = AT(i128, values);
  __global const uchar *validity = OPT_AT(uchar, validity);
  i128 running = state[0];
  long count = 0;
  for (uint i = 0; i < n; ++i) {
    if (!is_valid(validity, i)) continue;
    const i128 next = add_i128(running, values[i]);
    if (add_overflowed_i128(running, values[i], next)) {
      *overflow = 1;
      return;
    }
    running = next;
    ++count;
  }
  state[0] = running;
  *count_out = count;
}

// MIN/MAX of a block: the first least (greatest) valid value and the block's valid count.
#define AGG_MIN_MAX(SUF, T)                                                                                  \
  __kernel void agg_min_##SUF(IN(T, values), OPT(uchar, validity), uint n, __global T *best,                 \
                              __global long *counts) {                                                       \
    SKIP_PAST_END(n)                                                                                         \
    __global const T *values = AT(T, values);                                                                \
    __global const uchar *validity = OPT_AT(uchar, validity);                                                \
    T acc = values[0];                                                                                       \
    long count = 0;                                                                                          \
    for (uint i = get_global_id(0) * AGG_BLOCK; i < block_end(n); ++i) {                                     \
      if (!is_valid(validity, i)) continue;                                                                  \
      if (count == 0 || less_##SUF(values[i], acc)) acc = values[i];                                         \
      ++count;                                                                                               \
    }                                                                                                        \
    best[get_global_id(0)] = acc;                                                                            \
    counts[get_global_id(0)] = count;                                                                        \
  }                                                                                                          \
  __kernel void agg_max_##SUF(IN(T, values), OPT(uchar, validity), uint n, __global T *best,                 \
                              __global long *counts) {                                                       \
    SKIP_PAST_END(n)                                                                                         \
    __global const T *values = AT(T, values);                                                                \
    __global const uchar *validity = OPT_AT(uchar, validity);                                                \
    T acc = values[0];                                                                                       \
    long count = 0;                                                                                          \
    for (uint i = get_global_id(0) * AGG_BLOCK; i < block_end(n); ++i) {                                     \
      if (!is_valid(validity, i)) continue;                                                                  \
      if (count == 0 || less_##SUF(acc, values[i])) acc = values[i];                                         \
      ++count;                                                                                               \
    }                                                                                                        \
    best[get_global_id(0)] = acc;                                                                            \
    counts[get_global_id(0)] = count;                                                                        \
  }

AGG_MIN_MAX(i32, int)
AGG_MIN_MAX(i64, long)
AGG_MIN_MAX(f64, double)
AGG_MIN_MAX(i128, i128)
