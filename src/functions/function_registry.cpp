#include "functions/function_registry.h"

#include <fmt/format.h>

namespace orbit {

Resolution Resolution::Call(DataType type, std::vector<DataType> argument_types, int variant) {
  Resolution r;
  r.type = type;
  for (size_t i = 0; i < argument_types.size(); ++i) r.arguments.push_back(static_cast<int>(i));
  r.argument_types = std::move(argument_types);
  r.variant = variant;
  return r;
}

Resolution Resolution::Null(DataType type) {
  Resolution r;
  r.form = Form::kNull;
  r.type = type;
  return r;
}

Resolution Resolution::Argument(int argument, DataType type) {
  Resolution r;
  r.form = Form::kArgument;
  r.type = type;
  r.arguments = {argument};
  return r;
}

std::string ScalarFunction::Display(int variant, const std::vector<std::string>& arguments) const {
  if (display) return display(name, variant, arguments);
  return fmt::format("{}({})", name, fmt::join(arguments, ", "));
}

Status FunctionRegistry::Claim(const std::string& name) {
  // One namespace for every kind: a name calls one function.
  if (scalar_names_.count(name) || aggregate_names_.count(name) || table_names_.count(name) ||
      window_names_.count(name)) {
    return Status::Internal("function {} is registered twice", name);
  }
  return Status::OK();
}

Status FunctionRegistry::Add(ScalarFunction function) {
  if (function.operator_only) {
    if (operators_.count(function.name)) return Status::Internal("operator {} is registered twice", function.name);
    const ScalarFunction& entry = scalars_.emplace_back(std::move(function));
    operators_[entry.name] = &entry;
    return Status::OK();
  }
  ORBIT_RETURN_IF_ERROR(Claim(function.name));
  for (const auto& alias : function.aliases) ORBIT_RETURN_IF_ERROR(Claim(alias));
  const ScalarFunction& entry = scalars_.emplace_back(std::move(function));
  scalar_names_[entry.name] = &entry;
  for (const auto& alias : entry.aliases) scalar_names_[alias] = &entry;
  return Status::OK();
}

Status FunctionRegistry::Add(AggregateFunction function) {
  ORBIT_RETURN_IF_ERROR(Claim(function.name));
  for (const auto& alias : function.aliases) ORBIT_RETURN_IF_ERROR(Claim(alias));
  const AggregateFunction& entry = aggregates_.emplace_back(std::move(function));
  aggregate_names_[entry.name] = &entry;
  for (const auto& alias : entry.aliases) aggregate_names_[alias] = &entry;
  return Status::OK();
}

Status FunctionRegistry::Add(TableFunction function) {
  ORBIT_RETURN_IF_ERROR(Claim(function.name));
  for (const auto& alias : function.aliases) ORBIT_RETURN_IF_ERROR(Claim(alias));
  const TableFunction& entry = tables_.emplace_back(std::move(function));
  table_names_[entry.name] = &entry;
  for (const auto& alias : entry.aliases) table_names_[alias] = &entry;
  return Status::OK();
}

Status FunctionRegistry::Add(WindowFunction function) {
  ORBIT_RETURN_IF_ERROR(Claim(function.name));
  const WindowFunction& entry = windows_.emplace_back(std::move(function));
  window_names_[entry.name] = &entry;
  return Status::OK();
}

namespace {

template <typename Map>
auto Find(const Map& map, std::string_view name) -> typename Map::mapped_type {
  auto it = map.find(std::string(name));
  return it == map.end() ? nullptr : it->second;
}

FunctionRegistry MakeBuiltinFunctions() {
  FunctionRegistry registry;
  // Explicit, in one place: the families, in the order orbit_functions() lists them.
  for (auto family : {RegisterTextFunctions,          RegisterTextEditFunctions,    RegisterTextSearchFunctions,
                      RegisterRegexFunctions,         RegisterMathFunctions,        RegisterTranscendentalFunctions,
                      RegisterDecayFunction,          RegisterIntegerFunctions,     RegisterArrayFunctions,
                      RegisterVectorFunctions,        RegisterDateFunctions,        RegisterTimestampFunctions,
                      RegisterTimestampTextFunctions, RegisterIntervalFunctions,    RegisterConditionalFunctions,
                      RegisterAggregateFunctions,     RegisterStatisticsAggregates, RegisterBivariateAggregates,
                      RegisterOrderedSetAggregates,   RegisterWindowFunctions,      RegisterTableFunctions,
                      RegisterTypeFunctions}) {
    // A clash between built-in names is a bug: status() keeps it for the registry's test.
    registry.Record(family(registry));
  }
  return registry;
}

}  // namespace

const ScalarFunction* FunctionRegistry::FindScalar(std::string_view name) const { return Find(scalar_names_, name); }
const ScalarFunction* FunctionRegistry::FindOperator(std::string_view symbol) const { return Find(operators_, symbol); }
const AggregateFunction* FunctionRegistry::FindAggregate(std::string_view name) const {
  return Find(aggregate_names_, name);
}
const TableFunction* FunctionRegistry::FindTable(std::string_view name) const { return Find(table_names_, name); }
const WindowFunction* FunctionRegistry::FindWindow(std::string_view name) const { return Find(window_names_, name); }

const FunctionRegistry& BuiltinFunctions() {
  static const FunctionRegistry registry = MakeBuiltinFunctions();
  return registry;
}

}  // namespace orbit
