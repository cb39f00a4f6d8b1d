// Kernel microbenchmarks: SIMD vs reference for int64 and double filters, SUM and decay, in cache
// (16K rows) and out of cache (64M rows), beside a large memcpy that measures this
// machine's memory bandwidth (copy, and read-only scan) in the same run. Every benchmark reports bytes moved (read +
// written) per second, so a kernel's figure divides directly by the copy's.
// scripts/bench-kernels runs this and writes bench/results/kernels.json.
#include <benchmark/benchmark.h>

#include <cstring>
#include <map>
#include <memory>
#include <new>
#include <random>

#include "kernels/kernel_families.h"
#include "kernels/kernel_table.h"

namespace orbit {
namespace {

constexpr size_t kInCacheRows = 16 * 1024;
constexpr size_t kOutOfCacheRows = 64 * 1024 * 1024;

template <typename T>
struct AlignedFree {
  void operator()(T* p) const { ::operator delete(p, std::align_val_t(64)); }
};

template <typename T>
using AlignedArray = std::unique_ptr<T[], AlignedFree<T>>;

template <typename T>
AlignedArray<T> Allocate(size_t n) {
  return AlignedArray<T>(static_cast<T*>(::operator new(n * sizeof(T), std::align_val_t(64))));
}

/// n values uniform in [0, 1000), made once per type and size and kept for every benchmark.
template <typename T>
const T* Values(size_t n) {
  static std::map<size_t, AlignedArray<T>> cache;
  auto& values = cache[n];
  if (!values) {
    values = Allocate<T>(n);
    std::mt19937_64 random(42);
    for (size_t i = 0; i < n; ++i) values[i] = static_cast<T>(random() % 1000);
  }
  return values.get();
}

const KernelTable& Backend(int64_t simd) { return simd ? SimdKernels() : ReferenceKernels(); }

/// values < 500: half the rows pass, the hardest case for a branchy loop. Bytes counted:
/// the values read and the row indices written.
template <typename T>
void BM_FilterLessThan(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  const auto& filters = FiltersOf<T>(Backend(state.range(1)));
  const T* values = Values<T>(n);
  auto out = Allocate<uint32_t>(n);
  size_t selected = 0;
  for (auto _ : state) {
    selected = filters.compare_constant(values, nullptr, n, nullptr, 0, CompareOp::kLt, T{500}, out.get());
    benchmark::DoNotOptimize(out.get());
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * (n * sizeof(T) + selected * sizeof(uint32_t))));
  state.counters["selected_fraction"] = static_cast<double>(selected) / static_cast<double>(n);
}

/// SUM of every value (no NULLs). Bytes counted: the values read.
template <typename T>
void BM_Sum(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  const KernelTable& table = Backend(state.range(1));
  const T* values = Values<T>(n);
  for (auto _ : state) {
    int64_t count = 0;
    SumTypeOf<T> sum = 0;
    benchmark::DoNotOptimize(AggregatesOf<T>(table).sum(values, nullptr, n, &sum, &count));
    benchmark::DoNotOptimize(sum);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * n * sizeof(T)));
}

/// Grouped SUM of int64 into int128 states over a vector of 2048 rows spread over 4 groups
/// (TPC-H Q1's shape), without and with a validity bitmap (one NULL in 64 rows).
void BM_GroupedSumInt64(benchmark::State& state) {
  constexpr size_t kRows = 2048;
  const KernelTable& table = Backend(state.range(0));
  const int64_t* values = Values<int64_t>(kRows);
  std::vector<uint32_t> groups(kRows);
  std::mt19937 random(7);
  for (auto& g : groups) g = random() % 4;
  std::vector<uint8_t> validity(kRows / 8, 0xff);
  for (size_t i = 0; i < kRows; i += 64) validity[i / 8] &= 0xfe;
  const uint8_t* bits = state.range(1) ? validity.data() : nullptr;
  int128_t sums[4] = {};
  int64_t counts[4] = {};
  for (auto _ : state) {
    benchmark::DoNotOptimize(table.grouped_i64.sum(values, bits, groups.data(), kRows, sums, counts));
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kRows));
}

/// The machine's memory bandwidth: memcpy of a large buffer. Bytes counted: read + written.
void BM_MemoryCopy(benchmark::State& state) {
  const size_t bytes = static_cast<size_t>(state.range(0)) * sizeof(int64_t);
  const auto* source = reinterpret_cast<const char*>(Values<int64_t>(static_cast<size_t>(state.range(0))));
  auto target = Allocate<char>(bytes);
  std::memset(target.get(), 0, bytes);  // fault the pages in before timing
  for (auto _ : state) {
    std::memcpy(target.get(), source, bytes);
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * 2 * bytes));
}

/// The machine's read bandwidth: memchr (libc's vectorised scan) for a byte that is not
/// there, so every byte is read once. Bytes counted: read.
void BM_MemoryRead(benchmark::State& state) {
  const size_t bytes = static_cast<size_t>(state.range(0)) * sizeof(int64_t);
  auto buffer = Allocate<char>(bytes);
  std::memset(buffer.get(), 1, bytes);
  for (auto _ : state) benchmark::DoNotOptimize(std::memchr(buffer.get(), 0, bytes));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
}

/// decay(value, elapsed, 30) over value and elapsed columns in [0, 1000) (bench/decay.py is
/// the SQL figure against NumPy). Bytes counted: both columns read and the result written.
void BM_Decay(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  const MathKernels& math = Backend(state.range(1)).math;
  const double* value = Values<double>(n);
  const double* elapsed = Values<double>(n) + 1;  // another column in effect: shifted by a row
  const double half_life = 30;
  auto out = Allocate<double>(n);
  for (auto _ : state) {
    benchmark::DoNotOptimize(math.decay(value, false, elapsed, false, &half_life, true, nullptr, n - 1, out.get()));
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * (n - 1) * 3 * sizeof(double)));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * (n - 1)));
}

void SizesAndBackends(benchmark::internal::Benchmark* b) {
  b->ArgNames({"rows", "simd"});
  for (int64_t rows : {static_cast<int64_t>(kInCacheRows), static_cast<int64_t>(kOutOfCacheRows)}) {
    for (int64_t simd : {0, 1}) b->Args({rows, simd});
  }
}

BENCHMARK(BM_MemoryCopy)->ArgName("rows")->Arg(kOutOfCacheRows);
BENCHMARK(BM_MemoryRead)->ArgName("rows")->Arg(kOutOfCacheRows);
BENCHMARK(BM_FilterLessThan<int64_t>)->Apply(SizesAndBackends);
BENCHMARK(BM_FilterLessThan<double>)->Apply(SizesAndBackends);
BENCHMARK(BM_Sum<int64_t>)->Apply(SizesAndBackends);
BENCHMARK(BM_Sum<double>)->Apply(SizesAndBackends);
BENCHMARK(BM_Decay)->Apply(SizesAndBackends);
BENCHMARK(BM_GroupedSumInt64)->ArgNames({"simd", "validity"})->ArgsProduct({{0, 1}, {0, 1}});

}  // namespace
}  // namespace orbit

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  benchmark::AddCustomContext("simd_target", orbit::CpuSimdTargetName());
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
