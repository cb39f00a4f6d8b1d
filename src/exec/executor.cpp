#include "exec/executor.h"

#include <tbb/task_arena.h>

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
      int input = pipeline->input_pipeline();
      if (input >= 0) pipeline->source().set_table(results.at(input));
      PlacementRequest request{options.device, options.kernels, pipeline->source().table()->num_rows()};
      auto placement = PlacePipeline(request);
      if (!placement.ok()) {
        status = placement.status();
        return;
      }
      auto result = pipeline->Run(*placement);
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
