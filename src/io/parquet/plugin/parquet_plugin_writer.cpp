// The Parquet plugin's writer: an Arrow stream (the engine's exported result) into one
// Parquet file, with the chosen compression and min/max statistics. The engine writes to a
// temporary path and renames it, so this file need not be atomic itself.
#include <arrow/c/bridge.h>
#include <arrow/io/file.h>
#include <parquet/arrow/writer.h>
#include <parquet/properties.h>

#include "io/parquet/plugin/parquet_plugin_internal.h"

namespace orbit::parquet_plugin {

namespace {

arrow::Result<arrow::Compression::type> CompressionOf(const std::string& name) {
  if (name == "zstd") return arrow::Compression::ZSTD;
  if (name == "snappy") return arrow::Compression::SNAPPY;
  if (name == "uncompressed" || name == "none") return arrow::Compression::UNCOMPRESSED;
  return arrow::Status::Invalid("unknown compression \"", name, "\" (zstd, snappy or uncompressed)");
}

arrow::Status WriteStream(const char* path, ArrowArrayStream* stream, const std::string& compression,
                          int64_t row_group_rows, int64_t* rows_written) {
  ARROW_ASSIGN_OR_RAISE(auto reader, arrow::ImportRecordBatchReader(stream));
  ARROW_ASSIGN_OR_RAISE(arrow::Compression::type codec, CompressionOf(compression));
  ARROW_ASSIGN_OR_RAISE(auto batches, reader->ToRecordBatches());
  ARROW_ASSIGN_OR_RAISE(auto table, arrow::Table::FromRecordBatches(reader->schema(), batches));
  ARROW_ASSIGN_OR_RAISE(auto sink, arrow::io::FileOutputStream::Open(path));
  std::shared_ptr<parquet::WriterProperties> properties = parquet::WriterProperties::Builder()
                                                              .compression(codec)
                                                              ->max_row_group_length(row_group_rows)
                                                              ->enable_statistics()
                                                              ->build();
  // The Arrow schema goes in the file's metadata, so a fixed-size list (Orbit's T[n]) reads
  // back as one rather than as Parquet's variable-length LIST.
  std::shared_ptr<parquet::ArrowWriterProperties> arrow_properties =
      parquet::ArrowWriterProperties::Builder().store_schema()->build();
  ARROW_ASSIGN_OR_RAISE(auto writer, parquet::arrow::FileWriter::Open(*table->schema(), arrow::default_memory_pool(),
                                                                      sink, properties, arrow_properties));
  ARROW_RETURN_NOT_OK(writer->WriteTable(*table, row_group_rows));
  ARROW_RETURN_NOT_OK(writer->Close());
  ARROW_RETURN_NOT_OK(sink->Close());
  *rows_written = table->num_rows();
  return arrow::Status::OK();
}

}  // namespace

int32_t Write(const char* path, ArrowArrayStream* stream, const char* compression, int64_t row_group_rows,
              int64_t* rows_written, char** error) {
  *rows_written = 0;
  return Guard(error, [&] { return WriteStream(path, stream, compression, row_group_rows, rows_written); });
}

}  // namespace orbit::parquet_plugin
