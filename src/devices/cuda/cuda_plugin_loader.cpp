#include "devices/cuda/cuda_plugin_loader.h"

#include <dlfcn.h>

#include <cstdlib>

#include <fmt/format.h>

#include "common/plugin_library.h"

namespace orbit::cuda {

namespace {

constexpr const char* kPluginFile = "liborbit_cuda.so";

struct LoadedPlugin {
  const OrbitCudaApi* api = nullptr;
  void* handle = nullptr;
  std::string why;  // when api is nullptr
};

const OrbitCudaApi* Load(void** handle, std::string* why) {
  const OpenedPlugin opened =
      OpenPlugin("ORBIT_CUDA_PLUGIN", kPluginFile, reinterpret_cast<const void*>(&LoadCudaPlugin));
  void* plugin = opened.handle;
  if (plugin == nullptr) {
    *why = opened.error.empty()
               ? fmt::format(
                     "CUDA plugin not built ({} not found beside the orbit binary; it is built when nvcc is "
                     "present, or set ORBIT_CUDA_PLUGIN)",
                     kPluginFile)
               : "CUDA plugin could not be loaded: " + opened.error;
    return nullptr;
  }
  // The plugin's static CUDA runtime opens the driver itself; checking first gives a plain
  // reason instead of a runtime error code.
  const char* driver_name = std::getenv("ORBIT_CUDA_DRIVER_LIBRARY");
  if (driver_name == nullptr) driver_name = "libcuda.so.1";
  if (dlopen(driver_name, RTLD_NOW | RTLD_LOCAL) == nullptr) {
    *why = fmt::format("no CUDA driver ({} not found)", driver_name);
    return nullptr;
  }
  auto entry = reinterpret_cast<OrbitCudaPluginEntry>(dlsym(plugin, ORBIT_CUDA_PLUGIN_ENTRY));
  const OrbitCudaApi* api = entry != nullptr ? entry() : nullptr;
  if (api == nullptr || api->abi_version != ORBIT_CUDA_ABI_VERSION) {
    *why = fmt::format("CUDA plugin {} is from another Orbit version (no {} ABI {}); rebuild it", kPluginFile,
                       ORBIT_CUDA_PLUGIN_ENTRY, ORBIT_CUDA_ABI_VERSION);
    return nullptr;
  }
  *handle = plugin;
  return api;
}

const LoadedPlugin& Plugin() {
  static const LoadedPlugin plugin = [] {
    LoadedPlugin loaded;
    loaded.api = Load(&loaded.handle, &loaded.why);
    return loaded;
  }();
  return plugin;
}

}  // namespace

const OrbitCudaApi* LoadCudaPlugin(std::string* why) {
  const LoadedPlugin& plugin = Plugin();
  if (plugin.api == nullptr && why != nullptr) *why = plugin.why;
  return plugin.api;
}

void* FindCudaPluginSymbol(const char* name) {
  const LoadedPlugin& plugin = Plugin();
  return plugin.handle != nullptr ? dlsym(plugin.handle, name) : nullptr;
}

std::string CudaErrorName(const OrbitCudaApi& api, int32_t code) {
  const char* name = api.error_name(code);
  return fmt::format("{} ({})", name != nullptr ? name : "unknown CUDA error", code);
}

}  // namespace orbit::cuda
