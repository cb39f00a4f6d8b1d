// The CUDA backend's kernel families, host side: one cuda_*.cpp per family, each running
// the matching .cu kernels of the plugin through cuda_call.h and wrapping them with the
// shared entries of kernels/device/device_kernel_table.h (empty inputs, and the
// reference's answer after a device error); cuda_kernels.cpp lists the table.
#pragma once

#include <type_traits>

#include "kernels/cuda/cuda_kernel_abi.h"
#include "kernels/device/device_kernel_table.h"

namespace orbit::cuda {

void AddFilters(KernelTable* table);           // cuda_filter.cpp
void AddAggregates(KernelTable* table);        // cuda_aggregate.cpp, grouped ones included
void AddArithmetic(KernelTable* table);        // cuda_arithmetic.cpp
void AddHashAndSelection(KernelTable* table);  // cuda_hash_selection.cpp
void AddVector(KernelTable* table);            // cuda_vector.cpp (top-k: the reference's)
void AddMath(KernelTable* table);              // cuda_math.cpp

/// The plugin's element type code of T.
template <typename T>
constexpr int32_t TypeCode() {
  if constexpr (std::is_same_v<T, int32_t>) return kOrbitCudaI32;
  if constexpr (std::is_same_v<T, int64_t>) return kOrbitCudaI64;
  if constexpr (std::is_same_v<T, int128_t>) return kOrbitCudaI128;
  if constexpr (std::is_same_v<T, double>) return kOrbitCudaF64;
  if constexpr (std::is_same_v<T, float>) return kOrbitCudaF32;
}

}  // namespace orbit::cuda
