// The OpenCL backend's kernel families, one per opencl_*.cpp beside the matching .cl file,
// each wrapping its device steps with the shared entries of
// kernels/device/device_kernel_table.h (empty inputs, and the reference's answer after a
// device error); opencl_kernels.cpp lists the table.
#pragma once

#include <string>
#include <vector>

#include "kernels/device/device_kernel_table.h"

namespace orbit::opencl {

void AddFilters(KernelTable* table);     // opencl_filter.cpp
void AddAggregates(KernelTable* table);  // opencl_aggregate.cpp, grouped ones included
void AddArithmetic(KernelTable* table);  // opencl_arithmetic.cpp
void AddHash(KernelTable* table);        // opencl_hash.cpp
void AddSelection(KernelTable* table);   // opencl_selection.cpp
void AddVector(KernelTable* table);      // opencl_vector.cpp (top-k: the reference's)
void AddGraph(KernelTable* table);       // opencl_graph.cpp: the pulled spreading hop
void AddMath(KernelTable* table);        // opencl_math.cpp

/// The suffix of T's kernels in the .cl sources: "i32", "i64", "i128", "f64", "f32".
template <typename T>
constexpr const char* TypeSuffix() {
  if constexpr (std::is_same_v<T, int32_t>) return "i32";
  if constexpr (std::is_same_v<T, int64_t>) return "i64";
  if constexpr (std::is_same_v<T, int128_t>) return "i128";
  if constexpr (std::is_same_v<T, double>) return "f64";
  if constexpr (std::is_same_v<T, float>) return "f32";
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
