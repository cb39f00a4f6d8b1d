#include "io/parquet/parquet_plugin_loader.h"

#include <dlfcn.h>

#include <cstdlib>

#include <fmt/format.h>

#include "common/plugin_library.h"

#ifndef ORBIT_PARQUET_ABSENT
#define ORBIT_PARQUET_ABSENT "the build did not say whether it built the plugin"
#endif

namespace orbit::parquet {

namespace {

constexpr const char* kPluginFile = "liborbit_parquet.so";

struct LoadedPlugin {
  const OrbitParquetApi* api = nullptr;
  std::string why;  // when api is nullptr
};

LoadedPlugin Load() {
  const OpenedPlugin opened =
      OpenPlugin("ORBIT_PARQUET_PLUGIN", kPluginFile, reinterpret_cast<const void*>(&LoadParquetPlugin));
  void* plugin = opened.handle;
  if (plugin == nullptr && !opened.error.empty()) {
    return {nullptr, "this build has no Parquet support: the Parquet plugin could not be loaded: " + opened.error};
  }
  if (plugin == nullptr) {
    const char* named = std::getenv("ORBIT_PARQUET_PLUGIN");
    const std::string where = named != nullptr
                                  ? fmt::format("ORBIT_PARQUET_PLUGIN={} does not exist", named)
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
