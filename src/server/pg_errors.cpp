#include "server/pg_errors.h"

#include "server/pg_wire.h"

namespace orbit::server {

namespace {

bool Contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

// A binder error names what is wrong in its first words: column "x" does not exist, ...
std::string BindErrorState(std::string_view message) {
  const bool missing = Contains(message, "does not exist");
  const bool exists = Contains(message, "already exists");
  if (message.starts_with("schema ")) {
    if (missing) return "3F000";  // invalid_schema_name
    if (exists) return "42P06";   // duplicate_schema
  }
  if (message.starts_with("no schema has been selected")) return "3F000";
  if (message.starts_with("cannot drop schema")) return "2BP01";        // dependent_objects_still_exist
  if (message.starts_with("unacceptable schema name")) return "42939";  // reserved_name
  if (message.starts_with("column ")) {
    if (missing) return "42703";                        // undefined_column
    if (exists) return "42701";                         // duplicate_column
    if (Contains(message, "GROUP BY")) return "42803";  // grouping_error
  }
  if (message.starts_with("table ") || message.starts_with("view ") || message.starts_with("relation ")) {
    if (missing) return "42P01";  // undefined_table
    if (exists) return "42P07";   // duplicate_table
  }
  if (Contains(message, "function") && missing) return "42883";  // undefined_function
  if (Contains(message, "ambiguous")) return "42702";            // ambiguous_column
  if (missing) return "42P01";
  return "42000";  // syntax_error_or_access_rule_violation
}

void WriteFields(std::string* out, char type, const PgError& error) {
  MessageWriter message(out, type);
  message.Byte('S');
  message.String(error.severity);
  message.Byte('V');
  message.String(error.severity);
  message.Byte('C');
  message.String(error.sqlstate);
  message.Byte('M');
  message.String(error.message);
  message.Byte('\0');
  message.Finish();
}

}  // namespace

std::string SqlStateOf(const Error& error) {
  const std::string& message = error.message();
  switch (error.code()) {
    case ErrorCode::kBindError: return BindErrorState(message);
    case ErrorCode::kOutOfRange:
      if (Contains(message, "division by zero")) return "22012";
      // PostgreSQL's datetime_field_overflow and interval_field_overflow.
      if (Contains(message, "interval field value out of range")) return "22015";
      if (Contains(message, "interval out of range") || Contains(message, "timestamp out of range")) return "22008";
      return "22003";
    case ErrorCode::kInvalidData:
      if (Contains(message, "invalid input syntax for type interval")) return "22007";
      break;
    case ErrorCode::kTypeError:
      if (Contains(message, "function") && Contains(message, "does not exist")) return "42883";
      break;
    case ErrorCode::kInvalidArgument:
      if (Contains(message, "unrecognized setting") || Contains(message, "unrecognized configuration parameter")) {
        return sqlstate::kUndefinedParameter;
      }
      if (message.starts_with("permission denied: ")) return sqlstate::kInsufficientPrivilege;
      if (message.starts_with("current transaction is aborted")) return sqlstate::kInFailedTransaction;
      if (message.starts_with("cursor \"") && Contains(message, "does not exist")) return sqlstate::kUndefinedCursor;
      if (message.starts_with("cursor \"") && Contains(message, "already exists")) return "42P03";
      if (message.starts_with("cursor can only scan")) return "42P11";
      if (Contains(message, "can only be used in transaction blocks")) return "25P01";
      if (Contains(message, "cannot be changed")) return "55P02";
      break;
    default: break;
  }
  return error.sqlstate();
}

PgError FromOrbitError(const Error& error) { return PgError{"ERROR", SqlStateOf(error), error.message()}; }

void WriteErrorResponse(std::string* out, const PgError& error) { WriteFields(out, 'E', error); }

void WriteNoticeResponse(std::string* out, const PgError& notice) { WriteFields(out, 'N', notice); }

}  // namespace orbit::server
