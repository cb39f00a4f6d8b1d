#include "common/check.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace orbit {

namespace {

std::atomic<bool>& AbortFlag() {
  static std::atomic<bool> flag = [] {
    const char* env = std::getenv("ORBIT_CHECK_ABORT");
    return env != nullptr && std::strcmp(env, "1") == 0;
  }();
  return flag;
}

}  // namespace

void SetCheckFailuresAbort(bool abort) { AbortFlag() = abort; }

namespace internal {

// The path from src/ on, not the build machine's absolute one.
const char* SourcePath(const char* file) {
  const char* from_src = std::strstr(file, "src/");
  return from_src != nullptr ? from_src : file;
}

Status CheckFailed(const char* file, int line, const char* condition, const std::string& message) {
  file = SourcePath(file);
  std::string text = fmt::format("{} ({}:{}: check {} failed)", message, file, line, condition);
  if (AbortFlag()) {
    std::fprintf(stderr, "orbit: internal error: %s\n", text.c_str());
    std::abort();
  }
  return Status::Internal("{}", text);
}

void DcheckFailed(const char* file, int line, const char* condition) {
  file = SourcePath(file);
  std::fprintf(stderr, "orbit: %s:%d: ORBIT_DCHECK(%s) failed\n", file, line, condition);
  std::abort();
}

}  // namespace internal
}  // namespace orbit
