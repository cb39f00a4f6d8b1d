#include "io/mapped_file.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <mutex>

namespace orbit {
namespace {

// mmap refuses zero-length maps; an empty file points here instead.
constexpr char kEmpty[1] = {'\0'};
constexpr size_t kReadBlock = size_t{1} << 20;

Status OpenError(const std::string& path, int error) {
  return Status::IOError("cannot read CSV file '{}': {}", path, std::strerror(error));
}

// Live mappings, for the SIGBUS handler: a fault inside one means the file was truncated
// under it. Lock-free so that the handler can read it; a mapping that finds no free slot is
// read into memory instead.
constexpr int kGuardSlots = 256;
struct GuardSlot {
  std::atomic<uintptr_t> begin{0};
  std::atomic<uintptr_t> end{0};
  std::atomic<bool> truncated{false};
};
GuardSlot guard_slots[kGuardSlots];
struct sigaction previous_sigbus;

void OnSigbus(int signal, siginfo_t* info, void* context) {
  const auto address = reinterpret_cast<uintptr_t>(info->si_addr);
  for (GuardSlot& slot : guard_slots) {
    if (address < slot.begin.load(std::memory_order_acquire) || address >= slot.end.load(std::memory_order_acquire)) {
      continue;
    }
    // Put a page of zeros where the file's bytes were and let the read go on; the reader
    // then reports the file as changed (CheckUnchanged).
    const auto page = static_cast<uintptr_t>(::sysconf(_SC_PAGESIZE));
    void* at = reinterpret_cast<void*>(address / page * page);
    if (::mmap(at, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != MAP_FAILED) {
      slot.truncated.store(true, std::memory_order_release);
      return;
    }
    break;
  }
  // Not ours: what would have happened without this handler.
  if (previous_sigbus.sa_flags & SA_SIGINFO) {
    previous_sigbus.sa_sigaction(signal, info, context);
  } else if (previous_sigbus.sa_handler != SIG_DFL && previous_sigbus.sa_handler != SIG_IGN) {
    previous_sigbus.sa_handler(signal);
  } else {
    ::signal(SIGBUS, SIG_DFL);  // the faulting access repeats and ends the process as before
  }
}

void InstallSigbusGuard() {
  static std::once_flag once;
  std::call_once(once, [] {
    struct sigaction action {};
    action.sa_sigaction = OnSigbus;
    action.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&action.sa_mask);
    ::sigaction(SIGBUS, &action, &previous_sigbus);
  });
}

int ClaimGuardSlot(const char* data, size_t size) {
  InstallSigbusGuard();
  for (int i = 0; i < kGuardSlots; ++i) {
    uintptr_t expected = 0;
    if (guard_slots[i].begin.compare_exchange_strong(expected, reinterpret_cast<uintptr_t>(data))) {
      guard_slots[i].truncated.store(false);
      guard_slots[i].end.store(reinterpret_cast<uintptr_t>(data) + size, std::memory_order_release);
      return i;
    }
  }
  return -1;
}

void ReleaseGuardSlot(int slot) {
  guard_slots[slot].end.store(0, std::memory_order_release);
  guard_slots[slot].begin.store(0, std::memory_order_release);
}

// Reads `fd` to its end: a source whose size is not known up front.
Status ReadToEnd(int fd, const std::string& path, std::vector<char>* out) {
  size_t used = 0;
  while (true) {
    if (out->size() < used + kReadBlock) out->resize(used + kReadBlock);
    ssize_t got = ::read(fd, out->data() + used, kReadBlock);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return OpenError(path, errno);
    if (got == 0) break;
    if (const void* nul = std::memchr(out->data() + used, '\0', static_cast<size_t>(got))) {
      const size_t offset = used + static_cast<size_t>(static_cast<const char*>(nul) - (out->data() + used));
      return Status::IOError("cannot read CSV file '{}': it is not text (a NUL byte at offset {})", path, offset);
    }
    used += static_cast<size_t>(got);
  }
  out->resize(used);
  return Status::OK();
}

}  // namespace

Result<std::unique_ptr<MappedFile>> MappedFile::Open(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return OpenError(path, errno);
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    int error = errno;
    ::close(fd);
    return OpenError(path, error);
  }
  if (S_ISDIR(info.st_mode)) {
    ::close(fd);
    return OpenError(path, EISDIR);
  }
  size_t size = static_cast<size_t>(info.st_size);
  // Reads the whole file into memory the file owns (streams, and files no guard covers).
  auto read_whole = [&](std::unique_ptr<MappedFile> file) -> Result<std::unique_ptr<MappedFile>> {
    Status read = ReadToEnd(fd, path, &file->owned_);
    ::close(fd);
    ORBIT_RETURN_IF_ERROR(read);
    if (!file->owned_.empty()) {
      file->data_ = file->owned_.data();
      file->size_ = file->owned_.size();
    }
    return file;
  };
  // Pipes, FIFOs, terminals and /proc files (which report size 0) are read to their end.
  if (!S_ISREG(info.st_mode) || size == 0) {
    return read_whole(std::unique_ptr<MappedFile>(new MappedFile(kEmpty, 0, path)));
  }
  void* data = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  int error = errno;
  if (data == MAP_FAILED) {
    ::close(fd);
    return OpenError(path, error);
  }
  std::unique_ptr<MappedFile> file(new MappedFile(static_cast<const char*>(data), size, path));
  file->guard_slot_ = ClaimGuardSlot(file->data_, size);
  if (file->guard_slot_ < 0) {
    // No guard left: an unguarded map could kill the process, so copy the bytes instead.
    ::munmap(data, size);
    file->data_ = kEmpty;
    file->size_ = 0;
    return read_whole(std::move(file));
  }
  ::close(fd);  // the mapping keeps the file alive
  // Each chunk is read front to back by one thread: ask for generous read-ahead.
  ::madvise(data, size, MADV_SEQUENTIAL);
  return file;
}

MappedFile::~MappedFile() {
  if (guard_slot_ < 0) return;
  ::munmap(const_cast<char*>(data_), size_);
  ReleaseGuardSlot(guard_slot_);
}

void MappedFile::DropPages(const char* begin, const char* end) const {
  // Only a mapping gets its pages back from the file; read bytes would be lost.
  if (guard_slot_ < 0 || begin < data_ || end > data_ + size_) return;
  const auto page = static_cast<uintptr_t>(::sysconf(_SC_PAGESIZE));
  const uintptr_t first = (reinterpret_cast<uintptr_t>(begin) + page - 1) / page * page;
  const uintptr_t last = reinterpret_cast<uintptr_t>(end) / page * page;
  if (first < last) ::madvise(reinterpret_cast<void*>(first), last - first, MADV_DONTNEED);
}

Status MappedFile::CheckUnchanged() const {
  if (guard_slot_ < 0 || !guard_slots[guard_slot_].truncated.load(std::memory_order_acquire)) return Status::OK();
  return Status::IOError("CSV file '{}' was truncated while it was being read; read it again once it is complete",
                         path_);
}

}  // namespace orbit
