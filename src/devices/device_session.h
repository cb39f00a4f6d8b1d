// A pipeline's stay on an accelerator (DESIGN rule 2): the columns it reads are copied to
// the device once, the first time a kernel of the pipeline reads them, and stay there
// until it ends; every kernel the pipeline runs finds them through Current(). The session also counts the bytes moved
// and remembers the first device failure, which makes the pipeline re-run on the CPU
// (DESIGN rule 4). The host CPU needs no session. CUDA sessions implement the same class.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "columnar/buffer.h"
#include "common/status.h"
#include "devices/fault_injection.h"
#include "devices/kept_outputs.h"

namespace orbit {

class Device;

/// Bytes and launches of one pipeline run on a device (summed over threads).
struct TransferStats {
  std::atomic<int64_t> resident_buffers{0};  // host buffers copied once for the whole pipeline
  std::atomic<int64_t> resident_bytes{0};
  std::atomic<int64_t> upload_bytes{0};  // per kernel call: inputs computed on the host mid-pipeline
  std::atomic<int64_t> download_bytes{0};
  std::atomic<int64_t> launches{0};
  std::atomic<int64_t> kernel_calls{0};      // kernel entries that reached the device (each launches one or more)
  std::atomic<int64_t> kept_output_hits{0};  // kernel inputs found among kept device outputs
  std::atomic<int64_t> in_place_buffers{0};  // host buffers a device sharing host memory read in place
  std::atomic<int64_t> in_place_bytes{0};
};

class DeviceSession {
 public:
  /// Opening a session on a device with a delay fault waits it out (fault_injection.h).
  DeviceSession(FaultPlan faults, const std::string& device_id) : faults_(std::move(faults)) {
    ApplyDelayFault(device_id);
  }
  virtual ~DeviceSession() = default;

  virtual const Device& device() const = 0;
  /// Declares host bytes [host, host + bytes) a pipeline input: the first kernel that
  /// reads any part of it copies all of it to the device, and later kernels use that copy
  /// (columns no kernel reads are never copied). Call before kernels run; the host memory
  /// must stay alive and unchanged until the session ends.
  virtual void AddPipelineInput(const void* host, size_t bytes) = 0;

  /// Says that `buffer` holds the output a kernel of this thread has just copied back, and
  /// now belongs to a column: it stays unchanged while it lives (columns are immutable), so
  /// the session may keep the device copy and hand it to later kernels reading the buffer
  /// instead of copying it to the device again. A buffer that is no kernel's latest output
  /// is ignored. The buffer's lifetime bounds the device copy's: a freed buffer whose
  /// address is reused can never be mistaken for it.
  void KeepOutput(const std::shared_ptr<Buffer>& buffer) { kept_outputs().Keep(buffer); }
  /// Where kernel calls offer their outputs (device buffers) for keeping.
  virtual KeptOutputs& kept_outputs() = 0;

  /// Kernels cannot return a Status (they are plain function pointers with results), so a
  /// kernel that meets a device error records it here, computes its result on the host,
  /// and the pipeline stops and re-runs on the CPU.
  void RecordFailure(const Status& status);
  bool failed() const { return failed_.load(std::memory_order_relaxed); }
  Status failure() const;

  TransferStats& stats() { return stats_; }
  const TransferStats& stats() const { return stats_; }
  FaultTrigger& faults() { return faults_; }

  /// The session of the pipeline this thread is running, or nullptr (host or tests).
  static DeviceSession* Current();

 private:
  friend class ScopedDeviceSession;
  TransferStats stats_;
  FaultTrigger faults_;
  std::atomic<bool> failed_{false};
  mutable std::mutex failure_mutex_;
  Status failure_;
};

/// Device memory a pipeline's resident columns may take: 60% of the `available` bytes
/// (the rest is left to kernel outputs, scratch space and other processes), or at most
/// ORBIT_DEVICE_MEMORY_MB MiB when that is set (tests make a table "larger than the device"
/// with it). Columns beyond the budget are copied per kernel call, one morsel at a time.
uint64_t ResidentBudget(uint64_t available);

/// Makes `session` Current() on this thread for the scope's lifetime.
class ScopedDeviceSession {
 public:
  explicit ScopedDeviceSession(DeviceSession* session);
  ~ScopedDeviceSession();
  ScopedDeviceSession(const ScopedDeviceSession&) = delete;
  ScopedDeviceSession& operator=(const ScopedDeviceSession&) = delete;

 private:
  DeviceSession* previous_;
};

}  // namespace orbit
