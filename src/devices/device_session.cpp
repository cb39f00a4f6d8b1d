#include "devices/device_session.h"

#include <algorithm>
#include <cstdlib>

namespace orbit {

namespace {
thread_local DeviceSession* current_session = nullptr;
}  // namespace

void DeviceSession::RecordFailure(const Status& status) {
  std::lock_guard lock(failure_mutex_);
  if (!failed_.exchange(true)) failure_ = status;
}

Status DeviceSession::failure() const {
  std::lock_guard lock(failure_mutex_);
  return failure_;
}

DeviceSession* DeviceSession::Current() { return current_session; }

uint64_t ResidentBudget(uint64_t available) {
  constexpr double kResidentShare = 0.6;
  uint64_t budget = static_cast<uint64_t>(static_cast<double>(available) * kResidentShare);
  if (const char* limit = std::getenv("ORBIT_DEVICE_MEMORY_MB")) {
    char* end = nullptr;
    const unsigned long long mib = std::strtoull(limit, &end, 10);
    if (end != limit && *end == '\0') budget = std::min<uint64_t>(budget, static_cast<uint64_t>(mib) << 20);
  }
  return budget;
}

ScopedDeviceSession::ScopedDeviceSession(DeviceSession* session) : previous_(current_session) {
  current_session = session;
}

ScopedDeviceSession::~ScopedDeviceSession() { current_session = previous_; }

}  // namespace orbit
