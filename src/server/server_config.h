// `orbit serve --config orbit.toml`: the server's options from a TOML file (toml++). Every
// key is also a flag of `orbit serve`, which wins over the file:
//
//   [server]
//   host = "127.0.0.1"          # --host
//   pg_port = 5433              # --pg-port (-1: no PostgreSQL listener)
//   http_port = 8080            # --http-port (-1, the default: no HTTP listener)
//   database = "sales.orbit"    # --database; without it one in-memory database, "memory"
//   statement_timeout = "30s"   # --statement-timeout: every session's default
//   max_request_bytes = "16MB"  # --max-request-bytes: the largest HTTP request body
//   max_concurrent_queries = 8  # --max-concurrent-queries: HTTP queries at once (0: no limit)
//   pg_auth = "scram-sha-256"   # --pg-auth: or "password" (cleartext)
//   tls_cert = "server.crt"     # --tls-cert: PEM; with tls_key, TLS on both listeners
//   tls_key = "server.key"      # --tls-key
//   tls_required = false        # --tls-required: a PostgreSQL client without TLS is refused
//   jwt_secret = "..."          # --jwt-secret: JWTs signed HS256 with it are bearer tokens; or
//   jwt_public_key = "jwt.pem"  # --jwt-public-key: RS256, verified with this public key
//   jwt_issuer = "..."          # --jwt-issuer: the "iss" a JWT must have (unchecked when unset)
//   jwt_audience = "orbit"      # --jwt-audience: an "aud" a JWT must have (unchecked when unset)
//
//   [[tokens]]                  # --token name:secret[:role], repeatable
//   name = "analyst"            # the PostgreSQL user name; the token is the password
//   token = "..."               # or token_sha256 = "<64 hex digits>" and, for SCRAM,
//                               # scram_sha256 = "SCRAM-SHA-256$4096:..." (--hash-token)
//   role = "reader"             # admin | writer (the default) | reader
//   tenant = "acme"             # kept; tenants are still to come
//
// An unknown table or key, a value of the wrong type or out of range is an error naming the
// file, the line and the key.
#pragma once

#include <string>
#include <string_view>

#include "orbit/error.h"
#include "server/server_options.h"

namespace orbit::server {

/// The options `text` (TOML, read from `source`, the name errors give) sets over `base`.
Expected<ServerOptions> ParseServerConfig(std::string_view text, const std::string& source, ServerOptions base = {});
/// The options the file at `path` sets over `base`.
Expected<ServerOptions> LoadServerConfig(const std::string& path, ServerOptions base = {});

}  // namespace orbit::server
