#include "io/parquet/parquet_scan.h"

#include <glob.h>

#include <algorithm>
#include <optional>

#include <fmt/format.h>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include "common/memory_scope.h"
#include "io/parquet/row_group_pruning.h"

namespace orbit {

namespace {

bool IsGlob(const std::string& pattern) { return pattern.find_first_of("*?[") != std::string::npos; }

struct RowGroupTask {
  const ParquetFile* file;
  int row_group;
};

// Whether the statistics of one row group rule out a row passing every filter.
Result<bool> Skippable(const ParquetFile& file, int row_group, const std::vector<ScanFilter>& filters) {
  std::vector<int> columns;
  for (const ScanFilter& f : filters) columns.push_back(f.column);
  ORBIT_ASSIGN_OR_RETURN(std::vector<ColumnStatistics> statistics, file.Statistics(row_group, columns));
  for (size_t i = 0; i < filters.size(); ++i) {
    if (RuledOut(filters[i], statistics[i], file.row_group_rows(row_group))) return true;
  }
  return false;
}

std::string SchemaText(const Schema& schema) {
  std::vector<std::string> parts;
  for (const Field& f : schema) parts.push_back(f.name + " " + f.type.ToString());
  return fmt::format("({})", fmt::join(parts, ", "));
}

}  // namespace

Result<std::vector<std::string>> ExpandParquetPaths(const std::vector<std::string>& patterns) {
  std::vector<std::string> paths;
  for (const std::string& pattern : patterns) {
    if (!IsGlob(pattern)) {
      paths.push_back(pattern);
      continue;
    }
    glob_t matches{};
    const int result = glob(pattern.c_str(), 0, nullptr, &matches);
    std::vector<std::string> found;
    for (size_t i = 0; result == 0 && i < matches.gl_pathc; ++i) found.emplace_back(matches.gl_pathv[i]);
    globfree(&matches);
    if (found.empty()) return Status::IOError("no file matches \"{}\"", pattern);
    std::sort(found.begin(), found.end());
    paths.insert(paths.end(), found.begin(), found.end());
  }
  if (paths.empty()) return Status::InvalidArgument("read_parquet needs at least one file");
  return paths;
}

Result<std::vector<ParquetFilePtr>> OpenParquetFiles(const std::vector<std::string>& paths) {
  std::vector<ParquetFilePtr> files;
  for (const std::string& path : paths) {
    ORBIT_ASSIGN_OR_RETURN(ParquetFilePtr file, ParquetFile::Open(path));
    if (!files.empty()) {
      const Schema& first = files[0]->schema();
      bool same = first.size() == file->schema().size();
      for (size_t i = 0; same && i < first.size(); ++i) {
        same = first[i].name == file->schema()[i].name && first[i].type == file->schema()[i].type;
      }
      if (!same) {
        return Status::InvalidData("{} has other columns {} than {} {}; read files of one schema together", path,
                                   SchemaText(file->schema()), files[0]->path(), SchemaText(first));
      }
    }
    files.push_back(std::move(file));
  }
  return files;
}

Result<ParquetScanResult> ScanParquet(const std::vector<ParquetFilePtr>& files, const std::vector<int>& columns,
                                      const std::vector<ScanFilter>& filters, const std::string& table_name,
                                      const QueryInterrupt* interrupt) {
  ParquetScanResult result;
  std::vector<RowGroupTask> tasks;
  for (const ParquetFilePtr& file : files) {
    for (int g = 0; g < file->row_group_count(); ++g) {
      bool skip = false;
      if (!filters.empty()) {
        ORBIT_ASSIGN_OR_RETURN(skip, Skippable(*file, g, filters));
      }
      if (skip) {
        ++result.row_groups_skipped;
      } else {
        tasks.push_back({file.get(), g});
      }
    }
  }
  result.row_groups_read = static_cast<int64_t>(tasks.size());

  // With fewer row groups than threads, each column of a row group is a task of its own.
  const bool by_column =
      columns.size() > 1 && tasks.size() < static_cast<size_t>(tbb::this_task_arena::max_concurrency());
  const size_t parts = by_column ? columns.size() : 1;
  std::vector<std::optional<Result<Batch>>> pieces(tasks.size() * parts);
  tbb::parallel_for(tbb::blocked_range<size_t>(0, pieces.size(), 1),
                    UnderCurrentMemoryAccount([&](const tbb::blocked_range<size_t>& range) {
                      for (size_t i = range.begin(); i != range.end(); ++i) {
                        Status status = interrupt != nullptr ? interrupt->Check() : Status::OK();
                        if (!status.ok()) {
                          pieces[i] = status;
                          continue;
                        }
                        const RowGroupTask& task = tasks[i / parts];
                        pieces[i] = task.file->ReadRowGroup(task.row_group,
                                                            by_column ? std::vector<int>{columns[i % parts]} : columns);
                      }
                    }));
  std::vector<Batch> batches;
  for (size_t t = 0; t < tasks.size(); ++t) {
    Batch batch;
    for (size_t p = 0; p < parts; ++p) {
      std::optional<Result<Batch>>& piece = pieces[t * parts + p];
      if (!piece->ok()) return piece->status();
      batch.length = (*piece)->length;
      for (ColumnPtr& column : (*piece)->columns) batch.columns.push_back(std::move(column));
    }
    batches.emplace_back(std::move(batch));
  }

  Schema schema;
  if (!files.empty()) {
    for (int c : columns) schema.push_back(files[0]->schema()[c]);
  }
  result.table = std::make_shared<Table>(table_name, std::move(schema));
  for (Batch& batch : batches) {
    if (batch.length > 0) result.table->Append(std::move(batch));
  }
  return result;
}

}  // namespace orbit
