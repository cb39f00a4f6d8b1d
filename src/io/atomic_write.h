// Writing a file so that it is there whole or not at all: the writer fills a temporary
// file beside the target, which is synced and renamed over it only when the writer
// succeeded. A failed or interrupted COPY ... TO leaves no half file.
#pragma once

#include <functional>
#include <string>

#include "common/status.h"

namespace orbit {

/// Calls `write` with a temporary path in `path`'s folder; on success renames it to
/// `path`, otherwise removes it and returns the writer's error.
Status WriteAtomically(const std::string& path, const std::function<Status(const std::string& temporary)>& write);

}  // namespace orbit
