// PgConnection's authentication, by the method pg_auth names: SCRAM-SHA-256 (the SASL
// exchange of scram.h, as PostgreSQL's: AuthenticationSASL, SASLInitialResponse,
// AuthenticationSASLContinue, SASLResponse, AuthenticationSASLFinal; over TLS also
// SCRAM-SHA-256-PLUS, bound to the server's certificate) or a cleartext password, which
// also carries a JWT. Every refusal is the FATAL error PostgreSQL sends for it, and closes only
// this connection.
#include "server/base64.h"
#include "server/jwt.h"
#include "server/pg_connection.h"
#include "server/scram.h"
#include "server/tls_context.h"

namespace orbit::server {

namespace {

std::string PasswordFailed(const std::string& user) {
  return "password authentication failed for user \"" + user + "\"";
}

// A verifier for a user without one: its salt is the same at every attempt (derived
// from the server's secret and the name), and no password proves it.
ScramVerifier MockVerifier(const std::string& secret, const std::string& user) {
  ScramVerifier verifier;
  const Sha256Digest salt = Sha256(secret + "salt" + user);
  verifier.salt.assign(salt.begin(), salt.begin() + 16);
  const Sha256Digest stored = Sha256(secret + "stored" + user);
  std::copy(stored.begin(), stored.end(), verifier.stored_key.begin());
  return verifier;
}

}  // namespace

std::optional<Role> PgConnection::Authenticate(const std::string& user) {
  const ServerOptions& options = state_.options;
  if (!options.authenticates()) return Role::kAdmin;  // loopback only (CheckOptions)
  // A user without a token of its own may bring a JWT as its password, which SCRAM cannot
  // carry: it is asked for in clear, and under scram-sha-256 only inside TLS.
  if (state_.jwt != nullptr && FindTokenNamed(options.tokens, user) == nullptr) {
    if (options.pg_auth == PgAuth::kScramSha256 && !socket_.tls()) {
      SendFatal(sqlstate::kInvalidAuthorization,
                "user \"" + user +
                    "\" has no token here, and a JWT is taken as the password only over TLS "
                    "(sslmode=require) while pg_auth is scram-sha-256");
      return std::nullopt;
    }
    return AuthenticateCleartext(user);
  }
  switch (options.pg_auth) {
    case PgAuth::kScramSha256: return AuthenticateScram(user);
    case PgAuth::kPassword: return AuthenticateCleartext(user);
  }
  return std::nullopt;
}

std::optional<std::string> PgConnection::ReadAuthenticationMessage(const char* expected) {
  if (!socket_.Flush()) return std::nullopt;
  FrontendMessage message;
  const ReadOutcome read = ReadMessage(socket_, &message);
  if (read == ReadOutcome::kClosed) return std::nullopt;
  if (read != ReadOutcome::kMessage || message.type != 'p') {
    SendFatal(
        sqlstate::kProtocolViolation,
        std::string("expected ") + expected + ", got message type " +
            (read == ReadOutcome::kMessage ? std::to_string(message.type) : std::string(DescribeReadFailure(read))));
    return std::nullopt;
  }
  return std::move(message.body);
}

std::optional<Role> PgConnection::AuthenticateCleartext(const std::string& user) {
  WriteAuthentication(socket_.output(), kAuthenticationCleartextPassword);
  std::optional<std::string> body = ReadAuthenticationMessage("a password message");
  if (!body) return std::nullopt;
  MessageReader reader(*body);
  const std::string_view password = reader.String();
  if (!reader.ok()) {
    SendFatal(sqlstate::kProtocolViolation, "malformed password message");
    return std::nullopt;
  }
  if (const Token* token = FindToken(state_.options.tokens, &user, password); token != nullptr) return token->role;
  // A JWT speaks for a user without a token only, on both listeners (http_authentication.cpp).
  if (state_.jwt != nullptr && LooksLikeJwt(password) && FindTokenNamed(state_.options.tokens, user) == nullptr) {
    Expected<JwtIdentity> identity = state_.jwt->Verify(password, &user);
    if (identity.ok()) return identity->role;
  }
  SendFatal(sqlstate::kInvalidPassword, PasswordFailed(user));
  return std::nullopt;
}

std::optional<Role> PgConnection::AuthenticateScram(const std::string& user) {
  const Token* token = FindTokenNamed(state_.options.tokens, user);
  const bool mock = token == nullptr || !token->scram;
  Expected<std::string> nonce = RandomBytes(18);
  if (!nonce.ok()) {
    SendFatal(sqlstate::kInternalError, nonce.error().message());
    return std::nullopt;
  }
  ScramExchange exchange(mock ? MockVerifier(state_.mock_secret, user) : *token->scram, Base64Encode(*nonce), mock);
  // Over TLS, -PLUS binds the exchange to this server's certificate (PostgreSQL lists it first).
  const std::string end_point = socket_.tls() ? TlsServerEndPoint(socket_.ssl()) : std::string();
  std::string mechanisms;
  if (!end_point.empty()) mechanisms += std::string(kScramSha256Plus) + '\0';
  mechanisms += std::string(kScramSha256) + '\0' + '\0';
  WriteAuthentication(socket_.output(), kAuthenticationSasl, mechanisms);
  std::optional<std::string> initial = ReadAuthenticationMessage("a SASLInitialResponse message");
  if (!initial) return std::nullopt;
  MessageReader reader(*initial);
  const std::string_view mechanism = reader.String();
  const int32_t size = reader.Int32();
  const std::string_view client_first = size >= 0 ? reader.Bytes(static_cast<size_t>(size)) : std::string_view();
  if (!reader.finished() || size < 0) {
    SendFatal(sqlstate::kProtocolViolation, "malformed SASLInitialResponse message");
    return std::nullopt;
  }
  const bool plus = mechanism == kScramSha256Plus && !end_point.empty();
  if (mechanism != kScramSha256 && !plus) {
    SendFatal(sqlstate::kProtocolViolation, "client selected an invalid SASL authentication mechanism");
    return std::nullopt;
  }
  exchange.BindChannel(end_point, plus);
  Expected<std::string> server_first = exchange.ClientFirst(client_first);
  if (!server_first.ok()) {
    const bool unsupported = server_first.error().code() == ErrorCode::kNotSupported;
    SendFatal(unsupported ? sqlstate::kFeatureNotSupported : sqlstate::kProtocolViolation,
              server_first.error().message());
    return std::nullopt;
  }
  WriteAuthentication(socket_.output(), kAuthenticationSaslContinue, *server_first);
  std::optional<std::string> client_final = ReadAuthenticationMessage("a SASLResponse message");
  if (!client_final) return std::nullopt;
  Expected<std::optional<std::string>> server_final = exchange.ClientFinal(*client_final);
  if (!server_final.ok()) {
    SendFatal(sqlstate::kProtocolViolation, server_final.error().message());
    return std::nullopt;
  }
  if (!*server_final) {
    SendFatal(sqlstate::kInvalidPassword, PasswordFailed(user));
    return std::nullopt;
  }
  WriteAuthentication(socket_.output(), kAuthenticationSaslFinal, **server_final);
  return token->role;
}

}  // namespace orbit::server
