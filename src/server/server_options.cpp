#include "server/server_options.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <cstdint>
#include <filesystem>
#include <set>
#include <utility>

namespace orbit::server {

namespace {

Error Invalid(std::string message) { return Error(ErrorCode::kInvalidArgument, std::move(message)); }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::optional<Role> ParseRole(std::string_view text) {
  if (text == "reader") return Role::kReader;
  if (text == "writer") return Role::kWriter;
  if (text == "admin") return Role::kAdmin;
  return std::nullopt;
}

const char* RoleName(Role role) {
  switch (role) {
    case Role::kReader: return "reader";
    case Role::kWriter: return "writer";
    case Role::kAdmin: return "admin";
  }
  return "reader";
}

Sha256Digest Sha256(std::string_view text) {
  Sha256Digest digest{};
  unsigned int size = 0;
  // EVP_Digest with SHA-256 cannot fail short of memory, where OpenSSL aborts.
  EVP_Digest(text.data(), text.size(), digest.data(), &size, EVP_sha256(), nullptr);
  return digest;
}

std::optional<Sha256Digest> ParseSha256Hex(std::string_view hex) {
  Sha256Digest digest{};
  if (hex.size() != digest.size() * 2) return std::nullopt;
  for (size_t i = 0; i < digest.size(); ++i) {
    const int high = HexValue(hex[2 * i]);
    const int low = HexValue(hex[2 * i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    digest[i] = static_cast<unsigned char>(high * 16 + low);
  }
  return digest;
}

Expected<Token> MakeToken(TokenSpec spec) {
  if (spec.name.empty()) return Invalid("a token needs a name (the PostgreSQL user name)");
  Token token;
  token.name = std::move(spec.name);
  token.tenant = std::move(spec.tenant);
  if (!spec.secret.empty() && !spec.secret_sha256.empty()) {
    return Invalid("the token of \"" + token.name + "\" has both a token and a token_sha256: give one");
  }
  if (!spec.secret.empty() && !spec.scram.empty()) {
    return Invalid("the token of \"" + token.name +
                   "\" has both a token and a scram_sha256: a plain token yields its own verifier");
  }
  if (!spec.secret_sha256.empty()) {
    std::optional<Sha256Digest> digest = ParseSha256Hex(spec.secret_sha256);
    if (!digest) {
      return Invalid("the token_sha256 of \"" + token.name + "\" must be 64 hexadecimal digits (sha256sum's output)");
    }
    token.secret_sha256 = *digest;
  } else if (!spec.secret.empty()) {
    token.secret_sha256 = Sha256(spec.secret);
    Expected<ScramVerifier> verifier = DeriveScramVerifier(spec.secret);
    if (!verifier.ok()) return verifier.error();
    token.scram = std::move(*verifier);
  } else {
    return Invalid("the token of \"" + token.name + "\" is empty");
  }
  if (!spec.scram.empty()) {
    Expected<ScramVerifier> verifier = ParseScramVerifier(spec.scram);
    if (!verifier.ok()) return Invalid("the scram_sha256 of \"" + token.name + "\": " + verifier.error().message());
    token.scram = std::move(*verifier);
  }
  if (!spec.role.empty()) {
    std::optional<Role> parsed = ParseRole(spec.role);
    if (!parsed) {
      return Invalid("the role of \"" + token.name + "\" must be admin, writer or reader, not \"" + spec.role + "\"");
    }
    token.role = *parsed;
  }
  return token;
}

Expected<Token> ParseToken(std::string_view text) {
  const size_t first = text.find(':');
  if (first == std::string_view::npos || first == 0) {
    return Invalid("a token is name:secret[:role], e.g. analyst:s3cret:reader");
  }
  std::string_view rest = text.substr(first + 1);
  std::string_view role;
  const size_t second = rest.rfind(':');
  if (second != std::string_view::npos && ParseRole(rest.substr(second + 1))) {
    role = rest.substr(second + 1);
    rest = rest.substr(0, second);
  }
  TokenSpec spec;
  spec.name = std::string(text.substr(0, first));
  spec.secret = std::string(rest);
  spec.role = std::string(role);
  return MakeToken(std::move(spec));
}

Expected<Token> ParseHashedToken(std::string_view text) {
  TokenSpec spec;
  // The verifier holds ':' and '$' itself: it is found by its prefix, then the rest split.
  const size_t scram_at = text.find(std::string(":") + kScramSha256 + "$");
  if (scram_at != std::string_view::npos) {
    spec.scram = std::string(text.substr(scram_at + 1));
    text = text.substr(0, scram_at);
  }
  const size_t first = text.find(':');
  if (first == std::string_view::npos || first == 0) {
    return Invalid("--token-sha256 is name:sha256[:role][:SCRAM-SHA-256$...] (orbit serve --hash-token prints them)");
  }
  spec.name = std::string(text.substr(0, first));
  const std::string_view rest = text.substr(first + 1);
  const size_t second = rest.find(':');
  spec.secret_sha256 = std::string(rest.substr(0, second));
  if (second != std::string_view::npos) spec.role = std::string(rest.substr(second + 1));
  if (spec.secret_sha256.empty()) return Invalid("the token_sha256 of \"" + spec.name + "\" is empty");
  return MakeToken(std::move(spec));
}

std::optional<PgAuth> ParsePgAuth(std::string_view text) {
  if (text == "scram-sha-256") return PgAuth::kScramSha256;
  if (text == "password") return PgAuth::kPassword;
  return std::nullopt;
}

const char* PgAuthName(PgAuth method) { return method == PgAuth::kPassword ? "password" : "scram-sha-256"; }

const Token* FindToken(const std::vector<Token>& tokens, const std::string* user, std::string_view secret) {
  const Sha256Digest digest = Sha256(secret);
  const Token* found = nullptr;
  for (const Token& token : tokens) {
    // Every token is compared whole (CRYPTO_memcmp does not stop at a difference).
    const bool same_secret = CRYPTO_memcmp(token.secret_sha256.data(), digest.data(), digest.size()) == 0;
    const bool same_name = user == nullptr || token.name == *user;
    if (same_secret && same_name && found == nullptr) found = &token;
  }
  return found;
}

const Token* FindTokenNamed(const std::vector<Token>& tokens, std::string_view user) {
  const Token* found = nullptr;
  for (const Token& token : tokens) {
    const bool same =
        token.name.size() == user.size() && CRYPTO_memcmp(token.name.data(), user.data(), user.size()) == 0;
    if (same && found == nullptr) found = &token;
  }
  return found;
}

namespace {

// A number with an optional unit from `units` (the empty unit: `bare`).
Expected<int64_t> ParseWithUnit(std::string_view text, const std::vector<std::pair<std::string_view, int64_t>>& units,
                                const char* what) {
  std::string_view trimmed = text;
  while (!trimmed.empty() && trimmed.front() == ' ') trimmed.remove_prefix(1);
  while (!trimmed.empty() && trimmed.back() == ' ') trimmed.remove_suffix(1);
  size_t digits = 0;
  while (digits < trimmed.size() && trimmed[digits] >= '0' && trimmed[digits] <= '9') ++digits;
  std::string_view unit = trimmed.substr(digits);
  while (!unit.empty() && unit.front() == ' ') unit.remove_prefix(1);
  if (digits == 0 || digits > 15) {
    return Invalid(std::string(what) + " \"" + std::string(text) + "\" is not a non-negative number with a unit");
  }
  const int64_t number = std::stoll(std::string(trimmed.substr(0, digits)));
  for (const auto& [name, factor] : units) {
    if (unit == name) {
      if (number > INT64_MAX / factor)
        return Invalid(std::string(what) + " \"" + std::string(text) + "\" is too large");
      return number * factor;
    }
  }
  std::string known;
  for (const auto& [name, factor] : units) {
    if (!name.empty()) known += (known.empty() ? "" : ", ") + std::string(name);
  }
  return Invalid(std::string(what) + " \"" + std::string(text) + "\" has an unknown unit (use " + known + ")");
}

}  // namespace

Expected<int64_t> ParseMilliseconds(std::string_view text) {
  return ParseWithUnit(text, {{"", 1}, {"ms", 1}, {"s", 1000}, {"min", 60'000}, {"h", 3'600'000}, {"d", 86'400'000}},
                       "the duration");
}

Expected<int64_t> ParseBytes(std::string_view text) {
  return ParseWithUnit(text, {{"", 1}, {"B", 1}, {"kB", 1 << 10}, {"MB", 1 << 20}, {"GB", int64_t{1} << 30}},
                       "the size");
}

bool IsLoopback(std::string_view host) { return host == "localhost" || host == "::1" || host.starts_with("127."); }

std::string DatabaseName(std::string_view database_path) {
  if (database_path.empty()) return "memory";
  std::filesystem::path path(database_path);
  if (!path.has_filename()) path = path.parent_path();
  std::string name = path.filename().string();
  if (name.ends_with(".orbit")) name.resize(name.size() - 6);
  return name;
}

Expected<void> CheckOptions(const ServerOptions& options) {
  if (options.pg_port < -1 || options.pg_port > 65535) {
    return Invalid("pg_port must be between 0 and 65535 (or -1: no PostgreSQL listener)");
  }
  if (options.http_port < -1 || options.http_port > 65535) {
    return Invalid("http_port must be between 0 and 65535 (or -1: no HTTP listener)");
  }
  if (options.pg_port == -1 && options.http_port == -1) return Invalid("neither pg_port nor http_port is set");
  if (options.max_request_bytes < 1) return Invalid("max_request_bytes must be at least 1");
  if (options.statement_timeout_ms < 0) return Invalid("statement_timeout must not be negative");
  if (options.max_concurrent_queries < 0) return Invalid("max_concurrent_queries must be 0 (no limit) or more");
  std::set<std::string> names;
  std::set<Sha256Digest> secrets;
  for (const Token& token : options.tokens) {
    if (!names.insert(token.name).second) return Invalid("two tokens are named \"" + token.name + "\"");
    // An HTTP client gives the secret alone: two tokens with one secret would be one client.
    if (!secrets.insert(token.secret_sha256).second) {
      return Invalid("the token of \"" + token.name + "\" is the same secret as another token's");
    }
  }
  if (!options.authenticates() && !IsLoopback(options.host)) {
    return Invalid("serving on " + options.host +
                   " (beyond loopback) needs at least one --token name:secret:role (or JWTs: --jwt-secret, "
                   "--jwt-public-key)");
  }
  if (!options.jwt.secret.empty() && !options.jwt.public_key.empty()) {
    return Invalid("give jwt_secret (HS256) or jwt_public_key (RS256), not both");
  }
  if (options.pg_port >= 0 && options.pg_auth == PgAuth::kScramSha256) {
    for (const Token& token : options.tokens) {
      if (!token.scram) {
        return Invalid("the token of \"" + token.name +
                       "\" is given only as its SHA-256, which cannot answer SCRAM-SHA-256: add its scram_sha256 "
                       "(orbit serve --hash-token prints both) or set pg_auth = \"password\"");
      }
    }
  }
  if (options.tls_cert.empty() != options.tls_key.empty()) {
    return Invalid("TLS needs both tls_cert and tls_key (PEM files), or neither");
  }
  if (options.tls_required && options.tls_cert.empty()) {
    return Invalid("tls_required needs tls_cert and tls_key");
  }
  return {};
}

}  // namespace orbit::server
