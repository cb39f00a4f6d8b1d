#include "server/http_authentication.h"

#include <cctype>

#include "server/base64.h"
#include "server/jwt.h"
#include "server/server_state.h"

namespace orbit::server {

namespace {

bool StartsWithWord(std::string_view text, std::string_view word) {
  if (text.size() <= word.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != word[i]) return false;
  }
  return text[word.size()] == ' ';
}

std::string_view TrimSpaces(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

Error NotOurs(std::string message = "the token is not one of this server's") {
  return Error(ErrorCode::kInvalidArgument, std::move(message));
}

// A configured token first; then, where JWTs are taken and the secret has a JWT's shape,
// the JWT (whose refusal says why).
Expected<Role> Check(const ServerState& state, const std::string* user, std::string_view secret) {
  if (const Token* token = FindToken(state.options.tokens, user, secret); token != nullptr) return token->role;
  if (state.jwt == nullptr || !LooksLikeJwt(secret)) return NotOurs();
  Expected<JwtIdentity> identity = state.jwt->Verify(secret, user);
  if (!identity.ok()) return NotOurs(identity.error().message());
  // As on the PostgreSQL port: a user with a token of its own signs in with that token.
  if (FindTokenNamed(state.options.tokens, identity->user) != nullptr) {
    return NotOurs("JWT refused: its user \"" + identity->user + "\" has a configured token, which it must use");
  }
  return identity->role;
}

}  // namespace

Expected<Role> AuthenticateHttp(const ServerState& state, const std::string& header) {
  const std::string_view value = header;
  if (StartsWithWord(value, "bearer")) return Check(state, nullptr, TrimSpaces(value.substr(7)));
  if (StartsWithWord(value, "basic")) {
    const std::optional<std::string> decoded = Base64Decode(TrimSpaces(value.substr(6)));
    const size_t colon = decoded ? decoded->find(':') : std::string::npos;
    if (colon == std::string::npos) return NotOurs("the Basic credentials are not base64 of name:token");
    const std::string user = decoded->substr(0, colon);
    const std::string_view secret = *decoded;
    return Check(state, &user, secret.substr(colon + 1));
  }
  return NotOurs("the Authorization header is neither Bearer <token> nor Basic");
}

}  // namespace orbit::server
