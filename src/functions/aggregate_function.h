// An aggregate function as the registry holds it. Its execution is the hash aggregate
// operator's (kernels' grouped sums, counts, min/max); the entry says which aggregate a
// name calls and what it returns, for the binder and orbit_functions().
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
};

struct AggregateFunction {
  std::string name;
  std::vector<std::string> aliases;  // other names that call it (stddev for stddev_samp)
  AggregateKind kind = AggregateKind::kCount;
  std::vector<Signature> signatures;
  std::string description;
  bool allows_star = false;      // count(*), which is kCountStar
  bool allows_distinct = false;  // count(DISTINCT x)
  /// The result type over an argument of type `argument`; nullopt when it has none.
  std::optional<DataType> (*result_type)(const DataType& argument) = nullptr;
};

}  // namespace orbit
