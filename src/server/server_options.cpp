#include "server/server_options.h"

#include <filesystem>

namespace orbit::server {

Expected<Token> ParseToken(std::string_view text) {
  const size_t first = text.find(':');
  if (first == std::string_view::npos || first == 0) {
    return Error(ErrorCode::kInvalidArgument, "a token is name:secret[:role], e.g. analyst:s3cret:reader");
  }
  Token token;
  token.name = std::string(text.substr(0, first));
  std::string_view rest = text.substr(first + 1);
  const size_t second = rest.rfind(':');
  token.role = "writer";
  if (second != std::string_view::npos) {
    const std::string_view role = rest.substr(second + 1);
    if (role == "admin" || role == "writer" || role == "reader") {
      token.role = std::string(role);
      rest = rest.substr(0, second);
    }
  }
  token.secret = std::string(rest);
  if (token.secret.empty()) return Error(ErrorCode::kInvalidArgument, "the token of \"" + token.name + "\" is empty");
  return token;
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
  if (options.pg_port < 0 || options.pg_port > 65535) {
    return Error(ErrorCode::kInvalidArgument, "--pg-port must be between 0 and 65535");
  }
  if (options.tokens.empty() && !IsLoopback(options.host)) {
    return Error(ErrorCode::kInvalidArgument,
                 "serving on " + options.host + " (beyond loopback) needs at least one --token name:secret:role");
  }
  return {};
}

}  // namespace orbit::server
