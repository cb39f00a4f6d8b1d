// The running state of the two-argument statistics (covar_pop(y, x), corr, regr_slope, ...)
// for every group of a hash aggregation: the means, the sums of squared distances from
// them (Sxx, Syy) and the co-moment (Sxy), each over the values less the group's first
// pair, updated by Welford's step and merged pairwise (Chan), so large values with a small
// spread keep their digits. The row counts are the owner's (AggregateState::counts_).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "functions/aggregate_function.h"

namespace orbit {

class CoMoments {
 public:
  void Resize(size_t groups);
  /// Adds the pair (y, x) to group g, which now counts `count` pairs (this one included).
  void Add(size_t g, int64_t count, double y, double x);
  /// Folds `other`'s group og (`theirs` pairs) into group g (`mine` pairs before it).
  void Merge(size_t g, int64_t mine, const CoMoments& other, size_t og, int64_t theirs);
  /// The statistic `kind` of group g, of `count` pairs, PostgreSQL's way; false for NULL.
  bool Value(AggregateKind kind, size_t g, int64_t count, double* out) const;

 private:
  std::vector<double> shift_y_, shift_x_, mean_y_, mean_x_, syy_, sxx_, sxy_;
};

}  // namespace orbit
