// `orbit serve --config`: the TOML file's keys, and the errors that name the line and key of
// what is wrong; tokens kept as SHA-256 and found in constant time.
#include <gtest/gtest.h>

#include <string>

#include "server/server_config.h"

namespace orbit::server {
namespace {

std::string ErrorOf(const std::string& text) {
  Expected<ServerOptions> options = ParseServerConfig(text, "orbit.toml");
  return options.ok() ? "no error" : options.error().message();
}

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(ServerConfig, ReadsEveryKey) {
  const std::string digest(64, 'a');
  Expected<ServerOptions> options = ParseServerConfig(R"(
[server]
host = "127.0.0.2"
pg_port = 6543
http_port = 0
database = "sales.orbit"
statement_timeout = "2min"
max_request_bytes = "1MB"
max_concurrent_queries = 4
pg_auth = "password"
tls_cert = "server.crt"
tls_key = "server.key"
tls_required = true

[[tokens]]
name = "analyst"
token = "s3cret"
role = "reader"
tenant = "acme"

[[tokens]]
name = "loader"
token_sha256 = ")" + digest + R"("
)",
                                                      "orbit.toml");
  ASSERT_TRUE(options.ok()) << options.error().message();
  EXPECT_EQ(options->host, "127.0.0.2");
  EXPECT_EQ(options->pg_port, 6543);
  EXPECT_EQ(options->http_port, 0);
  EXPECT_EQ(options->database_path, "sales.orbit");
  EXPECT_EQ(options->statement_timeout_ms, 120'000);
  EXPECT_EQ(options->max_request_bytes, 1 << 20);
  EXPECT_EQ(options->max_concurrent_queries, 4);
  EXPECT_EQ(options->pg_auth, PgAuth::kPassword);
  EXPECT_EQ(options->tls_cert, "server.crt");
  EXPECT_EQ(options->tls_key, "server.key");
  EXPECT_TRUE(options->tls_required);
  ASSERT_EQ(options->tokens.size(), 2U);
  EXPECT_EQ(options->tokens[0].name, "analyst");
  EXPECT_EQ(options->tokens[0].role, Role::kReader);
  EXPECT_EQ(options->tokens[0].tenant, "acme");
  EXPECT_EQ(options->tokens[0].secret_sha256, Sha256("s3cret"));
  EXPECT_EQ(options->tokens[1].role, Role::kWriter);  // the default
  EXPECT_EQ(options->tokens[1].secret_sha256, *ParseSha256Hex(digest));
  EXPECT_TRUE(options->tokens[0].scram.has_value());  // derived from the plain token
  EXPECT_FALSE(options->tokens[1].scram.has_value());
  EXPECT_TRUE(CheckOptions(*options).ok());
}

TEST(ServerConfig, ScramVerifiersAndWhatNeedsThem) {
  const std::string digest(64, 'a');
  const std::string verifier =
      "SCRAM-SHA-256$4096:OkK53GvdEwMelwzA/nCfeQ==$XKesp+dMWVT2W9LZ4v2MozjNTb/cgBiGHiI7U7CKkJ4=:"
      "u8d0ACSAULwvO+k2++8y/9kuHOsb9FVx+eKvd1gOuHc=";
  Expected<ServerOptions> options = ParseServerConfig(
      "[[tokens]]\nname = \"a\"\ntoken_sha256 = \"" + digest + "\"\nscram_sha256 = \"" + verifier + "\"\n",
      "orbit.toml");
  ASSERT_TRUE(options.ok()) << options.error().message();
  ASSERT_TRUE(options->tokens[0].scram.has_value());
  EXPECT_EQ(FormatScramVerifier(*options->tokens[0].scram), verifier);
  EXPECT_EQ(options->pg_auth, PgAuth::kScramSha256);  // the default
  EXPECT_TRUE(CheckOptions(*options).ok());
  std::string error = ErrorOf("[[tokens]]\nname = \"a\"\ntoken_sha256 = \"" + digest + "\"\nscram_sha256 = \"x\"\n");
  EXPECT_TRUE(Contains(error, "scram_sha256 of \"a\"") && Contains(error, "--hash-token")) << error;
  error = ErrorOf("[[tokens]]\nname = \"a\"\nscram_sha256 = \"" + verifier + "\"\n");
  EXPECT_TRUE(Contains(error, "no token_sha256")) << error;
  error = ErrorOf("[[tokens]]\nname = \"a\"\ntoken = \"x\"\nscram_sha256 = \"" + verifier + "\"\n");
  EXPECT_TRUE(Contains(error, "both a token and a scram_sha256")) << error;
  error = ErrorOf("[server]\npg_auth = \"md5\"\n");
  EXPECT_TRUE(Contains(error, "\"scram-sha-256\" or \"password\", not \"md5\"")) << error;
  error = ErrorOf("[server]\ntls_required = \"yes\"\n");
  EXPECT_TRUE(Contains(error, "must be a boolean")) << error;
  // A token given by its SHA-256 alone cannot answer SCRAM: refused at start, unless the
  // PostgreSQL port is off or asks for the password in clear.
  ServerOptions hashed;
  hashed.tokens = {*ParseHashedToken("a:" + digest + ":reader")};
  EXPECT_TRUE(Contains(CheckOptions(hashed).error().message(), "cannot answer SCRAM-SHA-256"));
  hashed.pg_auth = PgAuth::kPassword;
  EXPECT_TRUE(CheckOptions(hashed).ok());
  hashed.pg_auth = PgAuth::kScramSha256;
  hashed.pg_port = -1;
  hashed.http_port = 0;
  EXPECT_TRUE(CheckOptions(hashed).ok());
  Expected<Token> flagged = ParseHashedToken("b:" + digest + ":writer:" + verifier);
  ASSERT_TRUE(flagged.ok()) << flagged.error().message();
  EXPECT_EQ(flagged->role, Role::kWriter);
  EXPECT_TRUE(flagged->scram.has_value());
  flagged = ParseHashedToken("b:" + digest + ":" + verifier);
  ASSERT_TRUE(flagged.ok()) << flagged.error().message();
  EXPECT_EQ(flagged->role, Role::kWriter);
  EXPECT_FALSE(ParseHashedToken("b").ok());
  EXPECT_FALSE(ParseHashedToken("b::reader").ok());
}

TEST(ServerConfig, TlsNeedsBothFiles) {
  ServerOptions options;
  options.tls_cert = "server.crt";
  EXPECT_FALSE(CheckOptions(options).ok());
  options.tls_key = "server.key";
  EXPECT_TRUE(CheckOptions(options).ok());
  options.tls_required = true;
  EXPECT_TRUE(CheckOptions(options).ok());
  options.tls_cert.clear();
  options.tls_key.clear();
  EXPECT_FALSE(CheckOptions(options).ok());
}

TEST(ServerConfig, KeepsWhatTheFileDoesNotSet) {
  Expected<ServerOptions> options = ParseServerConfig("", "empty.toml");
  ASSERT_TRUE(options.ok());
  EXPECT_EQ(options->pg_port, 5433);
  EXPECT_EQ(options->http_port, -1);
  EXPECT_EQ(options->host, "127.0.0.1");
  EXPECT_TRUE(options->tokens.empty());
}

TEST(ServerConfig, ErrorsNameTheLineAndTheKey) {
  std::string error = ErrorOf("[server]\npg_port = 5433\nhttp_prot = 8080\n");
  EXPECT_TRUE(Contains(error, "orbit.toml:3")) << error;
  EXPECT_TRUE(Contains(error, "unknown key \"server.http_prot\"")) << error;
  error = ErrorOf("[server]\npg_port = \"5433\"\n");
  EXPECT_TRUE(Contains(error, "orbit.toml:2") && Contains(error, "must be an integer, not a string")) << error;
  error = ErrorOf("[server]\nhttp_port = 70000\n");
  EXPECT_TRUE(Contains(error, "between -1 and 65535")) << error;
  error = ErrorOf("[server]\nstatement_timeout = \"5 parsecs\"\n");
  EXPECT_TRUE(Contains(error, "unknown unit")) << error;
  error = ErrorOf("[sever]\nhost = \"x\"\n");
  EXPECT_TRUE(Contains(error, "unknown table or key \"sever\"")) << error;
  error = ErrorOf("[server\n");
  EXPECT_TRUE(Contains(error, "orbit.toml:1")) << error;
  error = ErrorOf("[[tokens]]\nname = \"a\"\ntoken = \"x\"\nrole = \"root\"\n");
  EXPECT_TRUE(Contains(error, "must be admin, writer or reader, not \"root\"")) << error;
  error = ErrorOf("[[tokens]]\nname = \"a\"\n");
  EXPECT_TRUE(Contains(error, "is empty")) << error;
  error = ErrorOf("[[tokens]]\nname = \"a\"\ntoken = \"x\"\ntoken_sha256 = \"" + std::string(64, '0') + "\"\n");
  EXPECT_TRUE(Contains(error, "both")) << error;
  error = ErrorOf("[[tokens]]\nname = \"a\"\ntoken_sha256 = \"abc\"\n");
  EXPECT_TRUE(Contains(error, "64 hexadecimal digits")) << error;
  error = ErrorOf("[[tokens]]\ntoken = \"x\"\n");
  EXPECT_TRUE(Contains(error, "no \"name\"")) << error;
  error = ErrorOf("tokens = 3\n");
  EXPECT_TRUE(Contains(error, "array of tables")) << error;
}

TEST(ServerConfig, CheckOptionsRefusesDuplicatesAndOpenHostsWithoutTokens) {
  ServerOptions options;
  options.tokens = {*ParseToken("a:x:reader"), *ParseToken("b:x:writer")};
  EXPECT_FALSE(CheckOptions(options).ok());  // one secret for two names
  options.tokens = {*ParseToken("a:x:reader"), *ParseToken("a:y:writer")};
  EXPECT_FALSE(CheckOptions(options).ok());
  options.tokens.clear();
  options.host = "0.0.0.0";
  EXPECT_FALSE(CheckOptions(options).ok());
  options.host = "127.0.0.1";
  options.pg_port = -1;
  EXPECT_FALSE(CheckOptions(options).ok());  // nothing to listen on
  options.http_port = 0;
  EXPECT_TRUE(CheckOptions(options).ok());
}

TEST(Tokens, AreFoundByNameAndSecret) {
  const std::vector<Token> tokens = {*ParseToken("analyst:s3:cret:reader"), *ParseToken("loader:pw")};
  EXPECT_EQ(tokens[0].secret_sha256, Sha256("s3:cret"));  // a colon may be in the secret
  EXPECT_EQ(tokens[1].role, Role::kWriter);
  const std::string analyst = "analyst";
  const std::string loader = "loader";
  EXPECT_EQ(FindToken(tokens, &analyst, "s3:cret"), &tokens[0]);
  EXPECT_EQ(FindToken(tokens, &analyst, "pw"), nullptr);
  EXPECT_EQ(FindToken(tokens, &loader, "pw"), &tokens[1]);
  EXPECT_EQ(FindToken(tokens, nullptr, "pw"), &tokens[1]);  // a bearer token names no user
  EXPECT_EQ(FindToken(tokens, nullptr, ""), nullptr);
  EXPECT_FALSE(ParseToken("nosecret").ok());
  EXPECT_FALSE(ParseToken("a:").ok());
}

TEST(Units, DurationsAndSizes) {
  EXPECT_EQ(*ParseMilliseconds("250ms"), 250);
  EXPECT_EQ(*ParseMilliseconds("30s"), 30'000);
  EXPECT_EQ(*ParseMilliseconds("1h"), 3'600'000);
  EXPECT_EQ(*ParseMilliseconds("1500"), 1500);
  EXPECT_FALSE(ParseMilliseconds("-1s").ok());
  EXPECT_FALSE(ParseMilliseconds("s").ok());
  EXPECT_EQ(*ParseBytes("16MB"), 16 << 20);
  EXPECT_EQ(*ParseBytes("512kB"), 512 << 10);
  EXPECT_EQ(*ParseBytes("100"), 100);
  EXPECT_FALSE(ParseBytes("1TB").ok());
}

}  // namespace
}  // namespace orbit::server
