#include "exec/operators/top_n_sink.h"

#include <limits>

#include <fmt/format.h>

#include "exec/operators/row_order.h"
#include "exec/pipeline/gather.h"

namespace orbit {

std::string TopNSink::detail() const {
  std::string out = fmt::format("limit {} offset {}; by ", limit_, offset_);
  for (size_t i = 0; i < keys_.size(); ++i) {
    if (i) out += ", ";
    out += keys_[i].expression->ToString() + (keys_[i].descending ? " DESC" : " ASC");
    out += keys_[i].nulls_first ? " NULLS FIRST" : " NULLS LAST";
  }
  return out;
}

int64_t TopNSink::Kept() const {
  // LIMIT + OFFSET saturates: a huge OFFSET keeps every row (and returns none), it does not overflow.
  int64_t kept = 0;
  if (__builtin_add_overflow(limit_, offset_, &kept)) return std::numeric_limits<int64_t>::max();
  return kept;
}

Status TopNSink::Compact(Partial& partial) const {
  Batch merged = MergeBatches(partial.batches, schema_);
  ORBIT_ASSIGN_OR_RETURN(RowOrder rows, SortedRows(merged, keys_, Kept()));
  partial.batches.clear();
  partial.batches.push_back(GatherRows(merged, rows));
  partial.rows = static_cast<int64_t>(rows.size());
  return Status::OK();
}

Status TopNSink::Consume(Chunk& chunk, ExecutionContext& context) {
  Partial& partial = partials_.local();
  Batch batch;
  batch.length = chunk.size;
  for (const Vector& v : chunk.columns) batch.columns.push_back(MaterializeVector(v));
  partial.batches.push_back(std::move(batch));
  partial.rows += chunk.size;
  // Compacting only when well past the bound keeps the sorting work per row constant.
  const int64_t keep = Kept();
  if (keep < std::numeric_limits<int64_t>::max() / 8 &&
      partial.rows > std::max<int64_t>(4 * keep, keep + 4 * kVectorSize))
    return Compact(partial);
  return Status::OK();
}

Result<TablePtr> TopNSink::Finalize() {
  std::vector<Batch> survivors;
  for (Partial& partial : partials_) {
    for (Batch& b : partial.batches) survivors.push_back(std::move(b));
  }
  partials_.clear();
  Batch merged = MergeBatches(survivors, schema_);
  ORBIT_ASSIGN_OR_RETURN(RowOrder rows, SortedRows(merged, keys_, Kept()));
  rows.erase(rows.begin(), rows.begin() + std::min<size_t>(rows.size(), static_cast<size_t>(offset_)));
  auto out = std::make_shared<Table>("result", schema_);
  if (!rows.empty()) out->Append(GatherRows(merged, rows));
  return out;
}

}  // namespace orbit
