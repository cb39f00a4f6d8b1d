// What a database folder's catalog.json says: its schemas, every table's columns,
// constraints and Parquet files (in row order), and every view's statement. Read and written as JSON;
// reading checks every field, so a damaged file is an error naming it, never a crash.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "columnar/table.h"
#include "common/status.h"

namespace orbit {

struct StoredKey {
  std::string name;
  std::vector<std::string> columns;
  bool primary = false;
};

struct StoredCheck {
  std::string name;
  std::string sql;  // the CHECK's expression as written
};

struct StoredTable {
  std::string name;
  Schema schema;
  std::vector<std::string> files;               // names under the folder's tables/, in row order
  int64_t rows = 0;                             // in all its files
  std::map<std::string, std::string> defaults;  // lower-case column -> its DEFAULT expression as SQL
  std::vector<StoredKey> keys;
  std::vector<StoredCheck> checks;
};

struct StoredView {
  std::string name;
  std::string sql;  // its CREATE VIEW statement
  Schema columns;
};

struct DatabaseManifest {
  uint64_t generation = 0;          // counts commits
  uint64_t next_file = 1;           // the number of the next table file: names are never reused
  std::vector<StoredTable> tables;  // named by catalog key: "t" in public, "s.t" in schema s
  std::vector<StoredView> views;
  std::vector<std::string> schemas = {"public"};  // a catalog written before schemas has only public
};

std::string ManifestToJson(const DatabaseManifest& manifest);
/// `source` names the file in errors.
Result<DatabaseManifest> ManifestFromJson(const std::string& text, const std::string& source);

}  // namespace orbit
