// The CUDA plugin's kernel table as built on this machine: exported beside the device
// runtime's table (tests/devices/cuda_plugin_test.cpp), of the ABI version the kernels'
// host side expects, with every entry filled in. Skipped, with the reason, where the
// plugin was not built (no nvcc).
#include <dlfcn.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "kernels/cuda/cuda_kernel_abi.h"

namespace orbit {
namespace {

TEST(CudaKernelAbi, PluginExportsEveryKernelEntry) {
  const std::string path = std::filesystem::read_symlink("/proc/self/exe").parent_path().string() + "/liborbit_cuda.so";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "CUDA plugin not built (no nvcc): " << path;
  void* plugin = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  ASSERT_NE(plugin, nullptr) << dlerror();
  auto entry = reinterpret_cast<OrbitCudaKernelsEntry>(dlsym(plugin, ORBIT_CUDA_KERNELS_ENTRY));
  ASSERT_NE(entry, nullptr) << ORBIT_CUDA_KERNELS_ENTRY;
  const OrbitCudaKernelApi* api = entry();
  ASSERT_NE(api, nullptr);
  EXPECT_EQ(api->abi_version, ORBIT_CUDA_KERNEL_ABI_VERSION);
  // Every entry is a function: the table is an array of pointers after the version.
  const auto* first = reinterpret_cast<void* const*>(&api->filter);
  const size_t entries = (sizeof(OrbitCudaKernelApi) - offsetof(OrbitCudaKernelApi, filter)) / sizeof(void*);
  EXPECT_EQ(entries, 9u);
  for (size_t i = 0; i < entries; ++i) EXPECT_NE(first[i], nullptr) << "entry " << i;
}

}  // namespace
}  // namespace orbit
