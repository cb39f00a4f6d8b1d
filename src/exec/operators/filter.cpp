#include "exec/operators/filter.h"

#include <string>

#include "exec/pipeline/gather.h"

namespace orbit {

namespace {

/// Marks the rows not in `selection` as filtered out: builds the chunk's row mask and ANDs
/// it into every column's validity, so that those rows read as NULL.
void MaskRows(Chunk& chunk, const uint32_t* selection, size_t count) {
  const int64_t bytes = static_cast<int64_t>(bitmap::Bytes(chunk.size));
  auto mask = Buffer::AllocateZeroed(bytes);
  uint8_t* bits = mask->mutable_data();
  for (size_t k = 0; k < count; ++k) bitmap::Set(bits, selection[k]);
  for (Vector& column : chunk.columns) {
    if (column.view.validity == nullptr) {
      column.view.validity = bits;
      continue;
    }
    auto combined = Buffer::Allocate(bytes);
    for (int64_t i = 0; i < bytes; ++i) combined->mutable_data()[i] = column.view.validity[i] & bits[i];
    column.view.validity = combined->data();
    chunk.keep_alive.push_back(std::move(combined));
  }
  chunk.masked_rows = chunk.size - static_cast<int64_t>(count);
  chunk.row_mask = std::move(mask);
}

}  // namespace

std::string Filter::detail() const {
  std::string out = predicate_->ToString();
  if (output_columns_.empty()) return out;
  out += "; keeps columns";
  for (int c : output_columns_) out += " #" + std::to_string(c);
  return out;
}

KernelCalls Filter::kernel_calls() const {
  KernelCalls calls;
  calls.Add(KernelFamily::kFilter, FilterCalls(*predicate_));
  calls.Add(KernelFamily::kArithmetic, ArithmeticCalls(*predicate_));
  return calls;
}

Status Filter::Execute(Chunk& chunk, ExecutionContext& context) {
  RowScratch<uint32_t> scratch(chunk.size);
  uint32_t* selection = scratch.data();
  ORBIT_ASSIGN_OR_RETURN(size_t count, context.evaluator->Select(*predicate_, chunk, nullptr, chunk.size, selection));
  if (!output_columns_.empty()) {
    std::vector<Vector> kept;
    kept.reserve(output_columns_.size());
    for (int c : output_columns_) kept.push_back(std::move(chunk.columns[c]));
    chunk.columns = std::move(kept);
  }
  if (count == static_cast<size_t>(chunk.size)) return Status::OK();
  if (masking_allowed_ && chunk.row_mask == nullptr && count > 0 && 2 * count >= static_cast<size_t>(chunk.size)) {
    MaskRows(chunk, selection, count);
    return Status::OK();
  }
  const KernelTable& kernels = context.evaluator->kernels();
  for (Vector& column : chunk.columns) {
    column = Vector::Of(GatherColumn(kernels, column.view, selection, count));
  }
  chunk.size = static_cast<int64_t>(count);
  return Status::OK();
}

}  // namespace orbit
