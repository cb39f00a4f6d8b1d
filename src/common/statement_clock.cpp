#include "common/statement_clock.h"

#include <chrono>

namespace orbit {

namespace {

constexpr int64_t kNoClock = INT64_MIN;
thread_local int64_t statement_start = kNoClock;

int64_t NowMicros() {
  using std::chrono::microseconds;
  return std::chrono::time_point_cast<microseconds>(std::chrono::system_clock::now()).time_since_epoch().count();
}

}  // namespace

int64_t StatementStartMicros() { return statement_start != kNoClock ? statement_start : NowMicros(); }

StatementClock::StatementClock() : previous_(statement_start) { statement_start = NowMicros(); }

StatementClock::~StatementClock() { statement_start = previous_; }

}  // namespace orbit
