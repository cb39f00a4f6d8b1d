#include "columnar/timestamp.h"

#include <fmt/format.h>

#include <cctype>
#include <charconv>

#include "columnar/value_format.h"

namespace orbit {

namespace {

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - (a % b != 0 && (a < 0) != (b < 0)); }

int64_t DaysFromCivilWide(int64_t year, unsigned month, unsigned day) {
  // DaysFromCivil returns 32 bits; a timestamp's years reach 294246, whose days still fit.
  return static_cast<int64_t>(DaysFromCivil(year, month, day));
}

// Reads exactly `width` digits (or, with width 0, one or more) into *out.
bool ReadDigits(std::string_view& text, int width, int64_t* out) {
  size_t n = 0;
  while (n < text.size() && std::isdigit(static_cast<unsigned char>(text[n])) &&
         (width == 0 || n < static_cast<size_t>(width)))
    ++n;
  if (n == 0 || (width != 0 && n != static_cast<size_t>(width)) || n > 18) return false;
  std::from_chars(text.data(), text.data() + n, *out);
  text.remove_prefix(n);
  return true;
}

bool Consume(std::string_view& text, char c) {
  if (text.empty() || text.front() != c) return false;
  text.remove_prefix(1);
  return true;
}

void SkipSpaces(std::string_view& text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
}

bool ConsumeWord(std::string_view& text, std::string_view word) {
  if (text.size() < word.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(text[i])) != word[i]) return false;
  }
  text.remove_prefix(word.size());
  return true;
}

// Microseconds of ".fraction" (any number of digits; rounds half up past six).
bool ReadFraction(std::string_view& text, int64_t* micros) {
  size_t n = 0;
  while (n < text.size() && std::isdigit(static_cast<unsigned char>(text[n]))) ++n;
  if (n == 0) return false;
  int64_t value = 0;
  for (size_t i = 0; i < 6; ++i) value = value * 10 + (i < n ? text[i] - '0' : 0);
  if (n > 6 && text[6] >= '5') ++value;
  text.remove_prefix(n);
  *micros = value;
  return true;
}

// A zone after the time: "Z", "UTC", "GMT" or +HH, +HH:MM, +HHMM (either sign).
bool SkipZone(std::string_view& text) {
  SkipSpaces(text);
  if (ConsumeWord(text, "Z") || ConsumeWord(text, "UTC") || ConsumeWord(text, "GMT")) return true;
  if (text.empty() || (text.front() != '+' && text.front() != '-')) return true;
  text.remove_prefix(1);
  int64_t hours = 0, minutes = 0;
  if (!ReadDigits(text, 2, &hours) || hours > 15) return false;
  if (Consume(text, ':')) {
    if (!ReadDigits(text, 2, &minutes)) return false;
  } else if (!text.empty() && std::isdigit(static_cast<unsigned char>(text.front()))) {
    if (!ReadDigits(text, 2, &minutes)) return false;
  }
  return minutes < 60;
}

}  // namespace

int64_t MinTimestamp() {
  static const int64_t kMin = DaysFromCivilWide(-4713, 11, 24) * kMicrosPerDay;
  return kMin;
}

int64_t MaxTimestamp() {
  static const int64_t kMax = DaysFromCivilWide(294247, 1, 1) * kMicrosPerDay - 1;
  return kMax;
}

int64_t TimestampDays(int64_t micros) { return FloorDiv(micros, kMicrosPerDay); }

CivilTime CivilFromTimestamp(int64_t micros) {
  const int64_t days = TimestampDays(micros);
  // The time of day without days * kMicrosPerDay, which overflows for the lowest int64
  // values (any int64 can arrive from Arrow).
  int64_t rest = micros % kMicrosPerDay;
  if (rest < 0) rest += kMicrosPerDay;
  CivilTime civil;
  CivilFromDays(static_cast<int32_t>(days), &civil.year, &civil.month, &civil.day);
  civil.hour = static_cast<unsigned>(rest / kMicrosPerHour);
  rest %= kMicrosPerHour;
  civil.minute = static_cast<unsigned>(rest / kMicrosPerMinute);
  rest %= kMicrosPerMinute;
  civil.second = static_cast<unsigned>(rest / kMicrosPerSecond);
  civil.microsecond = rest % kMicrosPerSecond;
  return civil;
}

std::optional<int64_t> TimestampFromCivil(const CivilTime& c) {
  if (c.year < -4713 || c.year > 294247 || c.month < 1 || c.month > 12 || c.day < 1 ||
      c.day > DaysInMonth(c.year, c.month) || c.hour > 24 || c.minute > 59 || c.second > 59 || c.microsecond < 0 ||
      c.microsecond >= kMicrosPerSecond) {
    return std::nullopt;
  }
  // 24:00:00 is the end of the day (PostgreSQL accepts it), nothing later.
  if (c.hour == 24 && (c.minute != 0 || c.second != 0 || c.microsecond != 0)) return std::nullopt;
  const int64_t micros = DaysFromCivilWide(c.year, c.month, c.day) * kMicrosPerDay + c.hour * kMicrosPerHour +
                         c.minute * kMicrosPerMinute + c.second * kMicrosPerSecond + c.microsecond;
  if (!TimestampInRange(micros)) return std::nullopt;
  return micros;
}

std::optional<int64_t> TimestampAddMonths(int64_t micros, int64_t months) {
  if (!TimestampInRange(micros)) return std::nullopt;
  const int64_t days = TimestampDays(micros);
  const std::optional<int32_t> shifted = AddMonths(static_cast<int32_t>(days), months);
  if (!shifted) return std::nullopt;
  // A date far outside the timestamp range overflows int64 micros: check before multiplying.
  int64_t shift = 0;
  int64_t result = 0;
  if (__builtin_mul_overflow(int64_t{*shifted} - days, kMicrosPerDay, &shift) ||
      __builtin_add_overflow(shift, micros, &result) || !TimestampInRange(result)) {
    return std::nullopt;
  }
  return result;
}

std::optional<int64_t> TimestampFromDays(int64_t days) {
  int64_t micros = 0;
  if (__builtin_mul_overflow(days, kMicrosPerDay, &micros) || !TimestampInRange(micros)) return std::nullopt;
  return micros;
}

std::optional<int64_t> TimestampAddMicros(int64_t micros, int64_t delta) {
  int64_t result;
  if (__builtin_add_overflow(micros, delta, &result) || !TimestampInRange(result)) return std::nullopt;
  return result;
}

std::optional<int64_t> ParseTimestamp(std::string_view text) {
  SkipSpaces(text);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  CivilTime c;
  int64_t year = 0, month = 0, day = 0;
  if (!ReadDigits(text, 0, &year) || !Consume(text, '-') || !ReadDigits(text, 0, &month) || !Consume(text, '-') ||
      !ReadDigits(text, 0, &day) || month > 12 || day > 31) {
    return std::nullopt;
  }
  c.month = static_cast<unsigned>(month);
  c.day = static_cast<unsigned>(day);
  if (Consume(text, 'T') ||
      (text.size() > 1 && text.front() == ' ' && std::isdigit(static_cast<unsigned char>(text[1])))) {
    if (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    int64_t hour = 0, minute = 0, second = 0;
    if (!ReadDigits(text, 0, &hour) || hour > 24 || !Consume(text, ':') || !ReadDigits(text, 2, &minute)) {
      return std::nullopt;
    }
    if (Consume(text, ':')) {
      if (!ReadDigits(text, 2, &second)) return std::nullopt;
      if (Consume(text, '.') && !ReadFraction(text, &c.microsecond)) return std::nullopt;
    }
    c.hour = static_cast<unsigned>(hour);
    c.minute = static_cast<unsigned>(minute);
    c.second = static_cast<unsigned>(second);
    if (!SkipZone(text)) return std::nullopt;
  }
  SkipSpaces(text);
  const bool bc = ConsumeWord(text, "BC");
  if (!text.empty() || year < 1) return std::nullopt;
  c.year = bc ? 1 - year : year;
  // A fraction that rounded up to a whole second carries into the seconds.
  int64_t carry = 0;
  if (c.microsecond == kMicrosPerSecond) {
    c.microsecond = 0;
    carry = kMicrosPerSecond;
  }
  auto micros = TimestampFromCivil(c);
  if (!micros || !TimestampInRange(*micros + carry)) return std::nullopt;
  return *micros + carry;
}

std::string FormatTimestamp(int64_t micros) {
  const CivilTime c = CivilFromTimestamp(micros);
  std::string out = fmt::format("{:04d}-{:02d}-{:02d} {:02d}:{:02d}:{:02d}", c.year <= 0 ? 1 - c.year : c.year, c.month,
                                c.day, c.hour, c.minute, c.second);
  if (c.microsecond != 0) {
    std::string fraction = fmt::format("{:06d}", c.microsecond);
    while (fraction.back() == '0') fraction.pop_back();
    out += "." + fraction;
  }
  if (c.year <= 0) out += " BC";
  return out;
}

}  // namespace orbit
