#include "io/parquet/parquet_plugin_loader.h"

#include <dlfcn.h>

#include <cstdlib>
#include <filesystem>
#include <vector>

#include <fmt/format.h>

#ifndef ORBIT_PARQUET_ABSENT
#define ORBIT_PARQUET_ABSENT "the build did not say whether it built the plugin"
#endif

namespace orbit::parquet {

namespace {

constexpr const char* kPluginFile = "liborbit_parquet.so";

std::string DirectoryOf(const std::string& path) {
  return path.empty() ? "" : std::filesystem::path(path).parent_path().string();
}

/// Where the plugin may be, most specific first.
std::vector<std::string> PluginCandidates() {
  if (const char* path = std::getenv("ORBIT_PARQUET_PLUGIN")) return {path};
  std::vector<std::string> candidates;
  std::error_code error;
  const auto executable = std::filesystem::read_symlink("/proc/self/exe", error);
  if (!error) candidates.push_back(DirectoryOf(executable.string()) + "/" + kPluginFile);
  Dl_info info{};
  if (dladdr(reinterpret_cast<void*>(&LoadParquetPlugin), &info) != 0 && info.dli_fname != nullptr) {
    const std::string library_dir = DirectoryOf(info.dli_fname);
    if (!library_dir.empty()) candidates.push_back(library_dir + "/" + kPluginFile);
  }
  candidates.emplace_back(kPluginFile);  // LD_LIBRARY_PATH and the system's directories
  return candidates;
}

struct LoadedPlugin {
  const OrbitParquetApi* api = nullptr;
  std::string why;  // when api is nullptr
};

LoadedPlugin Load() {
  std::string load_error;
  void* plugin = nullptr;
  const std::vector<std::string> candidates = PluginCandidates();
  for (const std::string& candidate : candidates) {
    const bool is_path = candidate.find('/') != std::string::npos;
    if (is_path && !std::filesystem::exists(candidate)) continue;
    plugin = dlopen(candidate.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (plugin != nullptr) break;
    if (is_path && load_error.empty()) load_error = dlerror();
  }
  if (plugin == nullptr && !load_error.empty()) {
    return {nullptr, "this build has no Parquet support: the Parquet plugin could not be loaded: " + load_error};
  }
  if (plugin == nullptr) {
    const std::string where = std::getenv("ORBIT_PARQUET_PLUGIN") != nullptr
                                  ? fmt::format("ORBIT_PARQUET_PLUGIN={} does not exist", candidates[0])
                                  : fmt::format("{} is not beside the orbit binary or library", kPluginFile);
    return {nullptr, fmt::format("this build has no Parquet support ({}; {})", where, ORBIT_PARQUET_ABSENT)};
  }
  auto entry = reinterpret_cast<OrbitParquetPluginEntry>(dlsym(plugin, ORBIT_PARQUET_PLUGIN_ENTRY));
  const OrbitParquetApi* api = entry != nullptr ? entry() : nullptr;
  if (api == nullptr || api->abi_version != ORBIT_PARQUET_ABI_VERSION) {
    return {nullptr, fmt::format("the Parquet plugin {} is from another Orbit version (no {} ABI {}); rebuild it",
                                 kPluginFile, ORBIT_PARQUET_PLUGIN_ENTRY, ORBIT_PARQUET_ABI_VERSION)};
  }
  return {api, ""};
}

}  // namespace

Result<const OrbitParquetApi*> LoadParquetPlugin() {
  static const LoadedPlugin plugin = Load();
  if (plugin.api == nullptr) return Status::NotSupported("{}", plugin.why);
  return plugin.api;
}

std::string TakePluginError(const OrbitParquetApi& api, char* error) {
  std::string message = error != nullptr ? error : "unknown error";
  if (error != nullptr) api.free_error(error);
  return message;
}

}  // namespace orbit::parquet
