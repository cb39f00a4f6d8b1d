#include "server/server_config.h"

#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <utility>

#include <toml++/toml.h>

namespace orbit::server {

namespace {

Error ConfigError(const std::string& source, const toml::source_region& where, const std::string& message) {
  std::string at = source;
  if (where.begin.line > 0) at += ":" + std::to_string(where.begin.line);
  return Error(ErrorCode::kInvalidArgument, at + ": " + message);
}

const char* TypeName(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a number";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "an array";
    default: return "a date or time";
  }
}

// Reads one table's keys, each known key once; anything else is an error.
class TableReader {
 public:
  TableReader(const std::string& source, const toml::table& table, std::string path)
      : source_(source), table_(table), path_(std::move(path)) {}

  Expected<std::optional<std::string>> String(std::string_view key) {
    const toml::node* node = Find(key);
    if (node == nullptr) return std::optional<std::string>();
    if (!node->is_string()) return WrongType(key, *node, "a string");
    return std::optional<std::string>(node->as_string()->get());
  }

  Expected<std::optional<bool>> Boolean(std::string_view key) {
    const toml::node* node = Find(key);
    if (node == nullptr) return std::optional<bool>();
    if (!node->is_boolean()) return WrongType(key, *node, "a boolean");
    return std::optional<bool>(node->as_boolean()->get());
  }

  /// A string that `parse` must accept (`what`: the values it takes, for the error).
  template <typename Parse>
  Expected<decltype(std::declval<Parse>()(std::string_view()))> Choice(std::string_view key, Parse parse,
                                                                       const char* what) {
    using Parsed = decltype(parse(std::string_view()));
    const toml::node* node = Find(key);
    if (node == nullptr) return Parsed();
    if (!node->is_string()) return WrongType(key, *node, "a string");
    Parsed parsed = parse(node->as_string()->get());
    if (!parsed) {
      return ConfigError(source_, node->source(),
                         Name(key) + " must be " + what + ", not \"" + node->as_string()->get() + "\"");
    }
    return parsed;
  }

  Expected<std::optional<int64_t>> Integer(std::string_view key, int64_t low, int64_t high) {
    const toml::node* node = Find(key);
    if (node == nullptr) return std::optional<int64_t>();
    if (!node->is_integer()) return WrongType(key, *node, "an integer");
    const int64_t value = node->as_integer()->get();
    if (value < low || value > high) {
      return ConfigError(source_, node->source(),
                         Name(key) + " must be between " + std::to_string(low) + " and " + std::to_string(high) +
                             ", not " + std::to_string(value));
    }
    return std::optional<int64_t>(value);
  }

  /// A string parsed by `parse` (a duration, a size), or an integer taken as it is.
  template <typename Parse>
  Expected<std::optional<int64_t>> Amount(std::string_view key, Parse parse, const char* what) {
    const toml::node* node = Find(key);
    if (node == nullptr) return std::optional<int64_t>();
    if (node->is_integer()) {
      if (node->as_integer()->get() < 0)
        return ConfigError(source_, node->source(), Name(key) + " must not be negative");
      return std::optional<int64_t>(node->as_integer()->get());
    }
    if (!node->is_string()) return WrongType(key, *node, what);
    Expected<int64_t> parsed = parse(node->as_string()->get());
    if (!parsed.ok()) return ConfigError(source_, node->source(), Name(key) + ": " + parsed.error().message());
    return std::optional<int64_t>(*parsed);
  }

  /// Success when every key of the table was read.
  Expected<void> CheckNoOtherKeys(std::string_view known) const {
    for (const auto& [key, node] : table_) {
      if (!read_.contains(std::string(key.str()))) {
        return ConfigError(source_, key.source(),
                           "unknown key " + Name(key.str()) + " (known: " + std::string(known) + ")");
      }
    }
    return {};
  }

 private:
  const toml::node* Find(std::string_view key) {
    read_.insert(std::string(key));
    return table_.get(key);
  }
  std::string Name(std::string_view key) const { return "\"" + path_ + "." + std::string(key) + "\""; }
  Error WrongType(std::string_view key, const toml::node& node, const char* wanted) const {
    return ConfigError(source_, node.source(), Name(key) + " must be " + wanted + ", not " + TypeName(node));
  }

  const std::string& source_;
  const toml::table& table_;
  std::string path_;
  std::set<std::string> read_;
};

#define ORBIT_CONFIG_READ(target, expression) \
  auto target = (expression);                 \
  if (!target.ok()) return target.error()

Expected<void> ReadServer(const std::string& source, const toml::table& table, ServerOptions* options) {
  TableReader reader(source, table, "server");
  ORBIT_CONFIG_READ(host, reader.String("host"));
  if (*host) options->host = **host;
  ORBIT_CONFIG_READ(pg_port, reader.Integer("pg_port", -1, 65535));
  if (*pg_port) options->pg_port = static_cast<int>(**pg_port);
  ORBIT_CONFIG_READ(http_port, reader.Integer("http_port", -1, 65535));
  if (*http_port) options->http_port = static_cast<int>(**http_port);
  ORBIT_CONFIG_READ(database, reader.String("database"));
  if (*database) options->database_path = **database;
  ORBIT_CONFIG_READ(timeout, reader.Amount("statement_timeout", ParseMilliseconds, "a duration (\"30s\")"));
  if (*timeout) options->statement_timeout_ms = **timeout;
  ORBIT_CONFIG_READ(drain, reader.Amount("drain_timeout", ParseMilliseconds, "a duration (\"30s\")"));
  if (*drain) options->drain_timeout_ms = **drain;
  ORBIT_CONFIG_READ(max_bytes, reader.Amount("max_request_bytes", ParseBytes, "a size (\"16MB\")"));
  if (*max_bytes) {
    if (**max_bytes < 1) return ConfigError(source, table.source(), "\"server.max_request_bytes\" must be at least 1");
    options->max_request_bytes = **max_bytes;
  }
  ORBIT_CONFIG_READ(concurrent, reader.Integer("max_concurrent_queries", 0, 1 << 20));
  if (*concurrent) options->max_concurrent_queries = static_cast<int>(**concurrent);
  ORBIT_CONFIG_READ(pg_auth, reader.Choice("pg_auth", ParsePgAuth, "\"scram-sha-256\" or \"password\""));
  if (*pg_auth) options->pg_auth = **pg_auth;
  ORBIT_CONFIG_READ(tls_cert, reader.String("tls_cert"));
  if (*tls_cert) options->tls_cert = **tls_cert;
  ORBIT_CONFIG_READ(tls_key, reader.String("tls_key"));
  if (*tls_key) options->tls_key = **tls_key;
  ORBIT_CONFIG_READ(tls_required, reader.Boolean("tls_required"));
  if (*tls_required) options->tls_required = **tls_required;
  const std::pair<const char*, std::string*> jwt_keys[] = {{"jwt_secret", &options->jwt.secret},
                                                           {"jwt_public_key", &options->jwt.public_key},
                                                           {"jwt_issuer", &options->jwt.issuer},
                                                           {"jwt_audience", &options->jwt.audience}};
  for (const auto& [key, target] : jwt_keys) {
    ORBIT_CONFIG_READ(value, reader.String(key));
    if (*value) *target = **value;
  }
  return reader.CheckNoOtherKeys(
      "host, pg_port, http_port, database, statement_timeout, drain_timeout, max_request_bytes, "
      "max_concurrent_queries, pg_auth, "
      "tls_cert, tls_key, tls_required, jwt_secret, jwt_public_key, jwt_issuer, jwt_audience");
}

Expected<void> ReadTokens(const std::string& source, const toml::node& node, ServerOptions* options) {
  const toml::array* tokens = node.as_array();
  if (tokens == nullptr) {
    return ConfigError(source, node.source(),
                       "\"tokens\" must be an array of tables ([[tokens]]), not " + std::string(TypeName(node)));
  }
  for (const toml::node& element : *tokens) {
    const toml::table* table = element.as_table();
    if (table == nullptr) {
      return ConfigError(source, element.source(), "each of \"tokens\" must be a table ([[tokens]])");
    }
    TableReader reader(source, *table, "tokens");
    ORBIT_CONFIG_READ(name, reader.String("name"));
    ORBIT_CONFIG_READ(secret, reader.String("token"));
    ORBIT_CONFIG_READ(digest, reader.String("token_sha256"));
    ORBIT_CONFIG_READ(scram, reader.String("scram_sha256"));
    ORBIT_CONFIG_READ(role, reader.String("role"));
    ORBIT_CONFIG_READ(tenant, reader.String("tenant"));
    if (Expected<void> checked = reader.CheckNoOtherKeys("name, token, token_sha256, scram_sha256, role, tenant");
        !checked.ok()) {
      return checked.error();
    }
    if (!*name) return ConfigError(source, table->source(), "a token has no \"name\"");
    if (*role && (*role)->empty())
      return ConfigError(source, table->source(), "the role of \"" + **name + "\" is empty");
    if (*secret && (*secret)->empty()) {
      return ConfigError(source, table->source(), "the token of \"" + **name + "\" is empty");
    }
    if (*scram && !*digest && !*secret) {
      return ConfigError(
          source, table->source(),
          "the token of \"" + **name + "\" has a scram_sha256 but no token_sha256 (HTTP checks the token by it)");
    }
    Expected<Token> token = MakeToken({.name = **name,
                                       .secret = secret->value_or(""),
                                       .secret_sha256 = digest->value_or(""),
                                       .scram = scram->value_or(""),
                                       .role = role->value_or(""),
                                       .tenant = tenant->value_or("")});
    if (!token.ok()) return ConfigError(source, table->source(), token.error().message());
    options->tokens.push_back(std::move(*token));
  }
  return {};
}

}  // namespace

Expected<ServerOptions> ParseServerConfig(std::string_view text, const std::string& source, ServerOptions base) {
  toml::table root;
  try {
    root = toml::parse(text, source);
  } catch (const toml::parse_error& error) {
    return ConfigError(source, error.source(), std::string(error.description()));
  }
  for (const auto& [key, node] : root) {
    if (key == "server") {
      if (!node.is_table()) {
        return ConfigError(source, node.source(),
                           "\"server\" must be a table ([server]), not " + std::string(TypeName(node)));
      }
      if (Expected<void> read = ReadServer(source, *node.as_table(), &base); !read.ok()) return read.error();
    } else if (key == "tokens") {
      if (Expected<void> read = ReadTokens(source, node, &base); !read.ok()) return read.error();
    } else {
      return ConfigError(source, key.source(),
                         "unknown table or key \"" + std::string(key.str()) + "\" (known: [server], [[tokens]])");
    }
  }
  return base;
}

Expected<ServerOptions> LoadServerConfig(const std::string& path, ServerOptions base) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return Error(ErrorCode::kIOError, "cannot open the configuration file " + path);
  std::ostringstream text;
  text << file.rdbuf();
  return ParseServerConfig(text.str(), path, std::move(base));
}

}  // namespace orbit::server
