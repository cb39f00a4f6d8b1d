#include "exec/operators/co_moments.h"

#include <algorithm>
#include <cmath>

namespace orbit {

void CoMoments::Resize(size_t groups) {
  for (auto* v : {&shift_y_, &shift_x_, &mean_y_, &mean_x_, &syy_, &sxx_, &sxy_}) v->resize(groups, 0);
}

void CoMoments::Add(size_t g, int64_t count, double y, double x) {
  if (count == 1) {
    shift_y_[g] = y;
    shift_x_[g] = x;
  }
  y -= shift_y_[g];
  x -= shift_x_[g];
  const auto n = static_cast<double>(count);
  const double dx = x - mean_x_[g];
  const double dy = y - mean_y_[g];
  mean_x_[g] += dx / n;
  mean_y_[g] += dy / n;
  sxx_[g] += dx * (x - mean_x_[g]);
  syy_[g] += dy * (y - mean_y_[g]);
  sxy_[g] += dx * (y - mean_y_[g]);
}

void CoMoments::Merge(size_t g, int64_t mine, const CoMoments& other, size_t og, int64_t theirs) {
  if (theirs == 0) return;
  if (mine == 0) {
    shift_y_[g] = other.shift_y_[og];
    shift_x_[g] = other.shift_x_[og];
    mean_y_[g] = other.mean_y_[og];
    mean_x_[g] = other.mean_x_[og];
    syy_[g] = other.syy_[og];
    sxx_[g] = other.sxx_[og];
    sxy_[g] = other.sxy_[og];
    return;
  }
  const auto a = static_cast<double>(mine), b = static_cast<double>(theirs);
  const double weight = a * b / (a + b);
  const double dx = (other.shift_x_[og] - shift_x_[g]) + (other.mean_x_[og] - mean_x_[g]);
  const double dy = (other.shift_y_[og] - shift_y_[g]) + (other.mean_y_[og] - mean_y_[g]);
  mean_x_[g] += dx * (b / (a + b));
  mean_y_[g] += dy * (b / (a + b));
  sxx_[g] += other.sxx_[og] + dx * dx * weight;
  syy_[g] += other.syy_[og] + dy * dy * weight;
  sxy_[g] += other.sxy_[og] + dx * dy * weight;
}

bool CoMoments::Value(AggregateKind kind, size_t g, int64_t count, double* out) const {
  if (count < 1) return false;
  const auto n = static_cast<double>(count);
  // Sums of squares cannot be negative; rounding must not make them so.
  const double sxx = std::max(0.0, sxx_[g]), syy = std::max(0.0, syy_[g]), sxy = sxy_[g];
  const double avg_x = shift_x_[g] + mean_x_[g], avg_y = shift_y_[g] + mean_y_[g];
  switch (kind) {
    case AggregateKind::kCovarPop: *out = sxy / n; return true;
    case AggregateKind::kCovarSamp:
      if (count < 2) return false;
      *out = sxy / (n - 1);
      return true;
    case AggregateKind::kCorr:
      if (sxx == 0 || syy == 0) return false;
      *out = sxy / std::sqrt(sxx * syy);
      return true;
    case AggregateKind::kRegrSlope:
      if (sxx == 0) return false;
      *out = sxy / sxx;
      return true;
    case AggregateKind::kRegrIntercept:
      if (sxx == 0) return false;
      *out = avg_y - avg_x * (sxy / sxx);
      return true;
    case AggregateKind::kRegrR2:
      if (sxx == 0) return false;
      *out = syy == 0 ? 1.0 : (sxy * sxy) / (sxx * syy);
      return true;
    case AggregateKind::kRegrAvgX: *out = avg_x; return true;
    case AggregateKind::kRegrAvgY: *out = avg_y; return true;
    case AggregateKind::kRegrSxx: *out = sxx; return true;
    case AggregateKind::kRegrSyy: *out = syy; return true;
    case AggregateKind::kRegrSxy: *out = sxy; return true;
    default: return false;
  }
}

}  // namespace orbit
