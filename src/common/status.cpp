#include "common/status.h"

#include <array>

namespace orbit {

namespace {

// What each code prints before its message and the SQLSTATE PostgreSQL's clients expect,
// in StatusCode's order.
struct CodeInfo {
  StatusCode code;
  const char* prefix;
  const char* sqlstate;
};

constexpr std::array kCodes = {
    CodeInfo{StatusCode::kOk, "", "00000"},
    CodeInfo{StatusCode::kSyntaxError, "Syntax error: ", "42601"},
    CodeInfo{StatusCode::kBindError, "Binder error: ", "42P01"},
    CodeInfo{StatusCode::kTypeError, "Type error: ", "42804"},
    CodeInfo{StatusCode::kNotSupported, "Error: ", "0A000"},
    CodeInfo{StatusCode::kInvalidData, "Invalid data: ", "22P02"},
    CodeInfo{StatusCode::kOutOfRange, "Out of range: ", "22003"},
    CodeInfo{StatusCode::kIOError, "IO error: ", "58030"},
    CodeInfo{StatusCode::kInvalidArgument, "Invalid argument: ", "22023"},
    CodeInfo{StatusCode::kDeviceError, "Device error: ", "58000"},
    CodeInfo{StatusCode::kOutOfMemory, "Out of memory: ", "53200"},
    CodeInfo{StatusCode::kCancelled, "Cancelled: ", "57014"},
    CodeInfo{StatusCode::kConstraint, "Constraint violation: ", "23502"},  // not_null_violation
    CodeInfo{StatusCode::kUniqueViolation, "Constraint violation: ", "23505"},
    CodeInfo{StatusCode::kInternal, "", "XX000"},
    CodeInfo{StatusCode::kCheckViolation, "Constraint violation: ", "23514"},
    CodeInfo{StatusCode::kTransactionAborted, "Transaction error: ", "25P02"},  // in_failed_sql_transaction
    CodeInfo{StatusCode::kLockNotAvailable, "Transaction error: ", "55P03"},
    CodeInfo{StatusCode::kSerializationFailure, "Transaction error: ", "40001"},
    CodeInfo{StatusCode::kNoActiveTransaction, "Transaction error: ", "25P01"},
    CodeInfo{StatusCode::kInvalidSavepoint, "Transaction error: ", "3B001"},
    CodeInfo{StatusCode::kReadOnlyTransaction, "Transaction error: ", "25006"},
};

constexpr bool InOrder() {
  for (size_t i = 0; i < kCodes.size(); ++i) {
    if (static_cast<size_t>(kCodes[i].code) != i) return false;
  }
  return true;
}
static_assert(InOrder(), "kCodes lists every StatusCode in its order");

const CodeInfo& Info(StatusCode code) {
  const auto i = static_cast<size_t>(code);
  return i < kCodes.size() ? kCodes[i] : kCodes[static_cast<size_t>(StatusCode::kInternal)];
}

}  // namespace

std::string Status::ToString() const {
  if (code_ == StatusCode::kOk) return "OK";
  return Info(code_).prefix + message_;
}

const char* SqlState(StatusCode code) { return Info(code).sqlstate; }

}  // namespace orbit
