// SliceChunk: how a wide chunk of a device pipeline reaches an operator that takes host
// vectors. Each slice views its rows of every column (values, strings, NULLs) and keeps
// the matching part of a row mask, with the rows it masks counted.
#include <gtest/gtest.h>

#include "columnar/bitmap.h"
#include "exec/pipeline/chunk.h"

namespace orbit {
namespace {

constexpr int64_t kRows = 3 * kVectorSize + 77;

Chunk Numbers() {
  ColumnBuilder ints(DataType::Int64());
  ColumnBuilder texts(DataType::Varchar());
  for (int64_t i = 0; i < kRows; ++i) {
    if (i % 5 == 0) {
      ints.AppendNull();
    } else {
      ints.AppendInt64(i * 7);
    }
    texts.AppendString("s" + std::to_string(i));
  }
  Chunk chunk;
  chunk.size = kRows;
  chunk.columns.push_back(Vector::Of(ints.Finish()));
  chunk.columns.push_back(Vector::Of(texts.Finish()));
  return chunk;
}

TEST(ChunkSliceTest, SlicesViewTheirRowsOfEveryColumn) {
  const Chunk chunk = Numbers();
  int64_t seen = 0;
  for (int64_t begin = 0; begin < kRows; begin += kVectorSize) {
    const int64_t length = std::min(kVectorSize, kRows - begin);
    const Chunk slice = SliceChunk(chunk, begin, length);
    ASSERT_EQ(slice.size, length);
    EXPECT_EQ(slice.row_mask, nullptr);
    for (int64_t i = 0; i < length; ++i) {
      const int64_t row = begin + i;
      ASSERT_EQ(slice.columns[0].view.IsValid(i), row % 5 != 0) << row;
      if (row % 5 != 0) {
        ASSERT_EQ(slice.columns[0].view.values<int64_t>()[i], row * 7);
      }
      ASSERT_EQ(slice.columns[1].view.GetString(i), "s" + std::to_string(row));
    }
    // The slice shares the columns' ownership: it outlives nothing it views.
    EXPECT_EQ(slice.columns[0].owner, chunk.columns[0].owner);
    seen += length;
  }
  EXPECT_EQ(seen, kRows);
}

TEST(ChunkSliceTest, MaskedRowsFollowTheSlice) {
  Chunk chunk = Numbers();
  // Rows divisible by 3 exist; the others are masked out.
  auto mask = Buffer::AllocateZeroed(bitmap::Bytes(kRows));
  int64_t kept = 0;
  for (int64_t i = 0; i < kRows; i += 3, ++kept) bitmap::Set(mask->mutable_data(), i);
  chunk.row_mask = mask;
  chunk.masked_rows = kRows - kept;
  int64_t rows = 0;
  for (int64_t begin = 0; begin < kRows; begin += kVectorSize) {
    const int64_t length = std::min(kVectorSize, kRows - begin);
    const Chunk slice = SliceChunk(chunk, begin, length);
    ASSERT_NE(slice.row_mask, nullptr);
    int64_t expected = 0;
    for (int64_t i = 0; i < length; ++i) {
      const bool exists = (begin + i) % 3 == 0;
      expected += exists;
      ASSERT_EQ(bitmap::Get(slice.row_mask->data(), i), exists) << begin + i;
    }
    EXPECT_EQ(slice.rows(), expected);
    EXPECT_EQ(slice.masked_rows, length - expected);
    rows += slice.rows();
  }
  EXPECT_EQ(rows, kept);
}

}  // namespace
}  // namespace orbit
