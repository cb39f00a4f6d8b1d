// The Arrow IPC streaming format (https://arrow.apache.org/docs/format/Columnar.html#ipc-streaming-format),
// written from an Arrow C stream (what orbit::QueryResult::ExportArrow gives): a Schema
// message, a RecordBatch message per batch, then the end-of-stream marker. Each message's
// metadata is a FlatBuffers table (format/Schema.fbs and Message.fbs), written by the small
// builder below rather than a FlatBuffers library. Bodies are uncompressed, little-endian,
// each buffer padded to 8 bytes. The types are Orbit's: null, boolean, int32, int64, float32,
// float64, date32, timestamp[us], utf8, decimal (64-bit ones widened to decimal128) and
// fixed-size lists of them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "orbit/arrow_c_abi.h"
#include "orbit/error.h"

namespace orbit::server {

/// Builds one FlatBuffers buffer back to front, as the FlatBuffers library does: an object
/// is written before the objects that refer to it, and is named by its distance from the
/// buffer's end (an Offset). Tables are written one at a time (no object is created between
/// StartTable and EndTable); fields are numbered by their slot in the schema, a union taking
/// two (its type, then its value).
class FlatBufferBuilder {
 public:
  using Offset = uint32_t;

  Offset CreateString(std::string_view text);
  /// A vector of tables (or strings), in order.
  Offset CreateOffsetVector(const std::vector<Offset>& elements);
  /// A vector of structs of `struct_size` bytes each, laid out as `data` holds them.
  Offset CreateStructVector(const void* data, size_t count, size_t struct_size, size_t alignment);

  void StartTable();
  void AddBool(int slot, bool value) { AddScalar(slot, static_cast<uint8_t>(value ? 1 : 0)); }
  void AddUint8(int slot, uint8_t value) { AddScalar(slot, value); }
  void AddInt16(int slot, int16_t value) { AddScalar(slot, value); }
  void AddInt32(int slot, int32_t value) { AddScalar(slot, value); }
  void AddInt64(int slot, int64_t value) { AddScalar(slot, value); }
  void AddOffset(int slot, Offset target);
  Offset EndTable();

  /// The finished buffer with `root` as its root table, its size a multiple of 8.
  std::string Finish(Offset root);

 private:
  template <typename T>
  void AddScalar(int slot, T value) {
    Align(sizeof(T), sizeof(T));
    Prepend(&value, sizeof(T));
    fields_.emplace_back(slot, Size());
  }
  Offset Size() const { return static_cast<Offset>(reversed_.size()); }
  /// Pads so that `bytes` prepended next end at a multiple of `alignment` from the end.
  void Align(size_t bytes, size_t alignment);
  void Prepend(const void* data, size_t size);
  /// Overwrites the 4 bytes that start `offset` bytes before the end.
  void Patch32(Offset offset, uint32_t value);

  std::vector<uint8_t> reversed_;  ///< the buffer so far, last byte first
  std::vector<std::pair<int, Offset>> fields_;
  Offset table_start_ = 0;
  size_t max_alignment_ = 8;
};

/// The Arrow IPC stream of every batch of `stream`, which is consumed (released before
/// this returns, also on failure). An error for a type Orbit does not produce.
Expected<std::string> WriteArrowIpcStream(ArrowArrayStream* stream);

}  // namespace orbit::server
