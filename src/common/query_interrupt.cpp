#include "common/query_interrupt.h"

namespace orbit {

namespace {
int64_t NowNanos() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(QueryInterrupt::Clock::now().time_since_epoch()).count();
}
}  // namespace

void QueryInterrupt::Reset() noexcept {
  cancelled_.store(false, std::memory_order_relaxed);
  deadline_nanos_.store(0, std::memory_order_relaxed);
}

void QueryInterrupt::SetTimeout(std::chrono::milliseconds timeout, const char* what) noexcept {
  if (timeout.count() <= 0) {
    deadline_nanos_.store(0, std::memory_order_relaxed);
    return;
  }
  timeout_millis_.store(timeout.count(), std::memory_order_relaxed);
  deadline_setting_.store(what, std::memory_order_relaxed);
  deadline_nanos_.store(NowNanos() + std::chrono::duration_cast<std::chrono::nanoseconds>(timeout).count(),
                        std::memory_order_relaxed);
}

bool QueryInterrupt::OwnDeadlinePassed() const noexcept {
  const int64_t deadline = deadline_nanos_.load(std::memory_order_relaxed);
  return deadline != 0 && NowNanos() >= deadline;
}

Status QueryInterrupt::Check() const {
  if (cancelled_.load(std::memory_order_relaxed)) return Status::Cancelled("canceling statement due to user request");
  if (OwnDeadlinePassed()) {
    return Status::Cancelled("canceling statement due to {} ({} ms)", deadline_setting_.load(std::memory_order_relaxed),
                             timeout_millis_.load(std::memory_order_relaxed));
  }
  return parent_ != nullptr ? parent_->Check() : Status::OK();
}

}  // namespace orbit
