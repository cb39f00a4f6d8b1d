// read_parquet('file.parquet' | 'dir/*.parquet' | ['a.parquet', 'b.parquet']):
// binding reads each file's footer for its columns (io/parquet: ParquetFile::Open); the
// optimizer then narrows the source to the columns the query uses and hands it the
// comparisons of a column with a constant among its filters (WithScan); the scan reads the
// remaining row groups in parallel, skipping those whose statistics rule the filters out.
#include <atomic>
#include <numeric>

#include <fmt/format.h>

#include "functions/function_registry.h"
#include "io/parquet/parquet_scan.h"

namespace orbit {

namespace {

std::string FileName(const std::string& path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

class ParquetTableSource final : public TableSource {
 public:
  ParquetTableSource(std::string name, std::vector<ParquetFilePtr> files, std::vector<int> columns,
                     std::vector<ScanFilter> filters)
      : name_(std::move(name)), files_(std::move(files)), columns_(std::move(columns)), filters_(std::move(filters)) {
    for (int c : columns_) schema_.push_back(files_[0]->schema()[c]);
    for (const ParquetFilePtr& file : files_) rows_ += static_cast<double>(file->rows());
  }

  std::string name() const override { return name_; }
  const Schema& schema() const override { return schema_; }
  double estimated_rows() const override { return rows_; }

  TableSourcePtr WithScan(const std::vector<int>& columns, const std::vector<ScanFilter>& filters) const override {
    std::vector<int> file_columns;
    for (int c : columns) file_columns.push_back(columns_[c]);
    std::vector<ScanFilter> file_filters = filters_;
    for (ScanFilter f : filters) {
      f.column = columns_[f.column];
      file_filters.push_back(std::move(f));
    }
    return std::make_shared<ParquetTableSource>(name_, files_, std::move(file_columns), std::move(file_filters));
  }

  std::string scan_report() const override {
    std::vector<std::string> filters;
    for (const ScanFilter& f : filters_) filters.push_back(f.ToString(files_[0]->schema()[f.column].name));
    const std::string by = filters.empty() ? "" : fmt::format(" by {}", fmt::join(filters, " AND "));
    const int64_t read = read_.load();
    if (read < 0) return filters.empty() ? "" : "may skip row groups" + by;
    return fmt::format("row groups: {} read, {} skipped{}", read, skipped_.load(), by);
  }

 protected:
  Result<TablePtr> Produce() const override {
    ORBIT_ASSIGN_OR_RETURN(ParquetScanResult scan,
                           ScanParquet(files_, columns_, filters_, FileName(files_[0]->path())));
    read_ = scan.row_groups_read;
    skipped_ = scan.row_groups_skipped;
    return scan.table;
  }

 private:
  std::string name_;
  std::vector<ParquetFilePtr> files_;
  std::vector<int> columns_;  // positions in the files' schema
  std::vector<ScanFilter> filters_;
  Schema schema_;
  double rows_ = 0;
  mutable std::atomic<int64_t> read_{-1};  // -1 until the scan ran
  mutable std::atomic<int64_t> skipped_{0};
};

std::string CallName(const std::vector<std::string>& patterns) {
  if (patterns.size() == 1) return fmt::format("read_parquet('{}')", patterns[0]);
  return fmt::format("read_parquet(['{}'])", fmt::join(patterns, "', '"));
}

Result<TableSourcePtr> BindReadParquet(const TableFunctionArguments& arguments, const TableFunctionEnvironment&) {
  const std::vector<std::string>& patterns = arguments.positional.at(0).texts;
  ORBIT_ASSIGN_OR_RETURN(std::vector<std::string> paths, ExpandParquetPaths(patterns));
  ORBIT_ASSIGN_OR_RETURN(std::vector<ParquetFilePtr> files, OpenParquetFiles(paths));
  std::vector<int> columns(files[0]->schema().size());
  std::iota(columns.begin(), columns.end(), 0);
  return TableSourcePtr(std::make_shared<ParquetTableSource>(CallName(patterns), std::move(files), std::move(columns),
                                                             std::vector<ScanFilter>{}));
}

}  // namespace

Status RegisterReadParquet(FunctionRegistry& registry) {
  TableFunction read_parquet;
  read_parquet.name = "read_parquet";
  read_parquet.aliases = {"parquet_scan"};
  read_parquet.positional = {{"file path, glob or list of them", {}, TableParameterKind::kTextList}};
  read_parquet.example = "read_parquet('file.parquet')";
  read_parquet.signatures = {{"VARCHAR path | VARCHAR glob | [VARCHAR, ...]", "TABLE"}};
  read_parquet.description =
      "the rows of Parquet files (one schema), read in parallel by row group, only the columns used, skipping row "
      "groups whose statistics rule out the filters";
  read_parquet.bind = BindReadParquet;
  return registry.Add(std::move(read_parquet));
}

}  // namespace orbit
