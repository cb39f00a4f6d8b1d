#include "cli/device_commands.h"

#include <iostream>
#include <map>

#include <fmt/format.h>

#include "devices/device_registry.h"
#include "kernels/kernel_table.h"
#include "placement/calibration.h"
#include "placement/circuit_breaker.h"
#include "placement/placement.h"
#include "placement/placement_state.h"

namespace orbit::cli {

int ListDevices(std::ostream& out) {
  const auto& registry = DeviceRegistry::Instance();
  PlacementState& state = PlacementState::Global();
  std::map<std::string, int64_t> history;
  for (const auto& [key, stats] : state.database().Entries()) history[key.device] += stats.count;
  for (const Device* device : registry.devices()) {
    out << device->id() << ": " << device->name() << '\n';
    for (const auto& [label, value] : device->properties()) out << "  " << label << ": " << value << '\n';
    if (device->kind() == DeviceKind::kCpu) out << "  simd target: " << CpuSimdTargetName() << '\n';
    for (const std::string& line : DescribeFigures(state.Figures(*device, /*calibrate_host_if_missing=*/false)))
      out << "  " << line << '\n';
    out << "  history: " << history[device->id()] << " measured pipeline runs in the performance database\n";
    if (device->kind() != DeviceKind::kCpu) {
      const BreakerSnapshot s = CircuitBreakers::Global().Snapshot(device->id());
      out << fmt::format("  circuit: {} (failures {}, opened {}, probes {}, recovered {})\n", BreakerStateName(s.state),
                         s.failures, s.times_opened, s.probes, s.times_closed);
    }
  }
  for (const auto& [kind, why] : registry.absent()) out << kind << ": not available (" << why << ")\n";
  for (const std::string& event : CircuitBreakers::Global().Events()) out << "event: " << event << '\n';
  return 0;
}

int CalibrateDevices(int64_t rows, int repetitions, std::ostream& out) {
  const auto& registry = DeviceRegistry::Instance();
  std::map<std::string, DeviceFigures> measured;
  int exit_code = 0;
  for (const Device* device : registry.devices()) {
    const KernelTable* kernels = KernelsForDevice(*device);
    if (kernels == nullptr) {
      out << device->id() << ": skipped (no kernels for this device)\n";
      continue;
    }
    out << device->id() << ": " << device->name() << '\n';
    auto figures = CalibrateDevice(*device, *kernels, {rows, repetitions});
    if (!figures.ok()) {
      std::cerr << figures.status().ToString() << '\n';
      exit_code = 1;
      continue;
    }
    for (const std::string& line : DescribeFigures(*figures)) out << "  " << line << '\n';
    measured[device->id()] = *figures;
    PlacementState::Global().SetFigures(*figures);
  }
  const std::string path = CalibrationFilePath();
  Status saved = SaveCalibration(path, measured);
  if (!saved.ok()) {
    std::cerr << saved.ToString() << '\n';
    return 1;
  }
  out << "saved to " << path << '\n';
  return exit_code;
}

}  // namespace orbit::cli
