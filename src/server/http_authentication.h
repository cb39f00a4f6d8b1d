// Who an HTTP request's Authorization header says its client is: "Bearer <token>" (a
// configured token, or a JWT when JWTs are configured) or "Basic" with a user name and
// its token or JWT. The decision is the PostgreSQL listener's for the same secret.
#pragma once

#include <string>

#include "orbit/error.h"
#include "server/server_options.h"

namespace orbit::server {

struct ServerState;

/// The client's role; an error (kInvalidArgument) with the message of the 401 otherwise.
Expected<Role> AuthenticateHttp(const ServerState& state, const std::string& header);

}  // namespace orbit::server
