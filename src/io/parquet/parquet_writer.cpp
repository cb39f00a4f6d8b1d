#include "io/parquet/parquet_writer.h"

#include "columnar/arrow_c_data.h"
#include "io/atomic_write.h"
#include "io/parquet/parquet_plugin_loader.h"

namespace orbit {

Result<int64_t> WriteParquet(const TablePtr& table, const std::string& path, const ParquetWriteOptions& options) {
  // Parquet's INTERVAL (months, days, milliseconds) is not Arrow's month_day_nano, which the
  // writer refuses: say so before any file is made.
  for (const Field& field : table->schema()) {
    if (field.type.is_interval()) {
      return Status::NotSupported(
          "{}: column \"{}\" is INTERVAL, which Orbit cannot write to Parquet; cast it to VARCHAR", path, field.name);
    }
  }
  ORBIT_ASSIGN_OR_RETURN(const OrbitParquetApi* api, parquet::LoadParquetPlugin());
  int64_t rows = 0;
  ORBIT_RETURN_IF_ERROR(WriteAtomically(path, [&](const std::string& temporary) -> Status {
    ArrowArrayStream stream{};
    ORBIT_RETURN_IF_ERROR(ExportTable(table, &stream));
    char* error = nullptr;
    if (api->write(temporary.c_str(), &stream, options.compression.c_str(), options.row_group_rows, &rows, &error) !=
        0) {
      if (stream.release != nullptr) stream.release(&stream);
      return Status::IOError("{}: cannot write Parquet: {}", path, parquet::TakePluginError(*api, error));
    }
    return Status::OK();
  }));
  return rows;
}

}  // namespace orbit
