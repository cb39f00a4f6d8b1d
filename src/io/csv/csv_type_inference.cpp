#include "io/csv/csv_type_inference.h"

#include "io/csv/csv_value_parsing.h"

namespace orbit {
namespace {

bool IsTrueOrFalse(std::string_view text) {
  bool value;
  // ParseCsvBool also takes 1/0/yes/no; only the words make a column BOOLEAN, so 0/1 stay numbers.
  return (text.size() == 4 || text.size() == 5) && ParseCsvBool(text, &value);
}

}  // namespace

void CsvTypeCandidates::Observe(std::string_view text) {
  seen_value_ = true;
  if ((candidates_ & kBoolean) && !IsTrueOrFalse(text)) candidates_ &= ~kBoolean;
  int64_t integer;
  if ((candidates_ & kBigint) && !ParseCsvInt64(text, &integer)) candidates_ &= ~kBigint;
  double real;
  if ((candidates_ & kDouble) && !ParseCsvDouble(text, &real)) candidates_ &= ~kDouble;
  int32_t days;
  if ((candidates_ & kDate) && !ParseCsvDate(text, &days)) candidates_ &= ~kDate;
  int64_t micros;
  if ((candidates_ & kTimestamp) && !ParseCsvTimestamp(text, &micros)) candidates_ &= ~kTimestamp;
}

DataType CsvTypeCandidates::Best() const {
  if (!seen_value_) return DataType::Varchar();
  if (candidates_ & kBoolean) return DataType::Boolean();
  if (candidates_ & kBigint) return DataType::Int64();
  if (candidates_ & kDouble) return DataType::Double();
  if (candidates_ & kDate) return DataType::Date();
  if (candidates_ & kTimestamp) return DataType::Timestamp();
  return DataType::Varchar();
}

}  // namespace orbit
