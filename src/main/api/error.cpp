#include "orbit/error.h"

#include <array>
#include <utility>

#include "main/api/error_translation.h"

namespace orbit {

namespace api {

namespace {

// The engine's codes and the public ones, pair by pair (the public values are the C API's
// and Python's, so they never change; the engine's may).
constexpr std::array<std::pair<StatusCode, ErrorCode>, 22> kCodes = {{
    {StatusCode::kOk, ErrorCode::kOk},
    {StatusCode::kSyntaxError, ErrorCode::kSyntaxError},
    {StatusCode::kBindError, ErrorCode::kBindError},
    {StatusCode::kTypeError, ErrorCode::kTypeError},
    {StatusCode::kNotSupported, ErrorCode::kNotSupported},
    {StatusCode::kInvalidData, ErrorCode::kInvalidData},
    {StatusCode::kOutOfRange, ErrorCode::kOutOfRange},
    {StatusCode::kIOError, ErrorCode::kIOError},
    {StatusCode::kInvalidArgument, ErrorCode::kInvalidArgument},
    {StatusCode::kDeviceError, ErrorCode::kDeviceError},
    {StatusCode::kOutOfMemory, ErrorCode::kOutOfMemory},
    {StatusCode::kCancelled, ErrorCode::kCancelled},
    {StatusCode::kConstraint, ErrorCode::kConstraint},
    {StatusCode::kUniqueViolation, ErrorCode::kUniqueViolation},
    {StatusCode::kInternal, ErrorCode::kInternal},
    {StatusCode::kCheckViolation, ErrorCode::kCheckViolation},
    {StatusCode::kTransactionAborted, ErrorCode::kTransactionAborted},
    {StatusCode::kLockNotAvailable, ErrorCode::kLockNotAvailable},
    {StatusCode::kSerializationFailure, ErrorCode::kSerializationFailure},
    {StatusCode::kNoActiveTransaction, ErrorCode::kNoActiveTransaction},
    {StatusCode::kInvalidSavepoint, ErrorCode::kInvalidSavepoint},
    {StatusCode::kReadOnlyTransaction, ErrorCode::kReadOnlyTransaction},
}};

}  // namespace

Error ToError(const Status& status) {
  if (status.ok()) return Error();
  for (const auto& [engine, public_code] : kCodes) {
    if (engine == status.code()) return Error(public_code, status.message());
  }
  return Error(ErrorCode::kInternal, status.message());
}

Status ToStatus(const Error& error) {
  if (error.ok()) return Status::OK();
  for (const auto& [engine, public_code] : kCodes) {
    if (public_code == error.code()) return Status(engine, error.message());
  }
  return Status(StatusCode::kInternal, error.message());
}

}  // namespace api

const char* Error::sqlstate() const noexcept { return SqlState(api::ToStatus(*this).code()); }

std::string Error::ToString() const { return api::ToStatus(*this).ToString(); }

}  // namespace orbit
