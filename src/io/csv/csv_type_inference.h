// Picks a column type from sample values: the narrowest of BOOLEAN (true/false), BIGINT,
// DOUBLE, DATE (YYYY-MM-DD) and TIMESTAMP (YYYY-MM-DD HH:MM:SS...) that reads every non-NULL
// value, else VARCHAR. A column with
// no values at all is VARCHAR. BIGINT rather than INTEGER, as DuckDB infers.
#pragma once

#include <cstdint>
#include <string_view>

#include "columnar/data_type.h"

namespace orbit {

class CsvTypeCandidates {
 public:
  /// Rules out the types that cannot read `text` (a non-NULL value).
  void Observe(std::string_view text);
  DataType Best() const;

 private:
  enum Candidate : uint8_t { kBoolean = 1, kBigint = 2, kDouble = 4, kDate = 8, kTimestamp = 16 };
  uint8_t candidates_ = kBoolean | kBigint | kDouble | kDate | kTimestamp;
  bool seen_value_ = false;
};

}  // namespace orbit
