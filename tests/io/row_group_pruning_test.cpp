// RuledOut: a row group is skipped only when its statistics prove that no row passes.
#include "io/parquet/row_group_pruning.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace orbit {
namespace {

ColumnStatistics Range(Value min, Value max, int64_t null_count = 0) {
  ColumnStatistics s;
  s.has_min_max = true;
  s.min = std::move(min);
  s.max = std::move(max);
  s.null_count = null_count;
  return s;
}

ScanFilter Filter(ScanFilterOp op, Value constant) { return {0, op, std::move(constant)}; }

TEST(RowGroupPruning, ComparisonsAgainstTheRange) {
  const ColumnStatistics s = Range(Value::Int64(10), Value::Int64(20));
  EXPECT_TRUE(RuledOut(Filter(ScanFilterOp::kLt, Value::Int64(10)), s, 100));
  EXPECT_FALSE(RuledOut(Filter(ScanFilterOp::kLe, Value::Int64(10)), s, 100));
  EXPECT_TRUE(RuledOut(Filter(ScanFilterOp::kGt, Value::Int64(20)), s, 100));
  EXPECT_FALSE(RuledOut(Filter(ScanFilterOp::kGe, Value::Int64(20)), s, 100));
  EXPECT_TRUE(RuledOut(Filter(ScanFilterOp::kEq, Value::Int64(21)), s, 100));
  EXPECT_TRUE(RuledOut(Filter(ScanFilterOp::kEq, Value::Int64(9)), s, 100));
  EXPECT_FALSE(RuledOut(Filter(ScanFilterOp::kEq, Value::Int64(15)), s, 100));
}

TEST(RowGroupPruning, UnknownStatisticsAndOtherTypesNeverSkip) {
  ColumnStatistics none;
  EXPECT_FALSE(RuledOut(Filter(ScanFilterOp::kEq, Value::Int64(1)), none, 100));
  const ColumnStatistics ints = Range(Value::Int32(10), Value::Int32(20));
  EXPECT_FALSE(RuledOut(Filter(ScanFilterOp::kEq, Value::Int64(50)), ints, 100));
}

TEST(RowGroupPruning, OnlyNullsPassNoComparison) {
  ColumnStatistics nulls;
  nulls.null_count = 100;
  EXPECT_TRUE(RuledOut(Filter(ScanFilterOp::kGe, Value::Int64(0)), nulls, 100));
  EXPECT_FALSE(RuledOut(Filter(ScanFilterOp::kGe, Value::Int64(0)), nulls, 101));
}

TEST(RowGroupPruning, StringsCompareByBytes) {
  const ColumnStatistics s = Range(Value::Varchar("apple"), Value::Varchar("banana"));
  EXPECT_TRUE(RuledOut(Filter(ScanFilterOp::kEq, Value::Varchar("cherry")), s, 10));
  EXPECT_TRUE(RuledOut(Filter(ScanFilterOp::kLt, Value::Varchar("apple")), s, 10));
  EXPECT_FALSE(RuledOut(Filter(ScanFilterOp::kEq, Value::Varchar("b")), s, 10));
  EXPECT_TRUE(RuledOut(Filter(ScanFilterOp::kGt, Value::Varchar("\xc3\xa9")), s, 10));  // é sorts after ASCII
}

TEST(RowGroupPruning, DecimalsAndDates) {
  const ColumnStatistics d = Range(Value::Decimal(100, 15, 2), Value::Decimal(500, 15, 2));
  EXPECT_TRUE(RuledOut(Filter(ScanFilterOp::kGt, Value::Decimal(500, 15, 2)), d, 10));
  EXPECT_FALSE(RuledOut(Filter(ScanFilterOp::kGt, Value::Decimal(499, 15, 2)), d, 10));
  const ColumnStatistics wide =
      Range(Value::Decimal(int128_t{1} << 100, 38, 0), Value::Decimal(int128_t{1} << 101, 38, 0));
  EXPECT_TRUE(RuledOut(Filter(ScanFilterOp::kLt, Value::Decimal(int128_t{1} << 99, 38, 0)), wide, 10));
  const ColumnStatistics days = Range(Value::Date(100), Value::Date(200));
  EXPECT_TRUE(RuledOut(Filter(ScanFilterOp::kLe, Value::Date(99)), days, 10));
}

// Parquet leaves NaN out of a column's min/max, and PostgreSQL orders NaN above every
// number: > and >= may match NaN rows whatever the maximum says.
TEST(RowGroupPruning, DoublesKeepNaNRowsReachable) {
  const ColumnStatistics s = Range(Value::Double(1), Value::Double(2));
  EXPECT_FALSE(RuledOut(Filter(ScanFilterOp::kGt, Value::Double(5)), s, 10));
  EXPECT_FALSE(RuledOut(Filter(ScanFilterOp::kGe, Value::Double(5)), s, 10));
  EXPECT_TRUE(RuledOut(Filter(ScanFilterOp::kLt, Value::Double(1)), s, 10));
  EXPECT_TRUE(RuledOut(Filter(ScanFilterOp::kEq, Value::Double(3)), s, 10));
  EXPECT_FALSE(RuledOut(Filter(ScanFilterOp::kEq, Value::Double(std::nan(""))), s, 10));
  EXPECT_FALSE(RuledOut(Filter(ScanFilterOp::kEq, Value::Double(-0.0)), Range(Value::Double(0), Value::Double(1)), 10));
}

}  // namespace
}  // namespace orbit
