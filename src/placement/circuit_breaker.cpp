#include "placement/circuit_breaker.h"

#include <cstdlib>
#include <iostream>

#include <fmt/format.h>

namespace orbit {

namespace {
constexpr size_t kKeptEvents = 64;
}  // namespace

const char* BreakerStateName(BreakerState state) {
  switch (state) {
    case BreakerState::kClosed: return "closed";
    case BreakerState::kOpen: return "open";
    case BreakerState::kHalfOpen: return "half-open";
  }
  return "?";
}

CircuitBreakers::CircuitBreakers(Now now, std::chrono::milliseconds cool_down)
    : now_(std::move(now)), cool_down_(cool_down) {}

CircuitBreakers& CircuitBreakers::Global() {
  static CircuitBreakers breakers = [] {
    auto cool_down = kDefaultCoolDown;
    if (const char* text = std::getenv("ORBIT_DEVICE_COOL_DOWN_MS")) {
      char* end = nullptr;
      const long long ms = std::strtoll(text, &end, 10);
      if (*text != '\0' && *end == '\0' && ms >= 0) {
        cool_down = std::chrono::milliseconds(ms);
      } else {
        std::cerr << "orbit: ORBIT_DEVICE_COOL_DOWN_MS ignored: '" << text << "' is not a number of milliseconds\n";
      }
    }
    return CircuitBreakers(&Clock::now, cool_down);
  }();
  return breakers;
}

void CircuitBreakers::Log(const std::string& device, const std::string& event) {
  std::string line = device + ": " + event;
  std::cerr << "orbit: device " << line << '\n';
  events_.push_back(std::move(line));
  if (events_.size() > kKeptEvents) events_.pop_front();
}

void CircuitBreakers::RefreshLocked(const std::string& device, Breaker& breaker) {
  if (breaker.state == BreakerState::kOpen && now_() >= breaker.opened_at + cool_down_) {
    breaker.state = BreakerState::kHalfOpen;
    Log(device, "circuit half-open: the cool-down is over, the next pipeline placed on it is a probe");
  }
}

bool CircuitBreakers::Available(const std::string& device) {
  std::lock_guard lock(mutex_);
  auto it = breakers_.find(device);
  if (it == breakers_.end()) return true;
  RefreshLocked(device, it->second);
  const Breaker& b = it->second;
  return b.state == BreakerState::kClosed || (b.state == BreakerState::kHalfOpen && !b.probe_in_flight);
}

bool CircuitBreakers::StartRun(const std::string& device) {
  std::lock_guard lock(mutex_);
  auto it = breakers_.find(device);
  if (it == breakers_.end()) return false;
  Breaker& b = it->second;
  RefreshLocked(device, b);
  if (b.state != BreakerState::kHalfOpen || b.probe_in_flight) return false;
  b.probe_in_flight = true;
  b.counts.probes += 1;
  Log(device, "probe pipeline started");
  return true;
}

void CircuitBreakers::RecordSuccess(const std::string& device, bool exercised) {
  std::lock_guard lock(mutex_);
  auto it = breakers_.find(device);
  if (it == breakers_.end()) return;
  Breaker& b = it->second;
  if (b.state == BreakerState::kHalfOpen && b.probe_in_flight && exercised) {
    b.state = BreakerState::kClosed;
    b.counts.times_closed += 1;
    Log(device, "circuit closed: the probe pipeline succeeded");
  }
  b.probe_in_flight = false;
}

void CircuitBreakers::RecordFailure(const std::string& device, const std::string& why) {
  std::lock_guard lock(mutex_);
  Breaker& b = breakers_[device];
  b.counts.failures += 1;
  const bool was_probe = b.probe_in_flight;
  b.probe_in_flight = false;
  b.opened_at = now_();
  if (b.state != BreakerState::kOpen) b.counts.times_opened += 1;
  b.state = BreakerState::kOpen;
  Log(device, fmt::format("circuit open{} ({}); automatic placement avoids it for {} ms",
                          was_probe ? " again: the probe failed" : " after a failure", why, cool_down_.count()));
}

BreakerSnapshot CircuitBreakers::Snapshot(const std::string& device) {
  std::lock_guard lock(mutex_);
  auto it = breakers_.find(device);
  if (it == breakers_.end()) return {};
  Breaker& b = it->second;
  RefreshLocked(device, b);
  BreakerSnapshot snapshot = b.counts;
  snapshot.state = b.state;
  snapshot.probe_in_flight = b.probe_in_flight;
  if (b.state == BreakerState::kOpen) {
    snapshot.seconds_until_half_open = std::chrono::duration<double>(b.opened_at + cool_down_ - now_()).count();
  }
  return snapshot;
}

std::vector<std::string> CircuitBreakers::Devices() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> out;
  for (const auto& [device, breaker] : breakers_) out.push_back(device);
  return out;
}

std::vector<std::string> CircuitBreakers::Events() const {
  std::lock_guard lock(mutex_);
  return {events_.begin(), events_.end()};
}

void CircuitBreakers::set_cool_down(std::chrono::milliseconds cool_down) {
  std::lock_guard lock(mutex_);
  cool_down_ = cool_down;
}

void CircuitBreakers::Reset() {
  std::lock_guard lock(mutex_);
  breakers_.clear();
  events_.clear();
}

}  // namespace orbit
