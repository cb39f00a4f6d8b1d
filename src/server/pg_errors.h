// Errors as PostgreSQL clients see them: an ErrorResponse (or NoticeResponse) with a
// severity, a SQLSTATE and a message. Orbit's error kinds give the SQLSTATE
// (orbit::Error::sqlstate()), refined where one kind covers several PostgreSQL codes
// (an unknown column is 42703, an unknown table 42P01; division by zero is 22012).
#pragma once

#include <string>
#include <string_view>

#include "orbit/error.h"

namespace orbit::server {

/// SQLSTATE codes the server raises itself.
namespace sqlstate {
inline constexpr const char* kProtocolViolation = "08P01";
inline constexpr const char* kInvalidPassword = "28P01";
inline constexpr const char* kInsufficientPrivilege = "42501";
inline constexpr const char* kQueryCanceled = "57014";
inline constexpr const char* kAdminShutdown = "57P01";
inline constexpr const char* kCannotConnectNow = "57P03";
inline constexpr const char* kProgramLimitExceeded = "54000";
inline constexpr const char* kTooManyConnections = "53300";
inline constexpr const char* kInternalError = "XX000";
inline constexpr const char* kInvalidAuthorization = "28000";
inline constexpr const char* kInvalidDatabase = "3D000";
inline constexpr const char* kFeatureNotSupported = "0A000";
inline constexpr const char* kSyntaxError = "42601";
inline constexpr const char* kDuplicatePreparedStatement = "42P05";
inline constexpr const char* kUndefinedPreparedStatement = "26000";
inline constexpr const char* kUndefinedCursor = "34000";
inline constexpr const char* kInFailedTransaction = "25P02";
inline constexpr const char* kInvalidParameterValue = "22023";
inline constexpr const char* kUndefinedParameter = "42704";
inline constexpr const char* kProtocolInvalidBinary = "22P03";
}  // namespace sqlstate

struct PgError {
  std::string severity = "ERROR";  ///< ERROR, FATAL (the connection closes) or, for notices, WARNING/NOTICE
  std::string sqlstate;
  std::string message;
};

/// The PostgreSQL error for an Orbit error.
PgError FromOrbitError(const Error& error);
/// The SQLSTATE for an Orbit error (see the header comment).
std::string SqlStateOf(const Error& error);
/// Appends an ErrorResponse ('E').
void WriteErrorResponse(std::string* out, const PgError& error);
/// Appends a NoticeResponse ('N').
void WriteNoticeResponse(std::string* out, const PgError& notice);

}  // namespace orbit::server
