// The function registry: every scalar, aggregate and table function Orbit knows, each
// registered once by its family (text_functions.cpp, math_functions.cpp, ...; the list
// of families is in function_registry.cpp). The binder looks calls up here, and
// orbit_functions(), SHOW FUNCTIONS and the README's function list are generated from it.
#pragma once

#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>

#include "functions/aggregate_function.h"
#include "functions/scalar_function.h"
#include "functions/table_function.h"
#include "functions/window_function.h"

namespace orbit {

class FunctionRegistry {
 public:
  FunctionRegistry() = default;
  FunctionRegistry(const FunctionRegistry&) = delete;  // bound calls point into it
  FunctionRegistry& operator=(const FunctionRegistry&) = delete;
  FunctionRegistry(FunctionRegistry&&) = default;

  /// Adds an entry under its name and aliases; an internal error when one is taken.
  Status Add(ScalarFunction function);
  Status Add(AggregateFunction function);
  Status Add(TableFunction function);
  Status Add(WindowFunction function);

  /// The entry a name (as written, lower case) calls, or null.
  const ScalarFunction* FindScalar(std::string_view name) const;
  /// The entry an operator ("||") calls, or null.
  const ScalarFunction* FindOperator(std::string_view symbol) const;
  const AggregateFunction* FindAggregate(std::string_view name) const;
  const TableFunction* FindTable(std::string_view name) const;
  /// A window function proper (row_number, lag, ...); aggregates are FindAggregate's.
  const WindowFunction* FindWindow(std::string_view name) const;

  /// In registration order. Entries never move: a bound call keeps a pointer to one.
  const std::deque<ScalarFunction>& scalars() const { return scalars_; }
  const std::deque<AggregateFunction>& aggregates() const { return aggregates_; }
  const std::deque<TableFunction>& tables() const { return tables_; }
  const std::deque<WindowFunction>& windows() const { return windows_; }

  /// The first registration that failed (a name registered twice), else OK.
  const Status& status() const { return status_; }
  void Record(const Status& status) {
    if (status_.ok()) status_ = status;
  }

 private:
  Status Claim(const std::string& name);

  Status status_;
  std::deque<ScalarFunction> scalars_;
  std::deque<AggregateFunction> aggregates_;
  std::deque<TableFunction> tables_;
  std::deque<WindowFunction> windows_;
  std::unordered_map<std::string, const ScalarFunction*> scalar_names_;
  std::unordered_map<std::string, const ScalarFunction*> operators_;
  std::unordered_map<std::string, const AggregateFunction*> aggregate_names_;
  std::unordered_map<std::string, const TableFunction*> table_names_;
  std::unordered_map<std::string, const WindowFunction*> window_names_;
};

/// The registry of Orbit's built-in functions, built on first use.
const FunctionRegistry& BuiltinFunctions();

// Each family registers its functions (one file each).
Status RegisterTextFunctions(FunctionRegistry& registry);
Status RegisterTextEditFunctions(FunctionRegistry& registry);
Status RegisterTextSearchFunctions(FunctionRegistry& registry);
Status RegisterRegexFunctions(FunctionRegistry& registry);
Status RegisterMathFunctions(FunctionRegistry& registry);
Status RegisterTranscendentalFunctions(FunctionRegistry& registry);
Status RegisterDecayFunction(FunctionRegistry& registry);  // decay_function.cpp
Status RegisterIntegerFunctions(FunctionRegistry& registry);
Status RegisterArrayFunctions(FunctionRegistry& registry);
Status RegisterVectorFunctions(FunctionRegistry& registry);
Status RegisterDateFunctions(FunctionRegistry& registry);
Status RegisterTimestampFunctions(FunctionRegistry& registry);
Status RegisterTimestampTextFunctions(FunctionRegistry& registry);
Status RegisterIntervalFunctions(FunctionRegistry& registry);  // interval_functions.cpp
Status RegisterConditionalFunctions(FunctionRegistry& registry);
Status RegisterAggregateFunctions(FunctionRegistry& registry);
Status RegisterStatisticsAggregates(FunctionRegistry& registry);
Status RegisterBivariateAggregates(FunctionRegistry& registry);
Status RegisterOrderedSetAggregates(FunctionRegistry& registry);
Status RegisterTableFunctions(FunctionRegistry& registry);
Status RegisterWindowFunctions(FunctionRegistry& registry);
Status RegisterTypeFunctions(FunctionRegistry& registry);  // type_functions.cpp: pg_typeof, typeof
// Table functions that read files, one file each (called by RegisterTableFunctions).
Status RegisterReadCsv(FunctionRegistry& registry);
Status RegisterReadParquet(FunctionRegistry& registry);
Status RegisterSeriesFunctions(FunctionRegistry& registry);  // generate_series.cpp
Status RegisterGraphFunctions(FunctionRegistry& registry);   // graph/graph_functions.cpp

}  // namespace orbit
