#include "common/memory_size.h"

#include <unistd.h>

#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <string_view>

namespace orbit {

namespace {

struct Unit {
  std::string_view name;  // lower-case
  uint64_t bytes;
};
constexpr uint64_t kKiB = 1024;
constexpr std::array<Unit, 10> kUnits{{{"b", 1},
                                       {"bytes", 1},
                                       {"kb", kKiB},
                                       {"kib", kKiB},
                                       {"mb", kKiB* kKiB},
                                       {"mib", kKiB* kKiB},
                                       {"gb", kKiB* kKiB* kKiB},
                                       {"gib", kKiB* kKiB* kKiB},
                                       {"tb", kKiB* kKiB* kKiB* kKiB},
                                       {"tib", kKiB* kKiB* kKiB* kKiB}}};

std::string_view Trimmed(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

}  // namespace

Result<uint64_t> ParseMemorySize(const std::string& text, const char* setting) {
  auto invalid = [&] {
    return Status::InvalidArgument(
        "{} must be a memory size such as '512MB', '1GB' or '80%' (of physical memory; 0 for none), got '{}'", setting,
        text);
  };
  std::string_view rest = Trimmed(text);
  double amount = 0;
  auto [end, error] = std::from_chars(rest.data(), rest.data() + rest.size(), amount);
  if (error != std::errc() || !std::isfinite(amount) || amount < 0) return invalid();
  rest = Trimmed(rest.substr(static_cast<size_t>(end - rest.data())));
  if (rest.empty()) {
    if (amount == 0) return uint64_t{0};
    return invalid();  // PostgreSQL would read kilobytes, DuckDB bytes: a unit says which
  }
  double bytes = 0;
  if (rest == "%") {
    if (amount > 100) return invalid();
    bytes = amount / 100 * static_cast<double>(PhysicalMemoryBytes());
  } else {
    std::string unit(rest);
    for (char& c : unit) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    uint64_t scale = 0;
    for (const Unit& u : kUnits) {
      if (unit == u.name) scale = u.bytes;
    }
    if (scale == 0) return invalid();
    bytes = amount * static_cast<double>(scale);
  }
  if (bytes >= 18446744073709549568.0) return invalid();  // the largest double below 2^64
  return static_cast<uint64_t>(std::llround(bytes));
}

std::string FormatMemorySize(uint64_t bytes) {
  if (bytes == 0) return "0";
  if (bytes < kKiB) return fmt::format("{} bytes", bytes);
  static constexpr std::array<std::string_view, 5> kNames{"KiB", "MiB", "GiB", "TiB", "PiB"};
  double value = static_cast<double>(bytes) / kKiB;
  size_t unit = 0;
  while (value >= 1024 && unit + 1 < kNames.size()) {
    value /= 1024;
    ++unit;
  }
  return fmt::format("{:.1f} {}", value, kNames[unit]);
}

uint64_t PhysicalMemoryBytes() {
  const long pages = sysconf(_SC_PHYS_PAGES);
  const long page_size = sysconf(_SC_PAGESIZE);
  if (pages <= 0 || page_size <= 0) return 0;
  return static_cast<uint64_t>(pages) * static_cast<uint64_t>(page_size);
}

}  // namespace orbit
