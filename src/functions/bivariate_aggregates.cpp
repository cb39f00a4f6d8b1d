// The statistics of two numeric arguments, PostgreSQL's (y, x) order, over the rows where
// neither is NULL: covar_pop, covar_samp, corr and the regression aggregates regr_slope,
// regr_intercept, regr_r2, regr_count, regr_avgx, regr_avgy, regr_sxx, regr_syy and
// regr_sxy. DOUBLE (regr_count BIGINT); NULL where PostgreSQL's are (no rows; a sample of
// one; corr and the regression of an x or y that does not vary). Run by the host
// (exec/operators/co_moments.h).
#include "functions/function_registry.h"

namespace orbit {

namespace {

std::optional<DataType> DoubleOfNumbers(const DataType& arg) {
  if (!arg.is_numeric()) return std::nullopt;
  return DataType::Double();
}

std::optional<DataType> CountOfNumbers(const DataType& arg) {
  if (!arg.is_numeric()) return std::nullopt;
  return DataType::Int64();
}

AggregateFunction Bivariate(std::string name, AggregateKind kind, std::string description) {
  AggregateFunction f;
  f.name = std::move(name);
  f.kind = kind;
  f.arguments = 2;
  f.allows_distinct = false;
  f.signatures = {{"numeric y, numeric x", kind == AggregateKind::kRegrCount ? "BIGINT" : "DOUBLE"}};
  f.description = std::move(description);
  f.result_type = kind == AggregateKind::kRegrCount ? CountOfNumbers : DoubleOfNumbers;
  return f;
}

}  // namespace

Status RegisterBivariateAggregates(FunctionRegistry& registry) {
  const AggregateFunction functions[] = {
      Bivariate("covar_pop", AggregateKind::kCovarPop, "the population covariance of y and x"),
      Bivariate("covar_samp", AggregateKind::kCovarSamp, "the sample covariance of y and x"),
      Bivariate("corr", AggregateKind::kCorr, "the correlation coefficient of y and x"),
      Bivariate("regr_slope", AggregateKind::kRegrSlope, "the slope of the least-squares line of y on x"),
      Bivariate("regr_intercept", AggregateKind::kRegrIntercept, "the y-intercept of the least-squares line of y on x"),
      Bivariate("regr_r2", AggregateKind::kRegrR2, "the square of the correlation coefficient"),
      Bivariate("regr_count", AggregateKind::kRegrCount, "the number of rows where neither y nor x is NULL"),
      Bivariate("regr_avgx", AggregateKind::kRegrAvgX, "the mean of x (of the rows where neither is NULL)"),
      Bivariate("regr_avgy", AggregateKind::kRegrAvgY, "the mean of y (of the rows where neither is NULL)"),
      Bivariate("regr_sxx", AggregateKind::kRegrSxx, "the sum of squares of x's distances from its mean"),
      Bivariate("regr_syy", AggregateKind::kRegrSyy, "the sum of squares of y's distances from its mean"),
      Bivariate("regr_sxy", AggregateKind::kRegrSxy, "the sum of the products of x's and y's distances"),
  };
  for (const AggregateFunction& f : functions) ORBIT_RETURN_IF_ERROR(registry.Add(f));
  return Status::OK();
}

}  // namespace orbit
