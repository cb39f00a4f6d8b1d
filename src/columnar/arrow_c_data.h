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

// The Arrow C ABI structs: one declaration, the public one (the C API hands them out).
#include "orbit/arrow_c_abi.h"

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
