// ChunkCoalescer: small chunks come out joined, in arrival order, never over one vector.
#include <gtest/gtest.h>

#include "exec/pipeline/chunk_coalescer.h"

namespace orbit {
namespace {

// A chunk of one BIGINT column holding first, first + 1, ..., with every third row NULL
// and a VARCHAR column with the number's text.
Chunk Numbers(int64_t first, int64_t count) {
  ColumnBuilder ints(DataType::Int64());
  ColumnBuilder texts(DataType::Varchar());
  for (int64_t i = 0; i < count; ++i) {
    if ((first + i) % 3 == 0) {
      ints.AppendNull();
    } else {
      ints.AppendInt64(first + i);
    }
    texts.AppendString(std::to_string(first + i));
  }
  Chunk chunk;
  chunk.size = count;
  chunk.columns.push_back(Vector::Of(ints.Finish()));
  chunk.columns.push_back(Vector::Of(texts.Finish()));
  return chunk;
}

TEST(ChunkCoalescerTest, JoinsSmallChunksInOrder) {
  ChunkCoalescer coalescer;
  int64_t next = 0;
  for (int64_t size : {5, 0, 17, 100}) {
    Chunk c = Numbers(next, size);
    ASSERT_TRUE(ChunkCoalescer::Wants(c));
    ASSERT_FALSE(coalescer.WouldOverflow(c));
    coalescer.Add(c);
    next += size;
  }
  EXPECT_FALSE(coalescer.Full());
  Chunk out = coalescer.Take();
  EXPECT_TRUE(coalescer.empty());
  ASSERT_EQ(out.size, next);
  const ColumnView& ints = out.columns[0].view;
  const ColumnView& texts = out.columns[1].view;
  for (int64_t i = 0; i < next; ++i) {
    EXPECT_EQ(ints.IsValid(i), i % 3 != 0) << i;
    if (i % 3 != 0) {
      EXPECT_EQ(ints.values<int64_t>()[i], i);
    }
    EXPECT_EQ(texts.GetString(i), std::to_string(i));
  }
}

TEST(ChunkCoalescerTest, BigChunksPassAndHeldRowsNeverExceedAVector) {
  EXPECT_FALSE(ChunkCoalescer::Wants(Numbers(0, ChunkCoalescer::kSmallChunk)));
  ChunkCoalescer coalescer;
  int64_t held = 0;
  while (!coalescer.Full()) {
    Chunk c = Numbers(held, ChunkCoalescer::kSmallChunk - 1);
    ASSERT_FALSE(coalescer.WouldOverflow(c));
    coalescer.Add(c);
    held += c.size;
  }
  EXPECT_GE(held, kVectorSize / 2);
  EXPECT_LE(held, kVectorSize);
  EXPECT_EQ(coalescer.Take().size, held);
}

}  // namespace
}  // namespace orbit
