// WindowSink: the Window operator. It collects its whole input, then for each distinct
// PARTITION BY / ORDER BY of its calls sorts the rows once (row_order.h), finds the
// partitions and peer groups (window_layout.h) and computes those calls, in parallel
// across partitions and positions. Output: the input's columns, then one per call, in
// the order of the last window's sort. Host only: placement keeps its pipeline on the CPU.
#pragma once

#include <vector>

#include "exec/operators/collect_sink.h"
#include "plan/logical_plan.h"

namespace orbit {

class WindowSink final : public CollectSink {
 public:
  WindowSink(Schema input, std::vector<WindowCall> calls, Schema output);
  std::string name() const override { return "Window"; }
  std::string detail() const override;
  KernelCalls kernel_calls() const override;
  Result<TablePtr> Finalize() override;

 private:
  std::vector<WindowCall> calls_;
  Schema output_;
};

}  // namespace orbit
