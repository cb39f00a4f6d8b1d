// One Parquet file opened through the plugin (parquet_plugin_abi.h): its columns as Orbit
// types (known from the footer alone), its row groups, their min/max statistics, and
// reads of one row group's columns as a Batch. Errors name the file.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "columnar/table.h"
#include "columnar/value.h"
#include "common/status.h"
#include "io/parquet/parquet_plugin_abi.h"

namespace orbit {

/// A row group's minimum and maximum of one column, from its statistics.
struct ColumnStatistics {
  bool has_min_max = false;
  Value min, max;
  int64_t null_count = -1;  // -1: unknown
};

class ParquetFile {
 public:
  /// Reads the footer. A missing, foreign, truncated or corrupt file, and a column of a type
  /// Orbit cannot hold, are errors naming the file (and the column).
  static Result<std::shared_ptr<const ParquetFile>> Open(const std::string& path);
  ~ParquetFile();
  ParquetFile(const ParquetFile&) = delete;
  ParquetFile& operator=(const ParquetFile&) = delete;

  const std::string& path() const { return path_; }
  const Schema& schema() const { return schema_; }
  int row_group_count() const { return static_cast<int>(row_group_rows_.size()); }
  int64_t row_group_rows(int row_group) const { return row_group_rows_[row_group]; }
  int64_t rows() const;

  /// The statistics of `columns` (positions in schema()) in one row group, one per column.
  Result<std::vector<ColumnStatistics>> Statistics(int row_group, const std::vector<int>& columns) const;
  /// `columns` of one row group, in that order (none: a batch of the row group's length
  /// with no columns). Thread-safe.
  Result<Batch> ReadRowGroup(int row_group, const std::vector<int>& columns) const;

 private:
  ParquetFile(const OrbitParquetApi* api, std::string path) : api_(api), path_(std::move(path)) {}
  Status Error(const std::string& what, char* error) const;

  const OrbitParquetApi* api_;
  std::string path_;
  OrbitParquetReader* reader_ = nullptr;
  Schema schema_;
  std::vector<int64_t> row_group_rows_;
};

using ParquetFilePtr = std::shared_ptr<const ParquetFile>;

}  // namespace orbit
