// JWT verification's edge cases: the configured algorithm only ("none", another HMAC, an
// HS256 token signed with the RS256 public key), signatures, exp/nbf, iss/aud, the claims
// that name the client, and malformed tokens. Tokens are made here with OpenSSL; the
// Python tests make theirs with PyJWT.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "server/base64.h"
#include "server/jwt.h"

namespace orbit::server {
namespace {

using nlohmann::json;

constexpr int64_t kNow = 1'800'000'000;
const std::string kSecret = "a-shared-secret-of-32-bytes-or-more!";

std::string Hs256(const std::string& key, const std::string& signed_part) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(signed_part.data()), signed_part.size(), mac, &size);
  return std::string(reinterpret_cast<const char*>(mac), size);
}

std::string Token(const json& header, const json& claims, const std::string& key) {
  const std::string signed_part = Base64UrlEncode(header.dump()) + "." + Base64UrlEncode(claims.dump());
  return signed_part + "." + Base64UrlEncode(Hs256(key, signed_part));
}

json Claims() { return {{"sub", "analyst"}, {"role", "writer"}, {"tenant", "acme"}, {"exp", kNow + 60}}; }

std::shared_ptr<JwtVerifier> Hs256Verifier(std::string issuer = "", std::string audience = "") {
  JwtOptions options;
  options.secret = kSecret;
  options.issuer = std::move(issuer);
  options.audience = std::move(audience);
  Expected<std::shared_ptr<JwtVerifier>> made = JwtVerifier::Make(options);
  EXPECT_TRUE(made.ok()) << made.error().message();
  return *made;
}

std::string Refusal(const JwtVerifier& verifier, const std::string& token) {
  Expected<JwtIdentity> identity = verifier.Verify(token, kNow);
  return identity.ok() ? "accepted" : identity.error().message();
}

TEST(Jwt, Hs256NamesTheUserRoleAndTenant) {
  auto verifier = Hs256Verifier();
  Expected<JwtIdentity> identity = verifier->Verify(Token({{"alg", "HS256"}, {"typ", "JWT"}}, Claims(), kSecret), kNow);
  ASSERT_TRUE(identity.ok()) << identity.error().message();
  EXPECT_EQ(identity->user, "analyst");
  EXPECT_EQ(identity->role, Role::kWriter);
  EXPECT_EQ(identity->tenant, "acme");
  json no_role = Claims();
  no_role.erase("role");
  identity = verifier->Verify(Token({{"alg", "HS256"}}, no_role, kSecret), kNow);
  ASSERT_TRUE(identity.ok());
  EXPECT_EQ(identity->role, Role::kReader);  // the least a token may do
}

TEST(Jwt, OnlyTheConfiguredAlgorithm) {
  auto verifier = Hs256Verifier();
  const std::string payload = Base64UrlEncode(Claims().dump());
  const std::string none = Base64UrlEncode(json{{"alg", "none"}}.dump()) + "." + payload + ".";
  EXPECT_NE(Refusal(*verifier, none).find("algorithm is not HS256"), std::string::npos);
  for (const char* alg : {"HS384", "RS256", "hs256", "None"}) {
    EXPECT_NE(Refusal(*verifier, Token({{"alg", alg}}, Claims(), kSecret)), "accepted") << alg;
  }
  EXPECT_NE(Refusal(*verifier, Token({{"typ", "JWT"}}, Claims(), kSecret)), "accepted");
  EXPECT_NE(Refusal(*verifier, Token({{"alg", 256}}, Claims(), kSecret)), "accepted");
  EXPECT_NE(Refusal(*verifier, Token({{"alg", "HS256"}, {"crit", {"exp"}}}, Claims(), kSecret)).find("crit"),
            std::string::npos);
}

TEST(Jwt, SignaturesAreChecked) {
  auto verifier = Hs256Verifier();
  const std::string good = Token({{"alg", "HS256"}}, Claims(), kSecret);
  EXPECT_EQ(Refusal(*verifier, good), "accepted");
  EXPECT_NE(Refusal(*verifier, Token({{"alg", "HS256"}}, Claims(), kSecret + "x")).find("signature"),
            std::string::npos);
  const size_t last = good.rfind('.');
  EXPECT_NE(Refusal(*verifier, good.substr(0, last + 1)), "accepted");         // no signature
  EXPECT_NE(Refusal(*verifier, good.substr(0, good.size() - 2)), "accepted");  // a truncated one
  json changed = Claims();
  changed["role"] = "admin";
  const std::string forged =
      good.substr(0, good.find('.') + 1) + Base64UrlEncode(changed.dump()) + good.substr(last);  // claims swapped
  EXPECT_NE(Refusal(*verifier, forged).find("signature"), std::string::npos);
}

TEST(Jwt, TimesAreChecked) {
  auto verifier = Hs256Verifier();
  json claims = Claims();
  claims["exp"] = kNow;
  EXPECT_NE(Refusal(*verifier, Token({{"alg", "HS256"}}, claims, kSecret)).find("expired"), std::string::npos);
  claims["exp"] = kNow + 0.5;
  EXPECT_EQ(Refusal(*verifier, Token({{"alg", "HS256"}}, claims, kSecret)), "accepted");
  claims.erase("exp");
  EXPECT_NE(Refusal(*verifier, Token({{"alg", "HS256"}}, claims, kSecret)).find("no \"exp\""), std::string::npos);
  claims["exp"] = "tomorrow";
  EXPECT_NE(Refusal(*verifier, Token({{"alg", "HS256"}}, claims, kSecret)), "accepted");
  claims = Claims();
  claims["nbf"] = kNow + 10;
  EXPECT_NE(Refusal(*verifier, Token({{"alg", "HS256"}}, claims, kSecret)).find("not valid yet"), std::string::npos);
  claims["nbf"] = kNow;
  EXPECT_EQ(Refusal(*verifier, Token({{"alg", "HS256"}}, claims, kSecret)), "accepted");
}

TEST(Jwt, IssuerAndAudienceWhenConfigured) {
  auto verifier = Hs256Verifier("https://auth.example", "orbit");
  json claims = Claims();
  EXPECT_NE(Refusal(*verifier, Token({{"alg", "HS256"}}, claims, kSecret)).find("issuer"), std::string::npos);
  claims["iss"] = "https://auth.example";
  EXPECT_NE(Refusal(*verifier, Token({{"alg", "HS256"}}, claims, kSecret)).find("audience"), std::string::npos);
  claims["aud"] = "orbit";
  EXPECT_EQ(Refusal(*verifier, Token({{"alg", "HS256"}}, claims, kSecret)), "accepted");
  claims["aud"] = {"other", "orbit"};
  EXPECT_EQ(Refusal(*verifier, Token({{"alg", "HS256"}}, claims, kSecret)), "accepted");
  claims["aud"] = {"other"};
  EXPECT_NE(Refusal(*verifier, Token({{"alg", "HS256"}}, claims, kSecret)), "accepted");
  claims["aud"] = "orbit";
  claims["iss"] = "https://evil.example";
  EXPECT_NE(Refusal(*verifier, Token({{"alg", "HS256"}}, claims, kSecret)), "accepted");
}

TEST(Jwt, ClaimsThatNameTheClient) {
  auto verifier = Hs256Verifier();
  json claims = Claims();
  claims.erase("sub");
  EXPECT_NE(Refusal(*verifier, Token({{"alg", "HS256"}}, claims, kSecret)).find("sub"), std::string::npos);
  claims["sub"] = "";
  EXPECT_NE(Refusal(*verifier, Token({{"alg", "HS256"}}, claims, kSecret)), "accepted");
  claims = Claims();
  claims["role"] = "root";
  EXPECT_NE(Refusal(*verifier, Token({{"alg", "HS256"}}, claims, kSecret)).find("role"), std::string::npos);
  claims["role"] = 1;
  EXPECT_NE(Refusal(*verifier, Token({{"alg", "HS256"}}, claims, kSecret)), "accepted");
  claims = Claims();
  claims["tenant"] = {"a"};
  EXPECT_NE(Refusal(*verifier, Token({{"alg", "HS256"}}, claims, kSecret)), "accepted");
  // With a user name (PostgreSQL's, HTTP Basic's), at the current time: sub must be it.
  json current = Claims();
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  current["exp"] = std::chrono::duration_cast<std::chrono::seconds>(now).count() + 300;
  const std::string token = Token({{"alg", "HS256"}}, current, kSecret);
  const std::string loader = "loader";
  const std::string analyst = "analyst";
  Expected<JwtIdentity> other = verifier->Verify(token, &loader);
  ASSERT_FALSE(other.ok());
  EXPECT_NE(other.error().message().find("another user"), std::string::npos) << other.error().message();
  EXPECT_TRUE(verifier->Verify(token, &analyst).ok());
  EXPECT_TRUE(verifier->Verify(token, nullptr).ok());
}

TEST(Jwt, MalformedTokens) {
  auto verifier = Hs256Verifier();
  const std::string header = Base64UrlEncode(json{{"alg", "HS256"}}.dump());
  auto signed_token = [&](const std::string& payload) {
    const std::string part = header + "." + payload;
    return part + "." + Base64UrlEncode(Hs256(kSecret, part));
  };
  for (const std::string& token :
       {std::string(""), std::string("."), std::string(".."), std::string("a.b"), std::string("a.b.c.d"),
        header + ".!!!.sig", signed_token(Base64UrlEncode("[1,2]")), signed_token(Base64UrlEncode("not json")),
        signed_token("bad*base64"), Base64UrlEncode("{\"alg\":") + ".e30.", std::string(20000, 'a') + ".e30.x"}) {
    EXPECT_NE(Refusal(*verifier, token), "accepted") << token.substr(0, 80);
  }
  EXPECT_TRUE(LooksLikeJwt("eyJh.eyJz.c2ln"));
  EXPECT_TRUE(LooksLikeJwt("eyJh.eyJz."));
  EXPECT_FALSE(LooksLikeJwt("s3cret"));
  EXPECT_FALSE(LooksLikeJwt("a.b"));
  EXPECT_FALSE(LooksLikeJwt("a.b.c d"));
}

struct RsaKey {
  EVP_PKEY* key = nullptr;
  std::string public_pem;
  explicit RsaKey(int bits) {
    key = EVP_RSA_gen(static_cast<unsigned int>(bits));
    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PUBKEY(bio, key);
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    public_pem.assign(data, static_cast<size_t>(size));
    BIO_free(bio);
  }
  ~RsaKey() { EVP_PKEY_free(key); }
  RsaKey(const RsaKey&) = delete;
  RsaKey& operator=(const RsaKey&) = delete;
  std::string Sign(const json& header, const json& claims) const {
    const std::string part = Base64UrlEncode(header.dump()) + "." + Base64UrlEncode(claims.dump());
    EVP_MD_CTX* context = EVP_MD_CTX_new();
    size_t size = 0;
    EVP_DigestSignInit(context, nullptr, EVP_sha256(), nullptr, key);
    EVP_DigestSign(context, nullptr, &size, reinterpret_cast<const unsigned char*>(part.data()), part.size());
    std::string signature(size, '\0');
    EVP_DigestSign(context, reinterpret_cast<unsigned char*>(signature.data()), &size,
                   reinterpret_cast<const unsigned char*>(part.data()), part.size());
    EVP_MD_CTX_free(context);
    signature.resize(size);
    return part + "." + Base64UrlEncode(signature);
  }
};

std::string WriteTemporary(const std::string& name, const std::string& text) {
  const std::filesystem::path path = std::filesystem::temp_directory_path() / name;
  FILE* file = std::fopen(path.c_str(), "wb");
  std::fwrite(text.data(), 1, text.size(), file);
  std::fclose(file);
  return path.string();
}

TEST(Jwt, Rs256AndTheAlgorithmConfusionAttack) {
  const RsaKey rsa(2048);
  JwtOptions options;
  options.public_key = WriteTemporary("orbit_jwt_test_public.pem", rsa.public_pem);
  Expected<std::shared_ptr<JwtVerifier>> verifier = JwtVerifier::Make(options);
  ASSERT_TRUE(verifier.ok()) << verifier.error().message();
  EXPECT_EQ(Refusal(**verifier, rsa.Sign({{"alg", "RS256"}}, Claims())), "accepted");
  const RsaKey other(2048);
  EXPECT_NE(Refusal(**verifier, other.Sign({{"alg", "RS256"}}, Claims())).find("signature"), std::string::npos);
  // The public key as an HMAC secret: a verifier that took the token's alg would accept it.
  EXPECT_NE(Refusal(**verifier, Token({{"alg", "HS256"}}, Claims(), rsa.public_pem)).find("algorithm"),
            std::string::npos);
  std::filesystem::remove(options.public_key);
}

TEST(Jwt, ConfigurationIsChecked) {
  JwtOptions options;
  EXPECT_EQ(*JwtVerifier::Make(options), nullptr);  // no JWTs
  options.secret = "short";
  EXPECT_NE(JwtVerifier::Make(options).error().message().find("at least 32 bytes"), std::string::npos);
  options.secret = kSecret;
  options.public_key = "x.pem";
  EXPECT_FALSE(JwtVerifier::Make(options).ok());
  options.secret.clear();
  options.public_key = "/nonexistent/jwt.pem";
  EXPECT_NE(JwtVerifier::Make(options).error().message().find("cannot open"), std::string::npos);
  options.public_key = WriteTemporary("orbit_jwt_test_garbage.pem", "not a key");
  EXPECT_NE(JwtVerifier::Make(options).error().message().find("not a PEM public key"), std::string::npos);
  const RsaKey small(1024);
  options.public_key = WriteTemporary("orbit_jwt_test_garbage.pem", small.public_pem);
  EXPECT_NE(JwtVerifier::Make(options).error().message().find("2048 bits"), std::string::npos);
  std::filesystem::remove(options.public_key);
}

}  // namespace
}  // namespace orbit::server
