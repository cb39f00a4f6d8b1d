// Why a running statement stops before it ends: a cancel request (Connection::Interrupt
// from another thread, Ctrl-C in the shell's signal handler) or a deadline passing
// (statement_timeout; a pipeline's device_timeout). Operator loops call Check() between
// chunks and the statement ends with a Cancelled error (SQLSTATE 57014): the one mechanism
// the clients, the servers and the device timeout share. Checks are cheap (a relaxed load,
// and a clock read only when a deadline is set), so a loop may check every vector.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

#include "common/status.h"

namespace orbit {

class QueryInterrupt {
 public:
  using Clock = std::chrono::steady_clock;

  QueryInterrupt() = default;
  /// An interrupt that also stops when `parent` does (a pipeline's device deadline inside
  /// the statement's interrupt). `parent` must outlive this one.
  explicit QueryInterrupt(const QueryInterrupt* parent) : parent_(parent) {}
  QueryInterrupt(const QueryInterrupt&) = delete;
  QueryInterrupt& operator=(const QueryInterrupt&) = delete;

  /// Asks the running statement to stop. Async-signal-safe and callable from any thread:
  /// it only stores a flag.
  void Cancel() noexcept { cancelled_.store(true, std::memory_order_relaxed); }
  /// A new statement starts: no cancel request, no deadline.
  void Reset() noexcept;
  /// Stops the statement once `timeout` has passed from now; `what` names the setting in
  /// the error ("statement_timeout"). A zero timeout clears the deadline.
  void SetTimeout(std::chrono::milliseconds timeout, const char* what) noexcept;

  /// OK, or the Cancelled error saying why the statement stops (this one's or the parent's).
  Status Check() const;
  /// Whether this interrupt's own deadline has passed (not a cancel, not the parent's).
  bool OwnDeadlinePassed() const noexcept;

 private:
  std::atomic<bool> cancelled_{false};
  std::atomic<int64_t> deadline_nanos_{0};  // steady clock; 0: none
  std::atomic<int64_t> timeout_millis_{0};
  std::atomic<const char*> deadline_setting_{""};
  const QueryInterrupt* parent_ = nullptr;
};

}  // namespace orbit
