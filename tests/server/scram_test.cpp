// SCRAM-SHA-256's arithmetic and exchange against RFC 7677's test vector and a verifier
// PostgreSQL 15 made, and the exchange's refusals of malformed or wrong messages; base64
// as strict as SCRAM needs it.
#include <gtest/gtest.h>

#include <string>
#include <tuple>
#include <vector>

#include "server/base64.h"
#include "server/scram.h"

namespace orbit::server {
namespace {

// RFC 7677 section 3: user "user", password "pencil".
constexpr const char* kSalt = "W22ZaJ0SNY7soEsUEjb6gQ==";
constexpr const char* kClientFirst = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO";
constexpr const char* kServerNonce = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
constexpr const char* kServerFirst =
    "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
constexpr const char* kClientFinal =
    "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
constexpr const char* kServerFinal = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

ScramVerifier PencilVerifier() { return DeriveScramVerifier("pencil", *Base64Decode(kSalt), 4096); }

TEST(Scram, Rfc7677TestVector) {
  ScramExchange exchange(PencilVerifier(), kServerNonce);
  Expected<std::string> server_first = exchange.ClientFirst(kClientFirst);
  ASSERT_TRUE(server_first.ok()) << server_first.error().message();
  EXPECT_EQ(*server_first, kServerFirst);
  Expected<std::optional<std::string>> server_final = exchange.ClientFinal(kClientFinal);
  ASSERT_TRUE(server_final.ok()) << server_final.error().message();
  ASSERT_TRUE(server_final->has_value());
  EXPECT_EQ(**server_final, kServerFinal);
}

TEST(Scram, VerifierMatchesPostgreSqls) {
  // SELECT rolpassword FROM pg_authid after CREATE ROLE ... PASSWORD 'pencil' on PostgreSQL 15.
  const std::string postgres =
      "SCRAM-SHA-256$4096:OkK53GvdEwMelwzA/nCfeQ==$XKesp+dMWVT2W9LZ4v2MozjNTb/cgBiGHiI7U7CKkJ4=:"
      "u8d0ACSAULwvO+k2++8y/9kuHOsb9FVx+eKvd1gOuHc=";
  Expected<ScramVerifier> parsed = ParseScramVerifier(postgres);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message();
  EXPECT_EQ(parsed->iterations, 4096);
  const ScramVerifier derived = DeriveScramVerifier("pencil", parsed->salt, parsed->iterations);
  EXPECT_EQ(derived.stored_key, parsed->stored_key);
  EXPECT_EQ(derived.server_key, parsed->server_key);
  EXPECT_EQ(FormatScramVerifier(derived), postgres);
  Expected<ScramVerifier> random = DeriveScramVerifier("pencil");
  ASSERT_TRUE(random.ok());
  EXPECT_EQ(random->salt.size(), 16U);
  EXPECT_NE(random->salt, parsed->salt);
}

TEST(Scram, MalformedVerifiersAreRefused) {
  for (const char* text :
       {"", "md5abc", "SCRAM-SHA-256$", "SCRAM-SHA-256$4096:c2FsdA==", "SCRAM-SHA-256$x:c2FsdA==$a:b",
        "SCRAM-SHA-256$0:c2FsdA==$XKesp+dMWVT2W9LZ4v2MozjNTb/cgBiGHiI7U7CKkJ4=:XKesp+dMWVT2W9LZ4v2MozjNTb/"
        "cgBiGHiI7U7CKkJ4=",
        "SCRAM-SHA-256$4096:c2FsdA==$c2hvcnQ=:XKesp+dMWVT2W9LZ4v2MozjNTb/cgBiGHiI7U7CKkJ4=",
        "SCRAM-SHA-256$4096:!!$XKesp+dMWVT2W9LZ4v2MozjNTb/cgBiGHiI7U7CKkJ4=:XKesp+dMWVT2W9LZ4v2MozjNTb/"
        "cgBiGHiI7U7CKkJ4="}) {
    EXPECT_FALSE(ParseScramVerifier(text).ok()) << text;
  }
}

TEST(Scram, AWrongProofFailsWithoutAnError) {
  ScramExchange exchange(DeriveScramVerifier("not pencil", *Base64Decode(kSalt), 4096), kServerNonce);
  ASSERT_TRUE(exchange.ClientFirst(kClientFirst).ok());
  Expected<std::optional<std::string>> final = exchange.ClientFinal(kClientFinal);
  ASSERT_TRUE(final.ok());
  EXPECT_FALSE(final->has_value());
}

TEST(Scram, AMockExchangeFailsEvenWithTheRightProof) {
  ScramExchange exchange(PencilVerifier(), kServerNonce, /*mock=*/true);
  ASSERT_TRUE(exchange.ClientFirst(kClientFirst).ok());
  Expected<std::optional<std::string>> final = exchange.ClientFinal(kClientFinal);
  ASSERT_TRUE(final.ok());
  EXPECT_FALSE(final->has_value());
}

TEST(Scram, MalformedClientFirstMessages) {
  const std::vector<std::pair<std::string, ErrorCode>> cases = {
      {"", ErrorCode::kInvalidArgument},
      {"x,,n=,r=abc", ErrorCode::kInvalidArgument},
      {"p=tls-server-end-point,,n=,r=abc", ErrorCode::kInvalidArgument},
      {"n,a=admin,n=,r=abc", ErrorCode::kNotSupported},
      {"n,,m=ext,n=,r=abc", ErrorCode::kNotSupported},
      {"n,,r=abc", ErrorCode::kInvalidArgument},
      {"n,,n=", ErrorCode::kInvalidArgument},
      {"n,,n=,r=", ErrorCode::kInvalidArgument},
      {std::string("n,,n=,r=a\x01", 10), ErrorCode::kInvalidArgument},
      {"n,", ErrorCode::kInvalidArgument},
  };
  for (const auto& [message, code] : cases) {
    ScramExchange exchange(PencilVerifier(), kServerNonce);
    Expected<std::string> answer = exchange.ClientFirst(message);
    ASSERT_FALSE(answer.ok()) << message;
    EXPECT_EQ(answer.error().code(), code) << message << ": " << answer.error().message();
  }
}

TEST(Scram, MalformedClientFinalMessages) {
  const std::string nonce = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
  const std::string proof = "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
  for (const std::string& message : {std::string(""), "c=biws," + nonce, "c=eSws," + nonce + "," + proof,
                                     "c=biws,r=other," + proof, "c=biws," + nonce + ",p=short",
                                     "c=biws," + nonce + ",p=", nonce + "," + proof, "c=!!!," + nonce + "," + proof}) {
    ScramExchange exchange(PencilVerifier(), kServerNonce);
    ASSERT_TRUE(exchange.ClientFirst(kClientFirst).ok());
    Expected<std::optional<std::string>> final = exchange.ClientFinal(message);
    EXPECT_FALSE(final.ok()) << message;
  }
  ScramExchange early(PencilVerifier(), kServerNonce);
  EXPECT_FALSE(early.ClientFinal(kClientFinal).ok());  // before client-first
  ScramExchange twice(PencilVerifier(), kServerNonce);
  ASSERT_TRUE(twice.ClientFirst(kClientFirst).ok());
  EXPECT_FALSE(twice.ClientFirst(kClientFirst).ok());
}

TEST(Scram, TheYFlagBindsItsOwnHeader) {
  // "y,,": the client could bind a channel but thinks the server cannot (libpq over TLS).
  ScramExchange exchange(PencilVerifier(), kServerNonce);
  ASSERT_TRUE(exchange.ClientFirst("y,,n=,r=abc").ok());
  Expected<std::optional<std::string>> final = exchange.ClientFinal("c=eSws,r=abc" + std::string(kServerNonce) +
                                                                    ",p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
  ASSERT_TRUE(final.ok()) << final.error().message();
  EXPECT_FALSE(final->has_value());  // a well-formed message with another exchange's proof
}

// With -PLUS over TLS, c= must carry the gs2 header and the server certificate's hash.
TEST(Scram, ChannelBindingWithPlus) {
  const std::string header = "p=tls-server-end-point,,";
  const std::string proof = ",p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
  auto final_for = [&](const std::string& binding) {
    ScramExchange exchange(PencilVerifier(), kServerNonce);
    exchange.BindChannel("certificate-hash", /*selected=*/true);
    EXPECT_TRUE(exchange.ClientFirst(header + "n=,r=abc").ok());
    return exchange.ClientFinal("c=" + Base64Encode(binding) + ",r=abc" + kServerNonce + proof);
  };
  Expected<std::optional<std::string>> bound = final_for(header + "certificate-hash");
  ASSERT_TRUE(bound.ok()) << bound.error().message();  // well formed: only the (foreign) proof fails
  EXPECT_FALSE(bound->has_value());
  EXPECT_FALSE(final_for(header + "another-hash").ok());
  EXPECT_FALSE(final_for(header).ok());
  // The flags that do not fit the mechanism chosen, or a downgrade from an offered -PLUS.
  const std::vector<std::tuple<bool, bool, std::string>> refused = {
      {false, false, "p=tls-server-end-point,,n=,r=abc"},  // -PLUS data without TLS
      {true, true, "n,,n=,r=abc"},                         // -PLUS chosen, no data
      {true, true, "y,,n=,r=abc"},
      {true, true, "p=tls-unique,,n=,r=abc"},             // another binding type
      {true, false, "y,,n=,r=abc"},                       // "the server cannot bind" while it offered to
      {true, false, "p=tls-server-end-point,,n=,r=abc"},  // data under plain SCRAM-SHA-256
  };
  for (const auto& [offered, selected, message] : refused) {
    ScramExchange exchange(PencilVerifier(), kServerNonce);
    if (offered) exchange.BindChannel("certificate-hash", selected);
    EXPECT_FALSE(exchange.ClientFirst(message).ok()) << message << " offered " << offered << " selected " << selected;
  }
  ScramExchange plain(PencilVerifier(), kServerNonce);
  plain.BindChannel("certificate-hash", false);
  EXPECT_TRUE(plain.ClientFirst("n,,n=,r=abc").ok());  // a client that cannot bind at all
}

TEST(Base64, RoundTripsAndRefusesNonCanonicalText) {
  for (const std::string bytes : {"", "f", "fo", "foo", "foob", "fooba", "foobar", "\xff\x00\x80"}) {
    EXPECT_EQ(Base64Decode(Base64Encode(bytes)), bytes);
    EXPECT_EQ(Base64UrlDecode(Base64UrlEncode(bytes)), bytes);
  }
  EXPECT_EQ(Base64Encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(Base64Encode("fo"), "Zm8=");
  EXPECT_EQ(Base64UrlEncode("\xfb\xff"), "-_8");
  for (const char* text : {"Zm8", "Zm9=", "Zm8==", "Z===", "====", "Zm-v", "Zm9v\n"}) {
    EXPECT_FALSE(Base64Decode(text).has_value()) << text;
  }
  for (const char* text : {"Zm8=", "Z", "-_9", "ab+/"}) EXPECT_FALSE(Base64UrlDecode(text).has_value()) << text;
}

}  // namespace
}  // namespace orbit::server
