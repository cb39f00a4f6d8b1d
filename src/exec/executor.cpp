#include "exec/executor.h"

#include <fmt/format.h>
#include <tbb/task_arena.h>

#include "placement/device_health.h"

namespace orbit {

void RunWithThreads(int threads, const std::function<void()>& fn) {
  tbb::task_arena arena(threads > 0 ? threads : tbb::task_arena::automatic);
  arena.execute(fn);
}

Result<TablePtr> ExecutePlan(PhysicalPlan& plan, const ExecutionOptions& options) {
  std::vector<TablePtr> results;
  Status status;
  RunWithThreads(options.threads, [&] {
    for (auto& pipeline : plan.pipelines) {
      const std::vector<int>& inputs = pipeline->input_pipelines();
      if (inputs.size() == 1) pipeline->source().set_table(results.at(inputs[0]));
      if (inputs.size() > 1) {
        // UNION ALL: the inputs' batches, one after another (same column types by construction).
        auto combined = std::make_shared<Table>("union", pipeline->source().table()->schema());
        for (int input : inputs) {
          for (const Batch& batch : results.at(input)->batches()) combined->Append(batch);
        }
        pipeline->source().set_table(std::move(combined));
      }
      PlacementRequest request{options.device, options.kernels, pipeline->source().table()->num_rows()};
      auto placement = PlacePipeline(request);
      if (!placement.ok()) {
        status = placement.status();
        return;
      }
      auto result = pipeline->Run(*placement, options.faults);
      if (!result.ok() && result.status().code() == StatusCode::kDeviceError) {
        const std::string device = placement->device->id();
        RecordDeviceFailure(device);
        if (options.fallback == "error") {
          status = Status::DeviceError("{} (fallback = 'error'; SET fallback = 'cpu' re-runs the pipeline on the CPU)",
                                       result.status().message());
          return;
        }
        // The sink starts over (Prepare), so rows of the failed run are neither lost nor kept.
        Placement cpu = CpuPlacement(options.kernels, fmt::format("fallback: {} failed, re-ran on the CPU", device));
        pipeline->RecordFallback(device, result.status().message());
        result = pipeline->Run(cpu, options.faults);
      }
      if (!result.ok()) {
        status = result.status();
        return;
      }
      results.push_back(*result);
    }
  });
  if (!status.ok()) return status;
  if (results.empty()) return Status::Internal("a plan without pipelines");
  return results.back();
}

}  // namespace orbit
