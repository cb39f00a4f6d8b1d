// A read-only memory map of a whole file, so the CSV reader can split and parse it in place
// from many threads without copying it first. Unmapped when the object goes away.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "common/status.h"

namespace orbit {

class MappedFile {
 public:
  /// Maps `path`; Status::IOError naming the path when it cannot be opened or mapped.
  static Result<std::unique_ptr<MappedFile>> Open(const std::string& path);

  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();

  /// The file's bytes; a valid (non-null) pointer even for an empty file.
  const char* data() const { return data_; }
  size_t size() const { return size_; }
  /// Tells the kernel the whole pages inside [begin, end) are not needed for now: a parsed
  /// stretch of a large file then stops counting toward resident memory. Reading them again
  /// still works (they come back from the file).
  void DropPages(const char* begin, const char* end) const;

 private:
  MappedFile(const char* data, size_t size) : data_(data), size_(size) {}
  const char* data_;
  size_t size_;
};

}  // namespace orbit
