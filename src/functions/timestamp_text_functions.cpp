// Timestamps as text and back: strftime and strptime (C's specifiers, as DuckDB has them)
// and to_char (PostgreSQL's template patterns: YYYY-MM-DD HH24:MI:SS, Month, Dy, FM, ...).
#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "columnar/timestamp.h"
#include "columnar/value_format.h"
#include "functions/function_registry.h"
#include "functions/temporal_arguments.h"

namespace orbit {

namespace {

// --- strftime ----------------------------------------------------------------------------

constexpr std::array<const char*, 7> kWeekdays = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                  "Thursday", "Friday", "Saturday"};
constexpr std::array<const char*, 12> kMonths = {"January", "February", "March",     "April",   "May",      "June",
                                                 "July",    "August",   "September", "October", "November", "December"};

// Appends `micros` formatted by `format`'s strftime specifiers; false on an unknown one.
bool AppendFormatted(int64_t micros, std::string_view format, std::string& out) {
  const CivilTime c = CivilFromTimestamp(micros);
  const int64_t days = TimestampDays(micros);
  const int dow = static_cast<int>(((days % 7) + 11) % 7);  // 0 = Sunday
  const int64_t year = c.year;
  for (size_t i = 0; i < format.size(); ++i) {
    if (format[i] != '%') {
      out += format[i];
      continue;
    }
    if (++i == format.size()) return false;
    switch (format[i]) {
      case 'Y': out += fmt::format("{:04d}", year); break;
      case 'y': out += fmt::format("{:02d}", ((year % 100) + 100) % 100); break;
      case 'm': out += fmt::format("{:02d}", c.month); break;
      case 'd': out += fmt::format("{:02d}", c.day); break;
      case 'e': out += fmt::format("{:2d}", c.day); break;
      case 'H': out += fmt::format("{:02d}", c.hour); break;
      case 'I': out += fmt::format("{:02d}", c.hour % 12 == 0 ? 12 : c.hour % 12); break;
      case 'p': out += c.hour < 12 ? "AM" : "PM"; break;
      case 'M': out += fmt::format("{:02d}", c.minute); break;
      case 'S': out += fmt::format("{:02d}", c.second); break;
      case 'f': out += fmt::format("{:06d}", c.microsecond); break;
      case 'j': out += fmt::format("{:03d}", days - DaysFromCivil(year, 1, 1) + 1); break;
      case 'a': out += std::string_view(kWeekdays[dow]).substr(0, 3); break;
      case 'A': out += kWeekdays[dow]; break;
      case 'w': out += std::to_string(dow); break;
      case 'u': out += std::to_string(dow == 0 ? 7 : dow); break;
      case 'b':
      case 'h': out += std::string_view(kMonths[c.month - 1]).substr(0, 3); break;
      case 'B': out += kMonths[c.month - 1]; break;
      case 'F': out += fmt::format("{:04d}-{:02d}-{:02d}", year, c.month, c.day); break;
      case 'T': out += fmt::format("{:02d}:{:02d}:{:02d}", c.hour, c.minute, c.second); break;
      case '%': out += '%'; break;
      default: return false;
    }
  }
  return true;
}

// (DATE|TIMESTAMP, VARCHAR) -> VARCHAR: strftime and to_char.
Result<Resolution> BindTimeAndFormat(const CallSite& call) {
  ORBIT_ASSIGN_OR_RETURN(DataType input, TemporalArgument(call, 0));
  if (call.arguments[0].type.id == TypeId::kNull || call.arguments[1].type.id == TypeId::kNull) {
    return Resolution::Null(DataType::Varchar());
  }
  if (call.arguments[1].type.id != TypeId::kVarchar) {
    return Status::TypeError("{} takes a format text, not {}: {}", call.name, call.arguments[1].type.ToString(),
                             call.text);
  }
  return Resolution::Call(DataType::Varchar(), {input, DataType::Varchar()});
}

using Formatter = bool (*)(int64_t micros, std::string_view format, std::string& out);

// Each row's time as text by its format; a formatter that refuses a format (false) is an
// error naming the format.
Result<ColumnPtr> FormatEach(const ScalarCall& call, Formatter formatter) {
  const ColumnView& input = call.arguments[0];
  const ColumnView& format = call.arguments[1];
  ColumnBuilder out(DataType::Varchar(), call.rows);
  std::string text;
  for (int64_t i = 0; i < call.rows; ++i) {
    if (!input.IsValid(i) || !format.IsValid(i)) {
      out.AppendNull();
      continue;
    }
    text.clear();
    ORBIT_ASSIGN_OR_RETURN(const int64_t micros, MicrosAt(input, i));
    if (!formatter(micros, format.GetString(i), text)) {
      return Status::InvalidArgument(
          "strftime format '{}' has a specifier other than %Y %y %m %d %e %H %I %p %M %S %f %j %a %A %w %u %b %h %B "
          "%F %T %%",
          format.GetString(i));
    }
    out.AppendString(text);
  }
  return out.Finish();
}

Result<ColumnPtr> Strftime(const ScalarCall& call) { return FormatEach(call, AppendFormatted); }

// --- strptime ----------------------------------------------------------------------------

// Reads 1 to `max_digits` digits; false when there are none.
bool ReadNumber(std::string_view& text, int max_digits, int64_t* out) {
  int n = 0;
  int64_t value = 0;
  while (n < max_digits && n < static_cast<int>(text.size()) && std::isdigit(static_cast<unsigned char>(text[n]))) {
    value = value * 10 + (text[n] - '0');
    ++n;
  }
  if (n == 0) return false;
  text.remove_prefix(n);
  *out = value;
  return true;
}

// The index of the month or weekday name `text` starts with (full or three letters, any case).
template <size_t N>
std::optional<int> ReadName(std::string_view& text, const std::array<const char*, N>& names) {
  auto starts_with = [&](std::string_view name) {
    if (text.size() < name.size()) return false;
    for (size_t i = 0; i < name.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(text[i])) != std::tolower(static_cast<unsigned char>(name[i]))) {
        return false;
      }
    }
    return true;
  };
  for (size_t i = 0; i < N; ++i) {
    const std::string_view full = names[i];
    if (starts_with(full)) {
      text.remove_prefix(full.size());
      return static_cast<int>(i);
    }
    if (starts_with(full.substr(0, 3))) {
      text.remove_prefix(3);
      return static_cast<int>(i);
    }
  }
  return std::nullopt;
}

// `text` read by `format`; nullopt when it does not match or names no time of the calendar.
std::optional<int64_t> ParseFormatted(std::string_view text, std::string_view format) {
  CivilTime c;
  int64_t day_of_year = 0;
  bool pm = false, twelve_hour = false;
  for (size_t i = 0; i < format.size(); ++i) {
    if (format[i] != '%') {
      if (std::isspace(static_cast<unsigned char>(format[i]))) {
        while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
        continue;
      }
      if (text.empty() || text.front() != format[i]) return std::nullopt;
      text.remove_prefix(1);
      continue;
    }
    if (++i == format.size()) return std::nullopt;
    int64_t v = 0;
    switch (format[i]) {
      case 'Y':
        if (!ReadNumber(text, 6, &v)) return std::nullopt;
        c.year = v;
        break;
      case 'y':  // POSIX: 69-99 are the 1900s, 00-68 the 2000s
        if (!ReadNumber(text, 2, &v)) return std::nullopt;
        c.year = v < 69 ? 2000 + v : 1900 + v;
        break;
      case 'm':
        if (!ReadNumber(text, 2, &v)) return std::nullopt;
        c.month = static_cast<unsigned>(v);
        break;
      case 'd':
      case 'e':
        while (format[i] == 'e' && !text.empty() && text.front() == ' ') text.remove_prefix(1);
        if (!ReadNumber(text, 2, &v)) return std::nullopt;
        c.day = static_cast<unsigned>(v);
        break;
      case 'H':
      case 'I':
        if (!ReadNumber(text, 2, &v)) return std::nullopt;
        c.hour = static_cast<unsigned>(v);
        twelve_hour = twelve_hour || format[i] == 'I';
        break;
      case 'M':
        if (!ReadNumber(text, 2, &v)) return std::nullopt;
        c.minute = static_cast<unsigned>(v);
        break;
      case 'S':
        if (!ReadNumber(text, 2, &v)) return std::nullopt;
        c.second = static_cast<unsigned>(v);
        break;
      case 'f': {
        const size_t before = text.size();
        if (!ReadNumber(text, 6, &v)) return std::nullopt;
        for (size_t digits = before - text.size(); digits < 6; ++digits) v *= 10;
        c.microsecond = v;
        break;
      }
      case 'j':
        if (!ReadNumber(text, 3, &v) || v < 1 || v > 366) return std::nullopt;
        day_of_year = v;
        break;
      case 'p': {
        if (text.size() < 2) return std::nullopt;
        const char a = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
        if ((a != 'A' && a != 'P') || std::toupper(static_cast<unsigned char>(text[1])) != 'M') return std::nullopt;
        pm = a == 'P';
        text.remove_prefix(2);
        break;
      }
      case 'b':
      case 'h':
      case 'B': {
        std::optional<int> month = ReadName(text, kMonths);
        if (!month) return std::nullopt;
        c.month = static_cast<unsigned>(*month + 1);
        break;
      }
      case 'a':
      case 'A':
        if (!ReadName(text, kWeekdays)) return std::nullopt;
        break;
      case '%':
        if (text.empty() || text.front() != '%') return std::nullopt;
        text.remove_prefix(1);
        break;
      default: return std::nullopt;
    }
  }
  if (!text.empty()) return std::nullopt;
  if (twelve_hour) {
    if (c.hour < 1 || c.hour > 12) return std::nullopt;
    c.hour = c.hour % 12 + (pm ? 12 : 0);
  }
  if (day_of_year != 0) {
    const int64_t days = DaysFromCivil(c.year, 1, 1) + day_of_year - 1;
    int64_t year;
    unsigned month, day;
    CivilFromDays(static_cast<int32_t>(days), &year, &month, &day);
    if (year != c.year) return std::nullopt;
    c.month = month;
    c.day = day;
  }
  return TimestampFromCivil(c);
}

Result<ColumnPtr> Strptime(const ScalarCall& call) {
  const ColumnView& text = call.arguments[0];
  const ColumnView& format = call.arguments[1];
  auto out = Column::Allocate(DataType::Timestamp(), call.rows);
  int64_t* r = out->mutable_values<int64_t>();
  for (int64_t i = 0; i < call.rows; ++i) {
    r[i] = 0;
    if (!text.IsValid(i) || !format.IsValid(i)) {
      out->SetNull(i);
      continue;
    }
    std::optional<int64_t> micros = ParseFormatted(text.GetString(i), format.GetString(i));
    if (!micros) {
      return Status::InvalidData("could not parse '{}' as a timestamp in the format '{}'", text.GetString(i),
                                 format.GetString(i));
    }
    r[i] = *micros;
  }
  return out;
}

// --- to_char -----------------------------------------------------------------------------

// PostgreSQL's template patterns, longest first where one begins another.
enum class Pattern : uint8_t {
  kHH24,
  kHH12,
  kHH,
  kMI,
  kSS,
  kMS,
  kUS,
  kAMDots,
  kPMDots,
  kAmDots,
  kPmDots,
  kAM,
  kPM,
  kAm,
  kPm,
  kIYYY,
  kYYYY,
  kYYY,
  kYY,
  kY,
  kMONTH,
  kMonth,
  kMonthLower,
  kMON,
  kMon,
  kMonLower,
  kMM,
  kDDD,
  kDD,
  kDAY,
  kDay,
  kDayLower,
  kDY,
  kDy,
  kDyLower,
  kD,
  kID,
  kIW,
  kWW,
  kQ,
};
constexpr std::array<std::pair<std::string_view, Pattern>, 40> kPatterns = {{
    {"HH24", Pattern::kHH24},
    {"HH12", Pattern::kHH12},
    {"HH", Pattern::kHH},
    {"MI", Pattern::kMI},
    {"SS", Pattern::kSS},
    {"MS", Pattern::kMS},
    {"US", Pattern::kUS},
    {"A.M.", Pattern::kAMDots},
    {"P.M.", Pattern::kPMDots},
    {"a.m.", Pattern::kAmDots},
    {"p.m.", Pattern::kPmDots},
    {"AM", Pattern::kAM},
    {"PM", Pattern::kPM},
    {"am", Pattern::kAm},
    {"pm", Pattern::kPm},
    {"IYYY", Pattern::kIYYY},
    {"YYYY", Pattern::kYYYY},
    {"YYY", Pattern::kYYY},
    {"YY", Pattern::kYY},
    {"Y", Pattern::kY},
    {"MONTH", Pattern::kMONTH},
    {"Month", Pattern::kMonth},
    {"month", Pattern::kMonthLower},
    {"MON", Pattern::kMON},
    {"Mon", Pattern::kMon},
    {"mon", Pattern::kMonLower},
    {"MM", Pattern::kMM},
    {"DDD", Pattern::kDDD},
    {"DD", Pattern::kDD},
    {"DAY", Pattern::kDAY},
    {"Day", Pattern::kDay},
    {"day", Pattern::kDayLower},
    {"DY", Pattern::kDY},
    {"Dy", Pattern::kDy},
    {"dy", Pattern::kDyLower},
    {"D", Pattern::kD},
    {"ID", Pattern::kID},
    {"IW", Pattern::kIW},
    {"WW", Pattern::kWW},
    {"Q", Pattern::kQ},
}};

std::string Cased(std::string_view name, int how) {  // 0: as is (Title), 1: UPPER, 2: lower
  std::string out(name);
  for (size_t i = 0; i < out.size(); ++i) {
    const auto c = static_cast<unsigned char>(out[i]);
    if (how == 1) out[i] = static_cast<char>(std::toupper(c));
    if (how == 2) out[i] = static_cast<char>(std::tolower(c));
  }
  return out;
}

// Appends one pattern's text; `fill` (FM) drops the padding and leading zeros.
void AppendPattern(Pattern p, const CivilTime& c, int64_t days, bool fill, std::string& out) {
  const int64_t year = c.year <= 0 ? 1 - c.year : c.year;
  const int dow = static_cast<int>(((days % 7) + 11) % 7);  // 0 = Sunday
  const int64_t doy = days - DaysFromCivil(c.year, 1, 1) + 1;
  const int isodow = dow == 0 ? 7 : dow;
  const int64_t thursday = days - isodow + 4;
  int64_t iso_year;
  unsigned m, d;
  CivilFromDays(static_cast<int32_t>(thursday), &iso_year, &m, &d);
  auto number = [&](int64_t v, int width) { out += fill ? std::to_string(v) : fmt::format("{:0{}d}", v, width); };
  auto name = [&](std::string_view text, int how, bool pad) {
    std::string s = Cased(text, how);
    if (pad && !fill) s.resize(std::max<size_t>(s.size(), 9), ' ');
    out += s;
  };
  const unsigned hour12 = c.hour % 12 == 0 ? 12 : c.hour % 12;
  const bool before_noon = c.hour < 12;
  switch (p) {
    case Pattern::kHH24: number(c.hour, 2); break;
    case Pattern::kHH12:
    case Pattern::kHH: number(hour12, 2); break;
    case Pattern::kMI: number(c.minute, 2); break;
    case Pattern::kSS: number(c.second, 2); break;
    case Pattern::kMS: number(c.microsecond / 1000, 3); break;
    case Pattern::kUS: number(c.microsecond, 6); break;
    case Pattern::kAMDots:
    case Pattern::kPMDots: out += before_noon ? "A.M." : "P.M."; break;
    case Pattern::kAmDots:
    case Pattern::kPmDots: out += before_noon ? "a.m." : "p.m."; break;
    case Pattern::kAM:
    case Pattern::kPM: out += before_noon ? "AM" : "PM"; break;
    case Pattern::kAm:
    case Pattern::kPm: out += before_noon ? "am" : "pm"; break;
    case Pattern::kIYYY: number(iso_year <= 0 ? 1 - iso_year : iso_year, 4); break;
    case Pattern::kYYYY: number(year, 4); break;
    case Pattern::kYYY: number(year % 1000, 3); break;
    case Pattern::kYY: number(year % 100, 2); break;
    case Pattern::kY: number(year % 10, 1); break;
    case Pattern::kMONTH: name(kMonths[c.month - 1], 1, true); break;
    case Pattern::kMonth: name(kMonths[c.month - 1], 0, true); break;
    case Pattern::kMonthLower: name(kMonths[c.month - 1], 2, true); break;
    case Pattern::kMON: name(std::string_view(kMonths[c.month - 1]).substr(0, 3), 1, false); break;
    case Pattern::kMon: name(std::string_view(kMonths[c.month - 1]).substr(0, 3), 0, false); break;
    case Pattern::kMonLower: name(std::string_view(kMonths[c.month - 1]).substr(0, 3), 2, false); break;
    case Pattern::kMM: number(c.month, 2); break;
    case Pattern::kDDD: number(doy, 3); break;
    case Pattern::kDD: number(c.day, 2); break;
    case Pattern::kDAY: name(kWeekdays[dow], 1, true); break;
    case Pattern::kDay: name(kWeekdays[dow], 0, true); break;
    case Pattern::kDayLower: name(kWeekdays[dow], 2, true); break;
    case Pattern::kDY: name(std::string_view(kWeekdays[dow]).substr(0, 3), 1, false); break;
    case Pattern::kDy: name(std::string_view(kWeekdays[dow]).substr(0, 3), 0, false); break;
    case Pattern::kDyLower: name(std::string_view(kWeekdays[dow]).substr(0, 3), 2, false); break;
    case Pattern::kD: number(dow + 1, 1); break;
    case Pattern::kID: number(isodow, 1); break;
    case Pattern::kIW: number((thursday - DaysFromCivil(iso_year, 1, 1)) / 7 + 1, 2); break;
    case Pattern::kWW: number((doy - 1) / 7 + 1, 2); break;
    case Pattern::kQ: number((c.month + 2) / 3, 1); break;
  }
}

// Every template is valid (a character that is no pattern is copied): always true.
bool AppendTemplate(int64_t micros, std::string_view format, std::string& out) {
  const CivilTime c = CivilFromTimestamp(micros);
  const int64_t days = TimestampDays(micros);
  bool fill = false;
  size_t i = 0;
  while (i < format.size()) {
    const std::string_view rest = format.substr(i);
    if (rest.starts_with("FM")) {
      fill = true;
      i += 2;
      continue;
    }
    if (rest.front() == '"') {  // quoted text, copied (a backslash escapes a quote)
      for (++i; i < format.size() && format[i] != '"'; ++i) {
        if (format[i] == '\\' && i + 1 < format.size()) ++i;
        out += format[i];
      }
      ++i;
      continue;
    }
    bool matched = false;
    for (const auto& [text, pattern] : kPatterns) {
      if (rest.starts_with(text)) {
        AppendPattern(pattern, c, days, fill, out);
        i += text.size();
        matched = true;
        break;
      }
    }
    if (!matched) {
      if (rest.front() == '\\' && rest.size() > 1) ++i;
      out += format[i++];
    }
    fill = false;
  }
  return true;
}

Result<Resolution> BindToChar(const CallSite& call) {
  if (call.arguments[0].type.is_numeric()) {
    return Status::NotSupported("to_char of a number (only dates and timestamps): {}", call.text);
  }
  return BindTimeAndFormat(call);
}

Result<ColumnPtr> ToChar(const ScalarCall& call) { return FormatEach(call, AppendTemplate); }

// --- to_timestamp(text, template) and to_date ---------------------------------------------

// The digits a numeric pattern reads at most, 0 for the patterns that are not numbers.
int PatternDigits(Pattern p) {
  switch (p) {
    case Pattern::kYYYY:
    case Pattern::kIYYY: return 4;
    case Pattern::kYYY:
    case Pattern::kDDD:
    case Pattern::kMS: return 3;
    case Pattern::kUS: return 6;
    case Pattern::kY:
    case Pattern::kD:
    case Pattern::kID:
    case Pattern::kQ: return 1;
    case Pattern::kYY:
    case Pattern::kMM:
    case Pattern::kDD:
    case Pattern::kHH24:
    case Pattern::kHH12:
    case Pattern::kHH:
    case Pattern::kMI:
    case Pattern::kSS:
    case Pattern::kIW:
    case Pattern::kWW: return 2;
    default: return 0;
  }
}

// `text` read by a PostgreSQL template, loosely as PostgreSQL reads it without FX: a
// separator in the template skips any one separator of the text, spaces are optional,
// numbers take at most their pattern's digits.
std::optional<int64_t> ParseTemplate(std::string_view text, std::string_view format) {
  CivilTime c;
  bool pm = false, twelve_hour = false, has_meridiem = false;
  int64_t day_of_year = 0;
  size_t i = 0;
  auto skip_spaces = [&] {
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  };
  while (i < format.size()) {
    const std::string_view rest = format.substr(i);
    if (rest.starts_with("FM") || rest.starts_with("FX")) {
      i += 2;
      continue;
    }
    if (rest.front() == '"') {  // quoted text: skip as many characters of the text
      for (++i; i < format.size() && format[i] != '"'; ++i) {
        if (!text.empty()) text.remove_prefix(1);
      }
      ++i;
      continue;
    }
    const auto* match = std::find_if(kPatterns.begin(), kPatterns.end(),
                                     [&](const auto& entry) { return rest.starts_with(entry.first); });
    if (match == kPatterns.end()) {
      // A separator or other character of the template.
      if (rest.front() == ' ') {
        skip_spaces();
      } else if (!text.empty() && !std::isalnum(static_cast<unsigned char>(text.front()))) {
        text.remove_prefix(1);
      }
      ++i;
      continue;
    }
    i += match->first.size();
    skip_spaces();
    const Pattern p = match->second;
    if (const int digits = PatternDigits(p); digits > 0) {
      int64_t v = 0;
      const size_t before = text.size();
      if (!ReadNumber(text, digits, &v)) return std::nullopt;
      const size_t read = before - text.size();
      switch (p) {
        case Pattern::kYYYY:
        case Pattern::kIYYY: c.year = v; break;
        case Pattern::kYYY: c.year = v + (v < 100 ? 2000 : 1000); break;
        case Pattern::kYY: c.year = v + (v < 70 ? 2000 : 1900); break;  // PostgreSQL's nearest to 2020
        case Pattern::kY: c.year = v + 2020; break;
        case Pattern::kMM: c.month = static_cast<unsigned>(v); break;
        case Pattern::kDD: c.day = static_cast<unsigned>(v); break;
        case Pattern::kDDD: day_of_year = v; break;
        case Pattern::kHH24: c.hour = static_cast<unsigned>(v); break;
        case Pattern::kHH12:
        case Pattern::kHH:
          c.hour = static_cast<unsigned>(v);
          twelve_hour = true;
          break;
        case Pattern::kMI: c.minute = static_cast<unsigned>(v); break;
        case Pattern::kSS: c.second = static_cast<unsigned>(v); break;
        case Pattern::kMS: {
          int64_t ms = v;
          for (size_t d = read; d < 3; ++d) ms *= 10;  // '.5' with MS is 500 milliseconds
          c.microsecond += ms * 1000;
          break;
        }
        case Pattern::kUS: {
          int64_t us = v;
          for (size_t d = read; d < 6; ++d) us *= 10;
          c.microsecond += us;
          break;
        }
        default: break;  // D, ID, Q, IW, WW: read and not used, as PostgreSQL ignores them with a date
      }
      continue;
    }
    switch (p) {
      case Pattern::kAM:
      case Pattern::kPM:
      case Pattern::kAm:
      case Pattern::kPm:
      case Pattern::kAMDots:
      case Pattern::kPMDots:
      case Pattern::kAmDots:
      case Pattern::kPmDots: {
        if (text.empty()) return std::nullopt;
        const char a = static_cast<char>(std::toupper(static_cast<unsigned char>(text.front())));
        if (a != 'A' && a != 'P') return std::nullopt;
        pm = a == 'P';
        has_meridiem = true;
        const size_t width = std::min(match->first.size(), text.size());
        text.remove_prefix(width);
        break;
      }
      case Pattern::kMONTH:
      case Pattern::kMonth:
      case Pattern::kMonthLower:
      case Pattern::kMON:
      case Pattern::kMon:
      case Pattern::kMonLower: {
        std::optional<int> month = ReadName(text, kMonths);
        if (!month) return std::nullopt;
        c.month = static_cast<unsigned>(*month + 1);
        break;
      }
      default:  // the day names: read, not used
        if (!ReadName(text, kWeekdays)) return std::nullopt;
        break;
    }
  }
  skip_spaces();
  if (!text.empty()) return std::nullopt;
  if (twelve_hour || has_meridiem) {
    if (c.hour < 1 || c.hour > 12) return std::nullopt;
    c.hour = c.hour % 12 + (pm ? 12 : 0);
  }
  if (day_of_year != 0) {
    const int64_t days = DaysFromCivil(c.year, 1, 1) + day_of_year - 1;
    int64_t year;
    CivilFromDays(static_cast<int32_t>(days), &year, &c.month, &c.day);
    if (year != c.year) return std::nullopt;
  }
  return TimestampFromCivil(c);
}

Result<Resolution> BindTextAndFormat(const CallSite& call) {
  for (const CallArgument& a : call.arguments) {
    if (a.type.id == TypeId::kNull) return Resolution::Null(DataType::Timestamp());
    if (a.type.id != TypeId::kVarchar) {
      return Status::TypeError("{} takes a text and a format, not {}: {}", call.name, a.type.ToString(), call.text);
    }
  }
  return Resolution::Call(DataType::Timestamp(), {DataType::Varchar(), DataType::Varchar()});
}

}  // namespace

Result<Resolution> BindTemplated(const CallSite& call, const DataType& type) {
  for (const CallArgument& a : call.arguments) {
    if (a.type.id == TypeId::kNull) return Resolution::Null(type);
    if (a.type.id != TypeId::kVarchar) {
      return Status::TypeError("{} takes a text and a template, not {}: {}", call.name, a.type.ToString(), call.text);
    }
  }
  return Resolution::Call(type, {DataType::Varchar(), DataType::Varchar()});
}

Result<ColumnPtr> ParseTemplated(const ScalarCall& call) {
  const ColumnView& text = call.arguments[0];
  const ColumnView& format = call.arguments[1];
  const bool date = call.type.id == TypeId::kDate;
  auto out = Column::Allocate(call.type, call.rows);
  for (int64_t i = 0; i < call.rows; ++i) {
    int64_t micros = 0;
    if (!text.IsValid(i) || !format.IsValid(i)) {
      out->SetNull(i);
    } else {
      std::optional<int64_t> parsed = ParseTemplate(text.GetString(i), format.GetString(i));
      if (!parsed) {
        return Status::InvalidData("could not read '{}' by the template '{}' in {}", text.GetString(i),
                                   format.GetString(i), date ? "to_date" : "to_timestamp");
      }
      micros = *parsed;
    }
    if (date) {
      out->mutable_values<int32_t>()[i] = static_cast<int32_t>(TimestampDays(micros));
    } else {
      out->mutable_values<int64_t>()[i] = micros;
    }
  }
  return out;
}

namespace {

// A function of exactly `arity` arguments with one signature.
ScalarFunction Fixed(std::string name, Signature signature, std::string description, std::string usage,
                     ScalarBindRule bind, ScalarImplementation implementation, int arity = 2) {
  ScalarFunction f;
  f.name = std::move(name);
  f.signatures = {std::move(signature)};
  f.description = std::move(description);
  f.min_arguments = f.max_arguments = arity;
  f.usage = std::move(usage);
  f.bind = bind;
  f.implementation = implementation;
  return f;
}

}  // namespace

Status RegisterTimestampTextFunctions(FunctionRegistry& registry) {
  ORBIT_RETURN_IF_ERROR(
      registry.Add(Fixed("strftime", {"DATE|TIMESTAMP, VARCHAR", "VARCHAR"},
                         "the date or timestamp as text in a C strftime format: strftime(t, '%Y-%m-%d %H:%M')",
                         "takes a date or timestamp and a format", BindTimeAndFormat, Strftime)));
  ORBIT_RETURN_IF_ERROR(registry.Add(Fixed(
      "strptime", {"VARCHAR, VARCHAR", "TIMESTAMP"},
      "the timestamp a text gives in a C strptime format (DuckDB's): strptime('03/01/2024 14:05', '%m/%d/%Y %H:%M')",
      "takes a text and a format", BindTextAndFormat, Strptime)));
  ORBIT_RETURN_IF_ERROR(registry.Add(Fixed(
      "to_char", {"DATE|TIMESTAMP, VARCHAR", "VARCHAR"},
      "the date or timestamp as text in a PostgreSQL template: to_char(t, 'YYYY-MM-DD HH24:MI:SS'), 'FMDay, DD Mon'",
      "takes a date or timestamp and a template", BindToChar, ToChar)));
  return registry.Add(Fixed(
      "to_date", {"VARCHAR, VARCHAR", "DATE"},
      "the date a text gives by a PostgreSQL template: to_date('05.03.2024', 'DD.MM.YYYY')",
      "takes a text and a template", [](const CallSite& call) { return BindTemplated(call, DataType::Date()); },
      ParseTemplated));
}

}  // namespace orbit
