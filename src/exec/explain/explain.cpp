#include "exec/explain/explain.h"

#include <fmt/format.h>

#include "common/memory_size.h"
#include "devices/device_registry.h"
#include "placement/circuit_breaker.h"

namespace orbit {

namespace {

// The optimizer's estimate beside what the run counted, so a bad estimate shows.
std::string Metrics(const OperatorMetrics& m, double estimated_rows, bool analyzed, bool show_in) {
  std::string estimate = estimated_rows >= 0 ? fmt::format("estimated rows: {:.0f}", estimated_rows) : "";
  if (!analyzed) return estimate.empty() ? "" : "  [" + estimate + "]";
  if (!estimate.empty()) estimate += "  ";
  std::string in = show_in ? fmt::format("rows in: {}  ", m.rows_in.load()) : "";
  return fmt::format("  [{}{}rows out: {}  cpu time: {:.3f} ms]", estimate, in, m.rows_out.load(),
                     m.nanos.load() / 1e6);
}

std::string Bytes(int64_t bytes) {
  if (bytes < 10 * 1024) return fmt::format("{} B", bytes);
  if (bytes < 10 * 1024 * 1024) return fmt::format("{:.1f} KiB", bytes / 1024.0);
  return fmt::format("{:.1f} MiB", bytes / (1024.0 * 1024.0));
}

/// Where the bytes went: columns copied once for the pipeline, intermediates copied per
/// kernel call (vectors the host computed mid-pipeline), results copied back, and how
/// many kernel inputs were earlier kernels' outputs still on the device.
std::vector<std::string> DeviceLines(const DeviceReport& report) {
  std::vector<std::string> lines;
  if (!report.ran_on_device) lines.emplace_back("  device transfers: none (the CPU reads the columns in host memory)");
  if (report.ran_on_device) {
    lines.push_back(fmt::format(
        "  device transfers: host->device {} ({} column buffers once for the pipeline: {}; "
        "per kernel call: {}), device->host {}, kernel launches: {}, kernel calls: {}, inputs already on the "
        "device from earlier kernels: {}",
        Bytes(report.resident_bytes + report.upload_bytes), report.resident_buffers, Bytes(report.resident_bytes),
        Bytes(report.upload_bytes), Bytes(report.download_bytes), report.launches, report.kernel_calls,
        report.kept_output_hits));
    if (report.kernel_calls == 0 && report.fallback_device.empty()) {
      // Honest, not a failure: a final sort of a few rows has nothing for a device kernel.
      lines.emplace_back(
          "  device kernels: none, so no launch: no operator of this pipeline had work for a device kernel "
          "(host code only, such as a sort or a join probe)");
    }
    if (report.in_place_buffers > 0) {
      lines.push_back(fmt::format("  read in place (the device shares host memory): {} buffers, {}",
                                  report.in_place_buffers, Bytes(report.in_place_bytes)));
    }
  }
  if (!report.fallback_device.empty()) {
    const BreakerSnapshot health = CircuitBreakers::Global().Snapshot(report.fallback_device);
    lines.push_back(
        fmt::format("  fallback: 1 event: {} failed ({}); the pipeline re-ran on the CPU ({} failures "
                    "of {} since start; circuit {})",
                    report.fallback_device, report.fallback_reason, health.failures, report.fallback_device,
                    BreakerStateName(health.state)));
  }
  return lines;
}

std::string KernelsLabel(const KernelTable* kernels) {
  if (kernels == nullptr) return "cpu-simd (" + CpuSimdTargetName() + ")";
  if (kernels->backend == "reference") return "reference (scalar)";
  if (kernels->backend == "opencl") return "opencl";
  return kernels->backend + " (" + CpuSimdTargetName() + ")";
}

/// Why the device was chosen: each candidate's prediction, and the devices left out.
std::vector<std::string> PlacementLines(const Placement& placement, const Device& device) {
  std::vector<std::string> lines;
  if (!placement.reason.empty()) lines.push_back("  placement: " + placement.reason);
  for (const Prediction& p : placement.predictions) {
    lines.push_back("  predicted: " + p.ToString() + (p.device == device.id() ? "  <- chosen" : ""));
  }
  for (const std::string& excluded : placement.excluded) lines.push_back("  not considered: " + excluded);
  return lines;
}

std::string MeasuredLine(const Pipeline& pipeline, const Device& device) {
  const Placement& placement = pipeline.placement();
  const Prediction* predicted = placement.chosen_prediction();
  std::string line = fmt::format("  measured: {:.3f} ms on {}", pipeline.seconds() * 1e3, device.id());
  if (predicted != nullptr) line += fmt::format(" (predicted {:.3f} ms)", predicted->predicted * 1e3);
  if (!placement.profile.kind.empty()) {
    line += fmt::format("; recorded as {} rows of {} (size bucket {})", placement.profile.rows, placement.profile.kind,
                        SizeBucket(placement.profile.rows));
  }
  return line + fmt::format("; placement took {:.3f} ms", placement.placement_seconds * 1e3);
}

}  // namespace

std::vector<std::string> ExplainPlan(const PhysicalPlan& plan, bool analyzed, double total_seconds,
                                     uint64_t peak_memory_bytes) {
  std::vector<std::string> lines;
  for (size_t i = 0; i < plan.pipelines.size(); ++i) {
    Pipeline& p = *plan.pipelines[i];
    const Placement& placement = p.placement();
    const Device* device = placement.device ? placement.device : &DeviceRegistry::Instance().host();
    std::string header = fmt::format("Pipeline {}: device {} ({}), kernels {}", i + 1, device->id(), device->name(),
                                     KernelsLabel(placement.kernels));
    if (analyzed) header += fmt::format(", wall time {:.3f} ms", p.seconds() * 1e3);
    lines.push_back(header);
    for (std::string& line : PlacementLines(placement, *device)) lines.push_back(std::move(line));
    if (analyzed) {
      lines.push_back(MeasuredLine(p, *device));
      for (std::string& line : DeviceLines(p.device_report())) lines.push_back(std::move(line));
    }
    const TableScan& scan = p.source();
    // A table function's rows are made before the pipeline runs (outside its wall time).
    const std::string produced =
        analyzed && scan.produce_seconds() >= 0
            ? fmt::format("  [produced before the run: {:.3f} ms]", scan.produce_seconds() * 1e3)
            : "";
    lines.push_back(fmt::format("  {} {}{}{}", scan.name(), scan.detail(),
                                Metrics(scan.metrics, scan.estimated_rows, analyzed, false), produced));
    for (const auto& op : p.operators()) {
      lines.push_back(
          fmt::format("  {} {}{}", op->name(), op->detail(), Metrics(op->metrics, op->estimated_rows, analyzed, true)));
    }
    Sink& sink = p.sink();
    lines.push_back(fmt::format("  {} {}{}", sink.name(), sink.detail(),
                                Metrics(sink.metrics, sink.estimated_rows, analyzed, true)));
  }
  if (analyzed) {
    double placing = 0;
    for (const auto& p : plan.pipelines) placing += p->placement().placement_seconds;
    lines.push_back(fmt::format("Placement: {:.3f} ms for {} pipeline(s) ({:.2f}% of the query)", placing * 1e3,
                                plan.pipelines.size(), total_seconds > 0 ? 100.0 * placing / total_seconds : 0.0));
    lines.push_back(fmt::format("Total time: {:.3f} ms", total_seconds * 1e3));
    // What memory_limit is compared with: the buffers and hash tables the statement held at once.
    lines.push_back(fmt::format("Peak memory: {}", FormatMemorySize(peak_memory_bytes)));
  }
  return lines;
}

}  // namespace orbit
