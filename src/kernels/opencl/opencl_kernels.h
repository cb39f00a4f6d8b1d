// The OpenCL backend's kernel families, one per opencl_*.cpp beside the matching .cl file;
// opencl_kernels.cpp assembles them into OpenCLKernels(). Each entry runs its kernel on
// the pipeline's OpenCL device; on a device error it returns the reference's answer and
// reports the failure (see opencl_call.h).
#pragma once

#include <string>
#include <vector>

#include "kernels/kernel_table.h"

namespace orbit::opencl {

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

/// The suffix of T's kernels in the .cl sources: "i32", "i64", "i128", "f64".
template <typename T>
constexpr const char* TypeSuffix() {
  if constexpr (std::is_same_v<T, int32_t>) return "i32";
  if constexpr (std::is_same_v<T, int64_t>) return "i64";
  if constexpr (std::is_same_v<T, int128_t>) return "i128";
  if constexpr (std::is_same_v<T, double>) return "f64";
}

/// Kernel name: prefix + "_" + T's suffix.
template <typename T>
std::string KernelName(const char* prefix) {
  return std::string(prefix) + "_" + TypeSuffix<T>();
}

/// Row indices of the set bits of mask words over `considered` positions: k, or sel[k].
size_t ExpandMask(const std::vector<uint32_t>& words, const uint32_t* sel, size_t considered, uint32_t* out);

/// Mask words needed for `positions` positions (32 per word).
inline size_t MaskWords(size_t positions) { return (positions + 31) / 32; }

}  // namespace orbit::opencl
