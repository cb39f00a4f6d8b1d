// What the date and timestamp functions share: reading an argument that may be a DATE or a
// TIMESTAMP, as microseconds.
#pragma once

#include "columnar/column.h"
#include "columnar/timestamp.h"
#include "columnar/value_format.h"
#include "functions/scalar_function.h"

namespace orbit {

// Argument i as a DATE or TIMESTAMP (an untyped literal reads as a timestamp).
inline Result<DataType> TemporalArgument(const CallSite& call, size_t i) {
  const CallArgument& argument = call.arguments[i];
  if (argument.string_literal || argument.type.id == TypeId::kNull) return DataType::Timestamp();
  if (!argument.type.is_temporal()) {
    return Status::TypeError("{} takes a DATE or TIMESTAMP, not {}: {}", call.name, argument.type.ToString(),
                             call.text);
  }
  return argument.type;
}

// The micros of row i of a DATE or TIMESTAMP column; an error for a date past TIMESTAMP's range.
inline Result<int64_t> MicrosAt(const ColumnView& c, int64_t i) {
  if (c.type.id != TypeId::kDate) return c.values<int64_t>()[i];
  const int32_t days = c.values<int32_t>()[i];
  const std::optional<int64_t> micros = TimestampFromDays(days);
  if (!micros) return Status::OutOfRange("date {} is out of range for TIMESTAMP", FormatDate(days));
  return *micros;
}

/// to_timestamp(text, template) and to_date: binds the two VARCHARs to a `type` result.
Result<Resolution> BindTemplated(const CallSite& call, const DataType& type);
/// Reads argument 0 by the PostgreSQL template in argument 1, as a TIMESTAMP or (when the
/// call's type is DATE) a DATE (timestamp_text_functions.cpp).
Result<ColumnPtr> ParseTemplated(const ScalarCall& call);

}  // namespace orbit
