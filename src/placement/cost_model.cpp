#include "placement/cost_model.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace orbit {

namespace {

std::string Millis(double seconds) { return fmt::format("{:.3f}", seconds * 1e3); }

constexpr double kPriorSamples = 2.0;

}  // namespace

double PipelineProfile::kernel_calls(bool on_host) const {
  double per_vector = 0;
  for (double c : calls_per_vector) per_vector += c;
  return per_vector * static_cast<double>(on_host ? vectors : device_vectors);
}

PipelineProfile PipelineProfile::Scaled(double new_rows) const {
  PipelineProfile scaled = *this;
  const double factor = rows > 0 ? new_rows / static_cast<double>(rows) : 0.0;
  scaled.rows = static_cast<int64_t>(std::llround(new_rows));
  scaled.input_bytes = static_cast<int64_t>(std::llround(static_cast<double>(input_bytes) * factor));
  auto scale = [&](int64_t count) {
    return std::max<int64_t>(new_rows > 0 ? 1 : 0, std::llround(static_cast<double>(count) * factor));
  };
  scaled.vectors = scale(vectors);
  scaled.device_vectors = scale(device_vectors);
  return scaled;
}

Prediction ModelPrediction(const PipelineProfile& profile, const CandidateDevice& device) {
  const DeviceFigures& f = device.figures;
  Prediction p;
  p.device = device.id;
  p.figures_measured = f.measured;
  if (!device.is_host && !device.shares_host_memory && f.link_bytes_per_second > 0) {
    p.transfer = static_cast<double>(profile.input_bytes) / f.link_bytes_per_second;
  }
  double per_row = 0;
  for (size_t i = 0; i < kKernelFamilyCount; ++i) per_row += profile.calls_per_vector[i] * f.seconds_per_row[i];
  p.compute = static_cast<double>(profile.rows) * per_row;
  p.latency = profile.kernel_calls(device.is_host) * f.launch_seconds + (device.is_host ? 0.0 : f.session_seconds);
  if (device.is_host) {
    // Morsels spread over the worker threads; an accelerator is one shared queue.
    const double threads = std::max(1, profile.parallelism);
    p.compute /= threads;
    p.latency /= threads;
  }
  p.setup = device.first_use ? f.setup_seconds : 0.0;
  p.load = device.in_flight * (p.compute + p.latency);
  p.model = p.transfer + p.compute + p.latency + p.setup + p.load;
  p.predicted = p.model;
  return p;
}

Prediction Predict(const PipelineProfile& profile, const CandidateDevice& device, const PerformanceDatabase* db) {
  Prediction p = ModelPrediction(profile, device);
  if (db == nullptr) return p;
  auto stats = db->Lookup({profile.kind, device.id, SizeBucket(profile.rows)});
  if (!stats || stats->count == 0) return p;
  // Rescale the measured mean from the rows it was measured at to this input's rows with
  // the model's own shape (fixed costs stay fixed, per-row costs grow), without setup and
  // load, which the history's runs paid or not on their own.
  CandidateDevice steady = device;
  steady.first_use = false;
  steady.in_flight = 0;
  const double at_mean = ModelPrediction(profile.Scaled(stats->mean_rows), steady).model;
  const double here = ModelPrediction(profile, steady).model;
  const double scale = at_mean > 0 ? here / at_mean : 1.0;
  const double cv = stats->coefficient_of_variation();
  p.history_samples = stats->count;
  p.history_seconds = stats->mean_seconds * scale;
  p.history_variation = cv;
  p.history_weight =
      (static_cast<double>(stats->count) / (static_cast<double>(stats->count) + kPriorSamples)) / (1.0 + cv * cv);
  // Setup and load are this run's own circumstances, paid in full whatever history says.
  const double steady_model = p.model - p.setup - p.load;
  p.predicted = (1.0 - p.history_weight) * steady_model + p.history_weight * p.history_seconds + p.setup + p.load;
  return p;
}

bool Confident(const Prediction& p) {
  return p.history_samples >= kConfidentSamples && p.history_variation <= kConfidentVariation;
}

size_t Fastest(const std::vector<Prediction>& predictions) {
  size_t best = 0;
  for (size_t i = 1; i < predictions.size(); ++i) {
    if (predictions[i].predicted < predictions[best].predicted) best = i;
  }
  return best;
}

std::string Prediction::ToString() const {
  std::string terms = "compute " + Millis(compute);
  if (transfer > 0) terms = "transfer " + Millis(transfer) + " + " + terms;
  if (latency > 0) terms += " + latency " + Millis(latency);
  if (setup > 0) terms += " + first use " + Millis(setup);
  if (load > 0) terms += " + load " + Millis(load);
  std::string text = fmt::format("{} {} ms ({}{}", device, Millis(predicted), terms,
                                 figures_measured ? "" : "; uncalibrated defaults");
  if (history_samples > 0) {
    text += fmt::format("; history {} run{}: {} ms, weight {:.2f}", history_samples, history_samples == 1 ? "" : "s",
                        Millis(history_seconds), history_weight);
  }
  return text + ")";
}

}  // namespace orbit
