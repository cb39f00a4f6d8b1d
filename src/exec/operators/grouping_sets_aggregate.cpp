#include "exec/operators/grouping_sets_aggregate.h"

#include <algorithm>

namespace orbit {

GroupingSetsAggregate::GroupingSetsAggregate(std::vector<ExprPtr> keys, std::vector<AggregateCall> aggregates,
                                             std::vector<std::vector<int>> sets, Schema output)
    : keys_(std::move(keys)), aggregates_(std::move(aggregates)), sets_(std::move(sets)), output_(std::move(output)) {
  std::vector<AggregateCall> computed;
  Schema computed_fields;
  for (size_t i = 0; i < aggregates_.size(); ++i) {
    if (aggregates_[i].kind == AggregateKind::kGrouping) {
      aggregate_column_.push_back(-1);
      continue;
    }
    aggregate_column_.push_back(static_cast<int>(computed.size()));
    computed.push_back(aggregates_[i]);
    computed_fields.push_back(output_[keys_.size() + i]);
  }
  for (const std::vector<int>& set : sets_) {
    std::vector<ExprPtr> set_keys;
    Schema schema;
    for (int k : set) {
      set_keys.push_back(keys_[k]);
      schema.push_back(output_[k]);
    }
    schema.insert(schema.end(), computed_fields.begin(), computed_fields.end());
    per_set_.push_back(std::make_unique<HashAggregate>(std::move(set_keys), computed, std::move(schema)));
  }
}

std::string GroupingSetsAggregate::detail() const {
  std::string out = "sets: ";
  for (size_t s = 0; s < sets_.size(); ++s) {
    out += s ? ", (" : "(";
    for (size_t i = 0; i < sets_[s].size(); ++i) out += (i ? ", " : "") + keys_[sets_[s][i]]->ToString();
    out += ")";
  }
  out += "; aggregates: ";
  for (size_t i = 0; i < aggregates_.size(); ++i) out += (i ? ", " : "") + aggregates_[i].ToString();
  return out;
}

KernelCalls GroupingSetsAggregate::kernel_calls() const {
  KernelCalls calls;
  for (const auto& aggregate : per_set_) calls += aggregate->kernel_calls();
  calls.host_only = "GROUPING SETS";
  return calls;
}

void GroupingSetsAggregate::Prepare(size_t morsel_count) {
  for (auto& aggregate : per_set_) aggregate->Prepare(morsel_count);
}

Status GroupingSetsAggregate::Consume(Chunk& chunk, ExecutionContext& context) {
  for (auto& aggregate : per_set_) ORBIT_RETURN_IF_ERROR(aggregate->Consume(chunk, context));
  return Status::OK();
}

Result<TablePtr> GroupingSetsAggregate::Finalize() {
  auto table = std::make_shared<Table>("aggregate", output_);
  for (size_t s = 0; s < sets_.size(); ++s) {
    ORBIT_ASSIGN_OR_RETURN(TablePtr groups, per_set_[s]->Finalize());
    const std::vector<int>& set = sets_[s];
    std::vector<int> position(keys_.size(), -1);  // key k's column in the set's output
    for (size_t i = 0; i < set.size(); ++i) position[set[i]] = static_cast<int>(i);
    for (const Batch& batch : groups->batches()) {
      Batch out;
      out.length = batch.length;
      for (size_t k = 0; k < keys_.size(); ++k) {
        out.columns.push_back(position[k] >= 0 ? batch.columns[position[k]]
                                               : Column::AllNull(output_[k].type, batch.length));
      }
      for (size_t i = 0; i < aggregates_.size(); ++i) {
        if (aggregate_column_[i] >= 0) {
          out.columns.push_back(batch.columns[set.size() + aggregate_column_[i]]);
          continue;
        }
        int32_t bits = 0;
        for (int k : aggregates_[i].grouping_keys) bits = (bits << 1) | (position[k] < 0 ? 1 : 0);
        auto column = Column::Allocate(DataType::Int32(), batch.length);
        std::fill_n(column->mutable_values<int32_t>(), batch.length, bits);
        out.columns.push_back(std::move(column));
      }
      table->Append(std::move(out));
    }
  }
  return table;
}

}  // namespace orbit
