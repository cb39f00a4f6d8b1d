#include "io/parquet/parquet_file.h"

#include <filesystem>

#include "columnar/arrow_c_data.h"
#include "io/parquet/parquet_plugin_loader.h"

namespace orbit {

namespace {

// Releases an exported schema when it goes out of scope.
struct SchemaHolder {
  ArrowSchema schema{};
  ~SchemaHolder() {
    if (schema.release != nullptr) schema.release(&schema);
  }
};

// Row `row` of a column of statistics as a Value of its type.
Value ValueAt(const ColumnView& column, int64_t row) {
  if (!column.IsValid(row)) return Value::Null(column.type);
  const DataType& type = column.type;
  switch (physical_type(type)) {
    case PhysicalType::kBit: return Value::Boolean(column.GetBool(row));
    case PhysicalType::kInt32: {
      Value v = Value::Int32(column.values<int32_t>()[row]);
      v.type = type;  // DATE as well
      return v;
    }
    case PhysicalType::kInt64: {
      if (type.is_decimal()) return Value::Decimal(column.values<int64_t>()[row], type.precision, type.scale);
      Value v = Value::Int64(column.values<int64_t>()[row]);
      v.type = type;  // TIMESTAMP as well
      return v;
    }
    case PhysicalType::kInt128: return Value::Decimal(column.values<int128_t>()[row], type.precision, type.scale);
    case PhysicalType::kDouble: return Value::Double(column.values<double>()[row]);
    case PhysicalType::kString: return Value::Varchar(std::string(column.GetString(row)));
    // Statistics of these skip nothing: no row group is pruned by them (a filter on a
    // TINYINT, SMALLINT or REAL column compares it widened, which no scan filter takes).
    case PhysicalType::kInt8:
    case PhysicalType::kInt16:
    case PhysicalType::kFloat:
    case PhysicalType::kFixedArray:
    case PhysicalType::kList:
    case PhysicalType::kNone: break;
  }
  return Value::Null(type);
}

// What a column Orbit cannot hold is, by its Arrow format, in a user's words; empty when
// Orbit reads it (or ImportSchema has the words).
std::string UnreadableType(const std::string& format) {
  if (format.starts_with("ts") && format.size() > 4) {
    return "a timestamp with a time zone (Orbit has no TIMESTAMP WITH TIME ZONE yet)";
  }
  if (format.starts_with("tt")) return "a time of day (Orbit has no TIME type yet)";
  if (format.starts_with("tD") || format.starts_with("ti")) return "a duration or interval (Orbit has none yet)";
  if (format == "tdm") return "a date in milliseconds (date64)";
  if (format == "z" || format == "Z" || format == "vz" || format.starts_with("w:")) {
    return "binary data (Orbit has no BLOB type; text columns must be UTF-8 strings)";
  }
  if (format.starts_with("+") && !format.starts_with("+w:") && format != "+l" && format != "+L") {
    return "a struct or map (Orbit reads flat columns and lists)";
  }
  if (format == "e") return "a half-precision float";
  if (format == "L") return "an unsigned 64-bit integer (wider than BIGINT)";
  if (format.starts_with("d:") && format.ends_with(",256")) return "a decimal wider than DECIMAL(38)";
  return "";
}

}  // namespace

Result<ParquetFilePtr> ParquetFile::Open(const std::string& path) {
  ORBIT_ASSIGN_OR_RETURN(const OrbitParquetApi* api, parquet::LoadParquetPlugin());
  std::error_code error;
  if (!std::filesystem::exists(path, error)) return Status::IOError("{}: no such file", path);
  if (std::filesystem::is_directory(path, error))
    return Status::IOError("{}: is a directory, not a Parquet file", path);
  std::shared_ptr<ParquetFile> file(new ParquetFile(api, path));
  char* message = nullptr;
  if (api->open(path.c_str(), &file->reader_, &message) != 0) return file->Error("cannot read", message);
  SchemaHolder schema;
  if (api->schema(file->reader_, &schema.schema, &message) != 0) return file->Error("cannot read", message);
  for (int64_t i = 0; i < schema.schema.n_children; ++i) {
    const ArrowSchema& child = *schema.schema.children[i];
    const std::string what = UnreadableType(child.format);
    if (!what.empty()) {
      return Status::NotSupported("{}: column \"{}\" is {}, which Orbit cannot read yet", path,
                                  child.name != nullptr ? child.name : "", what);
    }
  }
  Result<Schema> columns = ImportSchema(&schema.schema);
  if (!columns.ok()) {
    return Status(columns.status().code(), fmt::format("{}: {} (Orbit has no TIME, binary or struct types yet)", path,
                                                       columns.status().message()));
  }
  file->schema_ = std::move(*columns);
  const int32_t groups = api->row_group_count(file->reader_);
  for (int32_t g = 0; g < groups; ++g) file->row_group_rows_.push_back(api->row_group_rows(file->reader_, g));
  return ParquetFilePtr(std::move(file));
}

ParquetFile::~ParquetFile() {
  if (reader_ != nullptr) api_->close(reader_);
}

int64_t ParquetFile::rows() const {
  int64_t total = 0;
  for (int64_t rows : row_group_rows_) total += rows;
  return total;
}

Status ParquetFile::Error(const std::string& what, char* error) const {
  return Status::IOError("{}: {} as Parquet: {}", path_, what, parquet::TakePluginError(*api_, error));
}

Result<std::vector<ColumnStatistics>> ParquetFile::Statistics(int row_group, const std::vector<int>& columns) const {
  std::vector<int64_t> null_counts(columns.size(), -1);
  SchemaHolder schema;
  ArrowArray array{};
  char* message = nullptr;
  if (api_->row_group_statistics(reader_, row_group, columns.data(), static_cast<int32_t>(columns.size()),
                                 &schema.schema, &array, null_counts.data(), &message) != 0) {
    return Error("cannot read the statistics of a row group", message);
  }
  ORBIT_ASSIGN_OR_RETURN(Batch batch, ImportBatch(&array, &schema.schema));
  std::vector<ColumnStatistics> out(columns.size());
  for (size_t i = 0; i < columns.size(); ++i) {
    out[i].null_count = null_counts[i];
    const ColumnView view = batch.columns[i]->view();
    // Statistics of another type than the column's are not used.
    if (view.type != schema_[columns[i]].type || !view.IsValid(0) || !view.IsValid(1)) continue;
    out[i].has_min_max = true;
    out[i].min = ValueAt(view, 0);
    out[i].max = ValueAt(view, 1);
  }
  return out;
}

Result<Batch> ParquetFile::ReadRowGroup(int row_group, const std::vector<int>& columns) const {
  if (columns.empty()) return Batch{{}, row_group_rows_[row_group]};
  SchemaHolder schema;
  ArrowArray array{};
  char* message = nullptr;
  if (api_->read_row_group(reader_, row_group, columns.data(), static_cast<int32_t>(columns.size()), &schema.schema,
                           &array, &message) != 0) {
    return Error("cannot read", message);
  }
  Result<Batch> batch = ImportBatch(&array, &schema.schema);
  if (!batch.ok()) return Status(batch.status().code(), path_ + ": " + batch.status().message());
  for (size_t i = 0; i < columns.size(); ++i) {
    if (batch->columns[i]->type() != schema_[columns[i]].type) {
      return Status::InvalidData("{}: column \"{}\" of row group {} has type {}, not the file's {}", path_,
                                 schema_[columns[i]].name, row_group, batch->columns[i]->type().ToString(),
                                 schema_[columns[i]].type.ToString());
    }
  }
  return batch;
}

}  // namespace orbit
