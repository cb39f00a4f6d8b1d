// JSON Web Tokens (RFC 7519) as bearer tokens of `orbit serve`: a JWS in compact form
// signed with HS256 (a shared secret) or RS256 (an RSA public key, PEM), the one
// algorithm configured; any other in the header ("none" included) is refused before the
// signature is looked at. The claims name the client: `sub` (the user name), `role`
// (admin | writer | reader; reader when absent) and `tenant`; `exp` is required and
// checked with `nbf`, `iss` and `aud` checked when configured. OpenSSL verifies; both
// listeners take the same decision from VerifyJwt.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "orbit/error.h"
#include "server/server_options.h"

using EVP_PKEY = struct evp_pkey_st;

namespace orbit::server {

/// What a valid token says of its bearer.
struct JwtIdentity {
  std::string user;  ///< `sub`
  Role role = Role::kReader;
  std::string tenant;
};

/// The key and the checks of the configured JWTs.
class JwtVerifier {
 public:
  /// From the options: HS256 with jwt_secret, RS256 with the PEM file jwt_public_key;
  /// null when neither is set.
  static Expected<std::shared_ptr<JwtVerifier>> Make(const JwtOptions& options);
  ~JwtVerifier();
  JwtVerifier(const JwtVerifier&) = delete;
  JwtVerifier& operator=(const JwtVerifier&) = delete;

  /// The bearer of `token`, when its signature, algorithm and claims hold at `now` (Unix
  /// seconds); else an error saying why (kInvalidArgument).
  Expected<JwtIdentity> Verify(std::string_view token, int64_t now) const;
  /// The same at the current time; with `user` (a PostgreSQL user name, an HTTP Basic
  /// one), `sub` must be it.
  Expected<JwtIdentity> Verify(std::string_view token, const std::string* user) const;
  const char* algorithm() const { return public_key_ != nullptr ? "RS256" : "HS256"; }

 private:
  JwtVerifier(JwtOptions options, EVP_PKEY* public_key) : options_(std::move(options)), public_key_(public_key) {}
  bool SignatureHolds(std::string_view signed_part, std::string_view signature) const;

  JwtOptions options_;
  EVP_PKEY* public_key_;  ///< RS256's; null for HS256
};

/// Whether `text` has a JWS's shape (three base64url parts): a bearer token of that
/// shape is checked as a JWT when no configured token matches it.
bool LooksLikeJwt(std::string_view text);

}  // namespace orbit::server
