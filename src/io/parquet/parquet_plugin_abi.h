// The C ABI between the engine and liborbit_parquet.so, the Parquet plugin built on Apache
// Arrow's C++ Parquet library (from the pinned pyarrow wheel). The engine never links Arrow:
// it opens the plugin with dlopen (parquet_plugin_loader.h) and calls it only through this
// table, so a build without pyarrow runs and says plainly that Parquet is absent. Only C
// types and the Arrow C Data / Stream Interface cross it; no C++ object, no exception.
//
// Every function returning int32_t returns 0 on success; on failure it returns nonzero
// and sets *error to a message (without the file name) the caller frees with free_error.
#pragma once

#include <cstdint>

#include "orbit/arrow_c_abi.h"

extern "C" {

#define ORBIT_PARQUET_ABI_VERSION 1u
#define ORBIT_PARQUET_PLUGIN_ENTRY "orbit_parquet_plugin_v1"

/// An open Parquet file: its footer read, its columns known. Opaque to the engine.
struct OrbitParquetReader;

struct OrbitParquetApi {
  uint32_t abi_version;
  /// "Apache Arrow 26.0.1": the library the plugin was built against.
  const char* (*library_version)();
  void (*free_error)(char* error);

  /// Opens `path` and reads its footer.
  int32_t (*open)(const char* path, OrbitParquetReader** reader, char** error);
  void (*close)(OrbitParquetReader* reader);
  /// The file's columns as an Arrow struct schema ("+s"), one child per top-level column,
  /// as read_row_group delivers them (dictionary-encoded columns decoded to their values).
  int32_t (*schema)(OrbitParquetReader* reader, ArrowSchema* out, char** error);
  int32_t (*row_group_count)(OrbitParquetReader* reader);
  int64_t (*row_group_rows)(OrbitParquetReader* reader, int32_t row_group);
  /// The min and max of each of `columns` (top-level column indexes) in `row_group`: a
  /// struct array of two rows (row 0 the minimum, row 1 the maximum) with one child per
  /// requested column in schema()'s types; a column without exact statistics is NULL in
  /// both rows. A column whose row group holds only NULLs has null_counts == rows.
  int32_t (*row_group_statistics)(OrbitParquetReader* reader, int32_t row_group, const int32_t* columns,
                                  int32_t column_count, ArrowSchema* schema_out, ArrowArray* out, int64_t* null_counts,
                                  char** error);
  /// Reads `columns` of one row group as one struct array. Thread-safe: calls for several
  /// row groups of one reader may run at once.
  int32_t (*read_row_group)(OrbitParquetReader* reader, int32_t row_group, const int32_t* columns, int32_t column_count,
                            ArrowSchema* schema_out, ArrowArray* out, char** error);

  /// Writes every batch of `stream` (consumed and released) to `path` as one Parquet file,
  /// `compression` "zstd", "snappy" or "uncompressed", at most `row_group_rows` rows per
  /// row group, with min/max statistics.
  int32_t (*write)(const char* path, ArrowArrayStream* stream, const char* compression, int64_t row_group_rows,
                   int64_t* rows_written, char** error);
};

/// The plugin's one exported symbol (ORBIT_PARQUET_PLUGIN_ENTRY).
typedef const OrbitParquetApi* (*OrbitParquetPluginEntry)();
}
