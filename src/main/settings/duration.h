// Durations as PostgreSQL's time settings spell them (statement_timeout = '5s').
#pragma once

#include <chrono>
#include <string>

#include "common/status.h"

namespace orbit {

/// "250ms", "5s", "5 s", "2min", "1h", "1d"; a bare number is milliseconds; 0 means none.
/// A negative, fractional-millisecond or unknown-unit value is an InvalidArgument error
/// naming `setting`.
Result<std::chrono::milliseconds> ParseDuration(const std::string& text, const char* setting);
/// What SHOW prints: "0" for none, else the value in its largest exact unit ("5s", "250ms").
std::string FormatDuration(std::chrono::milliseconds duration);

}  // namespace orbit
