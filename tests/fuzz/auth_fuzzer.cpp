// libFuzzer target for what a client sends to authenticate (src/server/scram.h, jwt.h,
// base64.h): the first byte picks a part (its low two bits), the rest is its input. 0: a
// SCRAM exchange (client-first, then after a newline client-final, against RFC 7677's
// verifier; bits 2 and 3: -PLUS offered, chosen); 1: a
// JWT bearer token (HS256 and RS256 verifiers); 2: base64 and base64url text, which
// must re-encode to itself when it decodes; 3: a SCRAM verifier's text form, which must
// format back to a verifier that parses alike. Nothing may crash, throw or trip a sanitizer.
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "server/base64.h"
#include "server/jwt.h"
#include "server/scram.h"

namespace {

void Fail(const char* what, const std::string& input) {
  std::fprintf(stderr, "auth_fuzzer: %s for input of %zu bytes\n", what, input.size());
  std::abort();
}

std::shared_ptr<orbit::server::JwtVerifier> MakeVerifier(bool rsa) {
  orbit::server::JwtOptions options;
  if (!rsa) {
    options.secret = "a-fuzzing-secret-of-thirty-two-bytes";
    options.issuer = "fuzz";
    options.audience = "orbit";
  } else {
    EVP_PKEY* key = EVP_RSA_gen(2048);
    const std::string path = "/tmp/orbit-auth-fuzzer-" + std::to_string(getpid()) + ".pem";
    FILE* file = std::fopen(path.c_str(), "wb");
    if (key == nullptr || file == nullptr) Fail("no RSA key", "");
    PEM_write_PUBKEY(file, key);
    std::fclose(file);
    EVP_PKEY_free(key);
    options.public_key = path;
  }
  auto made = orbit::server::JwtVerifier::Make(options);
  if (!made.ok() || *made == nullptr) Fail("no JWT verifier", "");
  return *made;
}

void Scram(const std::string& input, uint8_t selector) {
  static const orbit::server::ScramVerifier verifier =
      orbit::server::DeriveScramVerifier("pencil", *orbit::server::Base64Decode("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096);
  const size_t newline = input.find('\n');
  orbit::server::ScramExchange exchange(verifier, "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0");
  // Over TLS -PLUS is offered (bit 2), and perhaps chosen (bit 3).
  if ((selector & 4) != 0) exchange.BindChannel("a-certificate-hash-of-32-bytes!!", (selector & 8) != 0);
  auto first = exchange.ClientFirst(input.substr(0, newline));
  if (!first.ok() || newline == std::string::npos) return;
  (void)exchange.ClientFinal(input.substr(newline + 1));
}

void Jwt(const std::string& input) {
  static const auto hs256 = MakeVerifier(false);
  static const auto rs256 = MakeVerifier(true);
  (void)orbit::server::LooksLikeJwt(input);
  for (const auto* verifier : {hs256.get(), rs256.get()}) {
    auto identity = verifier->Verify(input, 1'800'000'000);
    if (identity.ok() && identity->user.empty()) Fail("a JWT accepted without a user", input);
  }
}

void Base64(const std::string& input) {
  if (auto bytes = orbit::server::Base64Decode(input); bytes && orbit::server::Base64Encode(*bytes) != input) {
    Fail("base64 that is not canonical decoded", input);
  }
  if (auto bytes = orbit::server::Base64UrlDecode(input); bytes && orbit::server::Base64UrlEncode(*bytes) != input) {
    Fail("base64url that is not canonical decoded", input);
  }
}

void Verifier(const std::string& input) {
  auto parsed = orbit::server::ParseScramVerifier(input);
  if (!parsed.ok()) return;
  auto again = orbit::server::ParseScramVerifier(orbit::server::FormatScramVerifier(*parsed));
  if (!again.ok() || again->salt != parsed->salt || again->stored_key != parsed->stored_key ||
      again->iterations != parsed->iterations) {
    Fail("a verifier that does not format back to itself", input);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1 || size > 32 * 1024) return -1;
  const std::string input(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 4) {
    case 0: Scram(input, data[0]); break;
    case 1: Jwt(input); break;
    case 2: Base64(input); break;
    default: Verifier(input); break;
  }
  return 0;
}
