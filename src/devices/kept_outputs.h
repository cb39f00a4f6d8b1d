// The device copies of kernel outputs that a pipeline keeps for later kernels
// (DeviceSession::KeepOutput), shared by every accelerator backend. A kernel call that
// copied its outputs back to the host offers their device buffers; when the executor
// turns one of those host buffers into a column (immutable from then on), the device copy
// is kept, and a later kernel handed a pointer into that column reads it in place instead
// of copying it to the device again. A copy lives no longer than its host buffer: a freed
// buffer whose address is reused can never be mistaken for it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "columnar/buffer.h"

namespace orbit {

class KeptOutputs {
 public:
  /// Frees one device buffer (a cl_mem, a CUDA device pointer).
  using Release = std::function<void(void* device_buffer)>;
  explicit KeptOutputs(Release release) : release_(std::move(release)) {}
  ~KeptOutputs() { ReleaseAll(); }
  KeptOutputs(const KeptOutputs&) = delete;
  KeptOutputs& operator=(const KeptOutputs&) = delete;

  /// A device buffer whose first `bytes` a kernel call copied back to host memory at `host`.
  struct Offer {
    const void* host;
    size_t bytes;
    void* device_buffer;
  };
  /// A kernel call of this thread succeeded: its outputs replace the thread's earlier
  /// offers (released), and belong to this object from now on.
  void OfferOutputs(std::vector<Offer> outputs);
  /// A kernel call of this thread starts: the thread's offers can no longer be kept.
  void DropOffers();
  /// Keeps the device copy of `buffer` if this thread's latest call offered exactly it.
  /// Copies whose host buffers have been freed are released first.
  void Keep(const std::shared_ptr<Buffer>& buffer);

  /// Where a kept copy holds all of [host, host + bytes): the device buffer (nullptr when
  /// none does) and the byte offset of `host` in it.
  struct Found {
    void* device_buffer = nullptr;
    size_t offset = 0;
  };
  Found Find(const void* host, size_t bytes);

  /// Releases every offer and kept copy (a session calls it while its device can still
  /// free memory; the destructor does too).
  void ReleaseAll();

 private:
  struct Kept {
    const uint8_t* end;
    void* device_buffer;
    std::weak_ptr<Buffer> owner;  // the copy is valid while the host buffer lives
  };
  void ReleaseOffers(std::vector<Offer>& offers);

  Release release_;
  std::mutex mutex_;
  std::map<std::thread::id, std::vector<Offer>> offers_;
  std::map<const uint8_t*, Kept> kept_;  // by host begin address
};

}  // namespace orbit
