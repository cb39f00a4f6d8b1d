#include "exec/operators/window_sink.h"

#include "exec/operators/window_layout.h"
#include "exec/pipeline/gather.h"
#include "plan/expression_rewrite.h"

namespace orbit {

namespace {

bool SameWindow(const WindowCall& a, const WindowCall& b) {
  if (a.partition_by.size() != b.partition_by.size() || a.order_by.size() != b.order_by.size()) return false;
  for (size_t i = 0; i < a.partition_by.size(); ++i) {
    if (!SameExpr(*a.partition_by[i], *b.partition_by[i])) return false;
  }
  for (size_t i = 0; i < a.order_by.size(); ++i) {
    const SortKey &x = a.order_by[i], &y = b.order_by[i];
    if (x.descending != y.descending || x.nulls_first != y.nulls_first || !SameExpr(*x.expression, *y.expression)) {
      return false;
    }
  }
  return true;
}

// The expressions whose columns the call reads, in EvaluateWindowCall's order.
std::vector<ExprPtr> CallInputs(const WindowCall& call) {
  if (call.kind != WindowKind::kAggregate) return call.arguments;
  std::vector<ExprPtr> inputs;
  if (call.aggregate.argument) inputs.push_back(call.aggregate.argument);
  if (call.aggregate.second) inputs.push_back(call.aggregate.second);
  return inputs;
}

bool NeedsRangeKey(const WindowCall& call) {
  auto offset = [](const FrameBound& b) {
    return b.kind == FrameBoundKind::kPreceding || b.kind == FrameBoundKind::kFollowing;
  };
  return call.frame.unit == FrameUnit::kRange && (offset(call.frame.start) || offset(call.frame.end));
}

}  // namespace

WindowSink::WindowSink(Schema input, std::vector<WindowCall> calls, Schema output)
    : CollectSink(std::move(input)), calls_(std::move(calls)), output_(std::move(output)) {}

std::string WindowSink::detail() const {
  std::string out;
  for (size_t i = 0; i < calls_.size(); ++i) out += (i ? ", " : "") + calls_[i].ToString();
  return out;
}

KernelCalls WindowSink::kernel_calls() const {
  KernelCalls calls;
  // No device runs window functions: the pipeline that feeds them stays on the host.
  calls.host_only = calls_.empty() ? "window functions" : calls_[0].ToString();
  return calls;
}

Result<TablePtr> WindowSink::Finalize() {
  TablePtr all = Collected();
  Batch merged = MergeBatches(all->batches(), schema_);
  const int64_t rows = merged.length;
  // Positions are 32-bit, and a segment tree holds two groups a row.
  if (rows >= (int64_t{1} << 31)) {
    return Status::NotSupported("window functions over {} rows (at most 2^31 - 1)", rows);
  }
  // The calls by window: each distinct PARTITION BY / ORDER BY sorts once.
  std::vector<std::vector<size_t>> windows;
  for (size_t c = 0; c < calls_.size(); ++c) {
    size_t w = 0;
    while (w < windows.size() && !SameWindow(calls_[windows[w][0]], calls_[c])) ++w;
    if (w == windows.size()) windows.emplace_back();
    windows[w].push_back(c);
  }
  std::vector<ColumnPtr> results(calls_.size());
  std::vector<RowOrder> orders(windows.size());
  for (size_t w = 0; w < windows.size(); ++w) {
    bool range_key = false;
    for (size_t c : windows[w]) range_key = range_key || NeedsRangeKey(calls_[c]);
    ORBIT_ASSIGN_OR_RETURN(WindowLayout layout, LayOutWindow(merged, calls_[windows[w][0]], range_key));
    for (size_t c : windows[w]) {
      ORBIT_ASSIGN_OR_RETURN(std::vector<ColumnPtr> inputs, EvaluateColumns(merged, CallInputs(calls_[c])));
      for (auto& input : inputs) input = layout.InOrder(input);
      ORBIT_ASSIGN_OR_RETURN(results[c], EvaluateWindowCall(calls_[c], layout, inputs));
    }
    orders[w] = std::move(layout.order);
  }
  // The output rows follow the last window's order when moving the input's columns there
  // costs less than moving that window's results back to the input's order (rows come out of
  // a window in no promised order); every other window's results are moved to the output's.
  const RowOrder none;
  const bool input_order = orders.empty() || merged.columns.size() > windows.back().size();
  const RowOrder& final_order = input_order ? none : orders.back();
  Batch out;
  out.length = rows;
  out.columns = final_order.empty() ? merged.columns : GatherRows(merged, final_order).columns;
  for (size_t w = 0; w < windows.size(); ++w) {
    const RowOrder& order = orders[w];
    if (&order == &final_order || (order.empty() && final_order.empty())) continue;
    // Position in window w of each output row: the inverse of w's order, read in the final order.
    std::vector<uint32_t> position(rows);
    if (order.empty()) {
      for (int64_t j = 0; j < rows; ++j) position[j] = final_order[j];
    } else {
      std::vector<uint32_t> inverse(rows);
      for (int64_t j = 0; j < rows; ++j) inverse[order[j]] = static_cast<uint32_t>(j);
      for (int64_t j = 0; j < rows; ++j) position[j] = final_order.empty() ? inverse[j] : inverse[final_order[j]];
    }
    for (size_t c : windows[w]) {
      results[c] = GatherColumn(SimdKernels(), results[c]->view(), position.data(), position.size());
    }
  }
  for (auto& r : results) out.columns.push_back(std::move(r));
  auto table = std::make_shared<Table>("result", output_);
  if (rows > 0) table->Append(std::move(out));
  return table;
}

}  // namespace orbit
