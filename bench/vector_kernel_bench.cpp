// Vector similarity benchmarks (part of orbit_kernel_bench): 1:N cosine of one float32
// query against 1M rows of 384 and 768 dimensions, per kernel backend present, alone and
// fused with a top-10 per 2048-row morsel (what the executor's top-k scan does). Bytes
// counted: the rows' values read (the query stays in cache) plus the scores written, so a
// figure divides directly by BM_MemoryRead's read bandwidth from the same run.
// BM_CosineOneToN checks its scores against the reference's after timing
// (answers_within_bound). bench/vector_report.py runs these and writes
// bench/results/vector_kernels.json.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>

#include <memory>
#include <new>
#include <random>
#include <string>
#include <vector>

#include "kernels/kernel_registry.h"
#include "kernels/kernel_table.h"

namespace orbit {
namespace {

constexpr int64_t kRows = 1000000;
constexpr size_t kMorselRows = 2048;
constexpr size_t kTopK = 10;
const char* const kBackends[] = {"reference", "cpu-simd", "opencl", "cuda"};

struct AlignedDelete {
  void operator()(float* p) const { ::operator delete (p, std::align_val_t{64}); }
};

/// rows * dim float32 values uniform in [-1, 1), made once per shape and kept for every
/// benchmark (a cheap generator: 768M values must not take longer than the runs).
const float* Embeddings(size_t rows, size_t dim) {
  static std::unique_ptr<float, AlignedDelete> cached;
  static size_t cached_values = 0;
  const size_t values = rows * dim;
  if (cached_values != values) {
    cached.reset();  // one shape at a time: 1M x 768 floats is 3 GB
    cached.reset(static_cast<float*>(::operator new (values * sizeof(float), std::align_val_t{64})));
    std::mt19937_64 random(42);
    for (size_t i = 0; i < values; ++i) cached.get()[i] = static_cast<float>(random() >> 40) * 0x1p-23f - 1.0f;
    cached_values = values;
  }
  return cached.get();
}

std::vector<float> Query(size_t dim) {
  std::mt19937_64 random(7);
  std::normal_distribution<float> normal;
  std::vector<float> query(dim);
  for (float& v : query) v = normal(random);
  return query;
}

const KernelTable* BackendOrSkip(benchmark::State& state) {
  const char* name = kBackends[state.range(0)];
  const KernelTable* table = FindKernelBackend(name);
  if (table == nullptr) state.SkipWithError((std::string(name) + " backend not present on this machine").c_str());
  state.SetLabel(name);
  return table;
}

void SetBytes(benchmark::State& state, size_t rows, size_t dim) {
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * rows * (dim * sizeof(float) + sizeof(double))));
  state.counters["rows_per_second"] =
      benchmark::Counter(static_cast<double>(state.iterations() * rows), benchmark::Counter::kIsRate);
}

/// Scores of every row in one call.
void BM_CosineOneToN(benchmark::State& state) {
  const KernelTable* table = BackendOrSkip(state);
  if (table == nullptr) return;
  const size_t rows = static_cast<size_t>(state.range(2)), dim = static_cast<size_t>(state.range(1));
  const float* embeddings = Embeddings(rows, dim);
  const std::vector<float> query = Query(dim);
  std::vector<double> scores(rows);
  for (auto _ : state) {
    table->vector_f32.cosine_similarity(query.data(), 0, embeddings, dim, dim, rows, scores.data());
    benchmark::DoNotOptimize(scores.data());
    benchmark::ClobberMemory();
  }
  if (table->take_failure != nullptr) {
    const std::string failure = table->take_failure();
    if (!failure.empty()) return state.SkipWithError(("device failed, reference answered: " + failure).c_str());
  }
  SetBytes(state, rows, dim);
  if (table == &ReferenceKernels()) return;
  // The answers, checked after timing: every score within the cosine bound (2e-6) of the
  // reference's (kernel_table.h). 1 when all are, 0 when any is not.
  std::vector<double> expected(rows);
  ReferenceKernels().vector_f32.cosine_similarity(query.data(), 0, embeddings, dim, dim, rows, expected.data());
  bool within = true;
  for (size_t i = 0; i < rows && within; ++i) within = std::fabs(scores[i] - expected[i]) <= 2e-6;
  state.counters["answers_within_bound"] = within ? 1 : 0;
}

/// Per morsel of 2048 rows: scores, then folded into one top-10 state (descending).
void BM_CosineTop10(benchmark::State& state) {
  const KernelTable* table = BackendOrSkip(state);
  if (table == nullptr) return;
  const size_t rows = static_cast<size_t>(state.range(2)), dim = static_cast<size_t>(state.range(1));
  const float* embeddings = Embeddings(rows, dim);
  const std::vector<float> query = Query(dim);
  std::vector<double> scores(kMorselRows), best_scores(kTopK);
  std::vector<int64_t> best_ids(kTopK);
  for (auto _ : state) {
    size_t count = 0;
    for (size_t begin = 0; begin < rows; begin += kMorselRows) {
      const size_t n = std::min(kMorselRows, rows - begin);
      table->vector_f32.cosine_similarity(query.data(), 0, embeddings + begin * dim, dim, dim, n, scores.data());
      count = table->top_k.update(scores.data(), nullptr, static_cast<int64_t>(begin), n, kTopK, TopKOrder::kDescending,
                                  best_scores.data(), best_ids.data(), count);
    }
    benchmark::DoNotOptimize(best_ids.data());
  }
  SetBytes(state, rows, dim);
}

template <int64_t kDim>
void Shape(benchmark::internal::Benchmark* b) {
  b->ArgNames({"backend", "dim", "rows"});
  for (int64_t backend = 0; backend < static_cast<int64_t>(std::size(kBackends)); ++backend) {
    b->Args({backend, kDim, kRows});
  }
  b->Unit(benchmark::kMillisecond)->UseRealTime();
}

// One dimension after the other, so the 1M-row embeddings are generated once per shape.
BENCHMARK(BM_CosineOneToN)->Apply(Shape<384>);
BENCHMARK(BM_CosineTop10)->Apply(Shape<384>);
BENCHMARK(BM_CosineOneToN)->Apply(Shape<768>);
BENCHMARK(BM_CosineTop10)->Apply(Shape<768>);

}  // namespace
}  // namespace orbit
