// Text <-> value conversions shared by loaders, the binder (literals) and result printing:
// DECIMAL as scaled integers, DATE as days since 1970-01-01, DOUBLE printed round-trip exact.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "columnar/data_type.h"

namespace orbit {

/// 10^n as a 128-bit integer, n in [0, 38].
int128_t Pow10(int n);
/// Largest magnitude representable with `precision` decimal digits: 10^precision - 1.
int128_t MaxForPrecision(int precision);

/// Parses "-12.345" into a value scaled by 10^scale; rounds half away from zero past
/// `scale` digits. Fails (nullopt) on malformed text or when it needs more than
/// `precision` digits.
std::optional<int128_t> ParseDecimal(std::string_view text, int precision, int scale);
std::string FormatDecimal(int128_t value, int scale);
std::string FormatInt128(int128_t value);
/// The double nearest to value / 10^scale (one rounding, as PostgreSQL's numeric to float8).
double DecimalToDouble(int128_t value, int scale);

/// Parses "YYYY-MM-DD" into days since 1970-01-01.
std::optional<int32_t> ParseDate(std::string_view text);
std::string FormatDate(int32_t days);
/// Proleptic Gregorian calendar conversions.
int32_t DaysFromCivil(int64_t year, unsigned month, unsigned day);
void CivilFromDays(int32_t days, int64_t* year, unsigned* month, unsigned* day);
/// Days in `month` (1..12) of proleptic Gregorian `year`.
unsigned DaysInMonth(int64_t year, unsigned month);
/// Adds months to a date, clamping the day to the end of the month (PostgreSQL rule);
/// nullopt when the result is outside DATE's range.
std::optional<int32_t> AddMonths(int32_t days, int64_t months);

std::optional<int64_t> ParseInt64(std::string_view text);
std::optional<double> ParseDouble(std::string_view text);
/// As ParseDouble, rounded once to the nearest float (as PostgreSQL's float4in); nullopt
/// also for a finite value beyond float's range.
std::optional<float> ParseFloat(std::string_view text);
/// Shortest text that reads back to the same double ("0.1", "1e+20", "nan", "inf").
std::string FormatDouble(double value);
std::optional<bool> ParseBool(std::string_view text);

}  // namespace orbit
