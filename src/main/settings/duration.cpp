#include "main/settings/duration.h"

#include <array>
#include <cctype>
#include <charconv>
#include <limits>
#include <string_view>

namespace orbit {

namespace {

struct Unit {
  std::string_view name;
  int64_t millis;
};
// Largest first: FormatDuration picks the first unit that divides the value.
constexpr std::array<Unit, 5> kUnits{{{"d", 86'400'000}, {"h", 3'600'000}, {"min", 60'000}, {"s", 1000}, {"ms", 1}}};

}  // namespace

Result<std::chrono::milliseconds> ParseDuration(const std::string& text, const char* setting) {
  auto invalid = [&] {
    return Status::InvalidArgument("{} must be a duration such as '5s', '250ms' or '2min' (0 for none), got '{}'",
                                   setting, text);
  };
  std::string_view rest = text;
  while (!rest.empty() && std::isspace(static_cast<unsigned char>(rest.front()))) rest.remove_prefix(1);
  int64_t amount = 0;
  auto [end, error] = std::from_chars(rest.data(), rest.data() + rest.size(), amount);
  if (error != std::errc() || amount < 0) return invalid();
  rest.remove_prefix(static_cast<size_t>(end - rest.data()));
  while (!rest.empty() && std::isspace(static_cast<unsigned char>(rest.front()))) rest.remove_prefix(1);
  while (!rest.empty() && std::isspace(static_cast<unsigned char>(rest.back()))) rest.remove_suffix(1);
  int64_t unit = 1;
  if (!rest.empty()) {
    unit = 0;
    for (const Unit& u : kUnits) {
      if (rest == u.name) unit = u.millis;
    }
    if (unit == 0) return invalid();
  }
  if (amount > std::numeric_limits<int64_t>::max() / unit) return invalid();
  return std::chrono::milliseconds(amount * unit);
}

std::string FormatDuration(std::chrono::milliseconds duration) {
  const int64_t millis = duration.count();
  if (millis == 0) return "0";
  for (const Unit& u : kUnits) {
    if (millis % u.millis == 0) return std::to_string(millis / u.millis) + std::string(u.name);
  }
  return std::to_string(millis) + "ms";
}

}  // namespace orbit
