#include "exec/hash_tables/distinct_values.h"

#include "kernels/hash_keys.h"
#include "kernels/kernel_table.h"

namespace orbit {

namespace {

ColumnView GroupView(const int64_t* groups, int64_t n) {
  ColumnView view;
  view.type = DataType::Int64();
  view.length = n;
  view.data = groups;
  return view;
}

}  // namespace

DistinctValues::DistinctValues(const DataType& type) : type_(type), table_({DataType::Int64(), type}) {}

void DistinctValues::Add(const HashKernels& hash, const ColumnView& values, const uint32_t* groups, int64_t n,
                         const uint8_t* row_mask) {
  if (n == 0) return;
  std::vector<int64_t> wide_groups(static_cast<size_t>(n), 0);
  if (groups) {
    for (int64_t i = 0; i < n; ++i) wide_groups[i] = groups[i];
  }
  // The rows that enter: a value that is not NULL, in a row that exists.
  std::vector<uint8_t> keep(bitmap::Bytes(n), 0xFF);
  for (int64_t i = 0; i < n; ++i) {
    if (!values.IsValid(i) || (row_mask && !bitmap::Get(row_mask, i))) bitmap::Clear(keep.data(), i);
  }
  const std::vector<ColumnView> keys = {GroupView(wide_groups.data(), n), values};
  std::vector<uint64_t> hashes(static_cast<size_t>(n));
  HashKeys(hash, keys, n, hashes.data());
  std::vector<uint32_t> ids(static_cast<size_t>(n));
  table_.FindOrInsert(keys, hashes.data(), n, ids.data(), keep.data());
}

void DistinctValues::Prepare() {
  std::vector<ColumnPtr> columns = table_.KeyColumns();
  const int64_t* groups = columns[0]->values<int64_t>();
  pair_values_ = columns[1];
  const size_t pairs = table_.size();
  pair_groups_.assign(pairs, 0);
  uint32_t max_group = 0;
  for (size_t i = 0; i < pairs; ++i) {
    pair_groups_[i] = static_cast<uint32_t>(groups[i]);
    max_group = std::max(max_group, pair_groups_[i]);
  }
  // A counting sort of the pairs by group.
  starts_.assign(pairs == 0 ? 1 : max_group + 2, 0);
  for (uint32_t g : pair_groups_) ++starts_[g + 1];
  for (size_t g = 1; g < starts_.size(); ++g) starts_[g] += starts_[g - 1];
  order_.assign(pairs, 0);
  Array<uint32_t> next(starts_.begin(), starts_.end());
  for (size_t i = 0; i < pairs; ++i) order_[next[pair_groups_[i]]++] = static_cast<uint32_t>(i);
}

void DistinctValues::MergeGroups(const HashKernels& hash, const DistinctValues& other,
                                 const std::vector<uint32_t>& groups, const std::vector<uint32_t>& targets) {
  std::vector<int64_t> new_groups;
  ColumnBuilder values(type_);
  const ColumnView source = other.pair_values_ ? other.pair_values_->view() : ColumnView{};
  for (size_t k = 0; k < groups.size(); ++k) {
    const uint32_t og = groups[k];
    if (og + 1 >= other.starts_.size()) continue;  // no pairs in that group
    for (uint32_t p = other.starts_[og]; p < other.starts_[og + 1]; ++p) {
      new_groups.push_back(targets[k]);
      values.AppendFrom(source, other.order_[p]);
    }
  }
  const auto n = static_cast<int64_t>(new_groups.size());
  if (n == 0) return;
  const ColumnPtr column = values.Finish();
  const std::vector<ColumnView> keys = {GroupView(new_groups.data(), n), column->view()};
  std::vector<uint64_t> hashes(static_cast<size_t>(n));
  HashKeys(hash, keys, n, hashes.data());
  std::vector<uint32_t> ids(static_cast<size_t>(n));
  table_.FindOrInsert(keys, hashes.data(), n, ids.data());
}

void DistinctValues::Pairs(std::vector<uint32_t>* groups, ColumnPtr* values) const {
  std::vector<ColumnPtr> columns = table_.KeyColumns();
  const int64_t* g = columns[0]->values<int64_t>();
  groups->assign(g, g + table_.size());
  *values = columns[1];
}

}  // namespace orbit
