#include "placement/cache_directory.h"

#include <cstdlib>

namespace orbit {

std::string PlacementCacheDirectory() {
  auto set = [](const char* name) -> const char* {
    const char* value = std::getenv(name);
    return value != nullptr && *value != '\0' ? value : nullptr;
  };
  if (const char* dir = set("ORBIT_CACHE_DIR")) return dir;
  if (const char* dir = set("XDG_CACHE_HOME")) return std::string(dir) + "/orbit";
  if (const char* home = set("HOME")) return std::string(home) + "/.cache/orbit";
  return "";
}

}  // namespace orbit
