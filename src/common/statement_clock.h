// The time the running statement started, so that now(), CURRENT_TIMESTAMP and
// CURRENT_DATE give one value for the whole statement however often they are called. The
// session opens a StatementClock for each statement on the thread that binds it (the clock
// functions are folded to constants there); outside one, the clock is read at each call.
#pragma once

#include <cstdint>

namespace orbit {

/// Microseconds since 1970-01-01 00:00:00 UTC when the innermost StatementClock on this
/// thread started, else now.
int64_t StatementStartMicros();

/// Fixes StatementStartMicros() to the time it is made, on this thread, until it ends.
class StatementClock {
 public:
  StatementClock();
  ~StatementClock();
  StatementClock(const StatementClock&) = delete;
  StatementClock& operator=(const StatementClock&) = delete;

 private:
  int64_t previous_;
};

}  // namespace orbit
