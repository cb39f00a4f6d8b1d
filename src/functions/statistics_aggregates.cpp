// Statistics aggregates: the variances and standard deviations (sample and population,
// DOUBLE whatever the numeric input, as avg is) and bool_and / bool_or (every is
// bool_and). The hash aggregate runs them on the host (exec/operators/aggregate_state.cpp):
// a running (count, mean, M2) per group, updated by Welford's step and merged pairwise by
// Chan's formula, so 1e9 plus a small spread keeps its digits. A sample variance of one
// value, like any of no values, is NULL (PostgreSQL).
#include "functions/function_registry.h"

namespace orbit {

namespace {

std::optional<DataType> SpreadType(const DataType& arg) {
  if (!arg.is_numeric()) return std::nullopt;
  return DataType::Double();
}

std::optional<DataType> BooleanType(const DataType& arg) {
  if (arg.id != TypeId::kBoolean) return std::nullopt;
  return DataType::Boolean();
}

AggregateFunction Statistic(std::string name, std::vector<std::string> aliases, AggregateKind kind,
                            std::string description) {
  AggregateFunction f;
  f.name = std::move(name);
  f.aliases = std::move(aliases);
  f.kind = kind;
  f.signatures = {{"numeric", "DOUBLE"}};
  f.description = std::move(description);
  f.result_type = SpreadType;
  return f;
}

AggregateFunction Logical(std::string name, std::vector<std::string> aliases, AggregateKind kind,
                          std::string description) {
  AggregateFunction f;
  f.name = std::move(name);
  f.aliases = std::move(aliases);
  f.kind = kind;
  f.signatures = {{"BOOLEAN", "BOOLEAN"}};
  f.description = std::move(description);
  f.result_type = BooleanType;
  return f;
}

}  // namespace

Status RegisterStatisticsAggregates(FunctionRegistry& registry) {
  ORBIT_RETURN_IF_ERROR(registry.Add(Statistic("stddev_samp", {"stddev"}, AggregateKind::kStddevSamp,
                                               "the sample standard deviation (NULL for fewer than two values)")));
  ORBIT_RETURN_IF_ERROR(
      registry.Add(Statistic("stddev_pop", {}, AggregateKind::kStddevPop, "the population standard deviation")));
  ORBIT_RETURN_IF_ERROR(registry.Add(Statistic("var_samp", {"variance"}, AggregateKind::kVarSamp,
                                               "the sample variance (NULL for fewer than two values)")));
  ORBIT_RETURN_IF_ERROR(registry.Add(Statistic("var_pop", {}, AggregateKind::kVarPop, "the population variance")));
  ORBIT_RETURN_IF_ERROR(registry.Add(
      Logical("bool_and", {"every"}, AggregateKind::kBoolAnd, "true when every value that is not NULL is true")));
  return registry.Add(Logical("bool_or", {}, AggregateKind::kBoolOr, "true when any value that is not NULL is true"));
}

}  // namespace orbit
