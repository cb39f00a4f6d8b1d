#include "placement/device_delay.h"

#include <cstdlib>
#include <iostream>
#include <map>
#include <mutex>
#include <sstream>

namespace orbit {

namespace {

std::mutex delay_mutex;

std::map<std::string, std::chrono::microseconds>& Delays() {
  static std::map<std::string, std::chrono::microseconds> delays = [] {
    std::map<std::string, std::chrono::microseconds> parsed;
    const char* text = std::getenv("ORBIT_DEVICE_DELAY");
    if (text == nullptr) return parsed;
    std::stringstream items(text);
    std::string item;
    while (std::getline(items, item, ',')) {
      const size_t eq = item.find('=');
      char* end = nullptr;
      const double ms = eq == std::string::npos ? -1 : std::strtod(item.c_str() + eq + 1, &end);
      if (eq == std::string::npos || ms < 0 || *end != '\0') {
        std::cerr << "orbit: ORBIT_DEVICE_DELAY item '" << item << "' ignored: expected <device id>=<milliseconds>\n";
        continue;
      }
      parsed[item.substr(0, eq)] = std::chrono::microseconds(static_cast<int64_t>(ms * 1000));
    }
    return parsed;
  }();
  return delays;
}

}  // namespace

std::chrono::microseconds DeviceDelay(const std::string& device_id) {
  std::lock_guard lock(delay_mutex);
  auto& delays = Delays();
  auto it = delays.find(device_id);
  return it == delays.end() ? std::chrono::microseconds(0) : it->second;
}

void SetDeviceDelay(const std::string& device_id, std::chrono::microseconds delay) {
  std::lock_guard lock(delay_mutex);
  Delays()[device_id] = delay;
}

}  // namespace orbit
