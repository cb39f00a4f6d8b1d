// Aggregate functions: sum, avg, min, max and count, computed by the hash aggregate
// operator. Their result types: SUM(INTEGER) = BIGINT, SUM(BIGINT) = DECIMAL(38,0),
// SUM(DECIMAL(p,s)) = DECIMAL(38,s), SUM(DOUBLE) = DOUBLE, AVG = DOUBLE, MIN/MAX = the
// argument's type, COUNT = BIGINT.
#include "functions/function_registry.h"

namespace orbit {

namespace {

std::optional<DataType> SumType(const DataType& arg) {
  switch (arg.id) {
    case TypeId::kInt32: return DataType::Int64();
    case TypeId::kInt64: return DataType::Decimal(kMaxDecimalPrecision, 0);
    case TypeId::kDecimal: return DataType::Decimal(kMaxDecimalPrecision, arg.scale);
    case TypeId::kDouble: return DataType::Double();
    case TypeId::kInterval: return arg;
    default: return std::nullopt;
  }
}

std::optional<DataType> AvgType(const DataType& arg) {
  if (arg.is_interval()) return arg;  // PostgreSQL's: the sum divided by the count
  if (!arg.is_numeric()) return std::nullopt;
  return DataType::Double();
}

// Every scalar type Orbit has is ordered: BOOLEAN as false < true (DuckDB's; PostgreSQL's min and
// max take no boolean, whose bool_and and bool_or are the same).
std::optional<DataType> MinMaxType(const DataType& arg) {
  // T[] in PostgreSQL's array order (the binder takes them as quantile_disc at 0 and 1); no
  // order is kept for the fixed-size T[n] (the vectors).
  if (arg.id == TypeId::kNull || arg.id == TypeId::kArray) return std::nullopt;
  return arg;
}

std::optional<DataType> CountType(const DataType&) { return DataType::Int64(); }

AggregateFunction Aggregate(std::string name, AggregateKind kind, std::vector<Signature> signatures,
                            std::string description, std::optional<DataType> (*result_type)(const DataType&)) {
  AggregateFunction f;
  f.name = std::move(name);
  f.kind = kind;
  f.signatures = std::move(signatures);
  f.description = std::move(description);
  f.result_type = result_type;
  return f;
}

}  // namespace

Status RegisterAggregateFunctions(FunctionRegistry& registry) {
  ORBIT_RETURN_IF_ERROR(registry.Add(Aggregate("sum", AggregateKind::kSum,
                                               {{"INTEGER", "BIGINT"},
                                                {"BIGINT", "DECIMAL(38,0)"},
                                                {"DECIMAL(p,s)", "DECIMAL(38,s)"},
                                                {"DOUBLE", "DOUBLE"},
                                                {"INTERVAL", "INTERVAL"}},
                                               "the sum of the values that are not NULL", SumType)));
  ORBIT_RETURN_IF_ERROR(
      registry.Add(Aggregate("avg", AggregateKind::kAvg, {{"numeric", "DOUBLE"}, {"INTERVAL", "INTERVAL"}},
                             "the mean of the values that are not NULL", AvgType)));
  ORBIT_RETURN_IF_ERROR(
      registry.Add(Aggregate("min", AggregateKind::kMin, {{"T", "T"}}, "the smallest value", MinMaxType)));
  ORBIT_RETURN_IF_ERROR(
      registry.Add(Aggregate("max", AggregateKind::kMax, {{"T", "T"}}, "the largest value", MinMaxType)));
  AggregateFunction count =
      Aggregate("count", AggregateKind::kCount, {{"*", "BIGINT"}, {"ANY", "BIGINT"}, {"DISTINCT ANY", "BIGINT"}},
                "the number of rows (*), of values that are not NULL, or of distinct values", CountType);
  count.allows_star = true;
  return registry.Add(std::move(count));
}

}  // namespace orbit
