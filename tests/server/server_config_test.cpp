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
  ASSERT_EQ(options->tokens.size(), 2U);
  EXPECT_EQ(options->tokens[0].name, "analyst");
  EXPECT_EQ(options->tokens[0].role, Role::kReader);
  EXPECT_EQ(options->tokens[0].tenant, "acme");
  EXPECT_EQ(options->tokens[0].secret_sha256, Sha256("s3cret"));
  EXPECT_EQ(options->tokens[1].role, Role::kWriter);  // the default
  EXPECT_EQ(options->tokens[1].secret_sha256, *ParseSha256Hex(digest));
  EXPECT_TRUE(CheckOptions(*options).ok());
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
