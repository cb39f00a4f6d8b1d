#include "placement/placement.h"

#include <chrono>

#include <fmt/format.h>

#include "devices/device_registry.h"
#include "placement/circuit_breaker.h"
#include "placement/placement_state.h"

namespace orbit {

namespace {

using Clock = std::chrono::steady_clock;

// The accelerator kinds SET device can name, each with the kernel table that runs on it
// (nullptr where no device of the kind exists). A CUDA backend is one more line.
struct AcceleratorBackend {
  const char* setting;
  DeviceKind kind;
  const KernelTable* (*kernels)();
};
constexpr AcceleratorBackend kAccelerators[] = {
    {"cuda", DeviceKind::kCuda, &CudaKernelsIfPresent},
    {"opencl", DeviceKind::kOpenCL, &OpenCLKernelsIfPresent},
};

CandidateDevice Candidate(const Device& device) {
  PlacementState& state = PlacementState::Global();
  CandidateDevice candidate;
  candidate.id = device.id();
  candidate.is_host = device.kind() == DeviceKind::kCpu;
  candidate.shares_host_memory = device.shares_host_memory();
  candidate.figures = state.Figures(device);
  candidate.in_flight = state.InFlight(candidate.id);
  candidate.first_use = !candidate.is_host && !state.Used(candidate.id);
  return candidate;
}

Prediction PredictOn(const Device& device, const PipelineProfile& profile) {
  return Predict(profile, Candidate(device), &PlacementState::Global().database());
}

/// `auto`: every healthy device with kernels is a candidate; the fastest prediction wins
/// unless the explorer measures the best less-known one instead.
Placement PlaceAutomatically(const PlacementRequest& request) {
  const DeviceRegistry& registry = DeviceRegistry::Instance();
  CircuitBreakers& breakers = CircuitBreakers::Global();
  // Kernel tables are fetched only for the device chosen: the first fetch of an
  // accelerator's table opens its driver, which a pipeline that stays on the CPU never needs.
  std::vector<std::pair<const Device*, const KernelTable* (*)()>> candidates{{&registry.host(), nullptr}};
  std::vector<std::string> excluded;
  for (const AcceleratorBackend& backend : kAccelerators) {
    const Device* device = registry.FirstOfKind(backend.kind);
    if (device == nullptr) continue;
    if (const std::string unavailable = device->unavailable_reason(); !unavailable.empty()) {
      excluded.push_back(fmt::format("{} (unavailable: {})", device->id(), unavailable));
    } else if (!breakers.Available(device->id())) {
      const BreakerSnapshot s = breakers.Snapshot(device->id());
      excluded.push_back(
          fmt::format("{} (circuit {} after {} failure(s){})", device->id(), BreakerStateName(s.state), s.failures,
                      s.state == BreakerState::kOpen ? fmt::format("; half-open in {:.1f} s", s.seconds_until_half_open)
                                                     : "; its probe is running"));
    } else {
      candidates.emplace_back(device, backend.kernels);
    }
  }
  Placement placement;
  placement.excluded = std::move(excluded);
  for (const auto& [device, kernels] : candidates) placement.predictions.push_back(PredictOn(*device, request.profile));
  size_t chosen = Fastest(placement.predictions);
  std::string why = candidates.size() == 1 && placement.excluded.empty()
                        ? "auto: the host CPU is the only device present"
                        : fmt::format("auto: {} predicted fastest", placement.predictions[chosen].device);
  if (!request.dry_run && candidates.size() > 1) {
    // The best of the others whose history is not yet confident.
    size_t other = candidates.size();
    for (size_t i = 0; i < candidates.size(); ++i) {
      if (i == chosen || Confident(placement.predictions[i])) continue;
      if (other == candidates.size() || placement.predictions[i].predicted < placement.predictions[other].predicted) {
        other = i;
      }
    }
    if (other != candidates.size()) {
      std::string note;
      if (PlacementState::Global().explorer().ShouldExplore(request.profile.rows,
                                                            placement.predictions[chosen].predicted,
                                                            placement.predictions[other].predicted, &note)) {
        why = fmt::format("auto: {} predicted fastest, but {} has little history: {}",
                          placement.predictions[chosen].device, placement.predictions[other].device, note);
        chosen = other;
        placement.explored = true;
      } else if (!note.empty()) {
        why += "; " + note;
      }
    }
  }
  placement.device = candidates[chosen].first;
  placement.kernels = candidates[chosen].second == nullptr ? CpuPlacement(request.kernel_setting, "").kernels
                                                           : candidates[chosen].second();
  if (placement.kernels == nullptr) {
    placement.excluded.push_back(placement.device->id() + " (its kernels could not be loaded)");
    why += "; " + placement.device->id() + " has no kernels, so the CPU runs it";
    placement.device = &registry.host();
    placement.kernels = CpuPlacement(request.kernel_setting, "").kernels;
    placement.explored = false;
  }
  placement.reason = std::move(why);
  return placement;
}

}  // namespace

const Prediction* Placement::chosen_prediction() const {
  if (device == nullptr) return nullptr;
  for (const Prediction& p : predictions) {
    if (p.device == device->id()) return &p;
  }
  return nullptr;
}

Status CheckDeviceSetting(const std::string& value) {
  if (value == "auto" || value == "cpu") return Status::OK();
  if (value == "cuda" || value == "opencl") {
    for (const auto& [kind, why] : DeviceRegistry::Instance().absent()) {
      if (kind == value) return Status::InvalidArgument("device '{}' is not available: {}", value, why);
    }
    return Status::OK();
  }
  return Status::InvalidArgument("unknown device '{}'; expected 'auto', 'cpu', 'cuda' or 'opencl'", value);
}

Status CheckKernelSetting(const std::string& value) {
  if (value == "auto" || value == "reference" || value == "simd") return Status::OK();
  return Status::InvalidArgument("unknown kernels setting '{}'; expected 'auto', 'simd' or 'reference'", value);
}

Status CheckFallbackSetting(const std::string& value) {
  if (value == "cpu" || value == "error") return Status::OK();
  return Status::InvalidArgument(
      "unknown fallback setting '{}'; expected 'cpu' (re-run a failed device pipeline on "
      "the CPU) or 'error'",
      value);
}

Placement CpuPlacement(const std::string& kernel_setting, std::string reason) {
  Placement placement;
  placement.device = &DeviceRegistry::Instance().host();
  placement.kernels = kernel_setting == "reference" ? &ReferenceKernels() : &SimdKernels();
  placement.reason = std::move(reason);
  return placement;
}

const KernelTable* KernelsForDevice(const Device& device) {
  if (device.kind() == DeviceKind::kCpu) return &SimdKernels();
  for (const AcceleratorBackend& backend : kAccelerators) {
    if (backend.kind == device.kind()) return backend.kernels();
  }
  return nullptr;
}

void PreparePlacement() {
  const DeviceRegistry& registry = DeviceRegistry::Instance();
  PlacementState::Global().Figures(registry.host());
  PlacementState::Global().database().Load();
}

Result<Placement> PlacePipeline(const PlacementRequest& request) {
  PreparePlacement();  // once-per-process work is not part of deciding
  const auto start = Clock::now();
  ORBIT_RETURN_IF_ERROR(CheckDeviceSetting(request.device_setting));
  ORBIT_RETURN_IF_ERROR(CheckKernelSetting(request.kernel_setting));
  PlacementRequest sized = request;
  if (sized.profile.rows == 0) sized.profile.rows = request.input_rows;
  const DeviceRegistry& registry = DeviceRegistry::Instance();
  auto finish = [&](Placement placement) {
    placement.profile = sized.profile;
    if (placement.predictions.empty()) placement.predictions.push_back(PredictOn(*placement.device, sized.profile));
    placement.placement_seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return placement;
  };
  if (request.kernel_setting == "reference") {
    return finish(CpuPlacement("reference", "kernels = 'reference' forces the scalar reference on the CPU"));
  }
  if (!sized.profile.host_only.empty() && request.device_setting != "cpu") {
    // No device has a kernel for it: a device run would do it on the host anyway, between
    // transfers, so the whole pipeline stays on the CPU (DESIGN rule 2), forced or not.
    return finish(CpuPlacement(
        request.kernel_setting,
        fmt::format(
            "{} runs on the host only, so the CPU runs the pipeline{}", sized.profile.host_only,
            request.device_setting == "auto" ? "" : fmt::format(" (device = '{}' set)", request.device_setting))));
  }
  for (const AcceleratorBackend& backend : kAccelerators) {
    if (request.device_setting != backend.setting) continue;
    const Device* device = registry.FirstOfKind(backend.kind);
    const KernelTable* kernels = backend.kernels();
    if (device == nullptr || kernels == nullptr) {
      return Status::InvalidArgument("device '{}' is not available: {}", backend.setting,
                                     registry.AbsenceReason(backend.setting));
    }
    Placement placement;
    placement.device = device;
    placement.kernels = kernels;
    placement.reason = fmt::format("device = '{}' forced", backend.setting);
    const BreakerSnapshot health = CircuitBreakers::Global().Snapshot(device->id());
    if (const std::string unavailable = device->unavailable_reason(); !unavailable.empty()) {
      // Not tried: opening the device fails at once, and the pipeline falls back like any other.
      placement.reason +=
          fmt::format(" but {} is unavailable ({}): the pipeline falls back to the CPU", device->id(), unavailable);
    } else if (health.state != BreakerState::kClosed) {
      placement.reason += fmt::format(" (circuit {} after {} failure(s); a failure re-runs on the CPU)",
                                      BreakerStateName(health.state), health.failures);
    }
    return finish(std::move(placement));
  }
  if (request.device_setting == "cpu") return finish(CpuPlacement(request.kernel_setting, "device = 'cpu' forced"));
  return finish(PlaceAutomatically(sized));
}

DeviceRunScope::DeviceRunScope(const Placement& placement) : device_(placement.device->id()) {
  PlacementState::Global().AddInFlight(device_, 1);
  if (placement.device->kind() != DeviceKind::kCpu) CircuitBreakers::Global().StartRun(device_);
}

DeviceRunScope::~DeviceRunScope() { PlacementState::Global().AddInFlight(device_, -1); }

void RecordPipelineSuccess(const Placement& placement, double seconds, int64_t device_launches) {
  PlacementState& state = PlacementState::Global();
  const std::string device = placement.device->id();
  state.explorer().AddMeasuredSeconds(seconds);
  const bool first_run = state.MarkUsed(device);
  if (placement.device->kind() != DeviceKind::kCpu)
    CircuitBreakers::Global().RecordSuccess(device, device_launches > 0);
  // Reference kernels are a debugging mode, and an accelerator's first run paid its setup:
  // neither says how fast this pipeline runs there.
  const bool typical = placement.kernels == nullptr || placement.kernels->backend != "reference";
  if (typical && !(first_run && placement.device->kind() != DeviceKind::kCpu) && !placement.profile.kind.empty()) {
    state.database().Record({placement.profile.kind, device, SizeBucket(placement.profile.rows)}, seconds,
                            placement.profile.rows);
  }
}

void RecordPipelineFailure(const Placement& placement, const std::string& why) {
  PlacementState::Global().MarkUsed(placement.device->id());
  CircuitBreakers::Global().RecordFailure(placement.device->id(), why);
}

}  // namespace orbit
