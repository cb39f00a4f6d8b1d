#include "server/pg_numeric.h"

#include <cstdint>
#include <vector>

#include "server/pg_wire.h"

namespace orbit::server {

namespace {

constexpr uint16_t kPositive = 0x0000;
constexpr uint16_t kNegative = 0x4000;
constexpr int kMaxGroups = 1000;  // well past the 38 digits of Orbit's DECIMAL

bool AllDigits(std::string_view text) { return text.find_first_not_of("0123456789") == std::string_view::npos; }

}  // namespace

std::optional<std::string> NumericToBinary(std::string_view text) {
  const bool negative = !text.empty() && text[0] == '-';
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) text.remove_prefix(1);
  const size_t point = text.find('.');
  std::string integer(text.substr(0, point));
  std::string fraction(point == std::string_view::npos ? std::string_view() : text.substr(point + 1));
  if ((integer.empty() && fraction.empty()) || !AllDigits(integer) || !AllDigits(fraction)) return std::nullopt;
  const auto scale = static_cast<int16_t>(fraction.size());
  integer.erase(0,
                integer.find_first_not_of('0') == std::string::npos ? integer.size() : integer.find_first_not_of('0'));
  integer.insert(0, (4 - integer.size() % 4) % 4, '0');
  fraction.append((4 - fraction.size() % 4) % 4, '0');
  const std::string all = integer + fraction;
  std::vector<int16_t> groups;
  for (size_t i = 0; i < all.size(); i += 4) groups.push_back(static_cast<int16_t>(std::stoi(all.substr(i, 4))));
  auto weight = static_cast<int16_t>(integer.size() / 4 - 1);
  size_t first = 0;
  while (first < groups.size() && groups[first] == 0) {
    ++first;
    --weight;
  }
  groups.erase(groups.begin(), groups.begin() + static_cast<std::ptrdiff_t>(first));
  while (!groups.empty() && groups.back() == 0) groups.pop_back();
  if (groups.empty()) weight = 0;
  std::string out;
  AppendInt16(&out, static_cast<int16_t>(groups.size()));
  AppendInt16(&out, weight);
  AppendInt16(&out, static_cast<int16_t>(groups.empty() || !negative ? kPositive : kNegative));
  AppendInt16(&out, scale);
  for (int16_t group : groups) AppendInt16(&out, group);
  return out;
}

std::optional<std::string> NumericFromBinary(std::string_view bytes) {
  MessageReader reader(bytes);
  const int16_t count = reader.Int16();
  const int16_t weight = reader.Int16();
  const auto sign = static_cast<uint16_t>(reader.Int16());
  const int16_t scale = reader.Int16();
  std::vector<int16_t> groups;
  for (int i = 0; i < count && reader.ok(); ++i) groups.push_back(reader.Int16());
  if (!reader.finished() || count < 0 || scale < 0 || (sign != kPositive && sign != kNegative) || weight > kMaxGroups ||
      weight < -kMaxGroups) {
    return std::nullopt;
  }
  for (int16_t group : groups) {
    if (group < 0 || group > 9999) return std::nullopt;
  }
  auto group_at = [&](int index) { return index >= 0 && index < count ? groups[index] : int16_t{0}; };
  auto four_digits = [](int16_t group) {
    std::string digits = std::to_string(group);
    return std::string(4 - digits.size(), '0') + digits;
  };
  std::string integer;
  for (int exponent = weight; exponent >= 0; --exponent) integer += four_digits(group_at(weight - exponent));
  integer.erase(0,
                integer.find_first_not_of('0') == std::string::npos ? integer.size() : integer.find_first_not_of('0'));
  if (integer.empty()) integer = "0";
  std::string fraction;
  for (int j = 1; static_cast<int>(fraction.size()) < scale; ++j) fraction += four_digits(group_at(weight + j));
  fraction.resize(static_cast<size_t>(scale));
  std::string out = sign == kNegative ? "-" + integer : integer;
  if (!fraction.empty()) out += "." + fraction;
  return out;
}

}  // namespace orbit::server
