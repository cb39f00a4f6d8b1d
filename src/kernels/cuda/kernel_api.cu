// The plugin's kernel table (OrbitCudaKernelApi, cuda_kernel_abi.h): one entry per kernel
// family of this folder, exported from liborbit_cuda.so beside the device runtime's table.
#include <cuda_runtime.h>

#include "kernels/cuda/cuda_kernel_abi.h"
#include "kernels/cuda/cuda_kernel_families.h"

namespace orbit::cuda_plugin {
namespace {

/// Makes the argument's device current for this host thread, then launches.
template <typename Args, cudaError_t (*kRun)(const Args&, cudaStream_t)>
int32_t KernelEntry(const Args* args, void* stream) {
  cudaError_t error = cudaSetDevice(args->device);
  if (error == cudaSuccess) error = kRun(*args, static_cast<cudaStream_t>(stream));
  return static_cast<int32_t>(error);
}

const OrbitCudaKernelApi kKernelApi = {
    ORBIT_CUDA_KERNEL_ABI_VERSION,
    &KernelEntry<OrbitCudaFilterArgs, &Filter>,
    &KernelEntry<OrbitCudaAggregateArgs, &Aggregate>,
    &KernelEntry<OrbitCudaGroupedArgs, &GroupedAggregate>,
    &KernelEntry<OrbitCudaArithmeticArgs, &Arithmetic>,
    &KernelEntry<OrbitCudaHashArgs, &Hash>,
    &KernelEntry<OrbitCudaSelectionArgs, &FromBitmap>,
    &KernelEntry<OrbitCudaSelectionArgs, &Gather>,
    &KernelEntry<OrbitCudaVectorArgs, &Vector>,
    &KernelEntry<OrbitCudaMathArgs, &Math>,
};

}  // namespace
}  // namespace orbit::cuda_plugin

extern "C" __attribute__((visibility("default"))) const OrbitCudaKernelApi* orbit_cuda_kernels_v1() {
  return &orbit::cuda_plugin::kKernelApi;
}
