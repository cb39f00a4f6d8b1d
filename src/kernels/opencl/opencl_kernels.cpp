// OpenCLKernelsIfPresent(): the opencl backend table, listed by the kernel registry only
// when an OpenCL device is present. Every entry runs on the device but top-k (the host's,
// see device::AddVectorEntries) and the graph family's BFS level and pushed hop (the
// reference's, opencl_graph.cpp says why); none falls back to the host except after a
// device error.
#include "kernels/opencl/opencl_kernels.h"

#include "kernels/opencl/opencl_call.h"

namespace orbit {

const KernelTable* OpenCLKernelsIfPresent() {
  if (opencl::Backend().DefaultDevice() == nullptr) return nullptr;
  static const KernelTable table = device::AssembleKernelTable(
      opencl::Backend(),
      {&opencl::AddFilters, &opencl::AddAggregates, &opencl::AddArithmetic, &opencl::AddHash, &opencl::AddSelection,
       &opencl::AddVector, &opencl::AddGraph, &opencl::AddMath},
      [] { return opencl::Backend().TakeFailureOutsidePipelines(); });
  return &table;
}

}  // namespace orbit
