#include "devices/fault_injection.h"

#include <cstdlib>
#include <iostream>

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

bool FaultTrigger::ShouldFail(const char* backend, FaultPoint point) {
  if (plan_.point != point || plan_.backend != backend) return false;
  return hits_.fetch_add(1) >= plan_.succeed_first;
}

}  // namespace orbit
