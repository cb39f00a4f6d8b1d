// The cost model (DESIGN rules 2 and 3): the predicted time of one pipeline on each
// candidate device, and the choice among them.
//
//   model = transfer   input bytes / link bandwidth (0 on the host: the data is there)
//         + compute    rows x sum over kernel families of (calls per row x per-row cost),
//                      divided over the worker threads on the host
//         + latency    kernel calls x launch cost, plus the device's fixed cost per pipeline
//         + setup      the device's first use in this process (program load)
//         + load       pipelines already in flight on the device x this one's own work
//
// History corrects the model where the performance database has measured this pipeline
// kind on the device at this size: the mean measured time, rescaled by the model from the
// mean measured row count to this input's, is blended in with weight n / (n + 2), shrunk
// when the samples disagree (weight / (1 + cv^2)). With no history the model stands alone.
//
// `auto` takes the smallest prediction among healthy devices, except when the explorer
// (exploration.h) decides to measure a less-known device instead.
#pragma once

#include <string>
#include <vector>

#include "placement/device_figures.h"
#include "placement/performance_database.h"

namespace orbit {

/// What placement needs to know of a pipeline, computed by the executor from its operators.
struct PipelineProfile {
  std::string kind;            // the operators' names, e.g. "TableScan|Filter|Aggregate"
  int64_t rows = 0;            // rows the source reads
  int64_t input_bytes = 0;     // bytes of the scanned columns: what a device copies once
  int64_t vectors = 0;         // host chunks the rows are read in; each runs every kernel once
  int64_t device_vectors = 0;  // the same on an accelerator, whose chunks are wider
  int parallelism = 1;         // host threads that can work on it at once
  std::array<double, kKernelFamilyCount> calls_per_vector{};  // kernel calls, by family
  std::string host_only;  // work no device kernel does (KernelCalls::host_only): runs on the CPU

  double kernel_calls(bool on_host) const;
  /// The same pipeline over `rows` rows (sizes scaled in proportion).
  PipelineProfile Scaled(double rows) const;
};

struct CandidateDevice {
  std::string id;
  bool is_host = false;
  bool shares_host_memory = false;  // reads the columns in place: no transfer
  DeviceFigures figures;
  int in_flight = 0;       // pipelines running on it now
  bool first_use = false;  // not used yet by this process: pays setup_seconds
};

struct Prediction {
  std::string device;
  double transfer = 0, compute = 0, latency = 0, setup = 0, load = 0;
  double model = 0;  // the sum of the terms above
  int64_t history_samples = 0;
  double history_seconds = 0;  // measured mean, rescaled to this input
  double history_weight = 0;
  double history_variation = 0;  // coefficient of variation of the samples
  double predicted = 0;          // model blended with history
  bool figures_measured = false;

  /// "1.20 ms (transfer 0.40 + compute 0.30 + latency 0.50; history 5 runs: 1.10 ms)".
  std::string ToString() const;
};

/// Below this many samples, or above kConfidentVariation, an entry is not confident.
constexpr int64_t kConfidentSamples = 3;
constexpr double kConfidentVariation = 0.5;

/// The model alone (no history).
Prediction ModelPrediction(const PipelineProfile& profile, const CandidateDevice& device);
/// The model corrected by the database's entry for (profile.kind, device, bucket); `db`
/// may be null.
Prediction Predict(const PipelineProfile& profile, const CandidateDevice& device, const PerformanceDatabase* db);
/// True when the entry is confident enough that exploring it teaches little.
bool Confident(const Prediction& prediction);
/// Index of the smallest prediction (the first on ties); predictions must not be empty.
size_t Fastest(const std::vector<Prediction>& predictions);

}  // namespace orbit
