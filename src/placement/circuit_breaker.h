// Health of each accelerator as a circuit breaker (DESIGN rule 4):
//   closed     the device takes pipelines;
//   open       it failed: automatic placement avoids it for a cool-down;
//   half-open  the cool-down is over: one probe pipeline may run on it; success closes the
//              breaker, failure opens it again for another cool-down.
// Every transition is logged on stderr and kept in a short event log, and counted, for
// EXPLAIN, `orbit devices` and the shell's .devices. A forced device (SET device =
// 'opencl') is used whatever the state (a user can always force a device; fallback keeps
// the answer exact) and its outcome updates the breaker like any other run.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace orbit {

enum class BreakerState : uint8_t { kClosed, kOpen, kHalfOpen };
const char* BreakerStateName(BreakerState state);

struct BreakerSnapshot {
  BreakerState state = BreakerState::kClosed;
  int64_t failures = 0;  // device failures since the process started
  int64_t times_opened = 0;
  int64_t probes = 0;        // half-open probes started
  int64_t times_closed = 0;  // recoveries after a probe
  double seconds_until_half_open = 0;
  bool probe_in_flight = false;
};

class CircuitBreakers {
 public:
  using Clock = std::chrono::steady_clock;
  using Now = std::function<Clock::time_point()>;
  static constexpr std::chrono::milliseconds kDefaultCoolDown{30000};

  /// `now` is injectable so tests step time instead of sleeping.
  explicit CircuitBreakers(Now now = &Clock::now, std::chrono::milliseconds cool_down = kDefaultCoolDown);
  /// The breakers automatic placement consults (cool-down from $ORBIT_DEVICE_COOL_DOWN_MS).
  static CircuitBreakers& Global();

  /// Whether automatic placement may choose the device now: closed, or half-open with no
  /// probe running (an open breaker whose cool-down has passed turns half-open here).
  bool Available(const std::string& device);
  /// Called when a pipeline starts on the device; true when it is the half-open probe.
  bool StartRun(const std::string& device);
  /// A run on the device succeeded. `exercised` = it ran kernels there: a probe that ran
  /// none proves nothing, so it leaves the breaker half-open for the next one.
  void RecordSuccess(const std::string& device, bool exercised = true);
  void RecordFailure(const std::string& device, const std::string& why);

  BreakerSnapshot Snapshot(const std::string& device);
  /// Devices with a breaker that ever changed state.
  std::vector<std::string> Devices() const;
  /// The latest events, oldest first ("opencl:0: open after a failure (...)").
  std::vector<std::string> Events() const;
  /// Applies to breakers already open too (their cool-down counts from when they opened).
  void set_cool_down(std::chrono::milliseconds cool_down);
  /// Forgets every device's state (tests).
  void Reset();

 private:
  struct Breaker {
    BreakerState state = BreakerState::kClosed;
    Clock::time_point opened_at;
    bool probe_in_flight = false;
    BreakerSnapshot counts;
  };
  void Log(const std::string& device, const std::string& event);
  void RefreshLocked(const std::string& device, Breaker& breaker);

  Now now_;
  std::chrono::milliseconds cool_down_;
  mutable std::mutex mutex_;
  std::map<std::string, Breaker> breakers_;
  std::deque<std::string> events_;
};

}  // namespace orbit
