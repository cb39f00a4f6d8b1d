// A read-only view of a whole file, so the CSV reader can split and parse it in place from
// many threads without copying it first. A regular file is memory-mapped, guarded against
// being truncated while it is read; a pipe, a FIFO, a terminal or a /proc file (whose size
// fstat does not know) is read to its end instead.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"

namespace orbit {

class MappedFile {
 public:
  /// Maps or reads `path`; Status::IOError naming the path when it cannot be opened, mapped
  /// or read, or when a streamed file holds a NUL byte (it is not text: /dev/zero).
  static Result<std::unique_ptr<MappedFile>> Open(const std::string& path);

  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();

  /// The file's bytes; a valid (non-null) pointer even for an empty file.
  const char* data() const { return data_; }
  size_t size() const { return size_; }
  /// Whether the bytes were read into memory rather than mapped (a stream, or a file no
  /// truncation guard was left for): opening the path again may not give them back.
  bool read_into_memory() const { return guard_slot_ < 0; }
  /// Tells the kernel the whole pages inside [begin, end) are not needed for now: a parsed
  /// stretch of a large file then stops counting toward resident memory. Reading them again
  /// still works (they come back from the file).
  void DropPages(const char* begin, const char* end) const;
  /// OK, or an IOError when the file shrank while mapped: the bytes past its new end read as
  /// zeros instead of killing the process (SIGBUS), so whatever was read from them is wrong.
  Status CheckUnchanged() const;

 private:
  MappedFile(const char* data, size_t size, std::string path) : data_(data), size_(size), path_(std::move(path)) {}
  const char* data_;
  size_t size_;
  std::string path_;
  int guard_slot_ = -1;      // the truncation guard's slot of a mapping, or -1
  std::vector<char> owned_;  // the bytes of a file read to its end
};

}  // namespace orbit
