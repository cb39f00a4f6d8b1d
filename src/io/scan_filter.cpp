#include "io/scan_filter.h"

#include <fmt/format.h>

namespace orbit {

std::string ScanFilter::ToString(const std::string& column_name) const {
  static constexpr const char* kOps[] = {"=", "<", "<=", ">", ">="};
  return fmt::format("{} {} {}", column_name, kOps[static_cast<int>(op)], constant.ToSql());
}

}  // namespace orbit
