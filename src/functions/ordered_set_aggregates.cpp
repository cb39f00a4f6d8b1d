// The ordered-set and holistic aggregates: median, quantile_cont/quantile_disc (DuckDB's,
// quantile an alias of quantile_disc), percentile_cont/percentile_disc (PostgreSQL's
// WITHIN GROUP forms), mode (both forms), string_agg (with ORDER BY) and
// approx_count_distinct. The hash aggregate keeps each group's values and sorts them when
// the groups are final (exec/operators/collected_rows.h), on the host.
//
// Their rules: a fraction is a constant in [0, 1]. percentile_cont, quantile_cont and median
// interpolate between the values at positions floor and ceil of f * (n - 1) and return a
// DOUBLE for every numeric input, as PostgreSQL's (which casts to double precision; DuckDB
// keeps a DECIMAL's type); over a DATE they are an error (PostgreSQL has no such form;
// DuckDB's returns a TIMESTAMP). percentile_disc and quantile_disc return the first value
// whose position reaches f * n (the value at ceil(f * n) - 1, the first at f = 0), keeping its
// type. mode is the most frequent value, of ties the first in the order (PostgreSQL: the
// smallest ascending; DuckDB picks any). string_agg joins the values that are not NULL with
// each one's separator before it, in the ORDER BY's order (else the input's), NULL over no
// values. approx_count_distinct counts with a HyperLogLog of 1024 registers a group (about
// 3% standard error).
#include "functions/function_registry.h"

namespace orbit {

namespace {

std::optional<DataType> Interpolated(const DataType& arg) {
  if (!arg.is_numeric()) return std::nullopt;
  return DataType::Double();
}

std::optional<DataType> SameOrderable(const DataType& arg) {
  if (arg.id == TypeId::kNull) return std::nullopt;
  return arg;
}

std::optional<DataType> Text(const DataType& arg) {
  if (arg.id != TypeId::kVarchar) return std::nullopt;
  return DataType::Varchar();
}

std::optional<DataType> Count(const DataType&) { return DataType::Int64(); }

std::optional<DataType> ListOf(const DataType& arg) {
  if (arg.id == TypeId::kInt8) return DataType::List(DataType::Int16());
  if (!IsListElementType(arg.id)) return std::nullopt;
  return DataType::List(arg);
}

AggregateFunction Ordered(std::string name, std::vector<std::string> aliases, AggregateKind kind,
                          std::vector<Signature> signatures, std::string description,
                          std::optional<DataType> (*result_type)(const DataType&)) {
  AggregateFunction f;
  f.name = std::move(name);
  f.aliases = std::move(aliases);
  f.kind = kind;
  f.signatures = std::move(signatures);
  f.description = std::move(description);
  f.result_type = result_type;
  f.allows_distinct = false;
  return f;
}

}  // namespace

Status RegisterOrderedSetAggregates(FunctionRegistry& registry) {
  AggregateFunction median = Ordered("median", {}, AggregateKind::kQuantileCont, {{"numeric", "DOUBLE"}},
                                     "the middle value, or the mean of the two middle ones", Interpolated);
  AggregateFunction quantile_cont =
      Ordered("quantile_cont", {}, AggregateKind::kQuantileCont, {{"numeric x, DOUBLE f", "DOUBLE"}},
              "the f quantile of x, interpolated between the two nearest values", Interpolated);
  quantile_cont.arguments = 2;
  AggregateFunction quantile_disc =
      Ordered("quantile_disc", {"quantile"}, AggregateKind::kQuantileDisc, {{"T x, DOUBLE f", "T"}},
              "the first value of x at or past the f quantile", SameOrderable);
  quantile_disc.arguments = 2;
  AggregateFunction percentile_cont = Ordered(
      "percentile_cont", {}, AggregateKind::kQuantileCont, {{"DOUBLE f WITHIN GROUP (ORDER BY numeric)", "DOUBLE"}},
      "the f quantile of the ordered values, interpolated between the two nearest", Interpolated);
  percentile_cont.arguments = -1;
  percentile_cont.within_group_arguments = 1;
  AggregateFunction percentile_disc =
      Ordered("percentile_disc", {}, AggregateKind::kQuantileDisc, {{"DOUBLE f WITHIN GROUP (ORDER BY T)", "T"}},
              "the first of the ordered values at or past the f quantile", SameOrderable);
  percentile_disc.arguments = -1;
  percentile_disc.within_group_arguments = 1;
  AggregateFunction mode =
      Ordered("mode", {}, AggregateKind::kMode, {{"T", "T"}, {"WITHIN GROUP (ORDER BY T)", "T"}},
              "the most frequent value (of ties the first in order: the smallest ascending)", SameOrderable);
  mode.within_group_arguments = 0;
  AggregateFunction string_agg =
      Ordered("string_agg", {}, AggregateKind::kStringAgg, {{"VARCHAR s, VARCHAR separator [ORDER BY ...]", "VARCHAR"}},
              "the values that are not NULL joined by the separator, in the ORDER BY's order", Text);
  string_agg.arguments = 2;
  AggregateFunction array_agg =
      Ordered("array_agg", {}, AggregateKind::kArrayAgg, {{"T x [ORDER BY ...]", "T[]"}},
              "the values (NULLs too) as an array, in the ORDER BY's order; NULL over no rows", ListOf);
  AggregateFunction approx =
      Ordered("approx_count_distinct", {}, AggregateKind::kApproxCountDistinct, {{"ANY", "BIGINT"}},
              "the approximate number of distinct values (HyperLogLog)", Count);
  for (AggregateFunction* f : {&median, &quantile_cont, &quantile_disc, &percentile_cont, &percentile_disc, &mode,
                               &string_agg, &array_agg, &approx}) {
    ORBIT_RETURN_IF_ERROR(registry.Add(std::move(*f)));
  }
  return Status::OK();
}

}  // namespace orbit
