// What the Parquet plugin's files share: the open file behind an OrbitParquetReader, and
// the one way every entry point turns an Arrow status or a thrown exception into the
// ABI's error message (nothing may unwind into the engine).
#pragma once

#include <exception>
#include <functional>
#include <memory>
#include <string>

#include <arrow/api.h>
#include <arrow/io/file.h>
#include <parquet/arrow/reader.h>
#include <parquet/file_reader.h>
#include <parquet/metadata.h>

#include "io/parquet/parquet_plugin_abi.h"

struct OrbitParquetReader {
  std::shared_ptr<arrow::io::RandomAccessFile> file;
  std::shared_ptr<parquet::FileMetaData> metadata;
  /// The file's columns as Parquet's Arrow reader gives them (dictionaries kept).
  std::shared_ptr<arrow::Schema> file_schema;
  /// What the engine sees: file_schema with dictionaries replaced by their value types.
  std::shared_ptr<arrow::Schema> schema;
};

namespace orbit::parquet_plugin {

/// A copy of `message` the engine frees with free_error.
char* CopyError(const std::string& message);

/// Runs `body`; returns 0, or 1 with *error set from its status or exception.
int32_t Guard(char** error, const std::function<arrow::Status()>& body);

/// A parquet::arrow::FileReader over the reader's file, sharing its footer: one per call,
/// so calls on several row groups may run at once.
arrow::Result<std::unique_ptr<parquet::arrow::FileReader>> MakeArrowReader(const OrbitParquetReader& reader);

/// `type` with dictionaries replaced by their value types.
std::shared_ptr<arrow::DataType> DecodedType(const std::shared_ptr<arrow::DataType>& type);

}  // namespace orbit::parquet_plugin
