#include "devices/cuda/cuda_plugin_loader.h"

#include <dlfcn.h>

#include <cstdlib>
#include <filesystem>
#include <vector>

#include <fmt/format.h>

namespace orbit::cuda {

namespace {

constexpr const char* kPluginFile = "liborbit_cuda.so";

std::string DirectoryOf(const std::string& path) {
  return path.empty() ? "" : std::filesystem::path(path).parent_path().string();
}

/// Where the plugin may be, most specific first.
std::vector<std::string> PluginCandidates() {
  std::vector<std::string> candidates;
  if (const char* path = std::getenv("ORBIT_CUDA_PLUGIN")) return {path};
  std::error_code error;
  const auto executable = std::filesystem::read_symlink("/proc/self/exe", error);
  if (!error) candidates.push_back(DirectoryOf(executable.string()) + "/" + kPluginFile);
  Dl_info info{};
  if (dladdr(reinterpret_cast<void*>(&LoadCudaPlugin), &info) != 0 && info.dli_fname != nullptr) {
    const std::string library_dir = DirectoryOf(info.dli_fname);
    if (!library_dir.empty()) candidates.push_back(library_dir + "/" + kPluginFile);
  }
  candidates.emplace_back(kPluginFile);  // LD_LIBRARY_PATH and the system's directories
  return candidates;
}

struct LoadedPlugin {
  const OrbitCudaApi* api = nullptr;
  void* handle = nullptr;
  std::string why;  // when api is nullptr
};

const OrbitCudaApi* Load(void** handle, std::string* why) {
  std::string first_error;
  void* plugin = nullptr;
  for (const std::string& candidate : PluginCandidates()) {
    const bool is_path = candidate.find('/') != std::string::npos;
    if (is_path && !std::filesystem::exists(candidate)) continue;
    plugin = dlopen(candidate.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (plugin != nullptr) break;
    if (is_path && first_error.empty()) first_error = dlerror();
  }
  if (plugin == nullptr) {
    *why = first_error.empty()
               ? fmt::format(
                     "CUDA plugin not built ({} not found beside the orbit binary; it is built when nvcc is "
                     "present, or set ORBIT_CUDA_PLUGIN)",
                     kPluginFile)
               : "CUDA plugin could not be loaded: " + first_error;
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
