#include "server/pg_types.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <string_view>
#include <utility>

#include "server/pg_numeric.h"
#include "server/pg_wire.h"

namespace orbit::server {

namespace {

// PostgreSQL counts dates and timestamps from 2000-01-01, Orbit from 1970-01-01.
constexpr int32_t kPgEpochDays = 10957;
constexpr int64_t kMicrosPerDay = int64_t{86400} * 1000 * 1000;

int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

// `count` digits at `text[at]` as a number; false when any is not a digit.
bool Digits(std::string_view text, size_t at, size_t count, int* out) {
  if (at + count > text.size()) return false;
  int value = 0;
  for (size_t i = at; i < at + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    value = value * 10 + (text[i] - '0');
  }
  *out = value;
  return true;
}

template <typename T>
std::optional<T> ParseNumber(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  T value{};
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

std::optional<double> ParseDouble(std::string_view text) {
  std::string lower;
  for (char c : text) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "infinity" || lower == "inf" || lower == "+infinity") return HUGE_VAL;
  if (lower == "-infinity" || lower == "-inf") return -HUGE_VAL;
  if (lower == "nan") return std::nan("");
  return ParseNumber<double>(text);
}

// An interval as Orbit prints it, PostgreSQL's default style ("1 year -2 mons +3 days
// -04:05:06.5"): nullopt for any other text.
struct PrintedInterval {
  int64_t micros = 0;
  int32_t days = 0;
  int32_t months = 0;
};

std::optional<PrintedInterval> ParsePrintedInterval(std::string_view text) {
  PrintedInterval v;
  int64_t months = 0, days = 0;
  while (!text.empty()) {
    const size_t space = text.find(' ');
    const std::string_view number = text.substr(0, space);
    if (number.find(':') != std::string_view::npos) {
      // [+-]H:MM:SS[.ffffff], the last part.
      const bool negative = number.front() == '-';
      const std::string_view digits = number.substr(number.front() == '-' || number.front() == '+' ? 1 : 0);
      const size_t first = digits.find(':');
      const auto hours = ParseNumber<int64_t>(digits.substr(0, first));
      int minutes = 0, seconds = 0;
      if (!hours || digits.size() < first + 6 || !Digits(digits, first + 1, 2, &minutes) ||
          !Digits(digits, first + 4, 2, &seconds)) {
        return std::nullopt;
      }
      std::string fraction(digits.substr(std::min(digits.size(), first + 7)));
      fraction.resize(6, '0');
      const auto micros = ParseNumber<int64_t>(fraction);
      if (!micros) return std::nullopt;
      const __int128 magnitude = (static_cast<__int128>(*hours) * 3600 + minutes * 60 + seconds) * 1000000 + *micros;
      v.micros = static_cast<int64_t>(negative ? -magnitude : magnitude);
      break;
    }
    if (space == std::string_view::npos) return std::nullopt;
    const auto count = ParseNumber<int64_t>(number);
    text.remove_prefix(space + 1);
    const std::string_view unit = text.substr(0, text.find(' '));
    text.remove_prefix(std::min(text.size(), unit.size() + 1));
    if (!count) return std::nullopt;
    if (unit.starts_with("year")) {
      months += *count * 12;
    } else if (unit.starts_with("mon")) {
      months += *count;
    } else if (unit.starts_with("day")) {
      days += *count;
    } else {
      return std::nullopt;
    }
  }
  v.months = static_cast<int32_t>(months);
  v.days = static_cast<int32_t>(days);
  return v;
}

std::optional<bool> ParseBoolean(std::string_view text) {
  std::string lower;
  for (char c : text) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "t" || lower == "true" || lower == "on" || lower == "yes" || lower == "y" || lower == "1") return true;
  if (lower == "f" || lower == "false" || lower == "off" || lower == "no" || lower == "n" || lower == "0") {
    return false;
  }
  return std::nullopt;
}

bool PlainDecimal(std::string_view text) {
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) text.remove_prefix(1);
  const size_t point = text.find('.');
  const std::string_view integer = text.substr(0, point);
  const std::string_view fraction = point == std::string_view::npos ? std::string_view() : text.substr(point + 1);
  auto digits = [](std::string_view part) { return part.find_first_not_of("0123456789") == std::string_view::npos; };
  return !(integer.empty() && fraction.empty()) && digits(integer) && digits(fraction);
}

Error BadValue(std::string_view type, std::string_view text) {
  return Error(ErrorCode::kInvalidData,
               "invalid input syntax for type " + std::string(type) + ": \"" + std::string(text.substr(0, 200)) + "\"");
}

Expected<Parameter> DecodeText(int32_t type_oid, std::string_view text) {
  switch (type_oid) {
    case oid::kBool:
      if (auto value = ParseBoolean(text)) return Parameter::Boolean(*value);
      return BadValue("boolean", text);
    case oid::kInt2:
    case oid::kInt4:
    case oid::kInt8:
    case oid::kOid:
      if (auto value = ParseNumber<int64_t>(text)) return Parameter::Int64(*value);
      return BadValue("integer", text);
    case oid::kFloat4:
    case oid::kFloat8:
      if (auto value = ParseDouble(text)) return Parameter::Double(*value);
      return BadValue("double precision", text);
    case oid::kNumeric:
      if (PlainDecimal(text)) return Parameter::Decimal(std::string(text));
      break;  // 1e5, NaN: left to Orbit's cast of the text
    case oid::kDate:
      if (auto days = ParseIsoDate(text)) return Parameter::Date(*days);
      break;
    case oid::kTimestamp:
      if (auto micros = ParseIsoTimestamp(text)) return Parameter::Timestamp(*micros);
      break;
    default: break;
  }
  return Parameter::Text(std::string(text));
}

Expected<Parameter> DecodeBinary(int32_t type_oid, std::string_view bytes) {
  auto wrong_size = [&] {
    return Error(ErrorCode::kInvalidData, "binary parameter of type OID " + std::to_string(type_oid) + " has " +
                                              std::to_string(bytes.size()) + " bytes");
  };
  switch (type_oid) {
    case oid::kBool:
      if (bytes.size() != 1) return wrong_size();
      return Parameter::Boolean(bytes[0] != 0);
    case oid::kInt2:
      if (bytes.size() != 2) return wrong_size();
      return Parameter::Int64(MessageReader(bytes).Int16());
    case oid::kInt4:
      if (bytes.size() != 4) return wrong_size();
      return Parameter::Int64(ReadBigEndian32(bytes.data()));
    case oid::kOid:
      if (bytes.size() != 4) return wrong_size();
      return Parameter::Int64(static_cast<uint32_t>(ReadBigEndian32(bytes.data())));
    case oid::kInt8:
      if (bytes.size() != 8) return wrong_size();
      return Parameter::Int64(ReadBigEndian64(bytes.data()));
    case oid::kFloat4: {
      if (bytes.size() != 4) return wrong_size();
      const auto bits = static_cast<uint32_t>(ReadBigEndian32(bytes.data()));
      float value = 0;
      std::memcpy(&value, &bits, sizeof(value));
      return Parameter::Double(value);
    }
    case oid::kFloat8: {
      if (bytes.size() != 8) return wrong_size();
      const auto bits = static_cast<uint64_t>(ReadBigEndian64(bytes.data()));
      double value = 0;
      std::memcpy(&value, &bits, sizeof(value));
      return Parameter::Double(value);
    }
    case oid::kUnspecified:
    case oid::kText:
    case oid::kVarchar:
    case oid::kBpchar:
    case oid::kUnknown: return Parameter::Text(std::string(bytes));
    case oid::kDate:
      if (bytes.size() != 4) return wrong_size();
      return Parameter::Date(ReadBigEndian32(bytes.data()) + kPgEpochDays);
    case oid::kTimestamp: {
      if (bytes.size() != 8) return wrong_size();
      const int64_t micros = ReadBigEndian64(bytes.data());
      if (micros == INT64_MAX || micros == INT64_MIN) {
        return Error(ErrorCode::kOutOfRange, "timestamp infinity is out of range for Orbit's TIMESTAMP");
      }
      return Parameter::Timestamp(micros + kPgEpochDays * kMicrosPerDay);
    }
    case oid::kNumeric:
      if (auto digits = NumericFromBinary(bytes)) return Parameter::Decimal(*digits);
      return Error(ErrorCode::kInvalidData, "invalid binary NUMERIC parameter (or NaN/Infinity, which DECIMAL lacks)");
    default: break;
  }
  return Error(ErrorCode::kNotSupported,
               "binary format for parameters of type OID " + std::to_string(type_oid) + " is not supported");
}

}  // namespace

namespace {

// PostgreSQL's array type OIDs, by the element's SQL spelling ("INTEGER[]": int4[], 1007).
int32_t ListTypeOid(std::string_view type_name) {
  static constexpr std::pair<std::string_view, int32_t> kOids[] = {
      {"BOOLEAN[]", 1000}, {"SMALLINT[]", 1005}, {"INTEGER[]", 1007}, {"BIGINT[]", 1016},   {"REAL[]", 1021},
      {"DOUBLE[]", 1022},  {"VARCHAR[]", 1015},  {"DATE[]", 1182},    {"TIMESTAMP[]", 1115}};
  for (const auto& [name, id] : kOids) {
    if (type_name == name) return id;
  }
  return type_name.starts_with("DECIMAL") ? 1231 : oid::kText;  // numeric[]
}

}  // namespace

PgColumn DescribeColumn(const ColumnInfo& info) {
  PgColumn column{info.name, info.kind, oid::kText, -1, -1};
  switch (info.kind) {
    case TypeKind::kNull: column.type_oid = oid::kText; break;
    case TypeKind::kBoolean: column = {info.name, info.kind, oid::kBool, 1, -1}; break;
    // TINYINT (DuckDB's) travels as PostgreSQL's nearest type, int2.
    case TypeKind::kInt8:
    case TypeKind::kInt16: column = {info.name, info.kind, oid::kInt2, 2, -1}; break;
    case TypeKind::kInt32: column = {info.name, info.kind, oid::kInt4, 4, -1}; break;
    case TypeKind::kInt64: column = {info.name, info.kind, oid::kInt8, 8, -1}; break;
    case TypeKind::kDouble: column = {info.name, info.kind, oid::kFloat8, 8, -1}; break;
    case TypeKind::kReal: column = {info.name, info.kind, oid::kFloat4, 4, -1}; break;
    case TypeKind::kDecimal:
      // PostgreSQL's numeric typmod: ((precision << 16) | scale) + VARHDRSZ.
      column = {info.name, info.kind, oid::kNumeric, -1, ((info.precision << 16) | info.scale) + 4};
      break;
    case TypeKind::kDate: column = {info.name, info.kind, oid::kDate, 4, -1}; break;
    case TypeKind::kVarchar: column.type_oid = oid::kVarchar; break;
    case TypeKind::kTimestamp: column = {info.name, info.kind, oid::kTimestamp, 8, -1}; break;
    // Arrays travel as their text, {1,2,3}, typed text (a client's array parsers would
    // expect PostgreSQL's variable-length array's binary form).
    case TypeKind::kArray: column.type_oid = oid::kText; break;
    // Orbit prints an interval as PostgreSQL's default style does.
    case TypeKind::kInterval: column = {info.name, info.kind, oid::kInterval, 16, -1}; break;
    // T[] travels as PostgreSQL's array of its element type, in text form only.
    case TypeKind::kList: column.type_oid = ListTypeOid(info.type_name); break;
  }
  return column;
}

std::string PgText(TypeKind kind, std::string orbit_text) {
  if (kind == TypeKind::kBoolean) return orbit_text == "true" ? "t" : "f";
  if (kind == TypeKind::kDouble) {
    if (orbit_text == "inf") return "Infinity";
    if (orbit_text == "-inf") return "-Infinity";
    if (orbit_text == "nan" || orbit_text == "-nan") return "NaN";
  }
  return orbit_text;
}

bool HasBinaryFormat(TypeKind kind) { return kind != TypeKind::kNull && kind != TypeKind::kList; }

Expected<std::string> PgBinary(TypeKind kind, int scale, std::string_view orbit_text) {
  std::string out;
  switch (kind) {
    case TypeKind::kNull: break;
    case TypeKind::kBoolean: return std::string(1, orbit_text == "true" ? '\1' : '\0');
    case TypeKind::kInt8:
    case TypeKind::kInt16:
      if (auto value = ParseNumber<int16_t>(orbit_text)) {
        AppendInt16(&out, *value);
        return out;
      }
      break;
    case TypeKind::kReal:
      // Orbit prints a REAL as the shortest text that reads back as the same float.
      if (auto value = ParseDouble(orbit_text)) {
        const auto f = static_cast<float>(*value);
        uint32_t bits = 0;
        std::memcpy(&bits, &f, sizeof(bits));
        AppendInt32(&out, static_cast<int32_t>(bits));
        return out;
      }
      break;
    case TypeKind::kInt32:
      if (auto value = ParseNumber<int32_t>(orbit_text)) {
        AppendInt32(&out, *value);
        return out;
      }
      break;
    case TypeKind::kInt64:
      if (auto value = ParseNumber<int64_t>(orbit_text)) {
        AppendInt64(&out, *value);
        return out;
      }
      break;
    case TypeKind::kDouble:
      if (auto value = ParseDouble(orbit_text)) {
        uint64_t bits = 0;
        std::memcpy(&bits, &*value, sizeof(bits));
        AppendInt64(&out, static_cast<int64_t>(bits));
        return out;
      }
      break;
    case TypeKind::kDecimal:
      if (auto binary = NumericToBinary(orbit_text)) return *binary;
      break;
    case TypeKind::kDate:
      if (auto days = ParseIsoDate(orbit_text)) {
        AppendInt32(&out, *days - kPgEpochDays);
        return out;
      }
      break;
    case TypeKind::kVarchar:
    case TypeKind::kArray: return std::string(orbit_text);
    case TypeKind::kInterval:
      // PostgreSQL's interval_send: the time in microseconds, the days, the months.
      if (auto v = ParsePrintedInterval(orbit_text)) {
        AppendInt64(&out, v->micros);
        AppendInt32(&out, v->days);
        AppendInt32(&out, v->months);
        return out;
      }
      break;
    case TypeKind::kList: break;  // text only (HasBinaryFormat)
    case TypeKind::kTimestamp:
      if (auto micros = ParseIsoTimestamp(orbit_text)) {
        AppendInt64(&out, *micros - kPgEpochDays * kMicrosPerDay);
        return out;
      }
      break;
  }
  (void)scale;
  return Error(ErrorCode::kNotSupported,
               "the binary format cannot hold the value \"" + std::string(orbit_text.substr(0, 100)) + "\"");
}

Expected<Parameter> DecodeParameter(int32_t type_oid, int16_t format, std::string_view bytes) {
  if (format == 1) return DecodeBinary(type_oid, bytes);
  if (format != 0) return Error(ErrorCode::kInvalidArgument, "unknown parameter format code " + std::to_string(format));
  return DecodeText(type_oid, bytes);
}

std::optional<int32_t> ParseIsoDate(std::string_view text) {
  // Orbit writes a date before year 1 as PostgreSQL does: "0044-03-15 BC" is year -43.
  const bool before_christ = text.ends_with(" BC");
  if (before_christ) text.remove_suffix(3);
  int year = 0, month = 0, day = 0;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !Digits(text, 0, 4, &year) ||
      !Digits(text, 5, 2, &month) || !Digits(text, 8, 2, &day)) {
    return std::nullopt;
  }
  if (year < 1) return std::nullopt;
  if (before_christ) year = 1 - year;
  static constexpr int kDaysInMonth[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (month < 1 || month > 12 || day < 1 || day > kDaysInMonth[month - 1] || (month == 2 && day == 29 && !leap)) {
    return std::nullopt;
  }
  return static_cast<int32_t>(DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)));
}

std::optional<int64_t> ParseIsoTimestamp(std::string_view text) {
  const bool before_christ = text.ends_with(" BC");
  if (before_christ) text.remove_suffix(3);
  std::optional<int32_t> days =
      ParseIsoDate(before_christ ? std::string(text.substr(0, 10)) + " BC" : text.substr(0, 10));
  if (!days) return std::nullopt;
  int64_t micros = *days * kMicrosPerDay;
  if (text.size() == 10) return micros;
  int hour = 0, minute = 0, second = 0;
  if (text.size() < 19 || (text[10] != ' ' && text[10] != 'T') || text[13] != ':' || text[16] != ':' ||
      !Digits(text, 11, 2, &hour) || !Digits(text, 14, 2, &minute) || !Digits(text, 17, 2, &second) || hour > 23 ||
      minute > 59 || second > 59) {
    return std::nullopt;
  }
  micros += ((hour * int64_t{60} + minute) * 60 + second) * 1000000;
  if (text.size() == 19) return micros;
  const std::string_view fraction = text.substr(20);
  if (text[19] != '.' || fraction.empty() || fraction.size() > 6) return std::nullopt;
  int value = 0;
  if (!Digits(fraction, 0, fraction.size(), &value)) return std::nullopt;
  for (size_t i = fraction.size(); i < 6; ++i) value *= 10;
  return micros + value;
}

}  // namespace orbit::server
