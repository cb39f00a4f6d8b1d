// Zero-copy exchange with the Arrow ecosystem (DESIGN rule 5) through the Arrow C Data
// and C Stream Interfaces (https://arrow.apache.org/docs/format/CDataInterface.html).
//
// Export hands out Orbit's own buffers: the exported arrays point at them and hold the
// columns through shared pointers until the consumer calls release.
//
// Import wraps the producer's buffers with Buffer::Wrap: no bytes move, and the imported
// ArrowArray is released once, when the last Orbit buffer referencing it goes away.
// Copies happen only where Orbit's layout cannot describe the Arrow data as it is:
//   - int8/int16/uint8/uint16 ("c" "s" "C" "S") widen to INTEGER, uint32 ("I") to
//     BIGINT, float32 ("f") to DOUBLE;
//   - large strings ("U"): the int64 offsets are narrowed to int32 (the characters stay
//     in place); fails when one batch holds more than 2 GiB of characters;
//   - decimal128 with precision <= 18: narrowed to int64, Orbit's DECIMAL(p<=18) layout;
//     decimal32 ("d:p,s,32") widens to int64;
//   - a validity bitmap (or BOOLEAN values) whose array offset is not a multiple of 8 is
//     shifted into a fresh bitmap, because Orbit columns start at bit 0;
//   - a value buffer that is not aligned for its element type (rare; Arrow only
//     recommends alignment) is copied so Orbit never reads misaligned values.
#pragma once

#include <cstdint>
#include <string>

#include "columnar/table.h"
#include "common/status.h"

// The structs below are the Arrow C ABI, copied from the specification. The guards let
// them coexist with other definitions (Arrow C++, nanoarrow) in one translation unit.
extern "C" {

#ifndef ARROW_C_DATA_INTERFACE
#define ARROW_C_DATA_INTERFACE

#define ARROW_FLAG_DICTIONARY_ORDERED 1
#define ARROW_FLAG_NULLABLE 2
#define ARROW_FLAG_MAP_KEYS_SORTED 4

struct ArrowSchema {
  const char* format;
  const char* name;
  const char* metadata;
  int64_t flags;
  int64_t n_children;
  struct ArrowSchema** children;
  struct ArrowSchema* dictionary;
  void (*release)(struct ArrowSchema*);
  void* private_data;
};

struct ArrowArray {
  int64_t length;
  int64_t null_count;
  int64_t offset;
  int64_t n_buffers;
  int64_t n_children;
  const void** buffers;
  struct ArrowArray** children;
  struct ArrowArray* dictionary;
  void (*release)(struct ArrowArray*);
  void* private_data;
};

#endif  // ARROW_C_DATA_INTERFACE

#ifndef ARROW_C_STREAM_INTERFACE
#define ARROW_C_STREAM_INTERFACE

struct ArrowArrayStream {
  int (*get_schema)(struct ArrowArrayStream*, struct ArrowSchema* out);
  int (*get_next)(struct ArrowArrayStream*, struct ArrowArray* out);
  const char* (*get_last_error)(struct ArrowArrayStream*);
  void (*release)(struct ArrowArrayStream*);
  void* private_data;
};

#endif  // ARROW_C_STREAM_INTERFACE

}  // extern "C"

namespace orbit {

/// The Arrow format string of an Orbit type ("i", "d:15,2,64", "u", ...).
std::string ArrowFormat(const DataType& type);

/// Exports `schema` as an Arrow struct schema ("+s"), one nullable child per field.
Status ExportSchema(const Schema& schema, ArrowSchema* out);

/// Exports one batch as an Arrow struct array whose children point at the columns'
/// buffers. `schema_out` may be null; when given it receives ExportSchema(schema).
Status ExportBatch(const Schema& schema, const Batch& batch, ArrowArray* out, ArrowSchema* schema_out);

/// Exports `table` as a stream of struct arrays, one per batch. The stream and every
/// array it yields keep the table's buffers alive until the consumer releases them.
Status ExportTable(const TablePtr& table, ArrowArrayStream* out);

/// Reads an Arrow struct schema ("+s") into an Orbit schema. Fails with NotSupported
/// naming the format and the column for types Orbit cannot hold. Does not release it.
Result<Schema> ImportSchema(const ArrowSchema* schema);

/// Imports one struct array described by `schema` as a batch, wrapping its buffers.
/// Takes ownership of `array` (moved out; released when the last Orbit buffer using it
/// goes away, or at once on failure). `schema` is only read; the caller releases it.
Result<Batch> ImportBatch(ArrowArray* array, const ArrowSchema* schema);

/// Imports every batch of `stream` as a table called `name`. Takes ownership of the
/// stream and releases it before returning, whether or not the import succeeded.
Result<TablePtr> ImportStream(ArrowArrayStream* stream, std::string name);

}  // namespace orbit
