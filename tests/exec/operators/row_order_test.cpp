// SortedRowsByColumns: integer keys that pack into 64 bits sort as integers; every order
// (ASC/DESC, NULLS FIRST/LAST, several keys, wide ranges that do not pack) must equal a
// plain stable sort comparing the cells, ties in row order.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <optional>
#include <random>

#include "exec/operators/row_order.h"

namespace orbit {
namespace {

struct Cell {
  std::optional<int64_t> value;
};

ColumnPtr MakeColumn(const DataType& type, const std::vector<Cell>& cells) {
  ColumnBuilder builder(type);
  for (const Cell& c : cells) {
    if (!c.value) {
      builder.AppendNull();
    } else if (type.id == TypeId::kInt32) {
      builder.AppendInt32(static_cast<int32_t>(*c.value));
    } else {
      builder.AppendInt64(*c.value);
    }
  }
  return builder.Finish();
}

std::vector<uint32_t> ReferenceOrder(const std::vector<std::vector<Cell>>& columns, const std::vector<SortKey>& keys,
                                     size_t rows) {
  std::vector<uint32_t> order(rows);
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    for (size_t k = 0; k < keys.size(); ++k) {
      const auto &x = columns[k][a].value, &y = columns[k][b].value;
      if (!x || !y) {
        if (!x && !y) continue;
        return !x ? keys[k].nulls_first : !keys[k].nulls_first;
      }
      if (*x != *y) return keys[k].descending ? *x > *y : *x < *y;
    }
    return false;
  });
  return order;
}

TEST(RowOrderTest, IntegerKeysSortLikeTheCellComparison) {
  std::mt19937_64 rng(20261202);
  const size_t rows = 3000;
  for (int trial = 0; trial < 40; ++trial) {
    SCOPED_TRACE(trial);
    const int key_count = 1 + trial % 3;
    std::vector<std::vector<Cell>> cells(key_count);
    std::vector<ColumnPtr> columns;
    std::vector<ColumnView> views;
    std::vector<SortKey> keys;
    for (int k = 0; k < key_count; ++k) {
      const bool wide = (trial + k) % 5 == 4;  // a range that cannot pack: the comparison sorts
      const bool big = (trial + k) % 2 == 0;
      const int64_t spread = wide ? INT64_MAX : 1 + static_cast<int64_t>(rng() % 40);
      for (size_t i = 0; i < rows; ++i) {
        Cell c;
        if (rng() % 8 != 0 || trial % 7 == 0) {
          c.value = wide ? static_cast<int64_t>(rng()) : static_cast<int64_t>(rng() % spread) - spread / 2;
        }
        cells[k].push_back(c);
      }
      columns.push_back(MakeColumn(big ? DataType::Int64() : DataType::Int32(), cells[k]));
      if (!big) {
        for (auto& c : cells[k]) {
          if (c.value) c.value = static_cast<int32_t>(*c.value);
        }
      }
      views.push_back(columns.back()->view());
      SortKey key;
      key.descending = (trial >> k) & 1;
      key.nulls_first = (trial >> (k + 1)) & 1;
      keys.push_back(key);
    }
    RowOrder order = SortedRowsByColumns(views, keys, static_cast<int64_t>(rows));
    std::vector<uint32_t> got(order.begin(), order.end());
    EXPECT_EQ(got, ReferenceOrder(cells, keys, rows));
  }
}

}  // namespace
}  // namespace orbit
