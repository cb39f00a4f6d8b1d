// Table functions: read_csv and read_parquet read files when their scans run (read_csv.cpp,
// read_parquet.cpp), orbit_devices reports each device (placement builds its table; the
// binder hands it in), orbit_functions lists this registry (function_list.h).
#include "common/check.h"
#include "functions/function_list.h"
#include "functions/function_registry.h"
#include "functions/list_functions.h"

namespace orbit {

namespace {

Result<TableSourcePtr> BindOrbitDevices(const TableFunctionArguments&, const TableFunctionEnvironment& environment) {
  ORBIT_CHECK(environment.device_status != nullptr, "orbit_devices() bound without placement's device table");
  return environment.device_status();
}

Result<TableSourcePtr> BindOrbitFunctions(const TableFunctionArguments&, const TableFunctionEnvironment&) {
  const FunctionRegistry& registry = BuiltinFunctions();
  return TableSourcePtr(std::make_shared<GeneratedTableSource>("orbit_functions()", FunctionListSchema(),
                                                               static_cast<double>(FunctionListRows(registry)),
                                                               [&registry] { return FunctionListTable(registry); }));
}

}  // namespace

Status RegisterTableFunctions(FunctionRegistry& registry) {
  ORBIT_RETURN_IF_ERROR(RegisterReadCsv(registry));
  ORBIT_RETURN_IF_ERROR(RegisterReadParquet(registry));
  ORBIT_RETURN_IF_ERROR(RegisterSeriesFunctions(registry));
  ORBIT_RETURN_IF_ERROR(RegisterUnnest(registry));
  ORBIT_RETURN_IF_ERROR(RegisterGraphFunctions(registry));

  TableFunction devices;
  devices.name = "orbit_devices";
  devices.example = "orbit_devices()";
  devices.signatures = {{"", "TABLE"}};
  devices.description = "every device: kind, name, calibration, performance history and circuit breaker";
  devices.bind = BindOrbitDevices;
  ORBIT_RETURN_IF_ERROR(registry.Add(std::move(devices)));

  TableFunction functions;
  functions.name = "orbit_functions";
  functions.example = "orbit_functions()";
  functions.signatures = {{"", "TABLE"}};
  functions.description = "every function: name, kind, signature, result type, description (also SHOW FUNCTIONS)";
  functions.bind = BindOrbitFunctions;
  return registry.Add(std::move(functions));
}

}  // namespace orbit
