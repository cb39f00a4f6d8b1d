// What `orbit serve` is told: where to listen, which database to serve and who may connect.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "orbit/error.h"

namespace orbit::server {

/// A client's credentials: the PostgreSQL user name and its password (the secret), with a
/// role (admin, writer or reader; kept for the authorisation still to come, not enforced yet).
struct Token {
  std::string name;
  std::string secret;
  std::string role;
};

struct ServerOptions {
  std::string host = "127.0.0.1";
  int pg_port = 5433;         ///< 0: any free port (the server prints the one it got)
  std::string database_path;  ///< a database folder; empty: one in-memory database
  std::vector<Token> tokens;  ///< none: no password asked, allowed on loopback only
};

/// "name:secret:role" (the role may be left out: writer); an error saying what is wrong.
Expected<Token> ParseToken(std::string_view text);
/// Whether `host` is a loopback address (127.x.x.x, ::1, localhost).
bool IsLoopback(std::string_view host);
/// The name clients give as dbname: the folder's name without ".orbit", or "memory".
std::string DatabaseName(std::string_view database_path);
/// Whether the options can be served: a valid port, and tokens unless bound to loopback.
Expected<void> CheckOptions(const ServerOptions& options);

}  // namespace orbit::server
