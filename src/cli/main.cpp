// The orbit command-line program: a database shell (-c, scripts, stdin, interactive) on an
// in-memory database or a database folder (`orbit sales.orbit`), and `orbit devices` and
// `orbit calibrate`, and `orbit serve` (the PostgreSQL wire protocol, src/server/).
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
  auto* serve =
      app.add_subcommand("serve", "Serve a database to PostgreSQL clients (psql, psycopg) over the wire protocol");
  orbit::server::ServerOptions serve_options;
  std::vector<std::string> tokens;
  serve->add_option("--pg-port", serve_options.pg_port, "The PostgreSQL protocol's port (0: any free one, printed)")
      ->check(CLI::Range(0, 65535));
  serve->add_option("--host", serve_options.host, "The address to listen on (beyond loopback only with --token)");
  serve->add_option("--database", serve_options.database_path, "Serve this database folder (default: in memory)");
  serve->add_option("--token", tokens, "name:secret[:role]: user name and password a client must give (repeatable)");
  CLI11_PARSE(app, argc, argv);
  if (serve->parsed()) {
    if (serve_options.database_path.empty()) serve_options.database_path = database_path;
    for (const std::string& text : tokens) {
      auto token = orbit::server::ParseToken(text);
      if (!token.ok()) {
        std::cerr << "Usage error: " << token.error().message() << '\n';
        return 2;
      }
      serve_options.tokens.push_back(std::move(*token));
    }
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
