#include "devices/device_session.h"

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

ScopedDeviceSession::ScopedDeviceSession(DeviceSession* session) : previous_(current_session) {
  current_session = session;
}

ScopedDeviceSession::~ScopedDeviceSession() { current_session = previous_; }

}  // namespace orbit
