// The plugin's kernel families, one per .cu file of src/kernels/cuda, each answering one
// entry of OrbitCudaKernelApi (cuda_kernel_abi.h). Plugin-internal (nvcc only).
#pragma once

#include <cuda_runtime.h>

#include "kernels/cuda/cuda_kernel_abi.h"

namespace orbit::cuda_plugin {

cudaError_t Filter(const OrbitCudaFilterArgs& args, cudaStream_t stream);
cudaError_t Aggregate(const OrbitCudaAggregateArgs& args, cudaStream_t stream);
cudaError_t GroupedAggregate(const OrbitCudaGroupedArgs& args, cudaStream_t stream);
cudaError_t Arithmetic(const OrbitCudaArithmeticArgs& args, cudaStream_t stream);
cudaError_t Hash(const OrbitCudaHashArgs& args, cudaStream_t stream);
cudaError_t FromBitmap(const OrbitCudaSelectionArgs& args, cudaStream_t stream);
cudaError_t Gather(const OrbitCudaSelectionArgs& args, cudaStream_t stream);
cudaError_t Vector(const OrbitCudaVectorArgs& args, cudaStream_t stream);
cudaError_t Math(const OrbitCudaMathArgs& args, cudaStream_t stream);

}  // namespace orbit::cuda_plugin
