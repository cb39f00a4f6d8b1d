// Finds and opens liborbit_cuda.so, the CUDA plugin, at run time (dlopen), so the engine
// never links CUDA and runs on machines without a toolkit, driver or GPU (DESIGN rule 4).
#pragma once

#include <string>

#include "devices/cuda/cuda_plugin_abi.h"

namespace orbit::cuda {

/// The plugin's API, or nullptr with *why saying plainly what is missing: the plugin
/// ("CUDA plugin not built ..."), the driver ("no CUDA driver (libcuda.so.1 not found)"),
/// or a plugin of another ABI version. Loads once; thread-safe. Searched: the file named by
/// ORBIT_CUDA_PLUGIN, then liborbit_cuda.so beside the running executable, beside the
/// library holding the engine (liborbit, or orbit._core for Python), then the loader's search path.
/// ORBIT_CUDA_DRIVER_LIBRARY names another driver library (tests use it to simulate a
/// machine without a driver).
const OrbitCudaApi* LoadCudaPlugin(std::string* why);

/// Another symbol the loaded plugin exports (the kernel layer finds its kernel table so),
/// or nullptr when the plugin is not loaded or lacks it.
void* FindCudaPluginSymbol(const char* name);

/// "cudaErrorMemoryAllocation (2)": a CUDA error as a user can search for it.
std::string CudaErrorName(const OrbitCudaApi& api, int32_t code);

}  // namespace orbit::cuda
