// A CUDA runtime on host memory, for tests on machines with no GPU: the plugin's device
// ABI (devices/cuda/cuda_plugin_abi.h) with device memory from malloc, and what a test
// needs to make the real runtime's failures happen on purpose and to see what the engine
// asked of it. It behaves like a context: after it answered a sticky error, every call
// answers that error again until device_reset. Linked into orbit_tests (the CudaDevice and
// CudaSession tests build their device on FakeCudaApi()) and, with fake_cuda_plugin.cpp,
// into liborbit_fake_cuda.so, a plugin the engine loads (ORBIT_CUDA_PLUGIN) for tests of a
// whole query (tests/python/test_cuda_faults.py).
#pragma once

#include <cstdint>

#include "devices/cuda/cuda_plugin_abi.h"

namespace orbit::fake_cuda {

/// CUDA's codes for the errors the fake answers.
constexpr int32_t kMemoryAllocation = 2;  // cudaErrorMemoryAllocation
constexpr int32_t kIllegalAddress = 700;  // cudaErrorIllegalAddress, sticky
constexpr int32_t kLaunchFailure = 719;   // cudaErrorLaunchFailure, sticky
constexpr int32_t kNotSupported = 801;    // cudaErrorNotSupported

struct FakeCudaState {
  // Failures to come.
  int failing_allocations = 0;  // the next ones answer allocation_error
  int32_t allocation_error = kMemoryAllocation;
  bool reset_fails = false;              // device_reset answers cudaErrorIllegalAddress
  int32_t kernel_error = kNotSupported;  // what every kernel launch answers (fake_cuda_plugin.cpp)
  // The context: a sticky error answered once is answered by every call until a reset.
  int32_t sticky = 0;
  // What the engine asked.
  int64_t calls = 0;  // every entry but error_name and error_is_sticky
  int64_t allocations = 0;
  int64_t launches = 0;
  int64_t resets = 0;
  int64_t threshold_calls = 0;
  uint64_t release_threshold = 0;
  int64_t trims = 0;
  uint64_t trimmed_to = 0;
};

/// The fake's one context (tests reset it between cases: State() = {}). Its entries hold a
/// lock while they run, so threads may call them at once; read it while none does.
FakeCudaState& State();

/// The device table; every entry is the fake's.
OrbitCudaApi FakeCudaApi();

/// A device of `total_memory` bytes, compute capability 9.0.
OrbitCudaDeviceInfo FakeCudaDeviceInfo(uint64_t total_memory);

/// For fake_cuda_plugin.cpp's kernels: what a launch answers now (counted), a sticky
/// error making the context sticky.
int32_t Launch();

}  // namespace orbit::fake_cuda
