// The CUDA backend's kernel families, host side: one cuda_*.cpp per family, each running
// the matching .cu kernels of the plugin through cuda_call.h; cuda_kernels.cpp assembles
// them into CudaKernelsIfPresent(). On a device error an entry returns the reference's
// answer and reports the failure.
#pragma once

#include <cstring>
#include <type_traits>

#include "devices/cuda/cuda_plugin_abi.h"
#include "kernels/kernel_table.h"

namespace orbit::cuda {

template <typename T>
FilterKernels<T> Filter();

template <typename T, typename SumT>
AggregateKernels<T, SumT> Aggregate();

template <typename T, typename SumT>
GroupedAggregateKernels<T, SumT> GroupedAggregate();

template <typename T>
ArithmeticKernels<T> Arithmetic();

HashKernels Hash();

SelectionKernels Selection();

/// The plugin's element type code of T.
template <typename T>
constexpr int32_t TypeCode() {
  if constexpr (std::is_same_v<T, int32_t>) return kOrbitCudaI32;
  if constexpr (std::is_same_v<T, int64_t>) return kOrbitCudaI64;
  if constexpr (std::is_same_v<T, int128_t>) return kOrbitCudaI128;
  if constexpr (std::is_same_v<T, double>) return kOrbitCudaF64;
}

}  // namespace orbit::cuda
