// Values for a statement's parameters ($1, $2, ... or ?), given with the query instead of
// written into its text: no quoting, no injection, one parse for many values (PREPARE).
#pragma once

#include <cstdint>
#include <string>

namespace orbit {

/// @brief One parameter value. A Text value has no type of its own, as a quoted literal
/// in SQL: `day >= $1` with Text("2024-01-01") compares dates, as PostgreSQL's text
/// parameters do. The other kinds are typed values.
struct Parameter {
  enum class Kind {
    kNull,       ///< NULL of no type
    kBoolean,    ///< BOOLEAN
    kInt64,      ///< an integer: INTEGER where it fits, else BIGINT (as an integer literal)
    kDouble,     ///< DOUBLE
    kText,       ///< text of no type yet (a quoted literal)
    kDate,       ///< DATE, `integer` days since 1970-01-01
    kDecimal,    ///< DECIMAL with exactly the digits of `text`, such as "-12.50" (DECIMAL(4,2))
    kTimestamp,  ///< TIMESTAMP, `integer` microseconds since 1970-01-01 00:00:00
  };

  Kind kind = Kind::kNull;
  bool boolean = false;
  int64_t integer = 0;
  double real = 0;
  std::string text;

  /// @return a NULL parameter
  static Parameter Null() { return {}; }
  /// @return a BOOLEAN parameter
  static Parameter Boolean(bool value) { return {Kind::kBoolean, value, 0, 0, {}}; }
  /// @return an integer parameter
  static Parameter Int64(int64_t value) { return {Kind::kInt64, false, value, 0, {}}; }
  /// @return a DOUBLE parameter
  static Parameter Double(double value) { return {Kind::kDouble, false, 0, value, {}}; }
  /// @return an untyped text parameter, typed where it is used
  static Parameter Text(std::string value) { return {Kind::kText, false, 0, 0, std::move(value)}; }
  /// @return a DATE parameter, `days` since 1970-01-01
  static Parameter Date(int32_t days) { return {Kind::kDate, false, days, 0, {}}; }
  /// @return a TIMESTAMP parameter, `micros` since 1970-01-01 00:00:00 (no time zone)
  static Parameter Timestamp(int64_t micros) { return {Kind::kTimestamp, false, micros, 0, {}}; }
  /// @return a DECIMAL parameter with the precision and scale its digits show
  static Parameter Decimal(std::string digits) { return {Kind::kDecimal, false, 0, 0, std::move(digits)}; }
};

}  // namespace orbit
