#include "exec/operators/hash_join_probe.h"

#include <algorithm>

#include <fmt/format.h>

#include "exec/hash_tables/group_table.h"
#include "exec/pipeline/gather.h"

namespace orbit {

namespace {

// The probe rows and build rows of up to kVectorSize matching pairs.
struct PairBuffer {
  uint32_t probe[kVectorSize];
  uint32_t build[kVectorSize];
  size_t size = 0;
};

}  // namespace

std::string HashJoinProbe::name() const {
  return kind_ == JoinKind::kInner ? "HashJoinProbe" : fmt::format("HashJoinProbe {}", JoinKindName(kind_));
}

void HashJoinProbe::Prepare() {
  if (!tracks_build_matches()) return;
  const auto rows = static_cast<size_t>(table_->rows());
  build_matched_ = std::make_unique<std::atomic<uint8_t>[]>(rows);
  for (size_t i = 0; i < rows; ++i) build_matched_[i].store(0, std::memory_order_relaxed);
}

Status HashJoinProbe::Finish(ExecutionContext& context, const ChunkConsumer& emit) {
  if (!tracks_build_matches()) return Status::OK();
  // The build rows to emit: those without a pair (RIGHT, FULL, RIGHT ANTI) or with one
  // (RIGHT SEMI); RIGHT SEMI/ANTI output the build columns alone.
  const uint8_t emit_when_matched = kind_ == JoinKind::kRightSemi ? 1 : 0;
  const bool with_probe_columns = !only_marks_build();
  const KernelTable& kernels = context.evaluator->kernels();
  const JoinHashTable& table = *table_;
  uint32_t unmatched[kVectorSize];
  size_t count = 0;
  auto flush = [&]() -> Status {
    if (count == 0) return Status::OK();
    Chunk out;
    out.size = static_cast<int64_t>(count);
    if (with_probe_columns) {
      for (const DataType& type : probe_types_) {
        out.columns.push_back(Vector::Of(Column::AllNull(type, static_cast<int64_t>(count))));
      }
    }
    for (size_t c = 0; c < table.payload_schema().size(); ++c) {
      out.columns.push_back(Vector::Of(GatherColumn(kernels, table.payload(c), unmatched, count)));
    }
    count = 0;
    return emit(out);
  };
  for (int64_t row = 0; row < table.rows(); ++row) {
    if (build_matched_[row].load(std::memory_order_relaxed) != emit_when_matched) continue;
    unmatched[count++] = static_cast<uint32_t>(row);
    if (count == static_cast<size_t>(kVectorSize)) ORBIT_RETURN_IF_ERROR(flush());
  }
  return flush();
}

std::string HashJoinProbe::detail() const {
  std::string out = "keys: ";
  for (size_t i = 0; i < keys_.size(); ++i) out += (i ? ", " : "") + keys_[i]->ToString();
  if (keys_.empty()) out += "none (every pair)";
  if (residual_) out += "; condition: " + residual_->ToString();
  return out;
}

KernelCalls HashJoinProbe::kernel_calls() const { return ProbeKernelCalls(keys_, residual_.get()); }

Status HashJoinProbe::Process(Chunk& chunk, ExecutionContext& context, const ChunkConsumer& emit) {
  ExpressionEvaluator& evaluator = *context.evaluator;
  const KernelTable& kernels = evaluator.kernels();
  const int64_t n = chunk.size;
  const bool left = keeps_unmatched_probe();
  std::atomic<uint8_t>* build_matched = tracks_build_matches() ? build_matched_.get() : nullptr;
  const JoinHashTable& table = *table_;

  std::vector<Vector> key_vectors;
  std::vector<ColumnView> key_views;
  for (const auto& key : keys_) {
    ORBIT_ASSIGN_OR_RETURN(Vector v, evaluator.Evaluate(*key, chunk));
    key_views.push_back(v.view);
    key_vectors.push_back(std::move(v));
  }
  uint64_t slots[kVectorSize];
  uint8_t can_match[kVectorSize];
  table.Slots(kernels, key_views, n, slots, can_match);

  std::vector<uint8_t> matched(left ? n : 0, 0);
  auto pairs = std::make_unique<PairBuffer>();

  // Emits the buffered pairs (those passing the residual condition).
  auto flush = [&]() -> Status {
    const size_t count = pairs->size;
    if (count == 0) return Status::OK();
    pairs->size = 0;
    if (only_marks_build() && !residual_) {
      for (size_t k = 0; k < count; ++k) build_matched[pairs->build[k]].store(1, std::memory_order_relaxed);
      return Status::OK();
    }
    Chunk out;
    out.size = static_cast<int64_t>(count);
    // When every probe row found exactly one partner, in order (a foreign key probing a
    // primary key), the probe columns pass through without a copy.
    bool identity = count == static_cast<size_t>(n);
    for (size_t k = 0; identity && k < count; ++k) identity = pairs->probe[k] == k;
    for (const Vector& column : chunk.columns) {
      out.columns.push_back(identity ? column : Vector::Of(GatherColumn(kernels, column.view, pairs->probe, count)));
    }
    for (size_t c = 0; c < table.payload_schema().size(); ++c) {
      out.columns.push_back(Vector::Of(GatherColumn(kernels, table.payload(c), pairs->build, count)));
    }
    if (residual_) {
      uint32_t selection[kVectorSize];
      ORBIT_ASSIGN_OR_RETURN(size_t kept, evaluator.Select(*residual_, out, nullptr, count, selection));
      if (left) {
        for (size_t k = 0; k < kept; ++k) matched[pairs->probe[selection[k]]] = 1;
      }
      if (build_matched) {
        for (size_t k = 0; k < kept; ++k) build_matched[pairs->build[selection[k]]].store(1, std::memory_order_relaxed);
      }
      if (kept < count) {
        for (Vector& column : out.columns) {
          column = Vector::Of(GatherColumn(kernels, column.view, selection, kept));
        }
        out.size = static_cast<int64_t>(kept);
      }
    } else {
      if (left) {
        for (size_t k = 0; k < count; ++k) matched[pairs->probe[k]] = 1;
      }
      if (build_matched) {
        for (size_t k = 0; k < count; ++k) build_matched[pairs->build[k]].store(1, std::memory_order_relaxed);
      }
    }
    // RIGHT SEMI/ANTI: the marks are the result; Finish emits the build rows.
    if (only_marks_build()) return Status::OK();
    return out.size > 0 ? emit(out) : Status::OK();
  };

  // The comparisons only for rows whose bucket is not empty (their entries on the way
  // into the cache by now).
  uint32_t begins[kVectorSize], ends[kVectorSize], candidates[kVectorSize];
  // Rows a filter masked out (see accepts_masked_chunks) never match.
  const uint8_t* row_mask = chunk.row_mask ? chunk.row_mask->data() : nullptr;
  const size_t with_candidates = table.RowsWithCandidates(slots, can_match, row_mask, n, begins, ends, candidates);
  for (size_t c = 0; c < with_candidates; ++c) {
    const uint32_t row = candidates[c];
    for (uint32_t i = begins[row]; i < ends[row]; ++i) {
      if (!table.EntryMatches(i, slots[row], key_views, row)) continue;
      pairs->probe[pairs->size] = row;
      pairs->build[pairs->size] = table.Entry(i);
      if (++pairs->size == static_cast<size_t>(kVectorSize)) ORBIT_RETURN_IF_ERROR(flush());
    }
  }
  ORBIT_RETURN_IF_ERROR(flush());
  if (!left) return Status::OK();

  // LEFT join: the probe rows no pair kept, with NULL for every build column.
  uint32_t unmatched[kVectorSize];
  size_t count = 0;
  for (int64_t row = 0; row < n; ++row) {
    if (!matched[row]) unmatched[count++] = static_cast<uint32_t>(row);
  }
  if (count == 0) return Status::OK();
  Chunk out;
  out.size = static_cast<int64_t>(count);
  for (const Vector& column : chunk.columns) {
    out.columns.push_back(Vector::Of(GatherColumn(kernels, column.view, unmatched, count)));
  }
  for (const Field& field : table.payload_schema()) {
    out.columns.push_back(Vector::Of(Column::AllNull(field.type, static_cast<int64_t>(count))));
  }
  return emit(out);
}

}  // namespace orbit
