// A table function as the registry holds it. read_csv and orbit_devices run where they
// always have (the binder reads the file, placement reports the devices); the registry
// names them, says what they take and identifies which one a call is.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "functions/scalar_function.h"

namespace orbit {

enum class TableFunctionId : uint8_t { kReadCsv, kOrbitDevices, kOrbitFunctions };

struct TableFunction {
  std::string name;
  std::vector<std::string> aliases;
  TableFunctionId id = TableFunctionId::kReadCsv;
  std::vector<Signature> signatures;
  std::string description;
};

}  // namespace orbit
