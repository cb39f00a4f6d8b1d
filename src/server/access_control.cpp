#include "server/access_control.h"

#include <string>

namespace orbit::server {

namespace {

constexpr std::string_view kDenied = "permission denied: ";

}  // namespace

bool Allows(Role role, StatementAccess access) {
  switch (access) {
    case StatementAccess::kRead: return true;
    case StatementAccess::kWrite: return role == Role::kWriter || role == Role::kAdmin;
    case StatementAccess::kAdmin: return role == Role::kAdmin;
  }
  return false;
}

Expected<void> CheckAccess(Role role, const StatementClass& statement) {
  if (Allows(role, statement.access)) return {};
  const char* needed = statement.access == StatementAccess::kAdmin ? "admin" : "writer or admin";
  return Error(ErrorCode::kInvalidArgument, std::string(kDenied) + "a " + RoleName(role) + " may not run " +
                                                statement.kind + " (it " + statement.reason + "; that needs the " +
                                                needed + " role)");
}

Expected<void> Authorize(Role role, std::string_view statement) {
  if (role == Role::kAdmin) return {};  // nothing to refuse: the statement's own run says what is wrong
  Expected<StatementClass> classified = Connection::Classify(statement);
  if (!classified.ok()) return classified.error();
  return CheckAccess(role, *classified);
}

bool IsPermissionDenied(const Error& error) {
  return error.code() == ErrorCode::kInvalidArgument && error.message().starts_with(kDenied);
}

}  // namespace orbit::server
