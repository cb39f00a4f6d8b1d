// Grouped aggregates over few large groups (kernels/grouped_runs.h): each group's rows,
// listed in row order by the host, are cut into runs of run_rows; one work item summarises
// one run (its sum or best value, its valid rows, and for integer sums the highest and
// lowest running total in it), and the host folds each group's runs in order, which gives
// the reference's answer and overflow verdict. Runs are numbered group after group:
// run_starts[g] is group g's first run, run_starts[groups] all of them.
#define RUN_PROLOGUE(T)                                                              \
  __global const T *values = AT(T, values);                                          \
  __global const uchar *validity = OPT_AT(uchar, validity);                          \
  __global const uint *order = AT(uint, order);                                      \
  __global const uint *starts = AT(uint, starts);                                    \
  __global const uint *run_starts = AT(uint, run_starts);                            \
  const uint r = get_global_id(0);                                                   \
  if (r >= run_starts[groups]) return;                                               \
  uint lo = 0, hi = groups; /* the last group g with run_starts[g] <= r */           \
  while (hi - lo > 1) {                                                              \
    const uint mid = lo + (hi - lo) / 2;                                             \
    if (run_starts[mid] <= r) lo = mid; else hi = mid;                               \
  }                                                                                  \
  const uint begin = starts[lo] + (r - run_starts[lo]) * run_rows;                   \
  const uint end = min(begin + run_rows, starts[lo + 1]);

#define RUN_ARGS(T) IN(T, values), OPT(uchar, validity), IN(uint, order), IN(uint, starts), IN(uint, run_starts), \
                    uint groups, uint run_rows

// INTEGER into BIGINT: running totals of a run fit in 64 bits.
__kernel void grouped_run_sum_i32(RUN_ARGS(int), __global long *totals, __global long *highest,
                                  __global long *lowest, __global long *counts) {
  RUN_PROLOGUE(int)
  long total = 0, high = 0, low = 0, count = 0;
  for (uint k = begin; k < end; ++k) {
    const uint row = order[k];
    if (!is_valid(validity, row)) continue;
    total += values[row];
    high = max(high, total);
    low = min(low, total);
    ++count;
  }
  totals[r] = total;
  highest[r] = high;
  lowest[r] = low;
  counts[r] = count;
}

// BIGINT into the 128-bit accumulator.
__kernel void grouped_run_sum_i64(RUN_ARGS(long), __global i128 *totals, __global i128 *highest,
                                  __global i128 *lowest, __global long *counts) {
  RUN_PROLOGUE(long)
  const i128 zero = {0UL, 0L};
  i128 total = zero, high = zero, low = zero;
  long count = 0;
  for (uint k = begin; k < end; ++k) {
    const uint row = order[k];
    if (!is_valid(validity, row)) continue;
    total = add_i128(total, i128_from_i64(values[row]));
    if (less_i128(high, total)) high = total;
    if (less_i128(total, low)) low = total;
    ++count;
  }
  totals[r] = total;
  highest[r] = high;
  lowest[r] = low;
  counts[r] = count;
}

__kernel void grouped_run_sum_f64(RUN_ARGS(double), __global double *totals, __global double *highest,
                                  __global double *lowest, __global long *counts) {
  RUN_PROLOGUE(double)
  double total = 0;
  long count = 0;
  for (uint k = begin; k < end; ++k) {
    const uint row = order[k];
    if (!is_valid(validity, row)) continue;
    total += values[row];
    ++count;
  }
  totals[r] = total;
  highest[r] = 0;
  lowest[r] = 0;
  counts[r] = count;
}

// MIN (is_min = 1) or MAX of a run; `bests` is meaningful where counts > 0.
#define GROUPED_RUN_MIN_MAX(SUF, T)                                                                       \
  __kernel void grouped_run_best_##SUF(RUN_ARGS(T), int is_min, __global T *bests, __global long *counts) { \
    RUN_PROLOGUE(T)                                                                                       \
    T best = values[order[begin]];                                                                        \
    long count = 0;                                                                                       \
    for (uint k = begin; k < end; ++k) {                                                                  \
      const uint row = order[k];                                                                          \
      if (!is_valid(validity, row)) continue;                                                             \
      const T v = values[row];                                                                            \
      if (count == 0 || (is_min ? less_##SUF(v, best) : less_##SUF(best, v))) best = v;                   \
      ++count;                                                                                            \
    }                                                                                                     \
    bests[r] = best;                                                                                      \
    counts[r] = count;                                                                                    \
  }

GROUPED_RUN_MIN_MAX(i32, int)
GROUPED_RUN_MIN_MAX(i64, long)
GROUPED_RUN_MIN_MAX(f64, double)
GROUPED_RUN_MIN_MAX(i128, i128)
