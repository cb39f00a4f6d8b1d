#include "placement/device_health.h"

#include <map>
#include <mutex>

namespace orbit {

namespace {

using Clock = std::chrono::steady_clock;

struct Health {
  int64_t failures = 0;
  Clock::time_point cool_down_until;
};

std::mutex health_mutex;
std::map<std::string, Health>& HealthTable() {
  static std::map<std::string, Health> table;
  return table;
}

}  // namespace

void RecordDeviceFailure(const std::string& device_id) {
  std::lock_guard lock(health_mutex);
  Health& health = HealthTable()[device_id];
  health.failures += 1;
  health.cool_down_until = Clock::now() + kDeviceCoolDown;
}

int64_t DeviceFailures(const std::string& device_id) {
  std::lock_guard lock(health_mutex);
  auto it = HealthTable().find(device_id);
  return it == HealthTable().end() ? 0 : it->second.failures;
}

bool DeviceInCoolDown(const std::string& device_id) {
  std::lock_guard lock(health_mutex);
  auto it = HealthTable().find(device_id);
  return it != HealthTable().end() && Clock::now() < it->second.cool_down_until;
}

}  // namespace orbit
