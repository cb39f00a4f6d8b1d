// What `orbit serve`'s listeners share, PostgreSQL's and HTTP's: the one database, the
// options, TLS, the cancel keys, the metrics and whether the devices have been probed.
#pragma once

#include <atomic>
#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

#include "orbit/database.h"
#include "server/cancel_registry.h"
#include "server/jwt.h"
#include "server/server_metrics.h"
#include "server/server_options.h"
#include "server/tls_context.h"

namespace orbit::server {

/// What every connection of both protocols shares: the one database, the options, the
/// cancel keys and the metrics.
struct ServerState {
  ServerState(Database opened, ServerOptions served)
      : database(std::move(opened)), options(std::move(served)), database_name(DatabaseName(options.database_path)) {}

  /// A new session with the server's defaults (statement_timeout), made one at a time.
  Expected<Connection> Connect();

  Database database;
  std::mutex connect_mutex;  ///< held while a connection is made
  ServerOptions options;
  std::string database_name;
  std::shared_ptr<TlsContext> tls;   ///< the PostgreSQL listener's, when tls_cert is set
  std::shared_ptr<JwtVerifier> jwt;  ///< when JWTs are configured
  std::string mock_secret;           ///< random at start: the salts answered for unknown users
  CancelRegistry cancels;
  /// Set by SIGTERM or SIGINT (pg_server.cpp): no new statements, nor connections.
  std::atomic<bool> draining{false};
  ServerMetrics metrics;
  std::mutex ready_mutex;
  bool devices_probed = false;  ///< the devices were found and probed (/v1/ready)
  nlohmann::json devices;       ///< what the probe found: device, kind, available
};

}  // namespace orbit::server
