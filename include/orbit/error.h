// How the public C++ API reports failure: every call that can fail returns an
// Expected<T> (a value or an Error) and never throws; exceptions inside the engine are
// translated into an Error before they reach the caller (out of memory included).
#pragma once

#include <optional>
#include <string>
#include <utility>

#include "orbit/export.h"

namespace orbit {

/// @brief What kind of failure an Error is.
enum class ErrorCode {
  kOk = 0,
  kSyntaxError,           ///< SQL that does not parse
  kBindError,             ///< an unknown table or column, an ambiguous name
  kTypeError,             ///< an expression whose types do not fit
  kNotSupported,          ///< valid SQL that Orbit does not run yet
  kInvalidData,           ///< a malformed file or value
  kOutOfRange,            ///< overflow, division by zero, a value out of its type's range
  kIOError,               ///< a file that cannot be opened or read
  kInvalidArgument,       ///< a bad option, setting or argument
  kDeviceError,           ///< an accelerator failed and the statement could not fall back
  kOutOfMemory,           ///< memory ran out
  kInternal,              ///< a bug in Orbit
  kCancelled,             ///< the statement was cancelled (Connection::Interrupt, statement_timeout)
  kConstraint,            ///< a row breaks a table's constraint (a NULL in a NOT NULL column)
  kUniqueViolation,       ///< a row's key is already in the table (PRIMARY KEY, UNIQUE; SQLSTATE 23505)
  kCheckViolation,        ///< a row for which a CHECK constraint is false (SQLSTATE 23514)
  kTransactionAborted,    ///< a statement in a failed transaction block, before ROLLBACK (25P02)
  kLockNotAvailable,      ///< another session's transaction block holds the writes (55P03)
  kSerializationFailure,  ///< a REPEATABLE READ/SERIALIZABLE block would overwrite a newer commit (40001)
  kNoActiveTransaction,   ///< SAVEPOINT, RELEASE or ROLLBACK TO outside a transaction block (25P01)
  kInvalidSavepoint,      ///< RELEASE or ROLLBACK TO a savepoint the block does not have (3B001)
  kReadOnlyTransaction,   ///< a change inside BEGIN READ ONLY (25006)
};

/// @brief A failure: its kind and a message a user can act on. A default-constructed
/// Error means success.
class ORBIT_EXPORT Error {
 public:
  Error() = default;
  /// @brief An error of kind `code` saying `message`.
  Error(ErrorCode code, std::string message) : code_(code), message_(std::move(message)) {}

  /// @return true when this is no error at all
  bool ok() const noexcept { return code_ == ErrorCode::kOk; }
  /// @return the kind of failure
  ErrorCode code() const noexcept { return code_; }
  /// @return the message, without the kind's prefix
  const std::string& message() const noexcept { return message_; }
  /// @return the SQLSTATE a PostgreSQL client would get: "57014" for a cancelled
  /// statement, "53200" for out of memory, "00000" for success
  const char* sqlstate() const noexcept;
  /// @return the text the orbit shell prints, e.g. "Binder error: table \"t\" does not exist"
  std::string ToString() const;

 private:
  ErrorCode code_ = ErrorCode::kOk;
  std::string message_;
};

/// @brief The result of a call that can fail: a T, or an Error (in the manner of C++23's
/// std::expected). Check ok() before reading the value.
template <typename T>
class [[nodiscard]] Expected {
 public:
  /// @brief A success holding `value`.
  Expected(T value) : value_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  /// @brief A failure; an OK `error` is turned into an internal error, never a success.
  Expected(Error error) : error_(std::move(error)) {  // NOLINT(google-explicit-constructor)
    if (error_.ok()) error_ = Error(ErrorCode::kInternal, "internal error: a failure without an error");
  }

  /// @return true when this holds a value
  bool ok() const noexcept { return value_.has_value(); }
  /// @return the error; an OK Error when this holds a value
  const Error& error() const noexcept { return error_; }
  /// @return the value; only valid when ok()
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }
  T&& operator*() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }

 private:
  std::optional<T> value_;
  Error error_;
};

/// @brief The result of a call that returns nothing but can fail.
template <>
class [[nodiscard]] Expected<void> {
 public:
  /// @brief A success.
  Expected() = default;
  /// @brief `error`: a failure, or a success when `error` is OK.
  Expected(Error error) : error_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  /// @return true on success
  bool ok() const noexcept { return error_.ok(); }
  /// @return the error; an OK Error on success
  const Error& error() const noexcept { return error_; }

 private:
  Error error_;
};

}  // namespace orbit
