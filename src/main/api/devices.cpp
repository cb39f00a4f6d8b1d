// The device report and calibration behind `orbit devices` and `orbit calibrate`.
#include "orbit/devices.h"

#include <map>

#include <fmt/format.h>

#include "devices/device_registry.h"
#include "kernels/kernel_table.h"
#include "main/api/error_translation.h"
#include "placement/calibration.h"
#include "placement/circuit_breaker.h"
#include "placement/placement.h"
#include "placement/placement_state.h"

namespace orbit {

Expected<std::string> DescribeDevices() {
  return api::Guarded([]() -> Expected<std::string> {
    const auto& registry = DeviceRegistry::Instance();
    PlacementState& state = PlacementState::Global();
    std::map<std::string, int64_t> history;
    for (const auto& [key, stats] : state.database().Entries()) history[key.device] += stats.count;
    std::string out;
    auto line = [&out](const std::string& text) { out += text + '\n'; };
    for (const Device* device : registry.devices()) {
      line(device->id() + ": " + device->name());
      if (const std::string unavailable = device->unavailable_reason(); !unavailable.empty()) {
        line("  unavailable: " + unavailable);
      }
      for (const auto& [label, value] : device->properties()) line("  " + label + ": " + value);
      if (device->kind() == DeviceKind::kCpu) line("  simd target: " + CpuSimdTargetName());
      for (const std::string& figure : DescribeFigures(state.Figures(*device, /*calibrate_host_if_missing=*/false)))
        line("  " + figure);
      line(fmt::format("  history: {} measured pipeline runs in the performance database", history[device->id()]));
      if (device->kind() != DeviceKind::kCpu) {
        const BreakerSnapshot s = CircuitBreakers::Global().Snapshot(device->id());
        line(fmt::format("  circuit: {} (failures {}, opened {}, probes {}, recovered {})", BreakerStateName(s.state),
                         s.failures, s.times_opened, s.probes, s.times_closed));
      }
    }
    for (const auto& [kind, why] : registry.absent()) line(fmt::format("{}: not available ({})", kind, why));
    for (const std::string& event : CircuitBreakers::Global().Events()) line("event: " + event);
    return out;
  });
}

Expected<std::string> CalibrateDevices(int64_t rows, int repetitions,
                                       const std::function<void(const std::string&)>& on_line,
                                       const std::function<void(const Error&)>& on_device_error) {
  return api::Guarded([&]() -> Expected<std::string> {
    if (rows < 1 || repetitions < 1) {
      return Error(
          ErrorCode::kInvalidArgument,
          fmt::format("calibration needs at least one row and one repetition, got {} and {}", rows, repetitions));
    }
    auto say = [&](const std::string& text) {
      if (on_line) on_line(text);
    };
    const auto& registry = DeviceRegistry::Instance();
    std::map<std::string, DeviceFigures> measured;
    for (const Device* device : registry.devices()) {
      const KernelTable* kernels = KernelsForDevice(*device);
      if (kernels == nullptr) {
        say(device->id() + ": skipped (no kernels for this device)");
        continue;
      }
      say(device->id() + ": " + device->name());
      auto figures = CalibrateDevice(*device, *kernels, {rows, repetitions});
      if (!figures.ok()) {
        if (on_device_error) on_device_error(api::ToError(figures.status()));
        continue;
      }
      for (const std::string& figure : DescribeFigures(*figures)) say("  " + figure);
      measured[device->id()] = *figures;
      PlacementState::Global().SetFigures(*figures);
    }
    const std::string path = CalibrationFilePath();
    Status saved = SaveCalibration(path, measured);
    if (!saved.ok()) return api::ToError(saved);
    return path;
  });
}

}  // namespace orbit
