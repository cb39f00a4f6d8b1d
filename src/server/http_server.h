// `orbit serve`'s HTTP API (cpp-httplib), on the same database and state as the PostgreSQL
// listener:
//   POST /v1/query     {"sql": "...", "params": [...], "timeout_ms": n}: the last statement's
//                      result as JSON, CSV or an Arrow IPC stream (by Accept); each request
//                      runs on a session of its own
//   GET  /v1/health    the process answers
//   GET  /v1/ready     the database is open and the devices probed (503 until then)
//   GET  /metrics      Prometheus' text format (server_metrics.h, and each device's figures)
//   GET  /openapi.json this API, described exactly (OpenApiDocument)
// With tokens or JWTs, /v1/query needs "Authorization: Bearer <token or JWT>" (or Basic
// with the name and token; http_authentication.h); the role decides which statements run
// (access_control.h). With tls_cert and tls_key it is HTTPS (httplib's SSLServer).
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "orbit/error.h"

namespace httplib {
class Server;
}

namespace orbit::server {

struct ServerState;

class HttpServer {
 public:
  /// Binds host:port (0: any free port) for `state`, which must outlive the server.
  static Expected<std::unique_ptr<HttpServer>> Listen(ServerState& state, const std::string& host, int port);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  int port() const { return port_; }
  /// Serves on a thread of its own until the server is destroyed; probes the devices
  /// (what /v1/ready waits for) on another.
  void Start();

 private:
  HttpServer(ServerState& state, std::unique_ptr<httplib::Server> server, int port);
  void Probe();

  ServerState& state_;
  std::unique_ptr<httplib::Server> server_;
  int port_;
  std::thread serving_;
  std::thread probing_;
};

/// The OpenAPI 3.0 document of the HTTP API; `with_tokens`: /v1/query declares bearer
/// authentication (and its 401).
std::string OpenApiDocument(bool with_tokens);

}  // namespace orbit::server
