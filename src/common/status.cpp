#include "common/status.h"

namespace orbit {

std::string Status::ToString() const {
  const char* prefix = "";
  switch (code_) {
    case StatusCode::kOk: return "OK";
    case StatusCode::kSyntaxError: prefix = "Syntax error: "; break;
    case StatusCode::kBindError: prefix = "Binder error: "; break;
    case StatusCode::kTypeError: prefix = "Type error: "; break;
    case StatusCode::kNotSupported: prefix = "Error: "; break;
    case StatusCode::kInvalidData: prefix = "Invalid data: "; break;
    case StatusCode::kOutOfRange: prefix = "Out of range: "; break;
    case StatusCode::kIOError: prefix = "IO error: "; break;
    case StatusCode::kInvalidArgument: prefix = "Invalid argument: "; break;
    case StatusCode::kDeviceError: prefix = "Device error: "; break;
    case StatusCode::kOutOfMemory: prefix = "Out of memory: "; break;
    case StatusCode::kCancelled: prefix = "Cancelled: "; break;
    case StatusCode::kConstraint:
    case StatusCode::kUniqueViolation: prefix = "Constraint violation: "; break;
    case StatusCode::kInternal: prefix = ""; break;
  }
  return prefix + message_;
}

const char* SqlState(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return "00000";
    case StatusCode::kSyntaxError: return "42601";
    case StatusCode::kBindError: return "42P01";
    case StatusCode::kTypeError: return "42804";
    case StatusCode::kNotSupported: return "0A000";
    case StatusCode::kInvalidData: return "22P02";
    case StatusCode::kOutOfRange: return "22003";
    case StatusCode::kIOError: return "58030";
    case StatusCode::kInvalidArgument: return "22023";
    case StatusCode::kDeviceError: return "58000";
    case StatusCode::kOutOfMemory: return "53200";
    case StatusCode::kCancelled: return "57014";
    case StatusCode::kConstraint: return "23502";  // not_null_violation
    case StatusCode::kUniqueViolation: return "23505";
    case StatusCode::kInternal: return "XX000";
  }
  return "XX000";
}

}  // namespace orbit
