// `orbit serve`'s PostgreSQL listener: binds the configured address, then accepts clients
// for ever, each served on a thread of its own (PgConnection) against one shared database.
#pragma once

#include <memory>
#include <ostream>

#include "orbit/database.h"
#include "server/server_options.h"

namespace orbit::server {

struct ServerState;

class PgServer {
 public:
  /// Checks the options and binds the listening socket (the database is already open).
  static Expected<std::unique_ptr<PgServer>> Listen(ServerOptions options, Database database);
  ~PgServer();
  PgServer(const PgServer&) = delete;
  PgServer& operator=(const PgServer&) = delete;

  /// The port it listens on (the one the system chose for --pg-port 0).
  int port() const { return port_; }
  /// Accepts clients until the process ends; returns only when accepting fails for good.
  Error Serve();

 private:
  PgServer(std::unique_ptr<ServerState> state, int listen_fd, int port);
  std::unique_ptr<ServerState> state_;
  int listen_fd_;
  int port_;
};

/// `orbit serve`: opens the database, listens, prints "listening on HOST:PORT" to `out`
/// and serves; returns the process exit code when it cannot start.
int RunServe(const ServerOptions& options, std::ostream& out, std::ostream& err);

}  // namespace orbit::server
