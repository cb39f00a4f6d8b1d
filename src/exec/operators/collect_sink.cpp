#include "exec/operators/collect_sink.h"

#include <fmt/format.h>

#include "exec/pipeline/gather.h"

namespace orbit {

std::string CollectSink::detail() const {
  if (!limit_ && !offset_) return "";
  return fmt::format("limit {} offset {}", limit_ ? std::to_string(*limit_) : "all", offset_);
}

void CollectSink::Prepare(size_t morsel_count) { slots_.assign(std::max<size_t>(morsel_count, 1), {}); }

Status CollectSink::Consume(Chunk& chunk, ExecutionContext& context) {
  Batch batch;
  batch.length = chunk.size;
  for (const Vector& v : chunk.columns) batch.columns.push_back(MaterializeVector(v));
  slots_[context.morsel_index].push_back(std::move(batch));
  return Status::OK();
}

TablePtr CollectSink::Collected() {
  auto table = std::make_shared<Table>("result", schema_);
  for (auto& slot : slots_) {
    for (auto& batch : slot) table->Append(std::move(batch));
  }
  slots_.clear();
  return table;
}

Result<TablePtr> CollectSink::Finalize() {
  TablePtr all = Collected();
  if (!limit_ && offset_ == 0) return all;
  int64_t skip = offset_;
  int64_t remaining = limit_ ? *limit_ : INT64_MAX;
  auto out = std::make_shared<Table>("result", schema_);
  for (const Batch& batch : all->batches()) {
    if (remaining <= 0) break;
    int64_t begin = std::min(skip, batch.length);
    skip -= begin;
    int64_t take = std::min(remaining, batch.length - begin);
    if (take <= 0) continue;
    std::vector<uint32_t> rows(take);
    for (int64_t i = 0; i < take; ++i) rows[i] = static_cast<uint32_t>(begin + i);
    Batch sliced;
    sliced.length = take;
    for (const auto& c : batch.columns) {
      sliced.columns.push_back(GatherColumn(ReferenceKernels(), c->view(), rows.data(), rows.size()));
    }
    out->Append(std::move(sliced));
    remaining -= take;
  }
  return out;
}

}  // namespace orbit
