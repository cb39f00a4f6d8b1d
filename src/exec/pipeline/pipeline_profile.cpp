#include "exec/pipeline/pipeline_profile.h"

#include <algorithm>
#include <thread>

#include <fmt/format.h>

namespace orbit {

namespace {

// The host bytes a row of the scanned columns takes: fixed widths, and for a string its
// offset and a flat 16 characters (the validity bits are left out).
int64_t EstimatedBytesPerRow(const TableScan& scan) {
  constexpr int64_t kStringBytes = 16;
  int64_t bytes = 0;
  for (int id : scan.column_ids()) {
    const DataType& type = scan.schema()[id].type;
    switch (physical_type(type)) {
      case PhysicalType::kString:
      case PhysicalType::kList: bytes += sizeof(int32_t) + kStringBytes; break;
      case PhysicalType::kBit:
      case PhysicalType::kNone: break;
      default: bytes += type.byte_width();
    }
  }
  return bytes;
}

// No device kernel takes TINYINT, SMALLINT, REAL, INTERVAL or T[] columns yet: a pipeline scanning one
// runs on the CPU (placement says so), never on a device kernel of another width.
std::string NarrowColumnScanned(const TableScan& scan) {
  for (int id : scan.column_ids()) {
    const Field& field = scan.schema()[id];
    if (field.type.is_small_integer() || field.type.id == TypeId::kFloat || field.type.is_interval() ||
        field.type.is_list()) {
      return fmt::format("reading {} column \"{}\"", field.type.ToString(), field.name);
    }
  }
  return "";
}

}  // namespace

PipelineProfile ProfilePipeline(Pipeline& pipeline, int threads) {
  PipelineProfile profile;
  TableScan& scan = pipeline.source();
  profile.kind = scan.name();
  KernelCalls calls;
  for (const auto& op : pipeline.operators()) {
    profile.kind += "|" + op->name();
    calls += op->kernel_calls();
  }
  profile.kind += "|" + pipeline.sink().name();
  calls += pipeline.sink().kernel_calls();
  profile.calls_per_vector = calls.per_vector;
  profile.host_only = calls.host_only;
  if (profile.host_only.empty()) profile.host_only = NarrowColumnScanned(scan);

  int64_t morsels = 0;
  auto add_batch = [&](int64_t length) {
    profile.rows += length;
    profile.vectors += (length + kVectorSize - 1) / kVectorSize;
    profile.device_vectors += (length + kDeviceVectorRows - 1) / kDeviceVectorRows;
    morsels += (length + kMorselRows - 1) / kMorselRows;
  };
  if (scan.table()) {
    for (const Batch& batch : scan.table()->batches()) add_batch(batch.length);
    for (const auto& [data, bytes] : scan.HostBuffers()) profile.input_bytes += static_cast<int64_t>(bytes);
  } else {
    // A table function not run yet (EXPLAIN): its estimated rows, as one batch.
    add_batch(scan.rows());
    profile.input_bytes = scan.rows() * EstimatedBytesPerRow(scan);
  }
  const int workers = threads > 0 ? threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  profile.parallelism = static_cast<int>(std::clamp<int64_t>(morsels, 1, workers));
  return profile;
}

}  // namespace orbit
