// SimdKernels(): the cpu-simd backend table. It starts as a copy of the reference table and
// each family file overwrites the entries it vectorizes, so an entry not worth vectorizing
// simply keeps the reference function:
//  - int128 filters, aggregates, arithmetic and hashing (no 128-bit integer lanes);
//  - grouped aggregates (scattered read-modify-write of group states; SIMD gains nothing
//    without conflict detection; a lane-private-accumulator variant measured slower than
//    the reference's plain loop, bench/kernel_bench.cpp BM_GroupedSumInt64);
//  - gathers (hardware gathers are no faster than scalar loads for random indices).
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "kernels/cpu/simd_kernels.cpp"
#include "hwy/foreach_target.h"  // IWYU pragma: keep

#include "hwy/highway.h"
#include "kernels/cpu/simd_kernels.h"

HWY_BEFORE_NAMESPACE();
namespace orbit::simd::HWY_NAMESPACE {

int64_t CompiledTarget() { return HWY_TARGET; }

}  // namespace orbit::simd::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>

#include "hwy/targets.h"

namespace orbit {
namespace simd {
namespace {

HWY_EXPORT(CompiledTarget);

KernelTable BuildSimdTable(std::string name) {
  KernelTable table = ReferenceKernels();
  table.backend = std::move(name);
  FillFilterKernels(&table);
  FillAggregateKernels(&table);
  FillArithmeticKernels(&table);
  FillHashKernels(&table);
  FillSelectionKernels(&table);
  FillVectorKernels(&table);
  FillTopKKernels(&table);
  FillGraphKernels(&table);
  FillMathKernels(&table);
  return table;
}

// ORBIT_SIMD_TARGET=AVX2 (or SSE4, AVX3, ...): the best target Highway may dispatch to.
// Every better target is disabled for the whole process, once, before the first dispatch:
// valgrind 3.19 cannot run AVX-512, and bench/regress counts instructions of one fixed
// target. A CPU without the named target keeps its own best one below it.
void LimitTargetsFromEnvironment() {
  static std::once_flag once;
  std::call_once(once, [] {
    const char* name = std::getenv("ORBIT_SIMD_TARGET");
    if (name == nullptr || *name == '\0') return;
    int64_t better = 0;
    for (int bit = 0; bit < 63; ++bit) {
      const int64_t target = int64_t{1} << bit;
      if (std::strcmp(hwy::TargetName(target), name) == 0) {
        hwy::DisableTargets(better);
        return;
      }
      better |= target;  // on every architecture a lower bit is a better target
    }
    std::fprintf(
        stderr, "orbit: ORBIT_SIMD_TARGET='%s' is not a Highway target (AVX3, AVX2, SSE4, NEON, ...); ignored\n", name);
  });
}

int64_t DispatchedTarget() {
  LimitTargetsFromEnvironment();
  return HWY_DYNAMIC_DISPATCH(CompiledTarget)();
}

}  // namespace

std::vector<KernelTable> SimdKernelsForEachTarget() {
  LimitTargetsFromEnvironment();
  std::vector<KernelTable> tables;
  for (int64_t target : hwy::SupportedAndGeneratedTargets()) {
    hwy::SetSupportedTargetsForTest(target);
    tables.push_back(BuildSimdTable(std::string("cpu-simd/") + hwy::TargetName(target)));
  }
  hwy::SetSupportedTargetsForTest(0);
  return tables;
}

}  // namespace simd

const KernelTable& SimdKernels() {
  static const KernelTable table = [] {
    simd::LimitTargetsFromEnvironment();
    return simd::BuildSimdTable("cpu-simd");
  }();
  return table;
}

std::string CpuSimdTargetName() { return hwy::TargetName(simd::DispatchedTarget()); }

}  // namespace orbit
#endif
