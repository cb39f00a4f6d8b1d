#include "orbit/error.h"

#include "main/api/error_translation.h"

namespace orbit {

namespace api {

Error ToError(const Status& status) {
  ErrorCode code = ErrorCode::kInternal;
  switch (status.code()) {
    case StatusCode::kOk: return Error();
    case StatusCode::kSyntaxError: code = ErrorCode::kSyntaxError; break;
    case StatusCode::kBindError: code = ErrorCode::kBindError; break;
    case StatusCode::kTypeError: code = ErrorCode::kTypeError; break;
    case StatusCode::kNotSupported: code = ErrorCode::kNotSupported; break;
    case StatusCode::kInvalidData: code = ErrorCode::kInvalidData; break;
    case StatusCode::kOutOfRange: code = ErrorCode::kOutOfRange; break;
    case StatusCode::kIOError: code = ErrorCode::kIOError; break;
    case StatusCode::kInvalidArgument: code = ErrorCode::kInvalidArgument; break;
    case StatusCode::kDeviceError: code = ErrorCode::kDeviceError; break;
    case StatusCode::kOutOfMemory: code = ErrorCode::kOutOfMemory; break;
    case StatusCode::kCancelled: code = ErrorCode::kCancelled; break;
    case StatusCode::kConstraint: code = ErrorCode::kConstraint; break;
    case StatusCode::kUniqueViolation: code = ErrorCode::kUniqueViolation; break;
    case StatusCode::kInternal: code = ErrorCode::kInternal; break;
  }
  return Error(code, status.message());
}

Status ToStatus(const Error& error) {
  StatusCode code = StatusCode::kInternal;
  switch (error.code()) {
    case ErrorCode::kOk: return Status::OK();
    case ErrorCode::kSyntaxError: code = StatusCode::kSyntaxError; break;
    case ErrorCode::kBindError: code = StatusCode::kBindError; break;
    case ErrorCode::kTypeError: code = StatusCode::kTypeError; break;
    case ErrorCode::kNotSupported: code = StatusCode::kNotSupported; break;
    case ErrorCode::kInvalidData: code = StatusCode::kInvalidData; break;
    case ErrorCode::kOutOfRange: code = StatusCode::kOutOfRange; break;
    case ErrorCode::kIOError: code = StatusCode::kIOError; break;
    case ErrorCode::kInvalidArgument: code = StatusCode::kInvalidArgument; break;
    case ErrorCode::kDeviceError: code = StatusCode::kDeviceError; break;
    case ErrorCode::kOutOfMemory: code = StatusCode::kOutOfMemory; break;
    case ErrorCode::kCancelled: code = StatusCode::kCancelled; break;
    case ErrorCode::kConstraint: code = StatusCode::kConstraint; break;
    case ErrorCode::kUniqueViolation: code = StatusCode::kUniqueViolation; break;
    case ErrorCode::kInternal: code = StatusCode::kInternal; break;
  }
  return Status(code, error.message());
}

}  // namespace api

const char* Error::sqlstate() const noexcept { return SqlState(api::ToStatus(*this).code()); }

std::string Error::ToString() const { return api::ToStatus(*this).ToString(); }

}  // namespace orbit
