// Table functions. read_csv reads a file while binding (io/csv), orbit_devices reports
// each device (placement), orbit_functions lists this registry (function_list.h).
#include "functions/function_registry.h"

namespace orbit {

Status RegisterTableFunctions(FunctionRegistry& registry) {
  TableFunction read_csv;
  read_csv.name = "read_csv";
  read_csv.aliases = {"read_csv_auto"};
  read_csv.id = TableFunctionId::kReadCsv;
  read_csv.signatures = {{"VARCHAR path [, delim, header, quote, nullstr, columns => ...]", "TABLE"}};
  read_csv.description = "the rows of a CSV file; types inferred unless columns => 'a INTEGER, ...' gives them";
  ORBIT_RETURN_IF_ERROR(registry.Add(std::move(read_csv)));

  TableFunction devices;
  devices.name = "orbit_devices";
  devices.id = TableFunctionId::kOrbitDevices;
  devices.signatures = {{"", "TABLE"}};
  devices.description = "every device: kind, name, calibration, performance history and circuit breaker";
  ORBIT_RETURN_IF_ERROR(registry.Add(std::move(devices)));

  TableFunction functions;
  functions.name = "orbit_functions";
  functions.id = TableFunctionId::kOrbitFunctions;
  functions.signatures = {{"", "TABLE"}};
  functions.description = "every function: name, kind, signature, result type, description (also SHOW FUNCTIONS)";
  return registry.Add(std::move(functions));
}

}  // namespace orbit
