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
    case StatusCode::kInternal: prefix = ""; break;
  }
  return prefix + message_;
}

}  // namespace orbit
