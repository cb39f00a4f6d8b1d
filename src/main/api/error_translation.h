// How the public API turns the engine's Status and exceptions into orbit::Error, so that
// nothing the engine throws reaches a caller of include/orbit/ (DESIGN rule 6).
#pragma once

#include <exception>
#include <new>
#include <string>
#include <utility>

#include "common/memory_account.h"
#include "common/status.h"
#include "orbit/error.h"

namespace orbit::api {

/// The public error for an engine status (an OK status gives an OK error).
Error ToError(const Status& status);
/// The engine status for a public error; Error::ToString prints through it, so the two
/// always spell an error alike.
Status ToStatus(const Error& error);

inline Expected<void> FromStatus(const Status& status) { return ToError(status); }

/// Runs `fn`, which returns an Expected<...>, and turns any exception it throws into that
/// Expected's error.
template <typename Fn>
auto Guarded(Fn&& fn) noexcept -> decltype(fn()) {
  using Returned = decltype(fn());
  try {
    return std::forward<Fn>(fn)();
  } catch (const std::bad_alloc& error) {
    // Over memory_limit or process_memory_limit outside a statement's own handling: that
    // limit's error; else the allocator's.
    return Returned(ToError(OutOfMemoryStatus(error)));
  } catch (const std::exception& e) {
    return Returned(Error(ErrorCode::kInternal, std::string("internal error: ") + e.what()));
  } catch (...) {
    return Returned(Error(ErrorCode::kInternal, "internal error: unknown exception"));
  }
}

}  // namespace orbit::api
