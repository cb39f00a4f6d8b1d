#include "exec/explain.h"

#include <fmt/format.h>

#include "devices/device_registry.h"
#include "placement/device_health.h"

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
  if (report.ran_on_device) {
    lines.push_back(fmt::format("  device transfers: host->device {} ({} column buffers once for the pipeline: {}; "
                                "per kernel call: {}), device->host {}, kernel launches: {}, inputs already on the "
                                "device from earlier kernels: {}",
                                Bytes(report.resident_bytes + report.upload_bytes), report.resident_buffers,
                                Bytes(report.resident_bytes), Bytes(report.upload_bytes), Bytes(report.download_bytes),
                                report.launches, report.kept_output_hits));
  }
  if (!report.fallback_device.empty()) {
    lines.push_back(fmt::format("  fallback: 1 event: {} failed ({}); the pipeline re-ran on the CPU ({} failures "
                                "of {} since start)",
                                report.fallback_device, report.fallback_reason, DeviceFailures(report.fallback_device),
                                report.fallback_device));
  }
  return lines;
}

std::string KernelsLabel(const KernelTable* kernels) {
  if (kernels == nullptr) return "cpu-simd (" + CpuSimdTargetName() + ")";
  if (kernels->backend == "reference") return "reference (scalar)";
  if (kernels->backend == "opencl") return "opencl";
  return kernels->backend + " (" + CpuSimdTargetName() + ")";
}

}  // namespace

std::vector<std::string> ExplainPlan(const PhysicalPlan& plan, bool analyzed, double total_seconds) {
  std::vector<std::string> lines;
  for (size_t i = 0; i < plan.pipelines.size(); ++i) {
    Pipeline& p = *plan.pipelines[i];
    const Placement& placement = p.placement();
    const Device* device = placement.device ? placement.device : &DeviceRegistry::Instance().host();
    std::string header = fmt::format("Pipeline {}: device {} ({}), kernels {}", i + 1, device->id(),
                                     device->name(), KernelsLabel(placement.kernels));
    if (analyzed) header += fmt::format(", wall time {:.3f} ms", p.seconds() * 1e3);
    lines.push_back(header);
    if (!placement.reason.empty()) lines.push_back("  placement: " + placement.reason);
    if (analyzed) {
      for (std::string& line : DeviceLines(p.device_report())) lines.push_back(std::move(line));
    }
    const TableScan& scan = p.source();
    lines.push_back(fmt::format("  {} {}{}", scan.name(), scan.detail(),
                                Metrics(scan.metrics, scan.estimated_rows, analyzed, false)));
    for (const auto& op : p.operators()) {
      lines.push_back(
          fmt::format("  {} {}{}", op->name(), op->detail(), Metrics(op->metrics, op->estimated_rows, analyzed, true)));
    }
    Sink& sink = p.sink();
    lines.push_back(fmt::format("  {} {}{}", sink.name(), sink.detail(),
                                Metrics(sink.metrics, sink.estimated_rows, analyzed, true)));
  }
  if (analyzed) lines.push_back(fmt::format("Total time: {:.3f} ms", total_seconds * 1e3));
  return lines;
}

}  // namespace orbit
