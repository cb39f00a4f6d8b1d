#include "server/jwt.h"

#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "server/base64.h"

namespace orbit::server {

namespace {

using nlohmann::json;

// RFC 7518 section 3.2: an HS256 key is at least as long as the hash.
constexpr size_t kMinSecretBytes = 32;
constexpr int kMinRsaBits = 2048;
constexpr size_t kMaxTokenBytes = size_t{16} << 10;

Error Refused(const std::string& why) { return Error(ErrorCode::kInvalidArgument, "JWT refused: " + why); }

bool IsBase64UrlChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

// A JSON object from one base64url part; nullopt when it is not one.
std::optional<json> DecodePart(std::string_view part) {
  std::optional<std::string> text = Base64UrlDecode(part);
  if (!text) return std::nullopt;
  json parsed = json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !parsed.is_object()) return std::nullopt;
  return parsed;
}

Expected<EVP_PKEY*> ReadPublicKey(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return Error(ErrorCode::kInvalidArgument, "cannot open the JWT public key " + path);
  std::ostringstream text;
  text << file.rdbuf();
  const std::string pem = text.str();
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  if (bio == nullptr) return Error(ErrorCode::kOutOfMemory, "out of memory reading " + path);
  EVP_PKEY* key = PEM_read_bio_PUBKEY(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  ERR_clear_error();
  if (key == nullptr) {
    return Error(ErrorCode::kInvalidArgument,
                 "the JWT public key " + path + " is not a PEM public key (-----BEGIN PUBLIC KEY-----)");
  }
  if (EVP_PKEY_base_id(key) != EVP_PKEY_RSA || EVP_PKEY_get_bits(key) < kMinRsaBits) {
    EVP_PKEY_free(key);
    return Error(ErrorCode::kInvalidArgument, "the JWT public key " + path + " is not an RSA key of " +
                                                  std::to_string(kMinRsaBits) + " bits or more (RS256 needs one)");
  }
  return key;
}

// A NumericDate claim (seconds, perhaps with a fraction); nullopt when absent, an error
// when it is not a number.
Expected<std::optional<double>> DateClaim(const json& claims, const char* name) {
  const auto found = claims.find(name);
  if (found == claims.end()) return std::optional<double>();
  if (!found->is_number()) return Refused(std::string("the \"") + name + "\" claim is not a number");
  return std::optional<double>(found->get<double>());
}

bool AudienceHolds(const json& claims, const std::string& audience) {
  const auto found = claims.find("aud");
  if (found == claims.end()) return false;
  if (found->is_string()) return found->get<std::string>() == audience;
  if (!found->is_array()) return false;
  for (const json& each : *found) {
    if (each.is_string() && each.get<std::string>() == audience) return true;
  }
  return false;
}

Expected<void> CheckTimes(const json& claims, int64_t now) {
  Expected<std::optional<double>> expires = DateClaim(claims, "exp");
  if (!expires.ok()) return expires.error();
  if (!*expires) return Refused("it has no \"exp\" claim (this server takes no token that never expires)");
  if (static_cast<double>(now) >= **expires) return Refused("it expired");
  Expected<std::optional<double>> not_before = DateClaim(claims, "nbf");
  if (!not_before.ok()) return not_before.error();
  if (*not_before && static_cast<double>(now) < **not_before) return Refused("it is not valid yet (\"nbf\")");
  return {};
}

Expected<JwtIdentity> IdentityOf(const json& claims) {
  JwtIdentity identity;
  const auto sub = claims.find("sub");
  if (sub == claims.end() || !sub->is_string() || sub->get<std::string>().empty()) {
    return Refused("it names no user (\"sub\")");
  }
  identity.user = sub->get<std::string>();
  if (const auto role = claims.find("role"); role != claims.end()) {
    std::optional<Role> parsed = role->is_string() ? ParseRole(role->get<std::string>()) : std::nullopt;
    if (!parsed) return Refused("its \"role\" is not admin, writer or reader");
    identity.role = *parsed;
  }
  if (const auto tenant = claims.find("tenant"); tenant != claims.end()) {
    if (!tenant->is_string()) return Refused("its \"tenant\" is not a string");
    identity.tenant = tenant->get<std::string>();
  }
  return identity;
}

}  // namespace

bool LooksLikeJwt(std::string_view text) {
  int dots = 0;
  for (char c : text) {
    if (c == '.') {
      ++dots;
    } else if (!IsBase64UrlChar(c)) {
      return false;
    }
  }
  return dots == 2 && !text.starts_with('.');
}

Expected<std::shared_ptr<JwtVerifier>> JwtVerifier::Make(const JwtOptions& options) {
  if (!options.enabled()) return std::shared_ptr<JwtVerifier>();
  if (!options.secret.empty() && !options.public_key.empty()) {
    return Error(ErrorCode::kInvalidArgument, "give jwt_secret (HS256) or jwt_public_key (RS256), not both");
  }
  if (!options.secret.empty() && options.secret.size() < kMinSecretBytes) {
    return Error(ErrorCode::kInvalidArgument, "jwt_secret must be at least " + std::to_string(kMinSecretBytes) +
                                                  " bytes (RFC 7518: an HS256 key is as long as the hash)");
  }
  EVP_PKEY* key = nullptr;
  if (!options.public_key.empty()) {
    Expected<EVP_PKEY*> read = ReadPublicKey(options.public_key);
    if (!read.ok()) return read.error();
    key = *read;
  }
  return std::shared_ptr<JwtVerifier>(new JwtVerifier(options, key));
}

JwtVerifier::~JwtVerifier() { EVP_PKEY_free(public_key_); }

bool JwtVerifier::SignatureHolds(std::string_view signed_part, std::string_view signature) const {
  const auto* data = reinterpret_cast<const unsigned char*>(signed_part.data());
  const auto* expected = reinterpret_cast<const unsigned char*>(signature.data());
  if (public_key_ == nullptr) {
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    if (HMAC(EVP_sha256(), options_.secret.data(), static_cast<int>(options_.secret.size()), data, signed_part.size(),
             mac, &size) == nullptr) {
      return false;
    }
    return signature.size() == size && CRYPTO_memcmp(mac, expected, size) == 0;
  }
  EVP_MD_CTX* context = EVP_MD_CTX_new();
  if (context == nullptr) return false;
  // RS256: RSASSA-PKCS1-v1_5 with SHA-256, the RSA key's default padding.
  const bool holds = EVP_DigestVerifyInit(context, nullptr, EVP_sha256(), nullptr, public_key_) == 1 &&
                     EVP_DigestVerify(context, expected, signature.size(), data, signed_part.size()) == 1;
  EVP_MD_CTX_free(context);
  ERR_clear_error();
  return holds;
}

Expected<JwtIdentity> JwtVerifier::Verify(std::string_view token, int64_t now) const {
  if (token.size() > kMaxTokenBytes) return Refused("it is longer than 16 KiB");
  const size_t first = token.find('.');
  const size_t second = first == std::string_view::npos ? first : token.find('.', first + 1);
  if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos) {
    return Refused("it is not header.payload.signature");
  }
  std::optional<json> header = DecodePart(token.substr(0, first));
  if (!header) return Refused("its header is not base64url JSON");
  const auto alg = header->find("alg");
  if (alg == header->end() || !alg->is_string() || alg->get<std::string>() != algorithm()) {
    return Refused(std::string("its algorithm is not ") + algorithm() + ", the one this server takes");
  }
  if (header->contains("crit"))
    return Refused("it names critical header extensions (\"crit\"), which this server has none of");
  std::optional<std::string> signature = Base64UrlDecode(token.substr(second + 1));
  if (!signature || !SignatureHolds(token.substr(0, second), *signature)) return Refused("its signature is wrong");
  std::optional<json> claims = DecodePart(token.substr(first + 1, second - first - 1));
  if (!claims) return Refused("its payload is not base64url JSON");
  if (Expected<void> times = CheckTimes(*claims, now); !times.ok()) return times.error();
  if (!options_.issuer.empty()) {
    const auto iss = claims->find("iss");
    if (iss == claims->end() || !iss->is_string() || iss->get<std::string>() != options_.issuer) {
      return Refused("its issuer (\"iss\") is not " + options_.issuer);
    }
  }
  if (!options_.audience.empty() && !AudienceHolds(*claims, options_.audience)) {
    return Refused("its audience (\"aud\") does not name " + options_.audience);
  }
  return IdentityOf(*claims);
}

Expected<JwtIdentity> JwtVerifier::Verify(std::string_view token, const std::string* user) const {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  Expected<JwtIdentity> identity = Verify(token, std::chrono::duration_cast<std::chrono::seconds>(now).count());
  if (identity.ok() && user != nullptr && identity->user != *user) {
    return Refused("it names another user (\"sub\") than \"" + *user + "\"");
  }
  return identity;
}

}  // namespace orbit::server
