// The catalog: the tables of one database, by case-insensitive name. Thread-safe; tables
// are shared immutable snapshots, so a query keeps the version it started with.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "columnar/table.h"
#include "common/status.h"

namespace orbit {

class Catalog {
 public:
  /// The table, or a BindError naming it and suggesting the closest existing name.
  Result<TablePtr> GetTable(const std::string& name) const;
  TablePtr FindTable(const std::string& name) const;
  /// Fails if a table of that name exists (unless replace).
  Status CreateTable(TablePtr table, bool replace = false);
  Status DropTable(const std::string& name, bool if_exists);
  /// Swaps in a new version of an existing table (after COPY/INSERT appended batches).
  void ReplaceTable(TablePtr table);
  std::vector<std::string> TableNames() const;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, TablePtr> tables_;  // key: lower-case name
};

/// Lower-cases ASCII letters (SQL identifiers are case-insensitive unless quoted).
std::string ToLower(std::string s);
/// The candidate closest to `name` by edit distance, if close enough to be a likely typo.
std::string ClosestMatch(const std::string& name, const std::vector<std::string>& candidates);

}  // namespace orbit
