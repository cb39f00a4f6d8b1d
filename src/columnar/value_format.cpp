#include "columnar/value_format.h"

#include <charconv>
#include <cmath>
#include <cstring>

#include <fmt/format.h>

namespace orbit {

int128_t Pow10(int n) {
  static const auto kTable = [] {
    struct T {
      int128_t v[39];
    } t{};
    t.v[0] = 1;
    for (int i = 1; i < 39; ++i) t.v[i] = t.v[i - 1] * 10;
    return t;
  }();
  return kTable.v[n];
}

int128_t MaxForPrecision(int precision) { return Pow10(precision) - 1; }

namespace {

// "1.5e-3" (unsigned) as plain decimal text, "0.0015"; nullopt when malformed or past any
// DECIMAL's range. A value below 10^-40 is "0": no DECIMAL's scale reaches it.
std::optional<std::string> ExpandExponent(std::string_view text) {
  const size_t e = text.find_first_of("eE");
  std::string_view mantissa = text.substr(0, e), exponent = text.substr(e + 1);
  bool negative_exponent = false;
  if (!exponent.empty() && (exponent[0] == '-' || exponent[0] == '+')) {
    negative_exponent = exponent[0] == '-';
    exponent.remove_prefix(1);
  }
  if (exponent.empty() || exponent.size() > 9 || exponent.find_first_not_of("0123456789") != std::string_view::npos) {
    return std::nullopt;
  }
  const int64_t shift = (negative_exponent ? -1 : 1) * std::stoll(std::string(exponent));
  const size_t point = mantissa.find('.');
  std::string digits(mantissa.substr(0, point));
  if (point != std::string_view::npos) digits += mantissa.substr(point + 1);
  if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos ||
      (point != std::string_view::npos && mantissa.find('.', point + 1) != std::string_view::npos)) {
    return std::nullopt;
  }
  // Where the point goes in `digits` once the leading zeros are gone.
  int64_t at = static_cast<int64_t>(point == std::string_view::npos ? mantissa.size() : point) + shift;
  const size_t first = digits.find_first_not_of('0');
  if (first == std::string::npos) return std::string("0");
  digits.erase(0, first);
  at -= static_cast<int64_t>(first);
  if (at > kMaxDecimalPrecision + 1) return std::nullopt;
  if (at < -40) return std::string("0");
  if (at <= 0) return "0." + std::string(static_cast<size_t>(-at), '0') + digits;
  if (at >= static_cast<int64_t>(digits.size())) return digits + std::string(at - digits.size(), '0');
  return digits.substr(0, at) + "." + digits.substr(at);
}

}  // namespace

std::optional<int128_t> ParseDecimal(std::string_view text, int precision, int scale) {
  size_t i = 0;
  while (i < text.size() && text[i] == ' ') ++i;
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  bool negative = false;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) negative = text[i++] == '-';
  std::string expanded;  // 1.5e-3 as 0.0015, PostgreSQL's numeric input
  if (text.find_first_of("eE", i) != std::string_view::npos) {
    std::optional<std::string> plain = ExpandExponent(text.substr(i));
    if (!plain) return std::nullopt;
    expanded = std::move(*plain);
    text = expanded;
    i = 0;
  }
  int128_t value = 0;
  int digits = 0, frac_digits = 0;
  bool seen_point = false, any_digit = false, round_up = false;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c == '.') {
      if (seen_point) return std::nullopt;
      seen_point = true;
      continue;
    }
    if (c < '0' || c > '9') return std::nullopt;
    any_digit = true;
    if (seen_point && frac_digits == scale) {
      // First digit beyond the scale decides rounding; the rest are dropped.
      if (frac_digits == scale && !round_up && c >= '5') round_up = true;
      frac_digits = scale + 1;
      continue;
    }
    if (seen_point && frac_digits > scale) continue;
    if (seen_point) ++frac_digits;
    if (value != 0 || c != '0') ++digits;
    if (digits > kMaxDecimalPrecision) return std::nullopt;
    value = value * 10 + (c - '0');
  }
  if (!any_digit) return std::nullopt;
  int used_frac = std::min(frac_digits, scale);
  // Scaled to `scale` digits the value has digits + (scale - used_frac) of them: more than
  // any precision allows is out of range, and would overflow 128 bits (38 integer digits
  // at scale 10, found by the CSV fuzzer).
  if (value != 0 && digits + (scale - used_frac) > kMaxDecimalPrecision) return std::nullopt;
  value *= Pow10(scale - used_frac);
  if (round_up) value += 1;
  if (value > MaxForPrecision(precision)) return std::nullopt;
  return negative ? -value : value;
}

std::string FormatInt128(int128_t value) {
  if (value == 0) return "0";
  bool negative = value < 0;
  // Work with the unsigned magnitude so INT128_MIN does not overflow.
  unsigned __int128 mag = negative ? -static_cast<unsigned __int128>(value) : value;
  char buf[48];
  int pos = 48;
  while (mag > 0) {
    buf[--pos] = static_cast<char>('0' + static_cast<int>(mag % 10));
    mag /= 10;
  }
  if (negative) buf[--pos] = '-';
  return std::string(buf + pos, 48 - pos);
}

std::string FormatDecimal(int128_t value, int scale) {
  if (scale == 0) return FormatInt128(value);
  bool negative = value < 0;
  unsigned __int128 mag = negative ? -static_cast<unsigned __int128>(value) : value;
  std::string digits = FormatInt128(static_cast<int128_t>(mag));
  if (static_cast<int>(digits.size()) <= scale) digits.insert(0, scale + 1 - digits.size(), '0');
  digits.insert(digits.size() - scale, ".");
  return negative ? "-" + digits : digits;
}

namespace {

// Days since 1970-01-01 in 64 bits, so that callers can check the range of DATE.
int64_t DaysFromCivil64(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

}  // namespace

int32_t DaysFromCivil(int64_t y, unsigned m, unsigned d) { return static_cast<int32_t>(DaysFromCivil64(y, m, d)); }

void CivilFromDays(int32_t days, int64_t* year, unsigned* month, unsigned* day) {
  int64_t z = static_cast<int64_t>(days) + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *day = doy - (153 * mp + 2) / 5 + 1;
  *month = mp < 10 ? mp + 3 : mp - 9;
  *year = y + (*month <= 2);
}

namespace {
bool IsLeap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
}  // namespace

unsigned DaysInMonth(int64_t y, unsigned m) {
  static const unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

std::optional<int32_t> ParseDate(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  int64_t y = 0;
  unsigned m = 0, d = 0;
  const char* p = text.data();
  const char* end = p + text.size();
  auto r1 = std::from_chars(p, end, y);
  if (r1.ec != std::errc() || r1.ptr == end || *r1.ptr != '-' || r1.ptr - p < 4) return std::nullopt;
  auto r2 = std::from_chars(r1.ptr + 1, end, m);
  if (r2.ec != std::errc() || r2.ptr == end || *r2.ptr != '-') return std::nullopt;
  auto r3 = std::from_chars(r2.ptr + 1, end, d);
  if (r3.ec != std::errc() || r3.ptr != end) return std::nullopt;
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > DaysInMonth(y, m)) return std::nullopt;
  return DaysFromCivil(y, m, d);
}

std::string FormatDate(int32_t days) {
  int64_t y;
  unsigned m, d;
  CivilFromDays(days, &y, &m, &d);
  // PostgreSQL has no year 0: the year before 1 AD is 1 BC, written with a suffix.
  if (y <= 0) return fmt::format("{:04d}-{:02d}-{:02d} BC", 1 - y, m, d);
  return fmt::format("{:04d}-{:02d}-{:02d}", y, m, d);
}

double DecimalToDouble(int128_t value, int scale) {
  constexpr int128_t kExactInDouble = int128_t{1} << 53;
  if (scale == 0) return static_cast<double>(value);  // one rounding
  // Both operands exact (10^22 is the largest exact power of ten): one rounding.
  if (scale <= 22 && value > -kExactInDouble && value < kExactInDouble) {
    return static_cast<double>(value) / static_cast<double>(Pow10(scale));
  }
  // Otherwise dividing rounds twice; the decimal's text is exact and from_chars rounds once.
  const std::string text = FormatDecimal(value, scale);
  double result = 0;
  std::from_chars(text.data(), text.data() + text.size(), result);
  return result;
}

std::optional<int32_t> AddMonths(int32_t days, int64_t months) {
  int64_t y;
  unsigned m, d;
  CivilFromDays(days, &y, &m, &d);
  int64_t total = y * 12 + (m - 1) + months;
  int64_t ny = total >= 0 ? total / 12 : (total - 11) / 12;
  unsigned nm = static_cast<unsigned>(total - ny * 12) + 1;
  unsigned nd = std::min(d, DaysInMonth(ny, nm));
  const int64_t result = DaysFromCivil64(ny, nm, nd);
  if (result < INT32_MIN || result > INT32_MAX) return std::nullopt;
  return static_cast<int32_t>(result);
}

std::optional<int64_t> ParseInt64(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  int64_t v = 0;
  auto r = std::from_chars(text.data(), text.data() + text.size(), v);
  if (r.ec != std::errc() || r.ptr != text.data() + text.size() || text.empty()) return std::nullopt;
  return v;
}

std::optional<double> ParseDouble(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty()) return std::nullopt;
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "nan") return std::nan("");
  if (lower == "inf" || lower == "infinity") return HUGE_VAL;
  if (lower == "-inf" || lower == "-infinity") return -HUGE_VAL;
  double v = 0;
  auto r = std::from_chars(text.data(), text.data() + text.size(), v);
  if (r.ec != std::errc() || r.ptr != text.data() + text.size()) return std::nullopt;
  return v;
}

std::optional<float> ParseFloat(std::string_view text) {
  std::optional<double> wide = ParseDouble(text);
  if (!wide || !std::isfinite(*wide)) return wide ? std::optional<float>(static_cast<float>(*wide)) : std::nullopt;
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  float v = 0;
  auto r = std::from_chars(text.data(), text.data() + text.size(), v);
  // from_chars reports a value beyond float's range (or too small for one) as out of range.
  if (r.ec != std::errc() || r.ptr != text.data() + text.size()) return std::nullopt;
  return v;
}

std::string FormatDouble(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof(buf), value);
  return std::string(buf, r.ptr);
}

std::optional<bool> ParseBool(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "true" || lower == "t" || lower == "1" || lower == "yes" || lower == "y") return true;
  if (lower == "false" || lower == "f" || lower == "0" || lower == "no" || lower == "n") return false;
  return std::nullopt;
}

}  // namespace orbit
