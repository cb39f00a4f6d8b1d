#include "exec/explain.h"

#include <fmt/format.h>

#include "devices/device_registry.h"

namespace orbit {

namespace {

std::string Metrics(const OperatorMetrics& m, bool analyzed, bool show_in) {
  if (!analyzed) return "";
  std::string in = show_in ? fmt::format("rows in: {}  ", m.rows_in.load()) : "";
  return fmt::format("  [{}rows out: {}  cpu time: {:.3f} ms]", in, m.rows_out.load(), m.nanos.load() / 1e6);
}

std::string KernelsLabel(const KernelTable* kernels) {
  if (kernels == nullptr) return "cpu-simd (" + CpuSimdTargetName() + ")";
  if (kernels->backend == "reference") return "reference (scalar)";
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
    const TableScan& scan = p.source();
    lines.push_back(fmt::format("  {} {}{}", scan.name(), scan.detail(), Metrics(scan.metrics, analyzed, false)));
    for (const auto& op : p.operators()) {
      lines.push_back(fmt::format("  {} {}{}", op->name(), op->detail(), Metrics(op->metrics, analyzed, true)));
    }
    Sink& sink = p.sink();
    lines.push_back(fmt::format("  {} {}{}", sink.name(), sink.detail(), Metrics(sink.metrics, analyzed, true)));
  }
  if (analyzed) lines.push_back(fmt::format("Total time: {:.3f} ms", total_seconds * 1e3));
  return lines;
}

}  // namespace orbit
