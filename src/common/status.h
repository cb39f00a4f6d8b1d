// Status and Result<T>: how every library function reports failure (DESIGN rule 6).
// A user error (bad SQL, bad data) carries a message the user can act on; an internal
// error is a bug in Orbit and says so.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

#include <fmt/format.h>

namespace orbit {

enum class StatusCode {
  kOk,
  kSyntaxError,           // SQL that does not parse
  kBindError,             // unknown table/column, ambiguous names
  kTypeError,             // an expression whose types do not fit
  kNotSupported,          // valid SQL that Orbit does not run yet
  kInvalidData,           // a malformed file or value
  kOutOfRange,            // overflow, division by zero, a value out of its type's range
  kIOError,               // a file that cannot be opened or read
  kInvalidArgument,       // a bad option or setting
  kDeviceError,           // an accelerator failed (allocation, launch, build); the CPU can redo the work
  kOutOfMemory,           // an allocation failed, or a statement went over memory_limit
  kCancelled,             // the statement was cancelled (a request, statement_timeout)
  kConstraint,            // a row that breaks a table's constraint (a NULL in a NOT NULL column)
  kUniqueViolation,       // a row whose key a PRIMARY KEY or UNIQUE constraint already holds
  kInternal,              // a bug in Orbit
  kCheckViolation,        // a row for which a table's CHECK constraint is false
  kTransactionAborted,    // a statement in a transaction block that an error failed (until ROLLBACK)
  kLockNotAvailable,      // another session's transaction block holds the database's writes
  kSerializationFailure,  // a REPEATABLE READ/SERIALIZABLE block would write over a newer commit
  kNoActiveTransaction,   // SAVEPOINT, RELEASE, ROLLBACK TO outside a transaction block
  kInvalidSavepoint,      // RELEASE or ROLLBACK TO a savepoint the block does not have
  kReadOnlyTransaction,   // a change inside BEGIN READ ONLY
};

/// The five-character SQLSTATE PostgreSQL's clients expect for an error of `code`
/// ("57014" for a cancelled statement, "53200" for out of memory).
const char* SqlState(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status OK() { return {}; }
  template <typename... Args>
  static Status SyntaxError(fmt::format_string<Args...> f, Args&&... args) {
    return {StatusCode::kSyntaxError, fmt::format(f, std::forward<Args>(args)...)};
  }
  template <typename... Args>
  static Status BindError(fmt::format_string<Args...> f, Args&&... args) {
    return {StatusCode::kBindError, fmt::format(f, std::forward<Args>(args)...)};
  }
  template <typename... Args>
  static Status TypeError(fmt::format_string<Args...> f, Args&&... args) {
    return {StatusCode::kTypeError, fmt::format(f, std::forward<Args>(args)...)};
  }
  /// Message becomes "not supported yet: <what>".
  template <typename... Args>
  static Status NotSupported(fmt::format_string<Args...> f, Args&&... args) {
    return {StatusCode::kNotSupported, "not supported yet: " + fmt::format(f, std::forward<Args>(args)...)};
  }
  template <typename... Args>
  static Status InvalidData(fmt::format_string<Args...> f, Args&&... args) {
    return {StatusCode::kInvalidData, fmt::format(f, std::forward<Args>(args)...)};
  }
  template <typename... Args>
  static Status OutOfRange(fmt::format_string<Args...> f, Args&&... args) {
    return {StatusCode::kOutOfRange, fmt::format(f, std::forward<Args>(args)...)};
  }
  template <typename... Args>
  static Status IOError(fmt::format_string<Args...> f, Args&&... args) {
    return {StatusCode::kIOError, fmt::format(f, std::forward<Args>(args)...)};
  }
  template <typename... Args>
  static Status InvalidArgument(fmt::format_string<Args...> f, Args&&... args) {
    return {StatusCode::kInvalidArgument, fmt::format(f, std::forward<Args>(args)...)};
  }
  template <typename... Args>
  static Status DeviceError(fmt::format_string<Args...> f, Args&&... args) {
    return {StatusCode::kDeviceError, fmt::format(f, std::forward<Args>(args)...)};
  }
  template <typename... Args>
  static Status OutOfMemory(fmt::format_string<Args...> f, Args&&... args) {
    return {StatusCode::kOutOfMemory, fmt::format(f, std::forward<Args>(args)...)};
  }
  template <typename... Args>
  static Status Cancelled(fmt::format_string<Args...> f, Args&&... args) {
    return {StatusCode::kCancelled, fmt::format(f, std::forward<Args>(args)...)};
  }
  template <typename... Args>
  static Status Constraint(fmt::format_string<Args...> f, Args&&... args) {
    return {StatusCode::kConstraint, fmt::format(f, std::forward<Args>(args)...)};
  }
  template <typename... Args>
  static Status UniqueViolation(fmt::format_string<Args...> f, Args&&... args) {
    return {StatusCode::kUniqueViolation, fmt::format(f, std::forward<Args>(args)...)};
  }
  template <typename... Args>
  static Status CheckViolation(fmt::format_string<Args...> f, Args&&... args) {
    return {StatusCode::kCheckViolation, fmt::format(f, std::forward<Args>(args)...)};
  }
  template <typename... Args>
  static Status Internal(fmt::format_string<Args...> f, Args&&... args) {
    return {StatusCode::kInternal, "internal error: " + fmt::format(f, std::forward<Args>(args)...)};
  }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  /// "Syntax error: ...", "Binder error: ..." — what the shell prints.
  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}         // NOLINT(google-explicit-constructor)
  Result(Status status) : status_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    // A Result holds a value or an error: an OK Status without a value is a bug upstream.
    if (status_.ok()) status_ = Status::Internal("a Result was made from an OK Status");
  }

  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T& operator*() & { return *value_; }
  T&& operator*() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace orbit

#define ORBIT_CONCAT_INNER(a, b) a##b
#define ORBIT_CONCAT(a, b) ORBIT_CONCAT_INNER(a, b)

#define ORBIT_RETURN_IF_ERROR(expr)                \
  do {                                             \
    ::orbit::Status orbit_status_ = (expr);        \
    if (!orbit_status_.ok()) return orbit_status_; \
  } while (false)

#define ORBIT_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                \
  if (!tmp.ok()) return tmp.status();               \
  lhs = std::move(tmp).value()

#define ORBIT_ASSIGN_OR_RETURN(lhs, expr) ORBIT_ASSIGN_OR_RETURN_IMPL(ORBIT_CONCAT(orbit_result_, __LINE__), lhs, expr)
