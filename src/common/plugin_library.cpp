#include "common/plugin_library.h"

#include <dlfcn.h>

#include <cstdlib>
#include <filesystem>
#include <vector>

namespace orbit {

namespace {

std::string DirectoryOf(const std::string& path) {
  return path.empty() ? "" : std::filesystem::path(path).parent_path().string();
}

/// Where the plugin may be, most specific first.
std::vector<std::string> Candidates(const char* env_var, const char* file_name, const void* anchor) {
  if (const char* path = std::getenv(env_var)) return {path};
  std::vector<std::string> candidates;
  std::error_code error;
  const auto executable = std::filesystem::read_symlink("/proc/self/exe", error);
  if (!error) candidates.push_back(DirectoryOf(executable.string()) + "/" + file_name);
  Dl_info info{};
  if (dladdr(anchor, &info) != 0 && info.dli_fname != nullptr) {
    const std::string library_dir = DirectoryOf(info.dli_fname);
    if (!library_dir.empty()) candidates.push_back(library_dir + "/" + file_name);
  }
  candidates.emplace_back(file_name);  // LD_LIBRARY_PATH, RUNPATH and the system's directories
  return candidates;
}

}  // namespace

OpenedPlugin OpenPlugin(const char* env_var, const char* file_name, const void* anchor) {
  OpenedPlugin opened;
  for (const std::string& candidate : Candidates(env_var, file_name, anchor)) {
    const bool is_path = candidate.find('/') != std::string::npos;
    if (is_path && !std::filesystem::exists(candidate)) continue;
    opened.handle = dlopen(candidate.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (opened.handle != nullptr) break;
    if (is_path && opened.error.empty()) opened.error = dlerror();
  }
  return opened;
}

}  // namespace orbit
