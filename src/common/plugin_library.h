// Opening a plugin library (the CUDA and Parquet plugins) at run time, where Orbit's own
// files are: one search order for every plugin.
#pragma once

#include <string>

namespace orbit {

struct OpenedPlugin {
  void* handle = nullptr;  // dlopen's handle; null when no candidate opened
  std::string error;       // dlerror() of the first candidate file that exists but failed to open
};

/// Opens `file_name` from the path in $`env_var` when set, else beside the running
/// executable, beside the library holding `anchor` (an address in the engine: liborbit or
/// orbit._core), then by name through the loader's search path.
OpenedPlugin OpenPlugin(const char* env_var, const char* file_name, const void* anchor);

}  // namespace orbit
