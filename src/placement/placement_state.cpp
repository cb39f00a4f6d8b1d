#include "placement/placement_state.h"

#include <cstdlib>
#include <iostream>
#include <vector>

#include "kernels/kernel_table.h"
#include "placement/cache_directory.h"
#include "placement/calibration.h"

namespace orbit {

namespace {

std::mutex global_mutex;
PlacementState* global_state = nullptr;  // leaked on purpose: flushed at exit, never destroyed

constexpr int64_t kFlushSamples = 64;
constexpr std::chrono::seconds kFlushInterval{1};

std::string DatabasePath() {
  const std::string dir = PlacementCacheDirectory();
  return dir.empty() ? "" : dir + "/performance.json";
}

}  // namespace

PlacementState::PlacementState(const ExplorationPolicy& policy)
    : database_(std::make_unique<PerformanceDatabase>(DatabasePath())),
      explorer_(std::make_unique<Explorer>(policy)),
      last_flush_(std::chrono::steady_clock::now()) {}

PlacementState& PlacementState::Global() {
  std::lock_guard lock(global_mutex);
  if (global_state == nullptr) {
    global_state = new PlacementState(ExplorationPolicy::FromEnvironment());
    std::atexit([] {
      std::lock_guard exit_lock(global_mutex);
      if (global_state != nullptr) global_state->Flush();
    });
  }
  return *global_state;
}

void PlacementState::Reset() { Reset(ExplorationPolicy::FromEnvironment()); }

void PlacementState::Reset(const ExplorationPolicy& policy) {
  Global().Flush();
  std::lock_guard lock(global_mutex);
  // The old instance may still be referenced by a placement in flight elsewhere in a test
  // binary; it is small, so it is kept (listed, so leak checkers see it is still owned)
  // rather than freed.
  static auto* retired = new std::vector<PlacementState*>();
  retired->push_back(global_state);
  global_state = new PlacementState(policy);
}

DeviceFigures PlacementState::Figures(const Device& device, bool calibrate_host_if_missing) {
  std::lock_guard lock(mutex_);
  if (!figures_loaded_) {
    figures_ = LoadCalibration(CalibrationFilePath());
    figures_loaded_ = true;
  }
  auto it = figures_.find(device.id());
  if (it != figures_.end() && it->second.device_name == device.name()) return it->second;
  if (device.kind() == DeviceKind::kCpu && calibrate_host_if_missing) {
    // Small inputs, few repetitions: rough, but the CPU's own, and the history refines it.
    auto quick = CalibrateDevice(device, SimdKernels(), {1 << 16, 3});
    if (quick.ok()) {
      quick->source = "quick calibration on first use";
      figures_[device.id()] = *quick;
      (void)SaveCalibration(CalibrationFilePath(), {{device.id(), *quick}});  // next process reuses it
      return *quick;
    }
  }
  return device.kind() == DeviceKind::kCpu ? DefaultHostFigures(device.id(), device.name())
                                           : DefaultAcceleratorFigures(device.id(), device.name());
}

void PlacementState::SetFigures(const DeviceFigures& figures) {
  std::lock_guard lock(mutex_);
  figures_loaded_ = true;
  figures_[figures.device_id] = figures;
}

int PlacementState::InFlight(const std::string& device) {
  std::lock_guard lock(mutex_);
  auto it = in_flight_.find(device);
  return it == in_flight_.end() ? 0 : it->second;
}

void PlacementState::AddInFlight(const std::string& device, int delta) {
  std::lock_guard lock(mutex_);
  in_flight_[device] += delta;
}

bool PlacementState::MarkUsed(const std::string& device) {
  std::lock_guard lock(mutex_);
  return used_.insert(device).second;
}

bool PlacementState::Used(const std::string& device) {
  std::lock_guard lock(mutex_);
  return used_.count(device) > 0;
}

void PlacementState::FlushIfDue() {
  {
    std::lock_guard lock(mutex_);
    const bool due = database_->pending_samples() >= kFlushSamples ||
                     std::chrono::steady_clock::now() - last_flush_ >= kFlushInterval;
    if (!due) return;
  }
  Flush();
}

void PlacementState::Flush() {
  std::lock_guard lock(mutex_);
  last_flush_ = std::chrono::steady_clock::now();
  Status status = database_->Flush();
  if (!status.ok() && !flush_error_reported_) {
    flush_error_reported_ = true;
    std::cerr << "orbit: warning: measured pipeline times are not saved: " << status.ToString() << '\n';
  }
}

}  // namespace orbit
