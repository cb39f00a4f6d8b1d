// An aggregate function as the registry holds it. Its execution is the hash aggregate's
// (kernels' grouped sums, counts, min/max; the host's loops for the statistics); the entry
// says which aggregate a name calls and what it returns, for the binder and orbit_functions().
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "columnar/data_type.h"
#include "functions/scalar_function.h"

namespace orbit {

enum class AggregateKind : uint8_t {
  kSum,
  kAvg,
  kMin,
  kMax,
  kCount,
  kCountStar,
  // The statistics aggregates (statistics_aggregates.cpp): one running (count, mean, M2)
  // state per group, merged pairwise; run by the host only (HashAggregate::kernel_calls).
  kVarSamp,
  kVarPop,
  kStddevSamp,
  kStddevPop,
  kBoolAnd,
  kBoolOr,
  // The ordered-set and holistic aggregates (ordered_set_aggregates.cpp): each group's
  // values are kept and sorted when the groups are final (median is kQuantileCont at 0.5;
  // percentile_cont/_disc are the WITHIN GROUP forms); on the host, not in windows.
  kQuantileCont,
  kQuantileDisc,
  kMode,
  kStringAgg,
  // GROUPING(a, b): which of its keys the row's grouping set leaves out, as bits (a the
  // highest); computed by the grouping-sets aggregate, not registered as a function.
  kGrouping,
  // A HyperLogLog sketch per group (kernels/hyper_log_log.h), merged by register maxima.
  kApproxCountDistinct,
  // Of two arguments (y, x), over the rows where neither is NULL (bivariate_aggregates.cpp):
  // one running (count, means, M2s, co-moment) per group, merged pairwise, on the host.
  kCovarPop,
  kCovarSamp,
  kCorr,
  kRegrSlope,
  kRegrIntercept,
  kRegrCount,
  kRegrR2,
  kRegrAvgX,
  kRegrAvgY,
  kRegrSxx,
  kRegrSyy,
  kRegrSxy,
  // array_agg(x [ORDER BY ...]): an ordered aggregate (above) that keeps NULL values too.
  kArrayAgg,
};

/// An aggregate that keeps its group's values (AggregateCall::order_by orders them).
inline bool IsOrderedAggregate(AggregateKind kind) {
  return kind == AggregateKind::kQuantileCont || kind == AggregateKind::kQuantileDisc || kind == AggregateKind::kMode ||
         kind == AggregateKind::kStringAgg || kind == AggregateKind::kArrayAgg;
}

struct AggregateFunction {
  std::string name;
  std::vector<std::string> aliases;  // other names that call it (stddev for stddev_samp)
  AggregateKind kind = AggregateKind::kCount;
  std::vector<Signature> signatures;
  std::string description;
  bool allows_star = false;     // count(*), which is kCountStar
  bool allows_distinct = true;  // sum(DISTINCT x); not the two-argument statistics
  int arguments = 1;            // 2 for covar_pop(y, x) and the other bivariate statistics;
                                // -1: only the WITHIN GROUP form (percentile_cont)
  // The direct arguments of the WITHIN GROUP (ORDER BY x) form (percentile_cont(f): 1,
  // mode(): 0), whose aggregated argument is x; -1 when there is no such form.
  int within_group_arguments = -1;
  double fraction = 0.5;  // median's quantile
  /// The result type over an argument of type `argument` (each of them, for two); nullopt
  /// when it has none.
  std::optional<DataType> (*result_type)(const DataType& argument) = nullptr;
};

}  // namespace orbit
