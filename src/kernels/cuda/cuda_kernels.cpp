// CudaKernelsIfPresent(): the cuda backend table, listed by the kernel registry only when
// the plugin (with its kernel table), the driver and a device are all present.
#include "kernels/cuda/cuda_kernels.h"

#include "kernels/cuda/cuda_call.h"

namespace orbit {

const KernelTable* CudaKernelsIfPresent() {
  if (cuda::Backend().DefaultDevice() == nullptr || cuda::KernelApi() == nullptr) return nullptr;
  static const KernelTable table =
      device::AssembleKernelTable(cuda::Backend(),
                                  {&cuda::AddFilters, &cuda::AddAggregates, &cuda::AddArithmetic,
                                   &cuda::AddHashAndSelection, &cuda::AddVector, &cuda::AddMath},
                                  [] { return cuda::Backend().TakeFailureOutsidePipelines(); });
  return &table;
}

}  // namespace orbit
