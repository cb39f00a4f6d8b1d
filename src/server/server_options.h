// What `orbit serve` is told (flags, or a TOML file: server_config.h): where to listen for
// each protocol, which database to serve, the limits on a statement, and who may connect
// with which role. Tokens are kept as their SHA-256 only.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "orbit/error.h"
#include "server/scram.h"

namespace orbit::server {

/// What a client may run (orbit::StatementAccess): a reader only reads, a writer also changes
/// the database, an admin may also reach the server's files and process-wide settings.
enum class Role { kReader, kWriter, kAdmin };

/// "reader", "writer" or "admin"; nullopt for anything else.
std::optional<Role> ParseRole(std::string_view text);
const char* RoleName(Role role);

using Sha256Digest = std::array<unsigned char, 32>;

/// SHA-256 of `text` (OpenSSL).
Sha256Digest Sha256(std::string_view text);
/// 64 hexadecimal digits (either case) as a digest; nullopt when malformed.
std::optional<Sha256Digest> ParseSha256Hex(std::string_view hex);

/// A client's credentials: the PostgreSQL user name, the SHA-256 of its secret (the
/// password, or the HTTP bearer token), its SCRAM-SHA-256 verifier and its role.
struct Token {
  std::string name;
  Sha256Digest secret_sha256{};
  std::optional<ScramVerifier> scram;  ///< derived from a plain secret, or configured; none: no SCRAM
  Role role = Role::kWriter;
  std::string tenant;  ///< kept for tenants still to come; nothing reads it yet
};

/// A token as configured: `secret` or `secret_sha256` (hex), exactly one; `scram` (a
/// verifier's text form) only beside `secret_sha256`, since a plain secret yields its own.
struct TokenSpec {
  std::string name;
  std::string secret;
  std::string secret_sha256;
  std::string scram;
  std::string role;
  std::string tenant;
};

/// How the PostgreSQL listener asks for the password (pg_auth): SCRAM-SHA-256 (the
/// password never crosses the wire) or in clear text (AuthenticationCleartextPassword).
enum class PgAuth { kScramSha256, kPassword };

/// "scram-sha-256" or "password" (pg_hba.conf's names); nullopt for anything else.
std::optional<PgAuth> ParsePgAuth(std::string_view text);
const char* PgAuthName(PgAuth method);

/// JWT bearer tokens (jwt.h): HS256 with `secret` or RS256 with the PEM file
/// `public_key` (one of them, or neither: no JWT); `issuer` and `audience` checked when set.
struct JwtOptions {
  std::string secret;
  std::string public_key;
  std::string issuer;
  std::string audience;
  bool enabled() const { return !secret.empty() || !public_key.empty(); }
};

struct ServerOptions {
  std::string host = "127.0.0.1";
  int pg_port = 5433;         ///< 0: any free port (the server prints the one it got); -1: no PostgreSQL listener
  int http_port = -1;         ///< -1: no HTTP listener; 0: any free port
  std::string database_path;  ///< a database folder; empty: one in-memory database
  std::vector<Token> tokens;  ///< none: no password asked, allowed on loopback only
  int64_t statement_timeout_ms = 0;       ///< every session's default statement_timeout (0: none)
  int64_t max_request_bytes = 16 << 20;   ///< the largest HTTP request body
  int max_concurrent_queries = 0;         ///< HTTP queries running at once (more: 429); 0: no limit
  int64_t drain_timeout_ms = 30000;       ///< after SIGTERM, how long running statements may go on
  PgAuth pg_auth = PgAuth::kScramSha256;  ///< how the PostgreSQL listener checks a token
  std::string tls_cert;                   ///< a PEM certificate (chain): TLS on both listeners
  std::string tls_key;                    ///< its PEM private key
  bool tls_required = false;              ///< a PostgreSQL client that does not ask for TLS is refused
  JwtOptions jwt;
  /// Whether a client must prove who it is (tokens or JWTs configured).
  bool authenticates() const { return !tokens.empty() || jwt.enabled(); }
};

/// "name:secret[:role]" (the role may be left out: writer); an error saying what is wrong.
Expected<Token> ParseToken(std::string_view text);
/// "name:sha256[:role][:SCRAM-SHA-256$...]" (--token-sha256); an error saying what is wrong.
Expected<Token> ParseHashedToken(std::string_view text);
/// A token from its parts (TokenSpec); an error naming the token and what is wrong.
Expected<Token> MakeToken(TokenSpec spec);
/// The token whose name is `user` (any name when `user` is null) and whose secret is
/// `secret`: every token is compared, in constant time, so the time taken says nothing of
/// which names or secrets exist. Null when none matches.
const Token* FindToken(const std::vector<Token>& tokens, const std::string* user, std::string_view secret);
/// The token named `user`, or null; every name is compared whole, in constant time.
const Token* FindTokenNamed(const std::vector<Token>& tokens, std::string_view user);
/// Whether `host` is a loopback address (127.x.x.x, ::1, localhost).
bool IsLoopback(std::string_view host);
/// The name clients give as dbname: the folder's name without ".orbit", or "memory".
std::string DatabaseName(std::string_view database_path);
/// A duration as PostgreSQL's settings write it: "250ms", "30s", "5min", "1h", "1d", or a
/// bare number of milliseconds; an error for anything else (or a negative one).
Expected<int64_t> ParseMilliseconds(std::string_view text);
/// A size: "16MB", "512kB", "1GB" (powers of 1024, as PostgreSQL's), or a bare number of bytes.
Expected<int64_t> ParseBytes(std::string_view text);
/// Whether the options can be served: valid ports, limits and tokens (unique names and
/// secrets; at least one unless bound to loopback; a SCRAM verifier for each under
/// pg_auth = scram-sha-256), and TLS's files given both or neither.
Expected<void> CheckOptions(const ServerOptions& options);

}  // namespace orbit::server
