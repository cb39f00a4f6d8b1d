#include "columnar/interval.h"

#include <array>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <limits>

#include <fmt/format.h>

#include "columnar/timestamp.h"
#include "columnar/value_format.h"

namespace orbit {

namespace {

// PostgreSQL's fields, one bit each: a field given twice is an error ('1 mon 2 mons').
enum FieldBit : unsigned {
  kYearBit = 1,
  kMonthBit = 2,
  kWeekBit = 4,
  kDayBit = 8,
  kHourBit = 16,
  kMinuteBit = 32,
  kSecondBit = 64,
  kMillisecondBit = 128,
  kMicrosecondBit = 256,
};

struct Unit {
  std::array<std::string_view, 6> names;
  FieldBit bit;
  int64_t months;  // per unit, for years and months
  int64_t days;    // per unit, for weeks and days
  int64_t micros;  // per unit, for the time units
};

// The unit registry: every spelling PostgreSQL reads.
constexpr std::array<Unit, 9> kUnits = {{
    {{"year", "years", "y", "yr", "yrs", ""}, kYearBit, 12, 0, 0},
    {{"month", "months", "mon", "mons", "", ""}, kMonthBit, 1, 0, 0},
    {{"week", "weeks", "w", "", "", ""}, kWeekBit, 0, 7, 0},
    {{"day", "days", "d", "", "", ""}, kDayBit, 0, 1, 0},
    {{"hour", "hours", "h", "hr", "hrs", ""}, kHourBit, 0, 0, kMicrosPerHour},
    {{"minute", "minutes", "m", "min", "mins", ""}, kMinuteBit, 0, 0, kMicrosPerMinute},
    {{"second", "seconds", "s", "sec", "secs", ""}, kSecondBit, 0, 0, kMicrosPerSecond},
    {{"millisecond", "milliseconds", "ms", "msec", "msecs", "milliseconds"}, kMillisecondBit, 0, 0, 1000},
    {{"microsecond", "microseconds", "us", "usec", "usecs", "microseconds"}, kMicrosecondBit, 0, 0, 1},
}};

const Unit* FindUnit(std::string_view name) {
  for (const Unit& unit : kUnits) {
    for (std::string_view n : unit.names) {
      if (!n.empty() && n == name) return &unit;
    }
  }
  return nullptr;
}

Status OutOfRangeInterval() { return Status::OutOfRange("interval out of range"); }

// Parts summed in wide integers, checked once at the end against int32 months and days.
struct Accumulator {
  int128_t months = 0, days = 0, micros = 0;
};

// Adds `whole` + `fraction` units (fraction in [0, 1), with the sign of the number),
// cascading a fraction down as PostgreSQL: years to months (rounded), months to 30 days,
// weeks and days to 24-hour days, the time units to microseconds (rounded).
void AddUnits(Accumulator* acc, const Unit& unit, int64_t whole, double fraction) {
  if (unit.months != 0) {
    acc->months += int128_t{whole} * unit.months;
    double frac_months = fraction * static_cast<double>(unit.months);
    if (unit.months == 12) {
      acc->months += static_cast<int64_t>(std::rint(frac_months));
      return;
    }
    const double frac_days = frac_months * kDaysPerMonth;
    acc->days += static_cast<int64_t>(frac_days);
    acc->micros += std::llround((frac_days - std::trunc(frac_days)) * static_cast<double>(kMicrosPerDay));
    return;
  }
  if (unit.days != 0) {
    acc->days += int128_t{whole} * unit.days;
    const double frac_days = fraction * static_cast<double>(unit.days);
    acc->days += static_cast<int64_t>(frac_days);
    acc->micros += std::llround((frac_days - std::trunc(frac_days)) * static_cast<double>(kMicrosPerDay));
    return;
  }
  acc->micros += int128_t{whole} * unit.micros + std::llround(fraction * static_cast<double>(unit.micros));
}

struct Cursor {
  std::string_view text;
  size_t pos = 0;
  bool AtEnd() const { return pos >= text.size(); }
  char Peek() const { return AtEnd() ? '\0' : text[pos]; }
  bool IsDigit() const { return !AtEnd() && std::isdigit(static_cast<unsigned char>(text[pos])); }
  void SkipSpace() {
    while (!AtEnd() && std::isspace(static_cast<unsigned char>(text[pos]))) ++pos;
  }
  // Digits as a number; nullopt when there are none or they pass int64.
  std::optional<int64_t> Digits(int* count = nullptr) {
    const size_t start = pos;
    while (IsDigit()) ++pos;
    if (count) *count = static_cast<int>(pos - start);
    if (pos == start) return std::nullopt;
    return ParseInt64(text.substr(start, pos - start));
  }
  // ".ddd" as a fraction in [0, 1) (the dot already seen); 0 when there are no digits.
  double Fraction() {
    const size_t start = pos;
    while (IsDigit()) ++pos;
    if (pos == start) return 0;
    return std::strtod(std::string("0.").append(text.substr(start, pos - start)).c_str(), nullptr);
  }
  std::string Word() {
    std::string word;
    while (!AtEnd() && std::isalpha(static_cast<unsigned char>(text[pos]))) {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(text[pos++])));
    }
    return word;
  }
};

// [-]H:MM[:SS[.f]] (the sign and hours already read): false when malformed.
bool ReadTime(Cursor* c, bool negative, int64_t hours, Accumulator* acc) {
  std::optional<int64_t> minutes = c->Digits();
  if (!minutes || *minutes > 59) return false;
  int64_t seconds = 0;
  double fraction = 0;
  if (c->Peek() == ':') {
    ++c->pos;
    std::optional<int64_t> s = c->Digits();
    if (!s || *s > 59) return false;
    seconds = *s;
    if (c->Peek() == '.') {
      ++c->pos;
      fraction = c->Fraction();
    }
  } else if (c->Peek() == '.') {
    return false;
  }
  const int128_t magnitude = int128_t{hours} * kMicrosPerHour + int128_t{*minutes} * kMicrosPerMinute +
                             int128_t{seconds} * kMicrosPerSecond + std::llround(fraction * kMicrosPerSecond);
  acc->micros += negative ? -magnitude : magnitude;
  return true;
}

Result<IntervalValue> Finish(const Accumulator& acc, bool ago, std::string_view text) {
  const int128_t sign = ago ? -1 : 1;
  const int128_t months = acc.months * sign, days = acc.days * sign, micros = acc.micros * sign;
  if (months > INT32_MAX || months < INT32_MIN || days > INT32_MAX || days < INT32_MIN || micros > INT64_MAX ||
      micros < INT64_MIN) {
    return Status::OutOfRange("interval field value out of range: \"{}\"", text);
  }
  return IntervalValue{static_cast<int64_t>(micros), static_cast<int32_t>(days), static_cast<int32_t>(months)};
}

// The magnitude a wide part may reach while parsing before it is certain to be out of range.
constexpr int128_t kParseBound = int128_t{1} << 100;

bool OutOfParseBound(const Accumulator& acc) {
  return acc.micros > kParseBound || acc.micros < -kParseBound || acc.days > kParseBound || acc.days < -kParseBound ||
         acc.months > kParseBound || acc.months < -kParseBound;
}

// The unit an ISO 8601 designator names: M is months before the T and minutes after it.
std::string_view IsoUnitName(char designator, bool time) {
  if (time) return designator == 'H' ? "hour" : designator == 'M' ? "minute" : designator == 'S' ? "second" : "";
  switch (designator) {
    case 'Y': return "year";
    case 'M': return "month";
    case 'W': return "week";
    case 'D': return "day";
    default: return "";
  }
}

// PostgreSQL's ISO 8601 "format with designators", P[nY][nM][nW][nD][T[nH][nM][nS]], each n
// signed and possibly fractional ('P1Y2M3DT4H5M6.5S', 'PT36H', 'P-1DT-2H'), its fractions
// cascading as in the verbose form. The alternative form ('P0001-02-03T04:05:06') is not read.
Result<IntervalValue> ParseIsoInterval(std::string_view text) {
  auto invalid = [&] { return Status::InvalidData("invalid input syntax for type interval: \"{}\"", text); };
  if (text.size() < 2) return invalid();
  Cursor c{text, 1};
  Accumulator acc;
  bool time = false;
  while (!c.AtEnd()) {
    if (c.Peek() == 'T') {
      if (time) return invalid();
      time = true;
      ++c.pos;
      continue;
    }
    const bool negative = c.Peek() == '-';
    if (c.Peek() == '-' || c.Peek() == '+') ++c.pos;
    if (!c.IsDigit() && c.Peek() != '.') return invalid();
    std::optional<int64_t> whole = c.IsDigit() ? c.Digits() : int64_t{0};
    if (!whole) return Status::OutOfRange("interval field value out of range: \"{}\"", text);
    double fraction = 0;
    if (c.Peek() == '.') {
      ++c.pos;
      fraction = c.Fraction();
    }
    const std::string_view unit = IsoUnitName(c.Peek(), time);
    if (unit.empty()) return invalid();
    ++c.pos;
    AddUnits(&acc, *FindUnit(unit), negative ? -*whole : *whole, negative ? -fraction : fraction);
    if (OutOfParseBound(acc)) return Status::OutOfRange("interval field value out of range: \"{}\"", text);
  }
  return Finish(acc, /*ago=*/false, text);
}

}  // namespace

Result<IntervalValue> ParseInterval(std::string_view text, std::string_view default_unit) {
  auto invalid = [&] { return Status::InvalidData("invalid input syntax for type interval: \"{}\"", text); };
  if (text.starts_with('P')) return ParseIsoInterval(text);
  Cursor c{text};
  Accumulator acc;
  unsigned seen = 0;
  bool ago = false, any = false;
  c.SkipSpace();
  if (c.Peek() == '@') ++c.pos;
  c.SkipSpace();
  while (!c.AtEnd()) {
    if (ago) return invalid();  // "ago" ends the text
    if (std::isalpha(static_cast<unsigned char>(c.Peek()))) {
      if (c.Word() != "ago" || !any) return invalid();
      ago = true;
      c.SkipSpace();
      continue;
    }
    const bool negative = c.Peek() == '-';
    if (c.Peek() == '-' || c.Peek() == '+') ++c.pos;
    if (!c.IsDigit() && c.Peek() != '.') return invalid();
    int digits = 0;
    std::optional<int64_t> whole = c.IsDigit() ? c.Digits(&digits) : int64_t{0};
    if (!whole) return Status::OutOfRange("interval field value out of range: \"{}\"", text);
    any = true;
    if (c.Peek() == ':') {
      ++c.pos;
      if ((seen & (kHourBit | kMinuteBit | kSecondBit)) != 0) return invalid();
      seen |= kHourBit | kMinuteBit | kSecondBit;
      if (!ReadTime(&c, negative, *whole, &acc)) return invalid();
    } else {
      double fraction = 0;
      if (c.Peek() == '.') {
        ++c.pos;
        fraction = c.Fraction();
      }
      c.SkipSpace();
      std::string word = c.Word();
      if (word == "ago") {
        c.pos -= 3;
        word.clear();
      }
      const std::string_view name = word;
      const Unit* unit = FindUnit(word.empty() ? default_unit : name);
      if (unit == nullptr || (seen & unit->bit) != 0) return invalid();
      seen |= unit->bit;
      const int64_t w = negative ? -*whole : *whole;
      AddUnits(&acc, *unit, w, negative ? -fraction : fraction);
    }
    if (OutOfParseBound(acc)) return Status::OutOfRange("interval field value out of range: \"{}\"", text);
    c.SkipSpace();
  }
  if (!any) return invalid();
  return Finish(acc, ago, text);
}

std::string FormatInterval(const IntervalValue& v) {
  std::string out;
  bool is_before = false, is_zero = true;
  auto field = [&](int64_t value, const char* unit) {
    if (value == 0) return;
    out += fmt::format("{}{}{} {}{}", is_zero ? "" : " ", is_before && value > 0 ? "+" : "", value, unit,
                       value != 1 ? "s" : "");
    is_before = value < 0;
    is_zero = false;
  };
  field(v.months / 12, "year");
  field(v.months % 12, "mon");
  field(v.days, "day");
  const int64_t time = v.micros;
  if (is_zero || time != 0) {
    // The magnitude as unsigned: INT64_MIN microseconds has no positive int64.
    const uint64_t magnitude = time < 0 ? 0 - static_cast<uint64_t>(time) : static_cast<uint64_t>(time);
    const uint64_t hours = magnitude / kMicrosPerHour;
    const uint64_t minutes = magnitude % kMicrosPerHour / kMicrosPerMinute;
    const uint64_t seconds = magnitude % kMicrosPerMinute / kMicrosPerSecond;
    const uint64_t fraction = magnitude % kMicrosPerSecond;
    out += fmt::format("{}{}{:02}:{:02}:{:02}", is_zero ? "" : " ", time < 0 ? "-" : (is_before ? "+" : ""), hours,
                       minutes, seconds);
    if (fraction != 0) {
      std::string digits = fmt::format("{:06}", fraction);
      while (digits.back() == '0') digits.pop_back();
      out += "." + digits;
    }
  }
  return out;
}

Result<IntervalValue> IntervalAdd(const IntervalValue& a, const IntervalValue& b) {
  IntervalValue r;
  if (__builtin_add_overflow(a.months, b.months, &r.months) || __builtin_add_overflow(a.days, b.days, &r.days) ||
      __builtin_add_overflow(a.micros, b.micros, &r.micros)) {
    return OutOfRangeInterval();
  }
  return r;
}

Result<IntervalValue> IntervalSubtract(const IntervalValue& a, const IntervalValue& b) {
  IntervalValue r;
  if (__builtin_sub_overflow(a.months, b.months, &r.months) || __builtin_sub_overflow(a.days, b.days, &r.days) ||
      __builtin_sub_overflow(a.micros, b.micros, &r.micros)) {
    return OutOfRangeInterval();
  }
  return r;
}

Result<IntervalValue> IntervalNegate(const IntervalValue& a) { return IntervalSubtract(IntervalValue{}, a); }

namespace {

// rint to whole microseconds of a value in seconds or days (PostgreSQL's TSROUND).
double TsRound(double v) { return std::rint(v * 1e6) / 1e6; }

bool FitsInt32(double v) { return std::isfinite(v) && v >= INT32_MIN && v <= INT32_MAX; }
bool FitsInt64(double v) { return std::isfinite(v) && v >= -9.2233720368547758e18 && v < 9.2233720368547758e18; }

// The shared tail of interval_mul and interval_div: `months` and `days` are the exact
// scaled parts, `time` the scaled microseconds.
Result<IntervalValue> Cascade(double months, double days, double time) {
  if (!FitsInt32(months) || !FitsInt32(days)) return OutOfRangeInterval();
  IntervalValue r;
  r.months = static_cast<int32_t>(months);
  r.days = static_cast<int32_t>(days);
  const double month_remainder_days = TsRound((months - r.months) * kDaysPerMonth);
  double sec_remainder = TsRound((days - r.days + month_remainder_days - std::trunc(month_remainder_days)) * 86400.0);
  int64_t day_total = int64_t{r.days};
  if (std::fabs(sec_remainder) >= 86400.0) {
    const auto whole = static_cast<int64_t>(sec_remainder / 86400.0);
    day_total += whole;
    sec_remainder -= static_cast<double>(whole) * 86400.0;
  }
  day_total += static_cast<int64_t>(month_remainder_days);
  if (day_total > INT32_MAX || day_total < INT32_MIN) return OutOfRangeInterval();
  r.days = static_cast<int32_t>(day_total);
  const double micros = std::rint(time + sec_remainder * 1e6);
  if (!FitsInt64(micros)) return OutOfRangeInterval();
  r.micros = static_cast<int64_t>(micros);
  return r;
}

}  // namespace

Result<IntervalValue> IntervalMultiply(const IntervalValue& a, double factor) {
  if (std::isnan(factor)) return OutOfRangeInterval();
  return Cascade(a.months * factor, a.days * factor, static_cast<double>(a.micros) * factor);
}

Result<IntervalValue> IntervalDivide(const IntervalValue& a, double divisor) {
  if (divisor == 0) return Status::OutOfRange("division by zero");
  if (std::isnan(divisor)) return OutOfRangeInterval();
  return Cascade(a.months / divisor, a.days / divisor, static_cast<double>(a.micros) / divisor);
}

namespace {

// Moves whole `unit`s of `low` into `high`, leaving both of one sign (justify_*'s rule).
void Carry(int64_t* high, int64_t* low, int64_t unit) {
  *high += *low / unit;
  *low %= unit;
  if (*high > 0 && *low < 0) {
    *low += unit;
    --*high;
  } else if (*high < 0 && *low > 0) {
    *low -= unit;
    ++*high;
  }
}

}  // namespace

Result<IntervalValue> JustifyDays(const IntervalValue& a) {
  int64_t months = a.months, days = a.days;
  Carry(&months, &days, kDaysPerMonth);
  if (months > INT32_MAX || months < INT32_MIN) return OutOfRangeInterval();
  return IntervalValue{a.micros, static_cast<int32_t>(days), static_cast<int32_t>(months)};
}

Result<IntervalValue> JustifyHours(const IntervalValue& a) {
  int64_t days = a.days, micros = a.micros;
  Carry(&days, &micros, kMicrosPerDay);
  if (days > INT32_MAX || days < INT32_MIN) return OutOfRangeInterval();
  return IntervalValue{micros, static_cast<int32_t>(days), a.months};
}

Result<IntervalValue> JustifyInterval(const IntervalValue& a) {
  int64_t months = a.months, days = a.days, micros = a.micros;
  // Moving whole months out of the days first keeps the days from overflowing below.
  if ((days > 0 && micros > 0) || (days < 0 && micros < 0)) {
    months += days / kDaysPerMonth;
    days %= kDaysPerMonth;
  }
  days += micros / kMicrosPerDay;
  micros %= kMicrosPerDay;
  months += days / kDaysPerMonth;
  days %= kDaysPerMonth;
  if (months > 0 && (days < 0 || (days == 0 && micros < 0))) {
    days += kDaysPerMonth;
    --months;
  } else if (months < 0 && (days > 0 || (days == 0 && micros > 0))) {
    days -= kDaysPerMonth;
    ++months;
  }
  if (days > 0 && micros < 0) {
    micros += kMicrosPerDay;
    --days;
  } else if (days < 0 && micros > 0) {
    micros -= kMicrosPerDay;
    ++days;
  }
  if (months > INT32_MAX || months < INT32_MIN) return OutOfRangeInterval();
  return IntervalValue{micros, static_cast<int32_t>(days), static_cast<int32_t>(months)};
}

Result<IntervalValue> TimestampDifference(int64_t a, int64_t b) {
  int64_t micros;
  if (__builtin_sub_overflow(a, b, &micros)) return OutOfRangeInterval();
  return JustifyHours(IntervalValue{micros, 0, 0});
}

std::optional<int64_t> TimestampPlusInterval(int64_t micros, const IntervalValue& v) {
  std::optional<int64_t> r = micros;
  if (v.months != 0) r = TimestampAddMonths(*r, v.months);
  int64_t day_micros = 0;
  // 2^31 days pass int64 microseconds: far out of TIMESTAMP's range either way.
  if (__builtin_mul_overflow(int64_t{v.days}, kMicrosPerDay, &day_micros)) return std::nullopt;
  if (r && v.days != 0) r = TimestampAddMicros(*r, day_micros);
  if (r && v.micros != 0) r = TimestampAddMicros(*r, v.micros);
  return r;
}

Result<IntervalValue> TimestampAge(int64_t a, int64_t b) {
  const CivilTime t1 = CivilFromTimestamp(a), t2 = CivilFromTimestamp(b);
  int64_t fsec = t1.microsecond - t2.microsecond;
  int64_t sec = int64_t{t1.second} - t2.second, min = int64_t{t1.minute} - t2.minute;
  int64_t hour = int64_t{t1.hour} - t2.hour, mday = int64_t{t1.day} - t2.day;
  int64_t mon = int64_t{t1.month} - t2.month, year = t1.year - t2.year;
  const bool flip = a < b;
  auto negate_all = [&] { fsec = -fsec, sec = -sec, min = -min, hour = -hour, mday = -mday, mon = -mon, year = -year; };
  if (flip) negate_all();
  // Borrow from the next larger field, a month as long as the earlier time's month.
  for (; fsec < 0; fsec += kMicrosPerSecond) --sec;
  for (; sec < 0; sec += 60) --min;
  for (; min < 0; min += 60) --hour;
  for (; hour < 0; hour += 24) --mday;
  const CivilTime& earlier = flip ? t1 : t2;
  for (; mday < 0; --mon) mday += DaysInMonth(earlier.year, earlier.month);
  for (; mon < 0; mon += 12) --year;
  if (flip) negate_all();
  const int128_t months = int128_t{year} * 12 + mon;
  if (months > INT32_MAX || months < INT32_MIN) return OutOfRangeInterval();
  const int64_t micros = ((hour * 60 + min) * 60 + sec) * kMicrosPerSecond + fsec;
  return IntervalValue{micros, static_cast<int32_t>(mday), static_cast<int32_t>(months)};
}

}  // namespace orbit
