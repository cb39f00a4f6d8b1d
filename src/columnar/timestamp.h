// TIMESTAMP values: microseconds since 1970-01-01 00:00:00, without a time zone (PostgreSQL's
// `timestamp`), in the proleptic Gregorian calendar. Text in and out as PostgreSQL writes it:
// "2024-03-01 13:45:00.25", "0044-03-15 12:00:00 BC".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace orbit {

constexpr int64_t kMicrosPerSecond = 1'000'000;
constexpr int64_t kMicrosPerMinute = 60 * kMicrosPerSecond;
constexpr int64_t kMicrosPerHour = 60 * kMicrosPerMinute;
constexpr int64_t kMicrosPerDay = 24 * kMicrosPerHour;

/// The range a TIMESTAMP holds: from 4714-11-24 BC 00:00 (PostgreSQL's first day) up to,
/// not including, 294247-01-01 (where 64-bit microseconds since 1970 end).
int64_t MinTimestamp();
int64_t MaxTimestamp();
inline bool TimestampInRange(int64_t micros) { return micros >= MinTimestamp() && micros <= MaxTimestamp(); }

/// The broken-down fields of a timestamp.
struct CivilTime {
  int64_t year = 1970;  // astronomical: 0 is 1 BC
  unsigned month = 1, day = 1, hour = 0, minute = 0, second = 0;
  int64_t microsecond = 0;
};

CivilTime CivilFromTimestamp(int64_t micros);
/// nullopt when the fields are not a time of the calendar or lie outside the range.
std::optional<int64_t> TimestampFromCivil(const CivilTime& civil);

/// The timestamp at the start of a DATE's day; nullopt when the date lies outside the range
/// (a DATE reaches millions of years, a TIMESTAMP about 300,000).
std::optional<int64_t> TimestampFromDays(int64_t days);
/// Days since 1970-01-01 of the timestamp's date (rounded down, so before 1970 too).
int64_t TimestampDays(int64_t micros);

/// Adds months, clamping the day to the end of the month (PostgreSQL's rule), or
/// microseconds; nullopt when the result leaves the range.
std::optional<int64_t> TimestampAddMonths(int64_t micros, int64_t months);
std::optional<int64_t> TimestampAddMicros(int64_t micros, int64_t delta);

/// Parses "YYYY-MM-DD", optionally followed by " " or "T" and "HH:MM[:SS[.fraction]]"
/// (fractions past microseconds round), then an optional zone ("Z", "UTC", "+05",
/// "-03:30"), which a timestamp without time zone ignores, as PostgreSQL does, and an
/// optional " BC". nullopt on anything else.
std::optional<int64_t> ParseTimestamp(std::string_view text);
/// "YYYY-MM-DD HH:MM:SS[.ffffff]" with the fraction's trailing zeros left out.
std::string FormatTimestamp(int64_t micros);

}  // namespace orbit
