// Whether a client's role may run a statement: the statement is classified by parsing it
// (orbit::Connection::Classify) and its access compared with the role's. A refusal is
// SQLSTATE 42501 (insufficient_privilege) on either protocol, 403 over HTTP.
#pragma once

#include <string_view>

#include "orbit/database.h"
#include "server/server_options.h"

namespace orbit::server {

/// Whether `role` covers `access`.
bool Allows(Role role, StatementAccess access);
/// Success when `role` may run a statement of class `statement`; else the refusal.
Expected<void> CheckAccess(Role role, const StatementClass& statement);
/// Classifies `statement` and checks it; a statement that does not parse gives its parse
/// error (the one running it would give).
Expected<void> Authorize(Role role, std::string_view statement);
/// Whether `error` is a refusal of CheckAccess.
bool IsPermissionDenied(const Error& error);

}  // namespace orbit::server
