// A database folder (x.orbit/) on disk: catalog.json names every table's Parquet files in
// tables/. A commit writes the new files first (each synced), then replaces catalog.json
// atomically (written beside it, synced, renamed over it, the folder synced), and only then
// removes the files the new catalog no longer names: a crash at any moment leaves the last
// committed catalog whole with every file it names. Files no catalog names (left by a crash
// mid-commit) are removed when the folder opens. A lock file (flock, released by the kernel
// when the process dies) keeps a second writer out. Readers take no lock: each reads the
// catalog committed when it opened (a writer may remove files meanwhile, so a reader opens
// every file it will read at once; see main/database_store.h).
#pragma once

#include <memory>
#include <string>

#include "common/status.h"
#include "io/database/database_manifest.h"

namespace orbit {

class DatabaseFolder {
 public:
  /// Opens `path`, creating it when missing (not when read-only). A writer fails with a
  /// clear error while another process writes it.
  static Result<std::unique_ptr<DatabaseFolder>> Open(const std::string& path, bool read_only);
  ~DatabaseFolder();
  DatabaseFolder(const DatabaseFolder&) = delete;
  DatabaseFolder& operator=(const DatabaseFolder&) = delete;

  const std::string& path() const { return path_; }
  bool read_only() const { return read_only_; }
  /// The last committed catalog.
  const DatabaseManifest& manifest() const { return manifest_; }
  /// Reads catalog.json again (a reader whose files a writer removed meanwhile retries).
  Status Reread() { return ReadCatalog(); }

  /// The path of a table file named by the catalog.
  std::string TableFilePath(const std::string& file) const;
  /// A name for a new table file, counted in `next` (the catalog being prepared).
  static std::string NewTableFileName(DatabaseManifest* next);
  /// Makes `next` the committed catalog. Every file it names must be written already.
  Status Commit(DatabaseManifest next);

 private:
  DatabaseFolder(std::string path, bool read_only, int lock_fd)
      : path_(std::move(path)), read_only_(read_only), lock_fd_(lock_fd) {}
  Status ReadCatalog();
  /// Removes the files of tables/ that the committed catalog does not name.
  void RemoveUnnamedFiles() const;

  std::string path_;
  bool read_only_;
  int lock_fd_;
  DatabaseManifest manifest_;
};

}  // namespace orbit
