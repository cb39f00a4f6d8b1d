// A scratch file per fuzzing process for the readers that take a path: each input is
// written to it whole before the reader opens it. Fuzz targets only.
#pragma once

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

namespace orbit::fuzz {

/// The scratch file's path ("<temp>/orbit-<what>-<pid>/<file name>"); its folder exists.
inline std::string ScratchPath(const std::string& what, const std::string& file_name) {
  const std::filesystem::path folder =
      std::filesystem::temp_directory_path() / ("orbit-" + what + "-" + std::to_string(::getpid()));
  std::filesystem::create_directories(folder);
  return (folder / file_name).string();
}

/// Replaces the file at `path` with exactly `size` bytes of `data`.
inline void WriteWhole(const std::string& path, const uint8_t* data, size_t size) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
}

}  // namespace orbit::fuzz
