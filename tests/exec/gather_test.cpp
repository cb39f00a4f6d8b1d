// MaterializeVector and InterleaveRows against a row-by-row copy made with ColumnBuilder:
// a slice of a VARCHAR column becomes a column of its own whose offsets start at 0, and
// interleaving takes each row from the source and position it names, NULLs included,
// whether or not every source has a validity bitmap.
#include <gtest/gtest.h>

#include <random>

#include "exec/pipeline/gather.h"

namespace orbit {
namespace {

ColumnPtr Strings(int64_t rows, int null_every, uint64_t seed) {
  std::mt19937_64 random(seed);
  ColumnBuilder builder(DataType::Varchar());
  for (int64_t i = 0; i < rows; ++i) {
    if (null_every > 0 && i % null_every == 0) {
      builder.AppendNull();
    } else {
      builder.AppendString(std::string(random() % 40, static_cast<char>('a' + random() % 26)));
    }
  }
  return builder.Finish();
}

ColumnPtr Int64s(int64_t rows, int null_every, int64_t base) {
  ColumnBuilder builder(DataType::Int64());
  for (int64_t i = 0; i < rows; ++i) {
    if (null_every > 0 && i % null_every == 0) {
      builder.AppendNull();
    } else {
      builder.AppendInt64(base + i * 3);
    }
  }
  return builder.Finish();
}

void ExpectSameRows(const ColumnView& expected, const ColumnView& actual) {
  ASSERT_EQ(expected.length, actual.length);
  for (int64_t i = 0; i < expected.length; ++i) {
    ASSERT_EQ(expected.IsValid(i), actual.IsValid(i)) << "row " << i;
    if (!expected.IsValid(i)) continue;
    if (expected.type.id == TypeId::kVarchar) {
      ASSERT_EQ(expected.GetString(i), actual.GetString(i)) << "row " << i;
    } else {
      ASSERT_EQ(expected.values<int64_t>()[i], actual.values<int64_t>()[i]) << "row " << i;
    }
  }
}

TEST(GatherTest, AStringSliceBecomesAColumnWhoseOffsetsStartAtZero) {
  const ColumnPtr whole = Strings(5000, 7, 1);
  const ColumnView slice = whole->view().Slice(2048, 1500);
  Vector vector;
  vector.view = slice;
  vector.owner = whole;
  const ColumnPtr copy = MaterializeVector(vector);
  EXPECT_NE(copy, whole);
  EXPECT_EQ(copy->view().offsets()[0], 0);
  ExpectSameRows(slice, copy->view());
}

TEST(GatherTest, InterleavedRowsComeFromTheSourceAndPositionNamed) {
  constexpr int64_t kRows = 3000;
  for (const bool strings : {false, true}) {
    // Source 0 has NULLs, source 1 none (no bitmap), source 2 is empty: no row names it.
    std::vector<Vector> sources(3);
    sources[0] = Vector::Of(strings ? Strings(kRows, 3, 2) : Int64s(kRows, 3, 0));
    sources[1] = Vector::Of(strings ? Strings(kRows, 0, 3) : Int64s(kRows, 0, 1000000));
    ASSERT_EQ(sources[1].view.validity, nullptr);
    std::mt19937_64 random(4);
    std::vector<uint32_t> source_of(kRows), position(kRows);
    ColumnBuilder expected(strings ? DataType::Varchar() : DataType::Int64());
    for (int64_t i = 0; i < kRows; ++i) {
      source_of[i] = static_cast<uint32_t>(random() % 2);
      position[i] = static_cast<uint32_t>(random() % kRows);
      expected.AppendFrom(sources[source_of[i]].view, position[i]);
    }
    const ColumnPtr want = expected.Finish();
    const ColumnPtr got =
        InterleaveRows(want->type(), sources, source_of.data(), position.data(), static_cast<int64_t>(kRows));
    ExpectSameRows(want->view(), got->view());
    EXPECT_EQ(got->null_count(), want->null_count());
  }
}

}  // namespace
}  // namespace orbit
