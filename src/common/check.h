// Checks of Orbit's own invariants (a failed one is a bug in Orbit, never bad input).
//
//   ORBIT_CHECK(cond, "what", args...)   in a function returning Status or Result<T>:
//                                        returns an internal error naming the check
//   ORBIT_UNREACHABLE("what", args...)   the same, for a path that cannot be taken
//   ORBIT_DCHECK(cond)                   debug and sanitizer builds only: aborts
//
// A failed ORBIT_CHECK returns an internal error in release builds, so a user's process
// keeps running; where check failures abort (tests, fuzzers: SetCheckFailuresAbort or
// ORBIT_CHECK_ABORT=1 in the environment) it aborts with the same message, so no test can
// pass over a broken invariant.
#pragma once

#include <string>

#include <fmt/format.h>

#include "common/status.h"

namespace orbit {

/// Makes failed checks abort (the test binaries call this at start-up).
void SetCheckFailuresAbort(bool abort);

namespace internal {

/// The internal error for a failed check, or an abort where checks abort.
Status CheckFailed(const char* file, int line, const char* condition, const std::string& message);
[[noreturn]] void DcheckFailed(const char* file, int line, const char* condition);

}  // namespace internal
}  // namespace orbit

#define ORBIT_CHECK(condition, ...)                                                                    \
  do {                                                                                                 \
    if (!(condition)) {                                                                                \
      return ::orbit::internal::CheckFailed(__FILE__, __LINE__, #condition, fmt::format(__VA_ARGS__)); \
    }                                                                                                  \
  } while (false)

#define ORBIT_UNREACHABLE(...) \
  return ::orbit::internal::CheckFailed(__FILE__, __LINE__, "unreachable", fmt::format(__VA_ARGS__))

#if !defined(NDEBUG) || defined(ORBIT_ENABLE_DCHECK)
#define ORBIT_DCHECK(condition)                                                        \
  do {                                                                                 \
    if (!(condition)) ::orbit::internal::DcheckFailed(__FILE__, __LINE__, #condition); \
  } while (false)
#else
#define ORBIT_DCHECK(condition) \
  do {                          \
  } while (false)
#endif
