#include "placement/device_status.h"

#include <map>

#include "devices/device_registry.h"
#include "placement/circuit_breaker.h"
#include "placement/placement_state.h"

namespace orbit {

namespace {

struct Columns {
  ColumnBuilder device{DataType::Varchar()}, kind{DataType::Varchar()}, name{DataType::Varchar()};
  ColumnBuilder available{DataType::Boolean()}, reason{DataType::Varchar()}, circuit{DataType::Varchar()};
  ColumnBuilder failures{DataType::Int64()}, times_opened{DataType::Int64()}, probes{DataType::Int64()};
  ColumnBuilder recoveries{DataType::Int64()}, measured_runs{DataType::Int64()}, calibrated{DataType::Boolean()};
  ColumnBuilder link_gb_per_s{DataType::Double()}, launch_us{DataType::Double()};

  std::vector<ColumnBuilder*> all() {
    return {&device,       &kind,   &name,       &available,     &reason,     &circuit,       &failures,
            &times_opened, &probes, &recoveries, &measured_runs, &calibrated, &link_gb_per_s, &launch_us};
  }
};

void AppendBreaker(Columns& c, const std::string& id, bool is_host) {
  if (is_host) {
    for (ColumnBuilder* b : {&c.circuit, &c.failures, &c.times_opened, &c.probes, &c.recoveries}) b->AppendNull();
    return;
  }
  const BreakerSnapshot s = CircuitBreakers::Global().Snapshot(id);
  c.circuit.AppendString(BreakerStateName(s.state));
  c.failures.AppendInt64(s.failures);
  c.times_opened.AppendInt64(s.times_opened);
  c.probes.AppendInt64(s.probes);
  c.recoveries.AppendInt64(s.times_closed);
}

}  // namespace

Schema DeviceStatusSchema() {
  const DataType text = DataType::Varchar(), count = DataType::Int64(), flag = DataType::Boolean();
  return {{"device", text},
          {"kind", text},
          {"name", text},
          {"available", flag},
          {"reason", text},
          {"circuit", text},
          {"failures", count},
          {"times_opened", count},
          {"probes", count},
          {"recoveries", count},
          {"measured_runs", count},
          {"calibrated", flag},
          {"link_gb_per_s", DataType::Double()},
          {"launch_us", DataType::Double()}};
}

TableSourcePtr DeviceStatusSource() {
  // A flat estimate: a handful of devices and absent kinds.
  constexpr double kEstimatedRows = 4;
  return std::make_shared<GeneratedTableSource>("orbit_devices()", DeviceStatusSchema(), kEstimatedRows,
                                                DeviceStatusTable);
}

TablePtr DeviceStatusTable() {
  PlacementState& state = PlacementState::Global();
  std::map<std::string, int64_t> runs;
  for (const auto& [key, stats] : state.database().Entries()) runs[key.device] += stats.count;
  Columns c;
  for (const Device* device : DeviceRegistry::Instance().devices()) {
    const bool is_host = device->kind() == DeviceKind::kCpu;
    c.device.AppendString(device->id());
    c.kind.AppendString(DeviceKindName(device->kind()));
    c.name.AppendString(device->name());
    const std::string unavailable = device->unavailable_reason();
    c.available.AppendBool(unavailable.empty());
    if (unavailable.empty()) {
      c.reason.AppendNull();
    } else {
      c.reason.AppendString(unavailable);
    }
    AppendBreaker(c, device->id(), is_host);
    c.measured_runs.AppendInt64(runs[device->id()]);
    const DeviceFigures figures = state.Figures(*device, /*calibrate_host_if_missing=*/false);
    c.calibrated.AppendBool(figures.measured);
    if (is_host) {
      c.link_gb_per_s.AppendNull();
      c.launch_us.AppendNull();
    } else {
      c.link_gb_per_s.AppendDouble(figures.link_bytes_per_second / 1e9);
      c.launch_us.AppendDouble(figures.launch_seconds * 1e6);
    }
  }
  for (const auto& [kind, why] : DeviceRegistry::Instance().absent()) {
    c.device.AppendNull();
    c.kind.AppendString(kind);
    c.name.AppendNull();
    c.available.AppendBool(false);
    c.reason.AppendString(why);
    for (ColumnBuilder* b : {&c.circuit, &c.failures, &c.times_opened, &c.probes, &c.recoveries, &c.measured_runs,
                             &c.calibrated, &c.link_gb_per_s, &c.launch_us}) {
      b->AppendNull();
    }
  }
  Schema schema = DeviceStatusSchema();
  Batch batch;
  for (ColumnBuilder* builder : c.all()) {
    ColumnPtr column = builder->Finish();
    batch.length = column->length();
    batch.columns.push_back(std::move(column));
  }
  auto table = std::make_shared<Table>("orbit_devices", std::move(schema));
  table->Append(std::move(batch));
  return table;
}

}  // namespace orbit
