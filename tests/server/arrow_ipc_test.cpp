// The Arrow IPC stream writer: its framing (continuation markers, 8-byte alignment, the
// end-of-stream marker) and its FlatBuffers metadata, read back by a small reader written
// from the FlatBuffers format (not from the builder). tests/python/test_http_api.py reads
// whole streams with pyarrow.
#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "orbit/database.h"
#include "server/arrow_ipc.h"

namespace orbit::server {
namespace {

uint32_t U32(const std::string& buffer, size_t at) {
  uint32_t value = 0;
  std::memcpy(&value, buffer.data() + at, 4);
  return value;
}

// A table of a FlatBuffers buffer: its fields through its vtable.
struct TableView {
  const std::string* buffer;
  size_t position;

  size_t FieldAt(int slot) const {
    int32_t back = 0;
    std::memcpy(&back, buffer->data() + position, 4);
    const size_t vtable = position - static_cast<size_t>(back);
    uint16_t vtable_size = 0;
    std::memcpy(&vtable_size, buffer->data() + vtable, 2);
    if (4 + 2 * static_cast<size_t>(slot) >= vtable_size) return 0;
    uint16_t offset = 0;
    std::memcpy(&offset, buffer->data() + vtable + 4 + 2 * slot, 2);
    return offset == 0 ? 0 : position + offset;
  }
  template <typename T>
  T Scalar(int slot, T absent) const {
    const size_t at = FieldAt(slot);
    if (at == 0) return absent;
    T value{};
    std::memcpy(&value, buffer->data() + at, sizeof(T));
    return value;
  }
  size_t Indirect(int slot) const {
    const size_t at = FieldAt(slot);
    return at == 0 ? 0 : at + U32(*buffer, at);
  }
  TableView Table(int slot) const { return {buffer, Indirect(slot)}; }
  std::string String(int slot) const {
    const size_t at = Indirect(slot);
    return at == 0 ? "" : buffer->substr(at + 4, U32(*buffer, at));
  }
  size_t VectorSize(int slot) const { return U32(*buffer, Indirect(slot)); }
  TableView Element(int slot, size_t i) const {
    const size_t at = Indirect(slot) + 4 + 4 * i;
    return {buffer, at + U32(*buffer, at)};
  }
};

TableView Root(const std::string& flatbuffer) { return {&flatbuffer, U32(flatbuffer, 0)}; }

TEST(FlatBufferBuilder, WritesTablesStringsAndVectorsAReaderFinds) {
  FlatBufferBuilder fb;
  const auto name = fb.CreateString("orbit");
  fb.StartTable();
  fb.AddInt16(0, 7);
  const auto child = fb.EndTable();
  const auto children = fb.CreateOffsetVector({child, child});
  fb.StartTable();
  fb.AddOffset(0, name);
  fb.AddInt64(1, int64_t{1} << 40);
  fb.AddBool(2, true);
  fb.AddOffset(4, children);
  const std::string buffer = fb.Finish(fb.EndTable());
  EXPECT_EQ(buffer.size() % 8, 0U);
  const TableView root = Root(buffer);
  EXPECT_EQ(root.String(0), "orbit");
  EXPECT_EQ(root.Scalar<int64_t>(1, 0), int64_t{1} << 40);
  EXPECT_EQ(root.Scalar<uint8_t>(2, 0), 1);
  EXPECT_EQ(root.Scalar<int32_t>(3, -5), -5);  // absent
  ASSERT_EQ(root.VectorSize(4), 2U);
  EXPECT_EQ(root.Element(4, 1).Scalar<int16_t>(0, 0), 7);
}

TEST(ArrowIpc, FramesASchemaABatchPerBatchAndTheEnd) {
  auto database = Database::Open();
  ASSERT_TRUE(database.ok());
  auto connection = database->Connect();
  ASSERT_TRUE(connection.ok());
  auto result = connection->QueryOne(
      "SELECT i, i * 1000000000000 AS big, i / 2.0 AS half, 'v' || i AS name, i % 2 = 0 AS even, "
      "DATE '2024-01-01' + i AS day, CAST(i AS DECIMAL(10,2)) AS price, NULL AS nothing "
      "FROM generate_series(1, 5) AS g(i)");
  ASSERT_TRUE(result.ok()) << result.error().ToString();
  ArrowArrayStream stream{};
  ASSERT_TRUE(result->ExportArrow(&stream).ok());
  Expected<std::string> ipc = WriteArrowIpcStream(&stream);
  ASSERT_TRUE(ipc.ok()) << ipc.error().ToString();
  EXPECT_EQ(stream.release, nullptr);  // consumed

  const std::string& bytes = *ipc;
  size_t at = 0;
  int messages = 0;
  int64_t rows = 0;
  while (true) {
    ASSERT_LE(at + 8, bytes.size());
    ASSERT_EQ(U32(bytes, at), 0xFFFFFFFFU);
    const uint32_t size = U32(bytes, at + 4);
    if (size == 0) break;  // end of stream
    ASSERT_EQ(size % 8, 0U);
    const std::string metadata = bytes.substr(at + 8, size);
    const TableView message = Root(metadata);
    EXPECT_EQ(message.Scalar<int16_t>(0, 0), 4);  // V5
    const auto header_type = message.Scalar<uint8_t>(1, 0);
    const auto body = message.Scalar<int64_t>(3, 0);
    EXPECT_EQ(body % 8, 0);
    if (messages == 0) {
      ASSERT_EQ(header_type, 1);  // Schema
      const TableView schema = message.Table(2);
      ASSERT_EQ(schema.VectorSize(1), 8U);
      EXPECT_EQ(schema.Element(1, 0).String(0), "i");
      EXPECT_EQ(schema.Element(1, 0).Scalar<uint8_t>(2, 0), 2);  // Int
      const int32_t width = schema.Element(1, 0).Table(3).Scalar<int32_t>(0, 0);
      EXPECT_TRUE(width == 32 || width == 64) << width;
      EXPECT_EQ(schema.Element(1, 3).Scalar<uint8_t>(2, 0), 5);           // Utf8
      EXPECT_EQ(schema.Element(1, 5).Scalar<uint8_t>(2, 0), 8);           // Date
      EXPECT_EQ(schema.Element(1, 5).Table(3).Scalar<int16_t>(0, 1), 0);  // DAY, written though not the default
      const TableView price = schema.Element(1, 6);
      EXPECT_EQ(price.Scalar<uint8_t>(2, 0), 7);  // Decimal
      EXPECT_EQ(price.Table(3).Scalar<int32_t>(0, 0), 10);
      EXPECT_EQ(price.Table(3).Scalar<int32_t>(1, 0), 2);
      EXPECT_EQ(price.Table(3).Scalar<int32_t>(2, 0), 128);
      EXPECT_EQ(schema.Element(1, 7).Scalar<uint8_t>(1, 0), 1);  // nullable
      EXPECT_EQ(body, 0);
    } else {
      ASSERT_EQ(header_type, 3);  // RecordBatch
      rows += message.Table(2).Scalar<int64_t>(0, 0);
    }
    at += 8 + size + static_cast<size_t>(body);
    ++messages;
  }
  EXPECT_EQ(at + 8, bytes.size());
  EXPECT_GE(messages, 2);
  EXPECT_EQ(rows, 5);
}

TEST(ArrowIpc, AStatementWithoutRowsIsASchemaWithoutFields) {
  auto database = Database::Open();
  ASSERT_TRUE(database.ok());
  auto connection = database->Connect();
  ASSERT_TRUE(connection.ok());
  auto result = connection->QueryOne("CREATE TABLE t (a INTEGER)");
  ASSERT_TRUE(result.ok());
  ArrowArrayStream stream{};
  ASSERT_TRUE(result->ExportArrow(&stream).ok());
  Expected<std::string> ipc = WriteArrowIpcStream(&stream);
  ASSERT_TRUE(ipc.ok());
  const uint32_t size = U32(*ipc, 4);
  const std::string metadata = ipc->substr(8, size);
  const TableView schema = Root(metadata).Table(2);
  EXPECT_EQ(schema.VectorSize(1), 0U);
  EXPECT_EQ(ipc->substr(ipc->size() - 8), std::string("\xFF\xFF\xFF\xFF\0\0\0\0", 8));
}

}  // namespace
}  // namespace orbit::server
