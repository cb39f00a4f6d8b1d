// Device buffers kept for reuse between kernel calls, one pool per device for the whole
// process: a kernel call takes its scratch and output buffers from it and gives them back
// when it ends, so the next call of a similar size allocates nothing. Freed memory is kept
// only up to a release threshold (PoolReleaseThreshold): a buffer given back beyond it is
// released to the driver at once, and a failed allocation empties the pool and tries again,
// so the pool never takes memory a pipeline needs. CUDA's stream-ordered pool does the same
// inside the runtime (cudaMemPoolAttrReleaseThreshold, cuda_device.h); OpenCL has no pool
// of its own, so its kernel calls use this one (opencl_device.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <unordered_map>

namespace orbit {

/// Freed device memory a pool keeps for reuse: a tenth of the device's memory, or
/// ORBIT_DEVICE_POOL_MB MiB when that is set (0 keeps nothing).
uint64_t PoolReleaseThreshold(uint64_t device_memory);

struct BufferPoolStats {
  int64_t reused = 0;       // buffers handed out again
  int64_t allocated = 0;    // buffers the pool had to make
  int64_t released = 0;     // buffers given back to the driver (beyond the threshold, or trimmed)
  uint64_t kept_bytes = 0;  // held for reuse now
};

class DeviceBufferPool {
 public:
  /// Makes a device buffer of exactly `bytes` (nullptr when the device has no memory left).
  using Create = std::function<void*(size_t bytes)>;
  using Release = std::function<void(void* buffer)>;

  DeviceBufferPool(uint64_t threshold, Release release) : threshold_(threshold), release_(std::move(release)) {}
  ~DeviceBufferPool() { Trim(0); }
  DeviceBufferPool(const DeviceBufferPool&) = delete;
  DeviceBufferPool& operator=(const DeviceBufferPool&) = delete;

  /// The size a buffer for `bytes` is made with: the next power of two (at least 256 B),
  /// so calls of nearby sizes share buffers.
  static size_t Capacity(size_t bytes);
  /// A buffer of at least `bytes`: a kept one, or a new one from `create`, made again after
  /// emptying the pool when the first attempt fails. nullptr when even that fails.
  void* Acquire(size_t bytes, const Create& create);
  /// Takes back a buffer Acquire handed out: kept while the pool stays within its
  /// threshold, else released. False (nothing done) for a buffer that is not the pool's.
  bool Return(void* buffer);
  /// Releases kept buffers, largest first, until at most `keep_bytes` remain.
  void Trim(uint64_t keep_bytes);

  uint64_t threshold() const { return threshold_; }
  BufferPoolStats stats() const;

 private:
  void TrimLocked(uint64_t keep_bytes);

  const uint64_t threshold_;
  Release release_;
  mutable std::mutex mutex_;
  std::multimap<size_t, void*> kept_;             // by capacity
  std::unordered_map<void*, size_t> handed_out_;  // the pool's buffers in use, with their capacity
  BufferPoolStats stats_;
};

}  // namespace orbit
