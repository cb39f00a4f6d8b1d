// The CUDA plugin as built on this machine: it loads with dlopen, exports the ABI version
// the engine expects with every entry filled in, and — on a machine without a driver —
// answers with a CUDA error instead of crashing. Skipped, with the reason, where the
// plugin was not built (no nvcc).
#include <dlfcn.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "devices/cuda/cuda_plugin_abi.h"
#include "devices/device_registry.h"

namespace orbit {
namespace {

std::string PluginBesideTests() {
  return std::filesystem::read_symlink("/proc/self/exe").parent_path().string() + "/liborbit_cuda.so";
}

TEST(CudaPlugin, ExportsTheEngineAbi) {
  const std::string path = PluginBesideTests();
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "CUDA plugin not built (no nvcc): " << path;
  void* plugin = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  ASSERT_NE(plugin, nullptr) << dlerror();
  auto entry = reinterpret_cast<OrbitCudaPluginEntry>(dlsym(plugin, ORBIT_CUDA_PLUGIN_ENTRY));
  ASSERT_NE(entry, nullptr);
  const OrbitCudaApi* api = entry();
  ASSERT_NE(api, nullptr);
  EXPECT_EQ(api->abi_version, ORBIT_CUDA_ABI_VERSION);
  // Every entry is a function: the table is an array of pointers after the version.
  const auto* first = reinterpret_cast<void* const*>(&api->error_name);
  const size_t entries = (sizeof(OrbitCudaApi) - offsetof(OrbitCudaApi, error_name)) / sizeof(void*);
  for (size_t i = 0; i < entries; ++i) EXPECT_NE(first[i], nullptr) << "entry " << i;
  if (dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL) != nullptr) return;
  // No driver: the statically linked runtime must report it, not crash.
  int32_t count = -1;
  const int32_t error = api->device_count(&count);
  EXPECT_NE(error, 0);
  EXPECT_EQ(count, 0);
  EXPECT_NE(std::string(api->error_name(error)).find("cuda"), std::string::npos) << api->error_name(error);
  uint64_t free_bytes = 0, total_bytes = 0;
  EXPECT_NE(api->memory_info(0, &free_bytes, &total_bytes), 0);
  void* stream = nullptr;
  EXPECT_NE(api->stream_create(0, &stream), 0);
}

TEST(CudaPlugin, AbsenceIsExplained) {
  if (DeviceRegistry::Instance().FirstOfKind(DeviceKind::kCuda) != nullptr) GTEST_SKIP() << "a CUDA device exists";
  const std::string why = DeviceRegistry::Instance().AbsenceReason("cuda");
  const bool plain = why.rfind("CUDA plugin not built", 0) == 0 || why.rfind("no CUDA driver", 0) == 0 ||
                     why.rfind("no CUDA device", 0) == 0 || why.rfind("CUDA plugin could not be loaded", 0) == 0;
  EXPECT_TRUE(plain) << why;
}

}  // namespace
}  // namespace orbit
