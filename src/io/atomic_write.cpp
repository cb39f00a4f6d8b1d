#include "io/atomic_write.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

namespace orbit {

namespace {

std::string TemporaryPath(const std::string& path) {
  static std::atomic<uint64_t> counter{0};
  const std::filesystem::path target(path);
  return (target.parent_path() / fmt::format(".{}.{}-{}.tmp", target.filename().string(), getpid(), counter++))
      .string();
}

// Flushes the file's bytes to disk, so the rename never publishes a file the disk lacks.
Status Sync(const std::string& path) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::IOError("{}: cannot open to sync: {}", path, std::strerror(errno));
  const int result = fsync(fd);
  close(fd);
  if (result != 0) return Status::IOError("{}: cannot sync: {}", path, std::strerror(errno));
  return Status::OK();
}

}  // namespace

Status WriteAtomically(const std::string& path, const std::function<Status(const std::string& temporary)>& write) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) return Status::IOError("{}: is a directory", path);
  const std::string temporary = TemporaryPath(path);
  Status status = write(temporary);
  if (status.ok()) status = Sync(temporary);
  if (status.ok() && std::rename(temporary.c_str(), path.c_str()) != 0) {
    status = Status::IOError("{}: cannot rename the written file into place: {}", path, std::strerror(errno));
  }
  if (!status.ok()) std::filesystem::remove(temporary, error);
  return status;
}

}  // namespace orbit
