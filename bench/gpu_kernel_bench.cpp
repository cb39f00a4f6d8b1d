// GPU kernel benchmarks, the orbit_gpu_bench program (scripts/gpu-check runs it on a
// machine with a CUDA device): filter and SUM over 128M rows, and 1:N float32 cosine over
// the same bytes as rows of 384 (bench/gpu_report.py does not tabulate it yet; its figures
// are in the raw JSON), through the CUDA backend's KernelTable, beside the CPU engine's
// SIMD kernels on the same rows (on one thread, and on every core: threads:0), each GPU
// figure as a fraction of the bandwidth that bounds it, measured on the same device in the
// same run:
//  - resident (warm): the column is already in device memory (a pipeline session made it
//    resident before timing); figure / measured device-to-device copy bandwidth;
//  - from host (cold): every call copies the column host->device first;
//    figure / measured host->device (PCIe) bandwidth.
// The filter passes 1% of rows, so the row indices copied back stay small beside the input.
// Without a CUDA device every benchmark reports an error with the reason, never a number.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <memory>
#include <new>
#include <random>
#include <thread>
#include <vector>

#include "devices/cuda/cuda_device.h"
#include "devices/device_registry.h"
#include "kernels/kernel_families.h"
#include "kernels/kernel_table.h"

namespace orbit {
namespace {

constexpr size_t kGpuRows = size_t{128} << 20;
constexpr int64_t kFilterLimit = 10;  // values are uniform in [0, 1000): 1% pass

template <typename T>
const T* GpuValues() {
  static std::unique_ptr<T[]> values = [] {
    std::unique_ptr<T[]> v(new T[kGpuRows]);
    std::mt19937_64 random(42);
    for (size_t i = 0; i < kGpuRows; ++i) v[i] = static_cast<T>(random() % 1000);
    return v;
  }();
  return values.get();
}

const cuda::CudaDevice* GpuOrSkip(benchmark::State& state) {
  const auto* device = dynamic_cast<const cuda::CudaDevice*>(DeviceRegistry::Instance().FirstOfKind(DeviceKind::kCuda));
  if (device == nullptr || CudaKernelsIfPresent() == nullptr) {
    state.SkipWithError(("no CUDA device: " + DeviceRegistry::Instance().AbsenceReason("cuda")).c_str());
  }
  return device;
}

/// Runs `kernel` (one pass over all rows) on the backend, with the column resident on the
/// device (resident = 1: a session holds it, copied once before timing) or copied from the
/// host by every call; reports bytes read per second and the fraction of the bound.
template <typename T, typename Kernel>
void RunGpu(benchmark::State& state, Kernel kernel, size_t extra_bytes_per_call) {
  const cuda::CudaDevice* device = GpuOrSkip(state);
  if (device == nullptr) return;
  const bool resident = state.range(0) != 0;
  const T* values = GpuValues<T>();
  const size_t bytes = kGpuRows * sizeof(T);
  std::unique_ptr<DeviceSession> session;
  if (resident) {
    auto opened = device->OpenSession(FaultPlan{});
    if (!opened.ok()) return state.SkipWithError(opened.status().ToString().c_str());
    session = std::move(*opened);
    session->AddPipelineInput(values, bytes);
  }
  ScopedDeviceSession scope(session.get());
  kernel(*CudaKernelsIfPresent(), values);  // warm-up; copies the resident column once
  for (auto _ : state) kernel(*CudaKernelsIfPresent(), values);
  const std::string failure =
      session ? (session->failed() ? session->failure().ToString() : "") : CudaKernelsIfPresent()->take_failure();
  if (!failure.empty()) return state.SkipWithError(("the GPU failed; not a GPU figure: " + failure).c_str());
  const double bytes_per_call = static_cast<double>(bytes + extra_bytes_per_call);
  state.SetBytesProcessed(static_cast<int64_t>(static_cast<double>(state.iterations()) * bytes_per_call));
  const cuda::CudaBandwidth& bandwidth = device->bandwidth();
  const double bound = resident ? bandwidth.device : bandwidth.to_device;
  state.counters["bound_GBps"] = bound / 1e9;
  state.counters["fraction_of_bound"] =
      benchmark::Counter(bytes_per_call / bound, benchmark::Counter::kIsIterationInvariantRate);
}

template <typename T>
void BM_GpuSum(benchmark::State& state) {
  RunGpu<T>(
      state,
      [](const KernelTable& table, const T* values) {
        int64_t count = 0;
        SumTypeOf<T> sum = 0;
        benchmark::DoNotOptimize(AggregatesOf<T>(table).sum(values, nullptr, kGpuRows, &sum, &count));
      },
      0);
}

template <typename T>
void BM_GpuFilter(benchmark::State& state) {
  static std::unique_ptr<uint32_t[]> out(new uint32_t[kGpuRows]);
  RunGpu<T>(
      state,
      [](const KernelTable& table, const T* values) {
        benchmark::DoNotOptimize(FiltersOf<T>(table).compare_constant(values, nullptr, kGpuRows, nullptr, 0,
                                                                      CompareOp::kLt, T{kFilterLimit}, out.get()));
      },
      kGpuRows / 100 * sizeof(uint32_t));
}

/// 1:N cosine similarity of one float32 query against the 128M floats read as rows of 384
/// (349,525 rows); bytes counted: the rows read and one double score per row written back.
constexpr size_t kCosineDim = 384;
constexpr size_t kCosineRows = kGpuRows / kCosineDim;

const std::vector<float>& CosineQuery() {
  static const std::vector<float> query = [] {
    std::vector<float> q(kCosineDim);
    for (size_t j = 0; j < kCosineDim; ++j) q[j] = static_cast<float>(j % 7) - 3.0f;
    return q;
  }();
  return query;
}

void BM_GpuCosine(benchmark::State& state) {
  static std::unique_ptr<double[]> scores(new double[kCosineRows]);
  RunGpu<float>(
      state,
      [](const KernelTable& table, const float* values) {
        table.vector_f32.cosine_similarity(CosineQuery().data(), 0, values, kCosineDim, kCosineDim, kCosineRows,
                                           scores.get());
        benchmark::DoNotOptimize(scores.get());
      },
      kCosineRows * sizeof(double));
}

/// Threads of a CPU peer: the benchmark's argument, 0 = every core of the machine.
unsigned PeerThreads(const benchmark::State& state) {
  return state.range(0) > 0 ? static_cast<unsigned>(state.range(0)) : std::max(1u, std::thread::hardware_concurrency());
}

/// Runs part(begin, end) over [0, kGpuRows) split evenly across `threads` threads.
template <typename Part>
void OnThreads(unsigned threads, Part part) {
  std::vector<std::thread> workers;
  const size_t per = (kGpuRows + threads - 1) / threads;
  for (unsigned t = 0; t < threads; ++t) {
    const size_t begin = std::min(kGpuRows, per * t), end = std::min(kGpuRows, begin + per);
    workers.emplace_back([=] { part(begin, end); });
  }
  for (std::thread& worker : workers) worker.join();
}

/// The CPU engine's SIMD kernels on the same rows, the peer of the GPU figures: on one
/// thread and on every core (each thread a slice of the rows, as the engine's morsels are).
template <typename T>
void BM_CpuSum(benchmark::State& state) {
  const T* values = GpuValues<T>();
  const unsigned threads = PeerThreads(state);
  for (auto _ : state) {
    OnThreads(threads, [values](size_t begin, size_t end) {
      int64_t count = 0;
      SumTypeOf<T> sum = 0;
      benchmark::DoNotOptimize(AggregatesOf<T>(SimdKernels()).sum(values + begin, nullptr, end - begin, &sum, &count));
    });
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * kGpuRows * sizeof(T)));
  state.counters["threads"] = threads;
}

template <typename T>
void BM_CpuFilter(benchmark::State& state) {
  const T* values = GpuValues<T>();
  const unsigned threads = PeerThreads(state);
  std::unique_ptr<uint32_t[]> out(new uint32_t[kGpuRows]);
  for (auto _ : state) {
    OnThreads(threads, [values, selected = out.get()](size_t begin, size_t end) {
      benchmark::DoNotOptimize(FiltersOf<T>(SimdKernels())
                                   .compare_constant(values + begin, nullptr, end - begin, nullptr, 0, CompareOp::kLt,
                                                     T{kFilterLimit}, selected + begin));
    });
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * kGpuRows * (sizeof(T) + sizeof(uint32_t) / 100)));
  state.counters["threads"] = threads;
}

BENCHMARK(BM_GpuSum<int64_t>)->ArgName("resident")->Arg(1)->Arg(0)->UseRealTime();
BENCHMARK(BM_GpuSum<double>)->ArgName("resident")->Arg(1)->Arg(0)->UseRealTime();
BENCHMARK(BM_GpuFilter<int64_t>)->ArgName("resident")->Arg(1)->Arg(0)->UseRealTime();
BENCHMARK(BM_GpuFilter<double>)->ArgName("resident")->Arg(1)->Arg(0)->UseRealTime();
/// The CPU engine's SIMD cosine on the same rows: the peer of BM_GpuCosine.
void BM_CpuCosine(benchmark::State& state) {
  const float* values = GpuValues<float>();
  const unsigned threads = PeerThreads(state);
  std::unique_ptr<double[]> scores(new double[kCosineRows]);
  for (auto _ : state) {
    std::vector<std::thread> workers;
    const size_t per = (kCosineRows + threads - 1) / threads;
    for (unsigned t = 0; t < threads; ++t) {
      const size_t begin = std::min(kCosineRows, per * t), end = std::min(kCosineRows, begin + per);
      workers.emplace_back([&, begin, end] {
        SimdKernels().vector_f32.cosine_similarity(CosineQuery().data(), 0, values + begin * kCosineDim, kCosineDim,
                                                   kCosineDim, end - begin, scores.get() + begin);
      });
    }
    for (std::thread& worker : workers) worker.join();
  }
  state.SetBytesProcessed(
      static_cast<int64_t>(state.iterations() * kCosineRows * (kCosineDim * sizeof(float) + sizeof(double))));
  state.counters["threads"] = threads;
}

BENCHMARK(BM_GpuCosine)->ArgName("resident")->Arg(1)->Arg(0)->UseRealTime();
BENCHMARK(BM_CpuCosine)->ArgName("threads")->Arg(1)->Arg(0)->UseRealTime();
BENCHMARK(BM_CpuSum<int64_t>)->ArgName("threads")->Arg(1)->Arg(0)->UseRealTime();
BENCHMARK(BM_CpuSum<double>)->ArgName("threads")->Arg(1)->Arg(0)->UseRealTime();
BENCHMARK(BM_CpuFilter<int64_t>)->ArgName("threads")->Arg(1)->Arg(0)->UseRealTime();
BENCHMARK(BM_CpuFilter<double>)->ArgName("threads")->Arg(1)->Arg(0)->UseRealTime();

}  // namespace
}  // namespace orbit
