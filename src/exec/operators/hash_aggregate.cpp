#include "exec/operators/hash_aggregate.h"

#include <tbb/parallel_for.h>

#include <algorithm>

#include "common/check.h"
#include "common/memory_scope.h"
#include "kernels/hash_keys.h"
#include "plan/expression_rewrite.h"

namespace orbit {

HashAggregate::HashAggregate(std::vector<ExprPtr> keys, std::vector<AggregateCall> aggregates, Schema output)
    : keys_(std::move(keys)), aggregates_(std::move(aggregates)), output_(std::move(output)) {
  // AVG reads SUM's state; every variance and deviation of x reads one (count, mean, M2).
  auto state_kind = [](AggregateKind kind) {
    switch (kind) {
      case AggregateKind::kAvg: return AggregateKind::kSum;
      case AggregateKind::kVarPop:
      case AggregateKind::kStddevSamp:
      case AggregateKind::kStddevPop: return AggregateKind::kVarSamp;
      default: return IsBivariateAggregate(kind) ? AggregateKind::kCovarPop : kind;
    }
  };
  for (const AggregateCall& call : aggregates_) {
    size_t s = 0;
    for (; s < state_calls_.size(); ++s) {
      const AggregateCall& state = state_calls_[s];
      const bool same_argument =
          ((!state.argument && !call.argument) ||
           (state.argument && call.argument && SameExpr(*state.argument, *call.argument))) &&
          ((!state.second && !call.second) || (state.second && call.second && SameExpr(*state.second, *call.second)));
      // DISTINCT aggregates of one argument share its set of distinct values, whatever they compute.
      const bool same_state =
          state.distinct ? call.distinct : !call.distinct && state_kind(state.kind) == state_kind(call.kind);
      const bool same_order = state.order_by.size() == call.order_by.size() &&
                              std::equal(state.order_by.begin(), state.order_by.end(), call.order_by.begin(),
                                         [](const SortKey& a, const SortKey& b) {
                                           return a.descending == b.descending && a.nulls_first == b.nulls_first &&
                                                  SameExpr(*a.expression, *b.expression);
                                         });
      if (same_state && same_argument && same_order) break;
    }
    if (s == state_calls_.size()) state_calls_.push_back(call);
    state_of_.push_back(s);
  }
}

std::string HashAggregate::detail() const {
  std::string out;
  if (!keys_.empty()) {
    out += "keys: ";
    for (size_t i = 0; i < keys_.size(); ++i) out += (i ? ", " : "") + keys_[i]->ToString();
    out += "; ";
  }
  out += "aggregates: ";
  for (size_t i = 0; i < aggregates_.size(); ++i) out += (i ? ", " : "") + aggregates_[i].ToString();
  return out;
}

// One call per running state that reads an argument (SUM and AVG of x share one; COUNT(*)
// reads none), grouped when there are keys; the keys are hashed once per vector.
KernelCalls HashAggregate::kernel_calls() const {
  KernelCalls calls;
  calls.Add(KernelFamily::kHash, static_cast<double>(keys_.size()));
  calls.Add(KernelFamily::kArithmetic, ArithmeticCalls(keys_));
  for (const AggregateCall& state : state_calls_) {
    if (IsHostOnlyCall(state) && calls.host_only.empty()) calls.host_only = state.ToString();
    if (!state.argument) continue;
    calls.Add(keys_.empty() ? KernelFamily::kSum : KernelFamily::kGroupedAggregate, 1);
    calls.Add(KernelFamily::kArithmetic, ArithmeticCalls(*state.argument));
    if (state.second) calls.Add(KernelFamily::kArithmetic, ArithmeticCalls(*state.second));
  }
  return calls;
}

std::unique_ptr<HashAggregate::Partial> HashAggregate::NewPartial() const {
  std::vector<DataType> key_types;
  for (const auto& k : keys_) key_types.push_back(k->type);
  auto partial = std::make_unique<Partial>(Partial{GroupTable(key_types), {}});
  for (const auto& a : state_calls_) partial->states.emplace_back(a);
  if (keys_.empty()) {
    for (auto& s : partial->states) s.Resize(1);
  }
  return partial;
}

Status HashAggregate::Consume(Chunk& chunk, ExecutionContext& context) {
  std::unique_ptr<Partial>& slot = partials_.local();
  if (!slot) slot = NewPartial();
  Partial& partial = *slot;
  ExpressionEvaluator& evaluator = *context.evaluator;
  const int64_t n = chunk.size;

  ORBIT_CHECK(chunk.row_mask == nullptr || !keys_.empty(), "a masked chunk reached an aggregate without GROUP BY");
  RowScratch<uint32_t> group_scratch(keys_.empty() ? 0 : n);
  uint32_t* group_ids = group_scratch.data();
  const uint32_t* groups = nullptr;
  // Rows a Filter masked out go to a scratch group one past the real ones, whose states
  // are dropped after this chunk; they never enter the group table.
  bool scratch_group = false;
  if (!keys_.empty()) {
    std::vector<Vector> key_vectors;
    std::vector<ColumnView> key_views;
    for (const auto& k : keys_) {
      ORBIT_ASSIGN_OR_RETURN(Vector v, evaluator.Evaluate(*k, chunk));
      key_views.push_back(v.view);
      key_vectors.push_back(std::move(v));
    }
    RowScratch<uint64_t> hash_scratch(n);
    uint64_t* hashes = hash_scratch.data();
    HashKeys(evaluator.kernels().hash, key_views, n, hashes);
    const uint8_t* row_mask = chunk.row_mask ? chunk.row_mask->data() : nullptr;
    partial.groups.FindOrInsert(key_views, hashes, n, group_ids, row_mask);
    scratch_group = row_mask != nullptr;
    if (scratch_group) {
      const auto scratch = static_cast<uint32_t>(partial.groups.size());
      for (int64_t i = 0; i < n; ++i) {
        if (group_ids[i] == GroupTable::kNoGroup) group_ids[i] = scratch;
      }
    }
    for (auto& s : partial.states) s.Resize(partial.groups.size() + (scratch_group ? 1 : 0));
    groups = group_ids;
  }
  for (size_t i = 0; i < state_calls_.size(); ++i) {
    const AggregateCall& call = state_calls_[i];
    if (!call.argument) {
      ORBIT_RETURN_IF_ERROR(partial.states[i].Update(evaluator.kernels(), nullptr, groups, n));
      continue;
    }
    ORBIT_ASSIGN_OR_RETURN(Vector arg, evaluator.Evaluate(*call.argument, chunk));
    if (IsOrderedAggregate(call.kind)) {
      std::vector<Vector> vectors;
      std::vector<ColumnView> columns{arg.view};
      if (call.second) {
        ORBIT_ASSIGN_OR_RETURN(Vector second, evaluator.Evaluate(*call.second, chunk));
        columns.push_back(second.view);
        vectors.push_back(std::move(second));
      }
      for (const SortKey& key : call.order_by) {
        ORBIT_ASSIGN_OR_RETURN(Vector k, evaluator.Evaluate(*key.expression, chunk));
        columns.push_back(k.view);
        vectors.push_back(std::move(k));
      }
      partial.states[i].UpdateOrdered(columns, groups, n, chunk.row_mask ? chunk.row_mask->data() : nullptr);
      continue;
    }
    if (call.second) {
      ORBIT_ASSIGN_OR_RETURN(Vector second, evaluator.Evaluate(*call.second, chunk));
      partial.states[i].UpdatePairs(arg.view, second.view, groups, n);
      continue;
    }
    ORBIT_RETURN_IF_ERROR(partial.states[i].Update(evaluator.kernels(), &arg.view, groups, n,
                                                   chunk.row_mask ? chunk.row_mask->data() : nullptr));
  }
  if (scratch_group) {
    for (auto& s : partial.states) s.Resize(partial.groups.size());
  }
  return Status::OK();
}

namespace {

// Groups above which the partials are merged in parallel partitions.
constexpr size_t kPartitionedMergeGroups = 1 << 15;
constexpr int kMergePartitionBits = 6;

// A group's merge partition: the top bits of its key hash re-mixed by a multiplication
// (hash kernels need not spread their top bits; the group tables index by the low ones).
size_t MergePartition(uint64_t hash) { return (hash * 0x9E3779B97F4A7C15ULL) >> (64 - kMergePartitionBits); }

}  // namespace

Result<Batch> HashAggregate::OutputOf(Partial& total) const {
  const size_t groups = keys_.empty() ? 1 : total.groups.size();
  Batch batch;
  batch.length = static_cast<int64_t>(groups);
  if (!keys_.empty()) batch.columns = total.groups.KeyColumns();
  for (auto& state : total.states) {
    if (!keys_.empty()) state.Resize(groups);
  }
  for (size_t i = 0; i < aggregates_.size(); ++i) {
    ORBIT_ASSIGN_OR_RETURN(ColumnPtr column, total.states[state_of_[i]].Finalize(groups, aggregates_[i]));
    batch.columns.push_back(std::move(column));
  }
  return batch;
}

Result<TablePtr> HashAggregate::FinalizePartitioned(std::vector<std::unique_ptr<Partial>> partials) const {
  constexpr size_t kPartitions = size_t{1} << kMergePartitionBits;
  // Each partial's groups by partition, listed in parallel.
  std::vector<std::vector<std::vector<uint32_t>>> members(partials.size());
  tbb::parallel_for(size_t{0}, partials.size(), UnderCurrentMemoryAccount([&](size_t i) {
                      for (auto& state : partials[i]->states) state.PrepareMerge();
                      members[i].resize(kPartitions);
                      const GroupTable& groups = partials[i]->groups;
                      for (uint32_t g = 0; g < groups.size(); ++g) {
                        members[i][MergePartition(groups.hash(g))].push_back(g);
                      }
                    }));
  std::vector<Result<Batch>> batches(kPartitions, Status::OK());
  tbb::parallel_for(size_t{0}, kPartitions, UnderCurrentMemoryAccount([&](size_t p) {
                      std::unique_ptr<Partial> total = NewPartial();
                      for (size_t i = 0; i < partials.size(); ++i) {
                        const Partial& partial = *partials[i];
                        const std::vector<uint32_t>& groups = members[i][p];
                        std::vector<uint32_t> targets(groups.size());
                        for (size_t k = 0; k < groups.size(); ++k)
                          targets[k] = total->groups.FindOrInsertFrom(partial.groups, groups[k]);
                        for (size_t s = 0; s < state_calls_.size(); ++s) {
                          total->states[s].Resize(total->groups.size());
                          Status merged = total->states[s].MergeGroups(partial.states[s], groups, targets);
                          if (!merged.ok()) {
                            batches[p] = merged;
                            return;
                          }
                        }
                      }
                      batches[p] = OutputOf(*total);
                    }));
  auto table = std::make_shared<Table>("aggregate", output_);
  for (auto& batch : batches) {
    if (!batch.ok()) return batch.status();
    if (batch->length > 0) table->Append(std::move(*batch));
  }
  return table;
}

Result<TablePtr> HashAggregate::Finalize() {
  std::vector<std::unique_ptr<Partial>> partials;
  size_t all_groups = 0;
  for (auto& partial : partials_) {
    if (!partial) continue;
    all_groups += partial->groups.size();
    partials.push_back(std::move(partial));
  }
  partials_.clear();
  // With two partials, merging the second into the first is as fast as re-inserting both
  // by partitions on two threads; from three on, the partitions win.
  if (!keys_.empty() && partials.size() > 2 && all_groups >= kPartitionedMergeGroups) {
    return FinalizePartitioned(std::move(partials));
  }
  std::unique_ptr<Partial> total;
  for (auto& partial : partials) {
    if (!total) {
      total = std::move(partial);
      continue;
    }
    for (auto& state : partial->states) state.PrepareMerge();
    std::vector<uint32_t> map(partial->groups.size());
    for (uint32_t g = 0; g < map.size(); ++g) map[g] = total->groups.FindOrInsertFrom(partial->groups, g);
    for (size_t i = 0; i < state_calls_.size(); ++i) {
      if (!keys_.empty()) total->states[i].Resize(total->groups.size());
      ORBIT_RETURN_IF_ERROR(total->states[i].Merge(partial->states[i], keys_.empty() ? std::vector<uint32_t>{0} : map));
    }
  }
  if (!total) total = NewPartial();
  auto table = std::make_shared<Table>("aggregate", output_);
  ORBIT_ASSIGN_OR_RETURN(Batch batch, OutputOf(*total));
  if (batch.length > 0) table->Append(std::move(batch));
  return table;
}

}  // namespace orbit
