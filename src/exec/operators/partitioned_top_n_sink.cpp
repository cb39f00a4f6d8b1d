#include "exec/operators/partitioned_top_n_sink.h"

#include <fmt/format.h>

#include "exec/operators/row_order.h"
#include "exec/pipeline/gather.h"

namespace orbit {

PartitionedTopNSink::PartitionedTopNSink(Schema input, WindowCall number, int64_t keep, Schema output)
    : input_(std::move(input)), number_(std::move(number)), keep_(keep), output_(std::move(output)) {
  for (const ExprPtr& p : number_.partition_by) keys_.push_back(SortKey{p, false, false});
  keys_.insert(keys_.end(), number_.order_by.begin(), number_.order_by.end());
}

std::string PartitionedTopNSink::detail() const { return fmt::format("{} <= {}", number_.ToString(), keep_); }

Result<Batch> PartitionedTopNSink::Cut(std::vector<Batch>& batches, std::vector<int64_t>* numbers) const {
  Batch merged = MergeBatches(batches, input_);
  batches.clear();
  ORBIT_ASSIGN_OR_RETURN(RowOrder sorted, SortedRows(merged, keys_));
  ORBIT_ASSIGN_OR_RETURN(std::vector<ColumnPtr> partitions, EvaluateColumns(merged, number_.partition_by));
  std::vector<ColumnView> views;
  for (const ColumnPtr& c : partitions) views.push_back(c->view());
  RowOrder kept;
  int64_t number = 0;
  for (size_t i = 0; i < sorted.size(); ++i) {
    number = i > 0 && SameKeyValues(views, sorted[i - 1], sorted[i]) ? number + 1 : 1;
    if (number > keep_) continue;
    kept.push_back(sorted[i]);
    if (numbers != nullptr) numbers->push_back(number);
  }
  return GatherRows(merged, kept);
}

Status PartitionedTopNSink::Consume(Chunk& chunk, ExecutionContext& context) {
  Partial& partial = partials_.local();
  Batch batch;
  batch.length = chunk.size;
  for (const Vector& v : chunk.columns) batch.columns.push_back(MaterializeVector(v));
  partial.batches.push_back(std::move(batch));
  partial.rows += chunk.size;
  // Cutting only when the rows have doubled since the last cut keeps the sorting work per row constant.
  if (partial.rows > std::max<int64_t>(2 * partial.kept_at_last_cut, 8 * kVectorSize)) {
    ORBIT_ASSIGN_OR_RETURN(Batch kept, Cut(partial.batches, nullptr));
    partial.rows = partial.kept_at_last_cut = kept.length;
    partial.batches.push_back(std::move(kept));
  }
  return Status::OK();
}

Result<TablePtr> PartitionedTopNSink::Finalize() {
  std::vector<Batch> survivors;
  for (Partial& partial : partials_) {
    for (Batch& b : partial.batches) survivors.push_back(std::move(b));
  }
  partials_.clear();
  std::vector<int64_t> numbers;
  ORBIT_ASSIGN_OR_RETURN(Batch kept, Cut(survivors, &numbers));
  auto out = std::make_shared<Table>("result", output_);
  if (kept.length == 0) return out;
  auto column = Column::Allocate(DataType::Int64(), kept.length);
  std::copy(numbers.begin(), numbers.end(), column->mutable_values<int64_t>());
  kept.columns.push_back(std::move(column));
  out->Append(std::move(kept));
  return out;
}

}  // namespace orbit
