#include "server/http_server.h"

#include <httplib.h>

#include <fmt/format.h>
#include <chrono>
#include <nlohmann/json.hpp>

#include "server/access_control.h"
#include "server/arrow_ipc.h"
#include "server/http_authentication.h"
#include "server/http_results.h"
#include "server/pg_connection.h"
#include "server/tls_context.h"

namespace orbit::server {

namespace {

using nlohmann::json;

constexpr auto kJsonContent = "application/json";

void SendError(httplib::Response& res, int status, std::string_view sqlstate, std::string_view message) {
  res.status = status;
  res.set_content(ErrorBody(sqlstate, message), kJsonContent);
}

void SendJson(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace), kJsonContent);
}

bool IsJsonContent(const std::string& content_type) {
  std::string type = content_type.substr(0, content_type.find(';'));
  while (!type.empty() && type.back() == ' ') type.pop_back();
  for (char& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return type == kJsonType;
}

const char* ReasonOf(int status) {
  switch (status) {
    case 400: return "bad request";
    case 404: return "no such path";
    case 405: return "method not allowed";
    case 413: return "the request body is larger than max_request_bytes";
    case 414: return "the request line is too long";
    default: return "the request failed";
  }
}

const char* SqlStateOfStatus(int status) {
  switch (status) {
    case 413: return sqlstate::kProgramLimitExceeded;
    case 429: return sqlstate::kTooManyConnections;
    case 500: return sqlstate::kInternalError;
    default: return sqlstate::kProtocolViolation;
  }
}

// The request's fields, checked against what /openapi.json says of them.
struct QueryRequest {
  std::string sql;
  std::vector<Parameter> parameters;
  std::optional<int64_t> timeout_ms;
};

Expected<QueryRequest> ParseQueryRequest(const std::string& body) {
  auto invalid = [](const std::string& message) { return Error(ErrorCode::kInvalidArgument, message); };
  const json request = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (request.is_discarded()) return invalid("the request body is not JSON");
  if (!request.is_object()) return invalid("the request body must be a JSON object with \"sql\"");
  QueryRequest parsed;
  for (const auto& [key, value] : request.items()) {
    if (key == "sql") {
      if (!value.is_string()) return invalid("\"sql\" must be a string");
      parsed.sql = value.get<std::string>();
    } else if (key == "params") {
      Expected<std::vector<Parameter>> parameters = ParametersFromJson(value);
      if (!parameters.ok()) return parameters.error();
      parsed.parameters = std::move(*parameters);
    } else if (key == "timeout_ms") {
      if (!value.is_number_integer() ||
          (value.is_number_integer() && !value.is_number_unsigned() && value.get<int64_t>() < 0)) {
        return invalid("\"timeout_ms\" must be a non-negative integer");
      }
      parsed.timeout_ms = value.is_number_unsigned()
                              ? static_cast<int64_t>(std::min<uint64_t>(value.get<uint64_t>(), uint64_t{1} << 40))
                              : value.get<int64_t>();
    } else {
      return invalid("unknown field \"" + key + "\" (known: sql, params, timeout_ms)");
    }
  }
  if (!request.contains("sql")) return invalid("the request has no \"sql\"");
  return parsed;
}

// Decrements the in-flight count when the request ends.
struct InFlight {
  std::atomic<int>* count;
  ~InFlight() { count->fetch_sub(1); }
};

}  // namespace

HttpServer::HttpServer(ServerState& state, std::unique_ptr<httplib::Server> server, int port)
    : state_(state), server_(std::move(server)), port_(port) {}

HttpServer::~HttpServer() {
  server_->stop();
  if (serving_.joinable()) serving_.join();
  if (probing_.joinable()) probing_.join();
}

Expected<std::unique_ptr<HttpServer>> HttpServer::Listen(ServerState& state, const std::string& host, int port) {
  std::unique_ptr<httplib::Server> server;
  if (state.tls != nullptr) {
    // httplib's own context, set up as the PostgreSQL listener's (the files were read once already).
    Expected<void> configured;
    server = std::make_unique<httplib::SSLServer>([&](SSL_CTX& context) {
      configured = ConfigureTlsContext(&context, state.options.tls_cert, state.options.tls_key);
      return configured.ok();
    });
    if (!configured.ok()) return configured.error();
    if (!server->is_valid()) return Error(ErrorCode::kInternal, "cannot make the HTTPS server's TLS context");
  } else {
    server = std::make_unique<httplib::Server>();
  }
  const int bound = port == 0 ? server->bind_to_any_port(host) : (server->bind_to_port(host, port) ? port : -1);
  if (bound <= 0) {
    return Error(ErrorCode::kIOError, "cannot listen for HTTP on " + host + ":" + std::to_string(port) +
                                          " (the address is taken, or cannot be resolved)");
  }
  auto http = std::unique_ptr<HttpServer>(new HttpServer(state, std::move(server), bound));
  httplib::Server& routes = *http->server_;
  ServerState* shared = &state;
  auto in_flight = std::make_shared<std::atomic<int>>(0);
  routes.set_payload_max_length(static_cast<size_t>(state.options.max_request_bytes));

  routes.Post("/v1/query", [shared, in_flight](const httplib::Request& req, httplib::Response& res) {
    if (shared->draining) {
      SendError(res, 503, sqlstate::kAdminShutdown, "the server is shutting down");
      return;
    }
    const ServerOptions& options = shared->options;
    Role role = Role::kAdmin;  // no tokens: every client may run anything (loopback only)
    if (options.authenticates()) {
      const std::string header = req.get_header_value("Authorization");
      Expected<Role> authenticated =
          header.empty() ? Expected<Role>(Error(ErrorCode::kInvalidArgument, "")) : AuthenticateHttp(*shared, header);
      if (!authenticated.ok()) {
        res.set_header("WWW-Authenticate", "Bearer realm=\"orbit\"");
        SendError(res, 401, header.empty() ? sqlstate::kInvalidAuthorization : sqlstate::kInvalidPassword,
                  header.empty() ? "this server needs a token: Authorization: Bearer <token>"
                                 : authenticated.error().message());
        return;
      }
      role = *authenticated;
    }
    if (!IsJsonContent(req.get_header_value("Content-Type"))) {
      SendError(res, 415, sqlstate::kProtocolViolation, "the request body must be application/json");
      return;
    }
    const std::optional<ResultFormat> format = NegotiateFormat(req.get_header_value("Accept"));
    if (!format) {
      SendError(res, 406, sqlstate::kProtocolViolation,
                "Accept names none of application/json, text/csv, application/vnd.apache.arrow.stream");
      return;
    }
    Expected<QueryRequest> request = ParseQueryRequest(req.body);
    if (!request.ok()) {
      SendError(res, 400, sqlstate::kProtocolViolation, request.error().message());
      return;
    }
    const int running = in_flight->fetch_add(1);
    InFlight done{in_flight.get()};
    if (options.max_concurrent_queries > 0 && running >= options.max_concurrent_queries) {
      res.set_header("Retry-After", "1");
      SendError(res, 429, sqlstate::kTooManyConnections,
                "the server runs " + std::to_string(options.max_concurrent_queries) +
                    " queries at once (max_concurrent_queries); try again");
      return;
    }
    Expected<std::vector<std::string>> statements = Connection::SplitStatements(request->sql);
    if (!statements.ok()) {
      SendError(res, HttpStatusOf(SqlStateOf(statements.error())), SqlStateOf(statements.error()),
                statements.error().message());
      return;
    }
    if (statements->empty()) {
      SendError(res, 400, sqlstate::kSyntaxError, "\"sql\" holds no statement");
      return;
    }
    if (!request->parameters.empty() && statements->size() != 1) {
      SendError(res, 400, sqlstate::kProtocolViolation, "\"params\" need \"sql\" to be exactly one statement");
      return;
    }
    Expected<Connection> connected = shared->Connect();
    if (!connected.ok()) {
      SendError(res, 500, SqlStateOf(connected.error()), connected.error().message());
      return;
    }
    if (request->timeout_ms) {
      // A request may shorten the server's statement_timeout, not lengthen it.
      int64_t timeout = *request->timeout_ms;
      if (options.statement_timeout_ms > 0 && (timeout == 0 || timeout > options.statement_timeout_ms)) {
        timeout = options.statement_timeout_ms;
      }
      if (Expected<void> set = connected->Set("statement_timeout", std::to_string(timeout) + "ms"); !set.ok()) {
        SendError(res, 400, SqlStateOf(set.error()), set.error().message());
        return;
      }
    }
    std::optional<QueryResult> last;
    for (const std::string& statement : *statements) {
      shared->metrics.QueryStarted(Protocol::kHttp);
      const auto start = std::chrono::steady_clock::now();
      Expected<void> allowed = Authorize(role, statement);
      Expected<QueryResult> result = !allowed.ok()                 ? Expected<QueryResult>(allowed.error())
                                     : request->parameters.empty() ? connected->QueryOne(statement)
                                                                   : connected->Query(statement, request->parameters);
      const std::chrono::duration<double> seconds = std::chrono::steady_clock::now() - start;
      shared->metrics.QueryFinished(Protocol::kHttp, ServerMetrics::OutcomeOf(result.error()), seconds.count());
      if (!result.ok()) {
        const std::string state = SqlStateOf(result.error());
        SendError(res, HttpStatusOf(state), state, result.error().message());
        return;
      }
      last = std::move(*result);
    }
    switch (*format) {
      case ResultFormat::kJson: SendJson(res, 200, ResultJson(statements->back(), *last)); break;
      case ResultFormat::kCsv:
        res.status = 200;
        res.set_content(ResultCsv(*last), "text/csv; charset=utf-8");
        break;
      case ResultFormat::kArrow: {
        ArrowArrayStream stream{};
        Expected<void> exported = last->ExportArrow(&stream);
        Expected<std::string> ipc =
            exported.ok() ? WriteArrowIpcStream(&stream) : Expected<std::string>(exported.error());
        if (!ipc.ok()) {
          const std::string state = SqlStateOf(ipc.error());
          SendError(res, HttpStatusOf(state), state, ipc.error().message());
          return;
        }
        res.status = 200;
        res.set_content(*ipc, std::string(kArrowType));
        break;
      }
    }
  });

  routes.Get("/v1/health", [](const httplib::Request&, httplib::Response& res) {
    SendJson(res, 200, {{"status", "ok"}});
  });

  routes.Get("/v1/ready", [shared](const httplib::Request&, httplib::Response& res) {
    std::lock_guard lock(shared->ready_mutex);
    const bool draining = shared->draining;
    const bool ready = shared->devices_probed && !draining;
    SendJson(res, ready ? 200 : 503,
             {{"status", draining ? "draining"
                         : ready  ? "ready"
                                  : "starting"},
              {"database", shared->database_name},
              {"devices", shared->devices.is_null() ? json::array() : shared->devices}});
  });

  routes.Get("/metrics", [shared](const httplib::Request&, httplib::Response& res) {
    std::string devices;
    bool probed = false;
    {
      std::lock_guard lock(shared->ready_mutex);
      probed = shared->devices_probed;
    }
    if (probed) {
      Expected<Connection> connected = shared->Connect();
      Expected<QueryResult> rows = connected.ok()
                                       ? connected->QueryOne(
                                             "SELECT device, kind, available, circuit, failures, times_opened, "
                                             "recoveries, measured_runs FROM orbit_devices()")
                                       : Expected<QueryResult>(connected.error());
      if (rows.ok()) {
        const std::vector<std::pair<const char*, const char*>> series = {
            {"orbit_device_available", "gauge"},          {"orbit_device_circuit_open", "gauge"},
            {"orbit_device_failures_total", "counter"},   {"orbit_device_circuit_opened_total", "counter"},
            {"orbit_device_recoveries_total", "counter"}, {"orbit_device_measured_runs_total", "counter"}};
        const std::vector<const char*> help = {
            "Whether the device can run pipelines (1) or not (0).",
            "Whether the device's circuit breaker is open (failing pipelines go to the CPU).",
            "Device pipelines that failed; each ran again on the CPU where fallback = cpu.",
            "Times the device's circuit breaker opened.",
            "Times the device recovered after its circuit breaker opened.",
            "Pipelines measured on the device (placement's history)."};
        for (size_t s = 0; s < series.size(); ++s) {
          devices +=
              fmt::format("# HELP {} {}\n# TYPE {} {}\n", series[s].first, help[s], series[s].first, series[s].second);
          for (int64_t r = 0; r < rows->num_rows(); ++r) {
            auto text = [&](int c) { return rows->GetText(c, r).value_or(""); };
            std::string value;
            switch (s) {
              case 0: value = text(2) == "true" ? "1" : "0"; break;
              case 1: value = text(3) == "closed" || text(3).empty() ? "0" : "1"; break;
              default: value = text(static_cast<int>(s) + 2); break;
            }
            if (value.empty()) value = "0";
            devices += fmt::format("{}{{device=\"{}\",kind=\"{}\"}} {}\n", series[s].first, PrometheusLabel(text(0)),
                                   PrometheusLabel(text(1)), value);
          }
        }
      }
    }
    res.status = 200;
    res.set_content(shared->metrics.Render(devices), "text/plain; version=0.0.4; charset=utf-8");
  });

  const bool with_tokens = state.options.authenticates();
  routes.Get("/openapi.json", [with_tokens](const httplib::Request&, httplib::Response& res) {
    res.status = 200;
    res.set_content(OpenApiDocument(with_tokens), kJsonContent);
  });

  // A known path asked with another method (TRACE included, which httplib would answer 400):
  // 405 with the one it takes, before any route runs.
  routes.set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
    const bool query = req.path == "/v1/query";
    const bool get =
        req.path == "/v1/health" || req.path == "/v1/ready" || req.path == "/metrics" || req.path == "/openapi.json";
    if ((query && req.method == "POST") || (get && (req.method == "GET" || req.method == "HEAD"))) {
      return httplib::Server::HandlerResponse::Unhandled;
    }
    if (!query && !get) {
      if (req.method == "GET" || req.method == "HEAD" || req.method == "POST") {
        return httplib::Server::HandlerResponse::Unhandled;  // 404
      }
      SendError(res, 404, sqlstate::kProtocolViolation, "no such path: " + req.method + " " + req.path);
      return httplib::Server::HandlerResponse::Handled;
    }
    const char* allow = query ? "POST" : "GET";
    res.set_header("Allow", allow);
    SendError(res, 405, sqlstate::kProtocolViolation,
              req.method + " is not allowed on " + req.path + " (" + allow + " is)");
    return httplib::Server::HandlerResponse::Handled;
  });

  routes.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;  // an answer of the API's own
    std::string message = ReasonOf(res.status);
    if (res.status == 404) message += ": " + req.method + " " + req.path;
    SendError(res, res.status, SqlStateOfStatus(res.status), message);
  });
  routes.set_exception_handler([](const httplib::Request&, httplib::Response& res, const std::exception_ptr& error) {
    std::string message = "internal error";
    try {
      if (error) std::rethrow_exception(error);
    } catch (const std::exception& e) {
      message += std::string(": ") + e.what();
    } catch (...) {  // NOLINT(bugprone-empty-catch): the message says enough
    }
    SendError(res, 500, sqlstate::kInternalError, message);
  });
  routes.set_logger(
      [shared](const httplib::Request&, const httplib::Response& res) { shared->metrics.HttpResponse(res.status); });
  return http;
}

void HttpServer::Start() {
  probing_ = std::thread([this] { Probe(); });
  serving_ = std::thread([this] { server_->listen_after_bind(); });
}

void HttpServer::Probe() {
  // The first look at orbit_devices() finds and probes every device.
  json devices = json::array();
  Expected<Connection> connected = state_.Connect();
  if (connected.ok()) {
    Expected<QueryResult> rows = connected->QueryOne("SELECT device, kind, available FROM orbit_devices()");
    if (rows.ok()) {
      for (int64_t r = 0; r < rows->num_rows(); ++r) {
        devices.push_back({{"device", rows->GetText(0, r).value_or("")},
                           {"kind", rows->GetText(1, r).value_or("")},
                           {"available", rows->GetText(2, r).value_or("") == "true"}});
      }
    }
  }
  std::lock_guard lock(state_.ready_mutex);
  state_.devices = std::move(devices);
  state_.devices_probed = connected.ok();
}

}  // namespace orbit::server
