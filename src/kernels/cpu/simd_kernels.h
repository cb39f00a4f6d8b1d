// The cpu-simd backend's pieces, one kernel family per simd_*.cpp, each compiled for every
// Highway target. A family's Fill function overwrites the entries it vectorizes with the
// functions of the target Highway dispatches to at the time of the call; the others keep
// whatever the table held (the reference's functions, see simd_kernels.cpp).
#pragma once

#include <vector>

#include "kernels/kernel_table.h"

namespace orbit::simd {

void FillFilterKernels(KernelTable* table);
void FillAggregateKernels(KernelTable* table);
void FillArithmeticKernels(KernelTable* table);
void FillHashKernels(KernelTable* table);
void FillSelectionKernels(KernelTable* table);
void FillVectorKernels(KernelTable* table);
void FillTopKKernels(KernelTable* table);  // cpu_top_k.cpp: scalar, the same for every target
/// Not Highway code: the graph steps are scattered reads and writes, run TBB-parallel over
/// the frontier (parallel_graph.cpp).
void FillGraphKernels(KernelTable* table);
void FillMathKernels(KernelTable* table);

/// One cpu-simd table per Highway target this CPU supports ("cpu-simd/AVX2", ...), best
/// first, so tests can check targets that dispatch would not pick on this machine. Not
/// thread-safe: it briefly overrides Highway's target choice for the whole process.
std::vector<KernelTable> SimdKernelsForEachTarget();

}  // namespace orbit::simd
