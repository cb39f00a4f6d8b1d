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
};

struct AggregateFunction {
  std::string name;
  std::vector<std::string> aliases;  // other names that call it (stddev for stddev_samp)
  AggregateKind kind = AggregateKind::kCount;
  std::vector<Signature> signatures;
  std::string description;
  bool allows_star = false;      // count(*), which is kCountStar
  bool allows_distinct = false;  // count(DISTINCT x)
  int arguments = 1;             // 2 for covar_pop(y, x) and the other bivariate statistics
  /// The result type over an argument of type `argument` (each of them, for two); nullopt
  /// when it has none.
  std::optional<DataType> (*result_type)(const DataType& argument) = nullptr;
};

}  // namespace orbit
