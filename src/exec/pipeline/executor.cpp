#include "exec/pipeline/executor.h"

#include <chrono>

#include <fmt/format.h>
#include <tbb/task_arena.h>

#include "common/check.h"
#include "common/memory_scope.h"
#include "exec/pipeline/pipeline_profile.h"
#include "placement/placement_state.h"

namespace orbit {

Status PlaceWithoutRunning(PhysicalPlan& plan, const ExecutionOptions& options) {
  for (auto& pipeline : plan.pipelines) {
    // A later pipeline scans an earlier one's result, unknown before running: 0 rows.
    const bool scans_table = pipeline->input_pipeline() < 0;
    PlacementRequest request{options.device, options.kernels, 0, {}, /*dry_run=*/true};
    if (scans_table) {
      request.input_rows = pipeline->source().rows();
      request.profile = ProfilePipeline(*pipeline, options.threads);
    }
    ORBIT_ASSIGN_OR_RETURN(Placement placement, PlacePipeline(request));
    pipeline->set_placement(std::move(placement));
  }
  return Status::OK();
}

namespace {

// Runs a pipeline where it was placed. On an accelerator the run also stops at
// device_timeout, and that stop is a device failure (the caller re-runs it on the CPU);
// a cancel of the statement stays a cancel.
Result<TablePtr> RunOnDevice(Pipeline& pipeline, const Placement& placement, const ExecutionOptions& options) {
  if (placement.device->kind() == DeviceKind::kCpu || options.device_timeout.count() <= 0) {
    return pipeline.Run(placement, options.faults, options.interrupt);
  }
  QueryInterrupt deadline(options.interrupt);
  deadline.SetTimeout(options.device_timeout, "device_timeout");
  Result<TablePtr> result = pipeline.Run(placement, options.faults, &deadline);
  const bool statement_stopped = options.interrupt != nullptr && !options.interrupt->Check().ok();
  if (!result.ok() && result.status().code() == StatusCode::kCancelled && !statement_stopped &&
      deadline.OwnDeadlinePassed()) {
    return Status::DeviceError("{} ran the pipeline longer than device_timeout = {} ms", placement.device->id(),
                               options.device_timeout.count());
  }
  return result;
}

}  // namespace

void RunWithThreads(int threads, const std::function<void()>& fn) {
  tbb::task_arena arena(threads > 0 ? threads : tbb::task_arena::automatic);
  // execute may run `fn` on one of the arena's workers: it charges the caller's account.
  arena.execute(UnderCurrentMemoryAccount([&fn] { fn(); }));
}

namespace {
thread_local const ExecutionOptions* current_options = nullptr;
}  // namespace

const ExecutionOptions& CurrentExecutionOptions() {
  static const ExecutionOptions defaults;
  return current_options != nullptr ? *current_options : defaults;
}

Result<TablePtr> ExecutePlan(PhysicalPlan& plan, const ExecutionOptions& options) {
  std::vector<TablePtr> results;
  Status status;
  RunWithThreads(options.threads, [&] {
    const ExecutionOptions* outer_options = current_options;
    current_options = &options;
    struct Restore {
      const ExecutionOptions* saved;
      ~Restore() { current_options = saved; }
    } restore{outer_options};
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
      if (options.interrupt != nullptr) {
        status = options.interrupt->Check();
        if (!status.ok()) return;
      }
      // A table function's rows are made now (a file is read): placement counts them.
      if (Status produced = pipeline->source().Produce(); !produced.ok()) {
        status = produced;
        return;
      }
      // Device detection and the host's figures are ready before the first decision: not timed as placement.
      PreparePlacement();
      const auto place_start = std::chrono::steady_clock::now();
      PlacementRequest request{options.device, options.kernels, pipeline->source().table()->num_rows(),
                               ProfilePipeline(*pipeline, options.threads)};
      auto placement = PlacePipeline(request);
      if (!placement.ok()) {
        status = placement.status();
        return;
      }
      // The profile is part of deciding: count it in the placement time.
      placement->placement_seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - place_start).count();
      Result<TablePtr> result = Status::Internal("pipeline did not run");
      {
        DeviceRunScope in_flight(*placement);
        result = RunOnDevice(*pipeline, *placement, options);
      }
      if (result.ok()) RecordPipelineSuccess(*placement, pipeline->seconds(), pipeline->device_report().launches);
      if (!result.ok() && result.status().code() == StatusCode::kDeviceError) {
        const std::string device = placement->device->id();
        RecordPipelineFailure(*placement, result.status().message());
        if (options.fallback == "error") {
          status = Status::DeviceError("{} (fallback = 'error'; SET fallback = 'cpu' re-runs the pipeline on the CPU)",
                                       result.status().message());
          return;
        }
        // The sink starts over (Prepare), so rows of the failed run are neither lost nor kept.
        Placement cpu = CpuPlacement(
            options.kernels, fmt::format("fallback: {} failed, re-ran on the CPU ({})", device, placement->reason));
        cpu.predictions = placement->predictions;
        cpu.excluded = placement->excluded;
        cpu.profile = placement->profile;
        cpu.placement_seconds = placement->placement_seconds;
        pipeline->RecordFallback(device, result.status().message());
        {
          DeviceRunScope in_flight(cpu);
          result = pipeline->Run(cpu, options.faults, options.interrupt);
        }
        if (result.ok()) RecordPipelineSuccess(cpu, pipeline->seconds());
      }
      if (!result.ok()) {
        status = result.status();
        return;
      }
      results.push_back(*result);
    }
  });
  // A plan run inside another's scan (a recursive CTE's rounds) leaves saving the measured
  // times to the statement's own plan.
  if (current_options == nullptr) PlacementState::Global().FlushIfDue();
  if (!status.ok()) return status;
  ORBIT_CHECK(!results.empty(), "a plan without pipelines");
  return results.back();
}

}  // namespace orbit
