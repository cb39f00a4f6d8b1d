// `orbit serve`'s PostgreSQL listener: binds the configured address, then accepts clients
// for ever, each served on a thread of its own (PgConnection) against one shared database.
// RunServe starts it and the HTTP listener (http_server.h) on the same state.
#pragma once

#include <istream>
#include <memory>
#include <ostream>
#include <string>

#include "orbit/database.h"
#include "server/server_options.h"

namespace orbit::server {

struct ServerState;

class PgServer {
 public:
  /// Binds the listening socket for `state` (which must outlive the server).
  static Expected<std::unique_ptr<PgServer>> Listen(ServerState& state);
  ~PgServer();
  PgServer(const PgServer&) = delete;
  PgServer& operator=(const PgServer&) = delete;

  /// The port it listens on (the one the system chose for --pg-port 0).
  int port() const { return port_; }
  /// Accepts clients until the process ends; returns only when accepting fails for good.
  Error Serve();

 private:
  PgServer(ServerState& state, int listen_fd, int port);
  ServerState& state_;
  int listen_fd_;
  int port_;
};

/// `orbit serve`: opens the database, listens on each configured protocol, prints a line
/// "... listening on HOST:PORT" for each (PostgreSQL's first) to `out` and serves; returns
/// the process exit code when it cannot start.
int RunServe(const ServerOptions& options, std::ostream& out, std::ostream& err);
/// `orbit serve --hash-token SECRET` ("-": a line of `in`): prints the token_sha256 and
/// scram_sha256 lines of a [[tokens]] table for it; returns the exit code.
int PrintTokenHashes(const std::string& secret, std::istream& in, std::ostream& out, std::ostream& err);

}  // namespace orbit::server
