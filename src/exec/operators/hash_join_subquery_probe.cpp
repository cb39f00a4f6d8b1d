#include "exec/operators/hash_join_subquery_probe.h"

#include <fmt/format.h>

#include "common/check.h"
#include "exec/hash_tables/group_table.h"
#include "exec/pipeline/gather.h"

namespace orbit {

namespace {

// Candidate pairs waiting for the residual condition.
struct PairBuffer {
  uint32_t probe[kVectorSize];
  uint32_t build[kVectorSize];
  size_t size = 0;
};

bool AnyKeyNull(const std::vector<ColumnView>& keys, int64_t row) {
  for (const ColumnView& k : keys) {
    if (!k.IsValid(row)) return true;
  }
  return false;
}

}  // namespace

std::string HashSubqueryJoinProbe::name() const {
  switch (kind_) {
    case JoinKind::kSemi: return "HashJoinProbe SEMI";
    case JoinKind::kAnti: return null_aware_ ? "HashJoinProbe ANTI (NOT IN)" : "HashJoinProbe ANTI";
    case JoinKind::kMark: return null_aware_ ? "HashJoinProbe MARK (IN)" : "HashJoinProbe MARK";
    case JoinKind::kSingle: return "HashJoinProbe SINGLE";
    default: return "HashJoinProbe";
  }
}

std::string HashSubqueryJoinProbe::detail() const {
  std::string out = "keys: ";
  for (size_t i = 0; i < keys_.size(); ++i) out += (i ? ", " : "") + keys_[i]->ToString();
  if (keys_.empty()) out += "none (every pair)";
  if (residual_) out += "; condition: " + residual_->ToString();
  if (estimated_rows_ >= 0) out += fmt::format("; estimated rows: {:.0f}", estimated_rows_);
  return out;
}

KernelCalls HashSubqueryJoinProbe::kernel_calls() const { return ProbeKernelCalls(keys_, residual_.get()); }

Status HashSubqueryJoinProbe::CountPartners(const Chunk& chunk, ExpressionEvaluator& evaluator,
                                            const std::vector<ColumnView>& keys, const uint64_t* slots,
                                            const uint8_t* can_match, uint8_t* partners, uint32_t* first) const {
  const JoinHashTable& table = *table_;
  const KernelTable& kernels = evaluator.kernels();
  const int64_t n = chunk.size;
  // Enough partners to decide: one, or two for kSingle (which must see a second to fail).
  const uint8_t enough = kind_ == JoinKind::kSingle ? 2 : 1;
  // Pairs wait for the residual condition in a buffer; without one, keys decide alone.
  auto pairs = residual_ ? std::make_unique<PairBuffer>() : nullptr;

  auto flush = [&]() -> Status {
    if (!pairs) return Status::OK();
    const size_t count = pairs->size;
    if (count == 0) return Status::OK();
    pairs->size = 0;
    Chunk candidates;
    candidates.size = static_cast<int64_t>(count);
    for (const Vector& column : chunk.columns) {
      candidates.columns.push_back(Vector::Of(GatherColumn(kernels, column.view, pairs->probe, count)));
    }
    for (size_t c = 0; c < table.payload_schema().size(); ++c) {
      candidates.columns.push_back(Vector::Of(GatherColumn(kernels, table.payload(c), pairs->build, count)));
    }
    uint32_t selection[kVectorSize];
    ORBIT_ASSIGN_OR_RETURN(size_t kept, evaluator.Select(*residual_, candidates, nullptr, count, selection));
    for (size_t k = 0; k < kept; ++k) {
      const uint32_t row = pairs->probe[selection[k]];
      if (partners[row] == 0) first[row] = pairs->build[selection[k]];
      if (partners[row] < 2) ++partners[row];
    }
    return Status::OK();
  };

  // The comparisons only for rows whose bucket is not empty (can_match is 0 for a NULL
  // key, or one outside a direct table's range).
  uint32_t begins[kVectorSize], ends[kVectorSize], with_candidates[kVectorSize];
  const size_t candidates = table.RowsWithCandidates(slots, can_match, nullptr, n, begins, ends, with_candidates);
  for (size_t c = 0; c < candidates; ++c) {
    const uint32_t row = with_candidates[c];
    const uint32_t begin = begins[row], end = ends[row];
    for (uint32_t i = begin; i < end; ++i) {
      if (!table.EntryMatches(i, slots[row], keys, row)) continue;
      const uint32_t b = table.Entry(i);
      if (!residual_) {
        if (partners[row] == 0) first[row] = b;
        if (++partners[row] >= enough) break;
        continue;
      }
      pairs->probe[pairs->size] = static_cast<uint32_t>(row);
      pairs->build[pairs->size] = b;
      if (++pairs->size == static_cast<size_t>(kVectorSize)) ORBIT_RETURN_IF_ERROR(flush());
      // Rows decided by an earlier flush stop looking.
      if (partners[row] >= enough) break;
    }
  }
  return flush();
}

Status HashSubqueryJoinProbe::ProcessWithoutPartners(Chunk& chunk, const ChunkConsumer& emit) const {
  switch (kind_) {
    case JoinKind::kSemi: return Status::OK();
    case JoinKind::kAnti: return emit(chunk);
    case JoinKind::kMark: {
      Chunk out = chunk;
      ColumnBuilder mark(DataType::Boolean(), chunk.size);
      for (int64_t row = 0; row < chunk.size; ++row) mark.AppendBool(false);
      out.columns.push_back(Vector::Of(mark.Finish()));
      return emit(out);
    }
    case JoinKind::kSingle: {
      Chunk out = chunk;
      for (const Field& f : table_->payload_schema())
        out.columns.push_back(Vector::Of(Column::AllNull(f.type, chunk.size)));
      return emit(out);
    }
    default: ORBIT_UNREACHABLE("HashSubqueryJoinProbe for a join kind it does not handle");
  }
}

Status HashSubqueryJoinProbe::Process(Chunk& chunk, ExecutionContext& context, const ChunkConsumer& emit) {
  ExpressionEvaluator& evaluator = *context.evaluator;
  const KernelTable& kernels = evaluator.kernels();
  const int64_t n = chunk.size;
  const JoinHashTable& table = *table_;
  // An empty subquery decides every row without its keys (PostgreSQL does not evaluate the
  // left side of IN over no rows either), so a key that would raise an error is not computed.
  if (table.rows() == 0) return ProcessWithoutPartners(chunk, emit);

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
  uint8_t partners[kVectorSize] = {};
  uint32_t first[kVectorSize];
  ORBIT_RETURN_IF_ERROR(CountPartners(chunk, evaluator, key_views, slots, can_match, partners, first));

  // NOT IN / IN: without a partner, a NULL on either side (and a non-empty subquery)
  // leaves the answer unknown.
  auto unknown = [&](int64_t row) {
    return null_aware_ && table.rows() > 0 && (table.has_null_key() || AnyKeyNull(key_views, row));
  };
  auto emit_rows = [&](const uint32_t* rows, size_t count, std::vector<Vector> extra) -> Status {
    if (count == 0) return Status::OK();
    Chunk out;
    out.size = static_cast<int64_t>(count);
    const bool all = count == static_cast<size_t>(n);
    for (const Vector& column : chunk.columns) {
      out.columns.push_back(all ? column : Vector::Of(GatherColumn(kernels, column.view, rows, count)));
    }
    for (Vector& v : extra) out.columns.push_back(std::move(v));
    return emit(out);
  };

  uint32_t rows[kVectorSize];
  size_t count = 0;
  switch (kind_) {
    case JoinKind::kSemi:
    case JoinKind::kAnti: {
      const bool want = kind_ == JoinKind::kSemi;
      for (int64_t row = 0; row < n; ++row) {
        const bool matched = partners[row] > 0;
        if (want ? matched : (!matched && !unknown(row))) rows[count++] = static_cast<uint32_t>(row);
      }
      return emit_rows(rows, count, {});
    }
    case JoinKind::kMark: {
      ColumnBuilder mark(DataType::Boolean(), n);
      for (int64_t row = 0; row < n; ++row) {
        rows[count++] = static_cast<uint32_t>(row);
        if (partners[row] > 0) {
          mark.AppendBool(true);
        } else if (unknown(row)) {
          mark.AppendNull();
        } else {
          mark.AppendBool(false);
        }
      }
      std::vector<Vector> extra;
      extra.push_back(Vector::Of(mark.Finish()));
      return emit_rows(rows, count, std::move(extra));
    }
    case JoinKind::kSingle: {
      uint32_t partner[kVectorSize];
      uint32_t lonely[kVectorSize];
      size_t lonely_count = 0;
      for (int64_t row = 0; row < n; ++row) {
        if (partners[row] > 1) {
          return Status::InvalidData("more than one row returned by a subquery used as an expression");
        }
        if (partners[row] == 1) {
          partner[count] = first[row];
          rows[count++] = static_cast<uint32_t>(row);
        } else {
          lonely[lonely_count++] = static_cast<uint32_t>(row);
        }
      }
      std::vector<Vector> found, missing;
      for (size_t c = 0; c < table.payload_schema().size(); ++c) {
        found.push_back(Vector::Of(GatherColumn(kernels, table.payload(c), partner, count)));
        missing.push_back(
            Vector::Of(Column::AllNull(table.payload_schema()[c].type, static_cast<int64_t>(lonely_count))));
      }
      ORBIT_RETURN_IF_ERROR(emit_rows(rows, count, std::move(found)));
      return emit_rows(lonely, lonely_count, std::move(missing));
    }
    default: ORBIT_UNREACHABLE("HashSubqueryJoinProbe for a join kind it does not handle");
  }
}

}  // namespace orbit
