#include "exec/operators/collected_rows.h"

#include <algorithm>

#include "exec/operators/row_order.h"
#include "exec/pipeline/gather.h"

namespace orbit {

CollectedRows::CollectedRows(std::vector<DataType> types) {
  schema_.push_back({"group", DataType::Int64()});
  for (size_t i = 0; i < types.size(); ++i) schema_.push_back({"c" + std::to_string(i), types[i]});
}

void CollectedRows::Add(const std::vector<ColumnView>& columns, const uint32_t* groups, int64_t n,
                        const uint8_t* keep) {
  // The kept rows' numbers, then each column gathered at once (not cell by cell).
  Array<uint32_t> kept;
  kept.reserve(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    if (!keep || bitmap::Get(keep, i)) kept.push_back(static_cast<uint32_t>(i));
  }
  if (kept.empty()) return;
  Batch batch;
  batch.length = static_cast<int64_t>(kept.size());
  ColumnPtr group = Column::Allocate(DataType::Int64(), batch.length);
  int64_t* group_values = group->mutable_values<int64_t>();
  for (size_t k = 0; k < kept.size(); ++k) group_values[k] = groups ? groups[kept[k]] : 0;
  batch.columns.push_back(std::move(group));
  for (const ColumnView& column : columns) {
    batch.columns.push_back(GatherColumn(SimdKernels(), column, kept.data(), kept.size()));
  }
  batches_.push_back(std::move(batch));
}

void CollectedRows::Prepare() {
  all_ = MergeBatches(batches_, schema_);
  batches_.clear();
  batches_.push_back(all_);
  const int64_t* groups = all_.columns[0]->values<int64_t>();
  const auto rows = static_cast<size_t>(all_.length);
  int64_t max_group = -1;
  for (size_t i = 0; i < rows; ++i) max_group = std::max(max_group, groups[i]);
  // A counting sort of the rows by group.
  starts_.assign(static_cast<size_t>(max_group + 2), 0);
  for (size_t i = 0; i < rows; ++i) ++starts_[groups[i] + 1];
  for (size_t g = 1; g < starts_.size(); ++g) starts_[g] += starts_[g - 1];
  order_.assign(rows, 0);
  Array<uint32_t> next(starts_.begin(), starts_.end());
  for (size_t i = 0; i < rows; ++i) order_[next[groups[i]]++] = static_cast<uint32_t>(i);
}

void CollectedRows::MergeGroups(const CollectedRows& other, const std::vector<uint32_t>& groups,
                                const std::vector<uint32_t>& targets) {
  std::vector<ColumnBuilder> builders;
  for (const Field& f : schema_) builders.emplace_back(f.type);
  std::vector<ColumnView> views;
  for (const ColumnPtr& c : other.all_.columns) views.push_back(c->view());
  for (size_t k = 0; k < groups.size(); ++k) {
    const uint32_t og = groups[k];
    if (static_cast<size_t>(og) + 1 >= other.starts_.size()) continue;  // no rows in that group
    for (uint32_t p = other.starts_[og]; p < other.starts_[og + 1]; ++p) {
      const uint32_t row = other.order_[p];
      builders[0].AppendInt64(targets[k]);
      for (size_t c = 1; c < views.size(); ++c) builders[c].AppendFrom(views[c], row);
    }
  }
  if (builders[0].length() == 0) return;
  Batch batch;
  batch.length = builders[0].length();
  for (ColumnBuilder& b : builders) batch.columns.push_back(b.Finish());
  batches_.push_back(std::move(batch));
}

Batch CollectedRows::Rows() const { return MergeBatches(batches_, schema_); }

}  // namespace orbit
