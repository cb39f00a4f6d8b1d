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

// Keys of up to 2^20 distinct values each (the radix sort's several passes), and input
// already in key order (no pass at all), both as the cell comparison orders them.
TEST(RowOrderTest, WideAndPresortedKeysSortLikeTheCellComparison) {
  std::mt19937_64 rng(20261206);
  const size_t rows = 5000;
  for (int trial = 0; trial < 12; ++trial) {
    SCOPED_TRACE(trial);
    const bool presorted = trial % 3 == 0;
    std::vector<std::vector<Cell>> cells(3);
    std::vector<ColumnPtr> columns;
    std::vector<ColumnView> views;
    std::vector<SortKey> keys(3);
    for (int k = 0; k < 3; ++k) {
      const int64_t spread = int64_t{1} << (8 + 4 * k + trial % 4);
      for (size_t i = 0; i < rows; ++i) {
        Cell c;
        if (presorted) {
          c.value = k == 0 ? static_cast<int64_t>(i / 100) : static_cast<int64_t>(i % 100);
        } else if (rng() % 10 != 0) {
          c.value = static_cast<int64_t>(rng() % spread) - spread / 3;
        }
        cells[k].push_back(c);
      }
      columns.push_back(MakeColumn(DataType::Int64(), cells[k]));
      views.push_back(columns.back()->view());
      keys[k].descending = !presorted && ((trial >> k) & 1);
      keys[k].nulls_first = (trial >> (k + 1)) & 1;
    }
    RowOrder order = SortedRowsByColumns(views, keys, static_cast<int64_t>(rows));
    std::vector<uint32_t> got(order.begin(), order.end());
    EXPECT_EQ(got, ReferenceOrder(cells, keys, rows));
  }
}

// Where partitions (the first key) and peer groups (every key) start in sorted order, for
// keys that pack and for keys that do not (a full 64-bit range).
TEST(RowOrderTest, KeyChangesMarkPartitionAndPeerStarts) {
  std::mt19937_64 rng(7);
  const size_t rows = 4000;
  for (bool wide : {false, true}) {
    SCOPED_TRACE(wide);
    std::vector<std::vector<Cell>> cells(2);
    std::vector<ColumnPtr> columns;
    std::vector<ColumnView> views;
    for (int k = 0; k < 2; ++k) {
      for (size_t i = 0; i < rows; ++i) {
        Cell c;
        if (rng() % 9 != 0) c.value = wide && k == 1 ? static_cast<int64_t>(rng() % 5) * (INT64_MAX / 4) : rng() % 6;
        cells[k].push_back(c);
      }
      columns.push_back(MakeColumn(DataType::Int64(), cells[k]));
      views.push_back(columns.back()->view());
    }
    const std::vector<SortKey> keys(2);
    KeyedOrder keyed = SortAndMarkKeyChanges(views, keys, 1, static_cast<int64_t>(rows));
    const std::vector<uint32_t> expected = ReferenceOrder(cells, keys, rows);
    ASSERT_EQ(std::vector<uint32_t>(keyed.order.begin(), keyed.order.end()), expected);
    for (size_t i = 1; i < rows; ++i) {
      const uint32_t a = expected[i - 1], b = expected[i];
      const bool partition = cells[0][a].value != cells[0][b].value;
      const bool peer = partition || cells[1][a].value != cells[1][b].value;
      ASSERT_EQ(keyed.partition_starts[i] != 0, partition) << "row " << i;
      ASSERT_EQ(keyed.peer_starts[i] != 0, peer) << "row " << i;
    }
  }
}

}  // namespace
}  // namespace orbit
