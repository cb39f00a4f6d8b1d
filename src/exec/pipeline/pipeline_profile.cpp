#include "exec/pipeline/pipeline_profile.h"

#include <algorithm>
#include <thread>

namespace orbit {

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

  int64_t morsels = 0;
  for (const Batch& batch : scan.table()->batches()) {
    profile.rows += batch.length;
    profile.vectors += (batch.length + kVectorSize - 1) / kVectorSize;
    profile.device_vectors += (batch.length + kDeviceVectorRows - 1) / kDeviceVectorRows;
    morsels += (batch.length + kMorselRows - 1) / kMorselRows;
  }
  for (const auto& [data, bytes] : scan.HostBuffers()) profile.input_bytes += static_cast<int64_t>(bytes);
  const int workers = threads > 0 ? threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  profile.parallelism = static_cast<int>(std::clamp<int64_t>(morsels, 1, workers));
  return profile;
}

}  // namespace orbit
