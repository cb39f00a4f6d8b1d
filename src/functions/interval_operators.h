// The INTERVAL operators as the registry holds them (interval_functions.cpp): the binder
// resolves +, -, *, / and unary - on intervals and timestamp - timestamp to the entry named
// kIntervalOperatorName with one of these variants, and comparisons to kIntervalSpanName
// (the span that orders intervals: '1 mon' = '30 days').
#pragma once

namespace orbit {

inline constexpr const char* kIntervalOperatorName = "interval operator";
inline constexpr const char* kIntervalSpanName = "interval span";

enum class IntervalOperator : int {
  kTimestampMinusTimestamp,  // TIMESTAMP - TIMESTAMP = INTERVAL (days and time, no months)
  kTimestampPlusInterval,    // TIMESTAMP + INTERVAL = TIMESTAMP
  kTimestampMinusInterval,   // TIMESTAMP - INTERVAL = TIMESTAMP
  kIntervalPlusInterval,
  kIntervalMinusInterval,
  kIntervalTimesNumber,   // INTERVAL * DOUBLE
  kIntervalDivideNumber,  // INTERVAL / DOUBLE
  kNegateInterval,        // -INTERVAL
};

}  // namespace orbit
