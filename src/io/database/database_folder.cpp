#include "io/database/database_folder.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "io/atomic_write.h"

namespace orbit {

namespace fs = std::filesystem;

namespace {

constexpr const char* kCatalogFile = "catalog.json";
constexpr const char* kLockFile = "orbit.lock";
constexpr const char* kTablesFolder = "tables";

Status SyncFolder(const std::string& folder) {
  const int fd = open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Status::IOError("{}: cannot open to sync: {}", folder, std::strerror(errno));
  const int result = fsync(fd);
  close(fd);
  if (result != 0) return Status::IOError("{}: cannot sync: {}", folder, std::strerror(errno));
  return Status::OK();
}

Status WriteText(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) return Status::IOError("{}: cannot write: {}", path, std::strerror(errno));
  return Status::OK();
}

// Takes the folder's lock for a writer; never waits.
Result<int> LockForWriting(const std::string& folder) {
  const std::string path = (fs::path(folder) / kLockFile).string();
  const int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return Status::IOError("{}: cannot open the lock file: {}", path, std::strerror(errno));
  if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    close(fd);
    if (error == EWOULDBLOCK) {
      return Status::IOError("database {} is in use by another process; open it read-only to read it meanwhile",
                             folder);
    }
    return Status::IOError("{}: cannot lock: {}", path, std::strerror(error));
  }
  return fd;
}

}  // namespace

Result<std::unique_ptr<DatabaseFolder>> DatabaseFolder::Open(const std::string& path, bool read_only) {
  std::error_code error;
  if (!fs::exists(path, error)) {
    if (read_only) return Status::IOError("database {} does not exist", path);
    if (!fs::create_directories(fs::path(path) / kTablesFolder, error)) {
      return Status::IOError("{}: cannot create the database folder: {}", path, error.message());
    }
  } else if (!fs::is_directory(path, error)) {
    return Status::IOError("{}: is not a database folder (a file of that name exists)", path);
  }
  int lock_fd = -1;
  if (!read_only) {
    ORBIT_ASSIGN_OR_RETURN(lock_fd, LockForWriting(path));
  }
  std::unique_ptr<DatabaseFolder> folder(new DatabaseFolder(path, read_only, lock_fd));
  ORBIT_RETURN_IF_ERROR(folder->ReadCatalog());
  if (!read_only) folder->RemoveUnnamedFiles();
  return folder;
}

DatabaseFolder::~DatabaseFolder() {
  if (lock_fd_ >= 0) close(lock_fd_);  // releases the flock
}

std::string DatabaseFolder::TableFilePath(const std::string& file) const {
  return (fs::path(path_) / kTablesFolder / file).string();
}

std::string DatabaseFolder::NewTableFileName(DatabaseManifest* next) {
  return fmt::format("{:08}.parquet", next->next_file++);
}

Status DatabaseFolder::ReadCatalog() {
  const std::string path = (fs::path(path_) / kCatalogFile).string();
  std::error_code error;
  if (!fs::exists(path, error)) {
    // A folder that is not empty but has no catalog is someone else's: never take it over.
    for (const auto& entry : fs::directory_iterator(path_, error)) {
      const std::string name = entry.path().filename().string();
      if (name != kLockFile && name != kTablesFolder && name.rfind(".catalog.json.", 0) != 0) {
        return Status::IOError("{}: is not an Orbit database (it holds {} but no {})", path_, name, kCatalogFile);
      }
    }
    if (!read_only_) fs::create_directories(fs::path(path_) / kTablesFolder, error);
    manifest_ = DatabaseManifest{};
    return Status::OK();
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in) return Status::IOError("{}: cannot read: {}", path, std::strerror(errno));
  ORBIT_ASSIGN_OR_RETURN(manifest_, ManifestFromJson(text.str(), path));
  for (const StoredTable& table : manifest_.tables) {
    for (const std::string& file : table.files) {
      if (!fs::exists(TableFilePath(file), error)) {
        return Status::IOError("{}: damaged database: table \"{}\" names {}, which is missing", path_, table.name,
                               file);
      }
    }
  }
  return Status::OK();
}

Status DatabaseFolder::Commit(DatabaseManifest next) {
  if (read_only_) return Status::InvalidArgument("database {} is open read-only", path_);
  next.generation = manifest_.generation + 1;
  // The table files' names (the renames that put them in place) reach the disk first.
  ORBIT_RETURN_IF_ERROR(SyncFolder((fs::path(path_) / kTablesFolder).string()));
  const std::string path = (fs::path(path_) / kCatalogFile).string();
  ORBIT_RETURN_IF_ERROR(
      WriteAtomically(path, [&](const std::string& temporary) { return WriteText(temporary, ManifestToJson(next)); }));
  ORBIT_RETURN_IF_ERROR(SyncFolder(path_));
  manifest_ = std::move(next);
  RemoveUnnamedFiles();
  return Status::OK();
}

void DatabaseFolder::RemoveUnnamedFiles() const {
  std::set<std::string> named;
  for (const StoredTable& table : manifest_.tables) named.insert(table.files.begin(), table.files.end());
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(fs::path(path_) / kTablesFolder, error)) {
    if (!named.count(entry.path().filename().string())) fs::remove(entry.path(), error);
  }
  // Catalogs left half written beside catalog.json.
  for (const auto& entry : fs::directory_iterator(path_, error)) {
    if (entry.path().filename().string().rfind(".catalog.json.", 0) == 0) fs::remove(entry.path(), error);
  }
}

}  // namespace orbit
