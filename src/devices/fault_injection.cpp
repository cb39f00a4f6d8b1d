#include "devices/fault_injection.h"

#include <cstdlib>
#include <iostream>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

namespace orbit {

namespace {

constexpr std::pair<const char*, FaultPoint> kPoints[] = {
    {"build", FaultPoint::kBuild},     {"alloc", FaultPoint::kAlloc},       {"upload", FaultPoint::kUpload},
    {"enqueue", FaultPoint::kEnqueue}, {"download", FaultPoint::kDownload}, {"sticky", FaultPoint::kSticky},
};

const char* PointName(FaultPoint point) {
  for (const auto& [name, p] : kPoints) {
    if (p == point) return name;
  }
  return "none";
}

std::mutex delay_mutex;

// Device id -> delay, first from ORBIT_DEVICE_DELAY (an item that does not parse is
// reported on stderr and ignored), then as SetDeviceDelay changes it.
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

std::string FaultPlan::ToString() const {
  if (!active()) return "none";
  std::string text = backend + ":" + PointName(point);
  if (succeed_first > 0) text += ":" + std::to_string(succeed_first);
  return text;
}

Result<FaultPlan> ParseFaultPlan(const std::string& text) {
  FaultPlan plan;
  if (text.empty() || text == "none") return plan;
  const auto usage = [&] {
    return Status::InvalidArgument(
        "bad fault injection plan '{}'; expected '<backend>:<point>[:<successes first>]' with backend 'opencl' "
        "or 'cuda' and point one of build, alloc, upload, enqueue, download (and sticky for cuda), or 'none'",
        text);
  };
  const size_t colon = text.find(':');
  if (colon == std::string::npos || (text.substr(0, colon) != "opencl" && text.substr(0, colon) != "cuda")) {
    return usage();
  }
  plan.backend = text.substr(0, colon);
  std::string rest = text.substr(colon + 1);
  const size_t count_colon = rest.find(':');
  if (count_colon != std::string::npos) {
    const std::string count = rest.substr(count_colon + 1);
    char* end = nullptr;
    const long long n = std::strtoll(count.c_str(), &end, 10);
    if (count.empty() || *end != '\0' || n < 0) return usage();
    plan.succeed_first = n;
    rest = rest.substr(0, count_colon);
  }
  for (const auto& [name, point] : kPoints) {
    if (rest == name) plan.point = point;
  }
  if (!plan.active() || (plan.point == FaultPoint::kSticky && plan.backend != "cuda")) return usage();
  return plan;
}

const FaultPlan& EnvironmentFaultPlan() {
  static const FaultPlan plan = [] {
    const char* text = std::getenv("ORBIT_FAULT_INJECT");
    if (text == nullptr) return FaultPlan{};
    auto parsed = ParseFaultPlan(text);
    if (!parsed.ok()) {
      std::cerr << "ORBIT_FAULT_INJECT ignored: " << parsed.status().ToString() << '\n';
      return FaultPlan{};
    }
    return *parsed;
  }();
  return plan;
}

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

void ApplyDelayFault(const std::string& device_id) {
  const std::chrono::microseconds delay = DeviceDelay(device_id);
  if (delay.count() > 0) std::this_thread::sleep_for(delay);
}

bool FaultTrigger::ShouldFail(const char* backend, FaultPoint point) {
  if (plan_.point != point || plan_.backend != backend) return false;
  return hits_.fetch_add(1) >= plan_.succeed_first;
}

}  // namespace orbit
