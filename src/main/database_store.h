// A persistent database: the catalog of a DatabaseInstance kept in a database folder
// (io/database/database_folder.h). Opening registers every stored table as pending (read
// at first use, then kept in memory) and every view; each statement that changes the
// catalog commits after it ran: the tables it changed are written as new Parquet files
// (only the appended rows when a table grew, the whole table otherwise), then the catalog
// switches atomically. Tables registered from Arrow stay in memory only.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "io/database/database_folder.h"
#include "sql/catalog/catalog.h"

namespace orbit {

class DatabaseStore {
 public:
  /// Opens (or creates) the folder at `path` and fills `catalog` with what it stores.
  static Result<std::unique_ptr<DatabaseStore>> Open(const std::string& path, bool read_only, Catalog* catalog);

  const std::string& path() const { return folder_->path(); }
  bool read_only() const { return folder_->read_only(); }

  /// Stores `state` (the catalog after a statement) as the database's next commit.
  Status Commit(const CatalogState& state);

 private:
  /// A table as last committed: the rows in memory (null while pending) and its files.
  struct CommittedTable {
    TablePtr table;
    std::shared_ptr<PendingTable> pending;
    StoredTable stored;
  };

  explicit DatabaseStore(std::unique_ptr<DatabaseFolder> folder) : folder_(std::move(folder)) {}
  Status Register(Catalog* catalog);
  std::shared_ptr<PendingTable> Pending(const StoredTable& stored) const;
  /// How `entry` (a table of the catalog being committed) is stored: as it was, or with
  /// its new rows written to new files counted in `next`.
  Result<StoredTable> Store(const CatalogTable& entry, DatabaseManifest* next) const;
  Status WriteFile(const std::string& name, const Schema& schema, const std::vector<Batch>& batches,
                   DatabaseManifest* next, StoredTable* stored) const;

  std::unique_ptr<DatabaseFolder> folder_;
  std::vector<CommittedTable> committed_;
};

}  // namespace orbit
