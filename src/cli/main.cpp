// The orbit command-line program: a database shell (-c, scripts, stdin, interactive) on an
// in-memory database or a database folder (`orbit sales.orbit`), and `orbit devices` and
// `orbit calibrate`, and `orbit serve` (the PostgreSQL wire protocol and HTTP, src/server/).
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <CLI/CLI.hpp>

#include "device_commands.h"
#include "interrupt_handler.h"
#include "orbit/database.h"
#include "server/pg_server.h"
#include "server/server_config.h"
#include "shell.h"

int main(int argc, char** argv) {
  CLI::App app{"Orbit: an analytic SQL engine that runs each query on the hardware that finishes it first"};
  std::vector<std::string> commands;
  std::string script;
  std::string format = "table";
  int threads = 0;
  bool timer = false;
  std::string device = "auto";
  std::string kernels = "auto";
  app.add_option("-c,--command", commands, "Run this SQL (repeatable; stops at the first error)");
  std::string database_path;
  bool read_only = false;
  std::vector<std::string> positional;
  app.add_option("database_or_script", positional,
                 "A database folder (NAME.orbit, or an existing folder) and/or a file of SQL statements to run")
      ->expected(0, 2);
  app.add_option("--database", database_path, "Open this database folder (created when missing)");
  app.add_flag("--read-only", read_only, "Open the database folder read-only");
  app.add_option("--format", format, "Output format: table, csv or json")
      ->check(CLI::IsMember({"table", "csv", "json"}));
  app.add_option("--threads", threads, "Worker threads (0 = every core)")->check(CLI::NonNegativeNumber);
  app.add_flag("--timer", timer, "Print 'Run Time: <seconds> s' on stderr after each statement");
  app.add_option("--device", device, "Device: auto, cpu, cuda or opencl");
  app.add_option("--kernels", kernels, "Kernels: auto, simd or reference");
  auto* devices = app.add_subcommand("devices", "List the devices Orbit found, their calibrated figures and health");
  auto* calibrate = app.add_subcommand("calibrate", "Measure each device for placement and store the figures");
  int64_t calibrate_rows = 1 << 22;
  int calibrate_repetitions = 5;
  calibrate->add_option("--rows", calibrate_rows, "Rows per measurement")
      ->check(CLI::Range(int64_t{1024}, int64_t{1} << 30));
  calibrate->add_option("--repetitions", calibrate_repetitions, "Runs per figure (the median is kept)")
      ->check(CLI::Range(1, 1000));
  auto* serve = app.add_subcommand(
      "serve", "Serve a database over the PostgreSQL wire protocol (psql, psycopg) and HTTP (POST /v1/query)");
  // Each flag, when given, wins over the --config file's key of the same name.
  std::string config_path;
  std::string serve_host;
  int pg_port = 5433;
  int http_port = -1;
  std::string serve_database;
  std::string statement_timeout;
  std::string drain_timeout;
  std::string max_request_bytes;
  int max_concurrent_queries = 0;
  std::vector<std::string> tokens;
  std::vector<std::string> hashed_tokens;
  serve->add_option("--config", config_path, "A TOML file of these options ([server], [[tokens]]; see README)");
  auto* host_flag =
      serve->add_option("--host", serve_host, "The address to listen on (beyond loopback only with tokens)");
  auto* pg_port_flag =
      serve->add_option("--pg-port", pg_port, "The PostgreSQL protocol's port (0: any free one, printed; -1: none)")
          ->check(CLI::Range(-1, 65535));
  auto* http_port_flag =
      serve->add_option("--http-port", http_port, "The HTTP API's port (0: any free one, printed; -1, default: none)")
          ->check(CLI::Range(-1, 65535));
  auto* database_flag =
      serve->add_option("--database", serve_database, "Serve this database folder (default: in memory)");
  auto* timeout_flag = serve->add_option("--statement-timeout", statement_timeout,
                                         "Every session's default statement_timeout ('30s', '250ms'; 0: none)");
  auto* drain_flag = serve->add_option(
      "--drain-timeout", drain_timeout,
      "After SIGTERM or SIGINT, how long running statements may finish before they are cancelled ('30s', default)");
  auto* request_flag =
      serve->add_option("--max-request-bytes", max_request_bytes, "The largest HTTP request body ('16MB', default)");
  auto* concurrent_flag = serve
                              ->add_option("--max-concurrent-queries", max_concurrent_queries,
                                           "HTTP queries at once, more are answered 429 (0, default: no limit)")
                              ->check(CLI::NonNegativeNumber);
  serve->add_option("--token", tokens, "name:secret[:role]: user name and password a client must give (repeatable)");
  serve->add_option("--token-sha256", hashed_tokens,
                    "name:sha256[:role][:SCRAM-SHA-256$...]: the same with the secret's SHA-256 in hex and, for "
                    "SCRAM, its verifier (repeatable)");
  std::string pg_auth;
  auto* pg_auth_flag = serve
                           ->add_option("--pg-auth", pg_auth,
                                        "How the PostgreSQL port checks a token: scram-sha-256 (default) or password")
                           ->check(CLI::IsMember({"scram-sha-256", "password"}));
  std::string tls_cert;
  std::string tls_key;
  bool tls_required = false;
  auto* tls_cert_flag =
      serve->add_option("--tls-cert", tls_cert, "A PEM certificate: TLS on both ports (with --tls-key)");
  auto* tls_key_flag = serve->add_option("--tls-key", tls_key, "The certificate's PEM private key");
  auto* tls_required_flag =
      serve->add_flag("--tls-required", tls_required, "Refuse PostgreSQL clients that do not ask for TLS (28000)");
  orbit::server::JwtOptions jwt;
  auto* jwt_secret_flag =
      serve->add_option("--jwt-secret", jwt.secret, "Take JWTs signed HS256 with this secret (32 bytes or more)");
  auto* jwt_key_flag = serve->add_option("--jwt-public-key", jwt.public_key,
                                         "Take JWTs signed RS256, verified with this PEM public key");
  auto* jwt_issuer_flag = serve->add_option("--jwt-issuer", jwt.issuer, "The \"iss\" claim a JWT must have");
  auto* jwt_audience_flag = serve->add_option("--jwt-audience", jwt.audience, "An \"aud\" a JWT must name");
  std::string hash_token;
  auto* hash_token_flag =
      serve->add_option("--hash-token", hash_token,
                        "Print the token_sha256 and scram_sha256 of this secret ('-': a line of stdin) and exit");
  CLI11_PARSE(app, argc, argv);
  if (serve->parsed()) {
    auto usage_error = [](const std::string& message) {
      std::cerr << "Usage error: " << message << '\n';
      return 2;
    };
    if (hash_token_flag->count() > 0)
      return orbit::server::PrintTokenHashes(hash_token, std::cin, std::cout, std::cerr);
    orbit::server::ServerOptions serve_options;
    if (!config_path.empty()) {
      auto loaded = orbit::server::LoadServerConfig(config_path);
      if (!loaded.ok()) return usage_error(loaded.error().message());
      serve_options = std::move(*loaded);
    }
    if (host_flag->count() > 0) serve_options.host = serve_host;
    if (pg_port_flag->count() > 0) serve_options.pg_port = pg_port;
    if (http_port_flag->count() > 0) serve_options.http_port = http_port;
    if (database_flag->count() > 0) serve_options.database_path = serve_database;
    if (serve_options.database_path.empty()) serve_options.database_path = database_path;
    if (timeout_flag->count() > 0) {
      auto millis = orbit::server::ParseMilliseconds(statement_timeout);
      if (!millis.ok()) return usage_error("--statement-timeout: " + millis.error().message());
      serve_options.statement_timeout_ms = *millis;
    }
    if (drain_flag->count() > 0) {
      auto millis = orbit::server::ParseMilliseconds(drain_timeout);
      if (!millis.ok()) return usage_error("--drain-timeout: " + millis.error().message());
      serve_options.drain_timeout_ms = *millis;
    }
    if (request_flag->count() > 0) {
      auto bytes = orbit::server::ParseBytes(max_request_bytes);
      if (!bytes.ok()) return usage_error("--max-request-bytes: " + bytes.error().message());
      serve_options.max_request_bytes = *bytes;
    }
    if (concurrent_flag->count() > 0) serve_options.max_concurrent_queries = max_concurrent_queries;
    for (const std::string& text : tokens) {
      auto token = orbit::server::ParseToken(text);
      if (!token.ok()) return usage_error(token.error().message());
      serve_options.tokens.push_back(std::move(*token));
    }
    for (const std::string& text : hashed_tokens) {
      auto token = orbit::server::ParseHashedToken(text);
      if (!token.ok()) return usage_error(token.error().message());
      serve_options.tokens.push_back(std::move(*token));
    }
    if (pg_auth_flag->count() > 0) serve_options.pg_auth = *orbit::server::ParsePgAuth(pg_auth);
    if (tls_cert_flag->count() > 0) serve_options.tls_cert = tls_cert;
    if (tls_key_flag->count() > 0) serve_options.tls_key = tls_key;
    if (tls_required_flag->count() > 0) serve_options.tls_required = tls_required;
    if (jwt_secret_flag->count() > 0) serve_options.jwt.secret = jwt.secret;
    if (jwt_key_flag->count() > 0) serve_options.jwt.public_key = jwt.public_key;
    if (jwt_issuer_flag->count() > 0) serve_options.jwt.issuer = jwt.issuer;
    if (jwt_audience_flag->count() > 0) serve_options.jwt.audience = jwt.audience;
    return orbit::server::RunServe(serve_options, std::cout, std::cerr);
  }
  if (devices->parsed()) return orbit::cli::RunDevicesCommand(std::cout);
  if (calibrate->parsed()) return orbit::cli::RunCalibrateCommand(calibrate_rows, calibrate_repetitions, std::cout);

  // `orbit sales.orbit script.sql`: a folder (or a name ending in .orbit) is the database.
  for (const std::string& argument : positional) {
    std::error_code error;
    const bool is_database = argument.ends_with(".orbit") || std::filesystem::is_directory(argument, error);
    std::string& target = is_database ? database_path : script;
    if (!target.empty()) {
      std::cerr << "Usage error: more than one " << (is_database ? "database" : "script") << " given\n";
      return 2;
    }
    target = argument;
  }
  auto database = database_path.empty() ? orbit::Database::Open()
                                        : orbit::Database::Open(database_path, orbit::OpenOptions{read_only});
  auto connected = database.ok() ? database->Connect() : orbit::Expected<orbit::Connection>(database.error());
  if (!connected.ok()) {
    std::cerr << connected.error().ToString() << '\n';
    return 1;
  }
  orbit::Connection& connection = *connected;
  // A bad --device or --kernels is a usage error (exit code 2), reported before any SQL runs.
  for (const auto& [name, value] : {std::pair<const char*, std::string>{"device", device}, {"kernels", kernels}}) {
    if (auto set = connection.Set(name, value); !set.ok()) {
      std::cerr << set.error().ToString() << '\n';
      return 2;
    }
  }
  if (auto set = connection.Set("threads", std::to_string(threads)); !set.ok()) {
    std::cerr << set.error().ToString() << '\n';
    return 2;
  }
  orbit::cli::ShellOptions options;
  orbit::cli::ParseOutputFormat(format, &options.format);
  options.timer = timer;
  orbit::cli::Shell shell(connection, options);
  orbit::cli::InstallInterruptHandler(connection);
  // A script stopped by Ctrl-C exits as shells do after SIGINT.
  auto exit_code = [](bool ok) { return orbit::cli::InterruptPending() ? 130 : ok ? 0 : 1; };

  if (!commands.empty() || !script.empty()) {
    if (!script.empty()) {
      std::ifstream file(script);
      if (!file) {
        std::cerr << "IO error: cannot open script '" << script << "'\n";
        return 1;
      }
      std::stringstream text;
      text << file.rdbuf();
      if (!shell.Run(text.str(), /*stop_on_error=*/true)) return exit_code(false);
    }
    for (const auto& sql : commands) {
      if (!shell.Run(sql, /*stop_on_error=*/true)) return exit_code(false);
    }
    return exit_code(true);
  }
  if (isatty(STDIN_FILENO)) return shell.Interactive();
  std::stringstream text;
  text << std::cin.rdbuf();
  return exit_code(shell.Run(text.str(), /*stop_on_error=*/false));
}
