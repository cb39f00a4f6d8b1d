// liborbit_fake_cuda.so: the fake CUDA runtime (fake_cuda_runtime.h) as a plugin the engine
// loads like the real one (ORBIT_CUDA_PLUGIN, with ORBIT_CUDA_DRIVER_LIBRARY naming any
// library that loads), so a test runs whole queries on a "CUDA device" with no GPU. Its
// kernels compute nothing: each launch answers ORBIT_FAKE_CUDA_KERNEL_ERROR (default
// cudaErrorNotSupported, 801), so every pipeline placed on it fails and re-runs on the CPU,
// and an answer can never come from the fake. At exit it prints on stderr what the engine
// asked of it: "fake cuda: launches N resets N release-threshold-calls N threshold B trims N".
#include <cstdio>
#include <cstdlib>

#include "fake_cuda_runtime.h"
#include "kernels/cuda/cuda_kernel_abi.h"

namespace orbit::fake_cuda {
namespace {

template <typename Args>
int32_t FakeKernel(const Args* args, void* stream) {
  return Launch();
}

const OrbitCudaKernelApi kKernels = {
    ORBIT_CUDA_KERNEL_ABI_VERSION,      FakeKernel<OrbitCudaFilterArgs>,     FakeKernel<OrbitCudaAggregateArgs>,
    FakeKernel<OrbitCudaGroupedArgs>,   FakeKernel<OrbitCudaArithmeticArgs>, FakeKernel<OrbitCudaHashArgs>,
    FakeKernel<OrbitCudaSelectionArgs>, FakeKernel<OrbitCudaSelectionArgs>,  FakeKernel<OrbitCudaVectorArgs>,
    FakeKernel<OrbitCudaMathArgs>,
};

struct Plugin {
  OrbitCudaApi api = FakeCudaApi();
  Plugin() {
    if (const char* error = std::getenv("ORBIT_FAKE_CUDA_KERNEL_ERROR")) State().kernel_error = std::atoi(error);
  }
  ~Plugin() {
    const FakeCudaState& s = State();
    std::fprintf(
        stderr, "fake cuda: launches %lld resets %lld release-threshold-calls %lld threshold %llu trims %lld\n",
        static_cast<long long>(s.launches), static_cast<long long>(s.resets), static_cast<long long>(s.threshold_calls),
        static_cast<unsigned long long>(s.release_threshold), static_cast<long long>(s.trims));
  }
};

Plugin plugin;

}  // namespace
}  // namespace orbit::fake_cuda

extern "C" __attribute__((visibility("default"))) const OrbitCudaApi* orbit_cuda_plugin_v3() {
  return &orbit::fake_cuda::plugin.api;
}

extern "C" __attribute__((visibility("default"))) const OrbitCudaKernelApi* orbit_cuda_kernels_v1() {
  return &orbit::fake_cuda::kKernels;
}
