#include "shell.h"

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <new>

#include <editline/readline.h>
#include <fmt/format.h>

#include "device_commands.h"
#include "interrupt_handler.h"

namespace orbit::cli {

bool Shell::RunStatement(const std::string& statement) {
  // No exception ends the shell: a statement that runs out of memory fails alone.
  try {
    return RunStatementOrThrow(statement);
  } catch (const std::bad_alloc&) {
    std::cerr << "Out of memory: no memory left for this statement" << std::endl;
  } catch (const std::exception& e) {
    std::cerr << "Internal error: " << e.what() << std::endl;
  }
  return false;
}

bool Shell::RunStatementOrThrow(const std::string& statement) {
  auto result = [&] {
    RunningStatement running;
    return connection_.QueryOne(statement);
  }();
  if (!result.ok()) {
    std::cerr << result.error().ToString() << std::endl;
    return false;
  }
  if (result->returns_rows()) {
    bool plan_text =
        options_.format == OutputFormat::kTable && result->num_columns() == 1 && result->columns()[0].name == "plan";
    if (plan_text) {
      // EXPLAIN output reads best as plain lines.
      for (int64_t r = 0; r < result->num_rows(); ++r) std::cout << result->GetText(0, r).value_or("") << '\n';
    } else {
      WriteResult(*result, options_.format, std::cout);
    }
    std::cout.flush();
  }
  if (options_.timer) std::cerr << fmt::format("Run Time: {:.6f} s", result->seconds()) << std::endl;
  return true;
}

bool Shell::Run(const std::string& sql, bool stop_on_error) {
  auto statements = Connection::SplitStatements(sql);
  if (!statements.ok()) {
    std::cerr << statements.error().ToString() << std::endl;
    return false;
  }
  bool all_ok = true;
  for (const auto& statement : *statements) {
    if (!RunStatement(statement)) {
      all_ok = false;
      if (stop_on_error) return false;
    }
    // Ctrl-C stops the script, also after a statement that finished before it was cancelled.
    if (InterruptPending()) return false;
  }
  return all_ok;
}

bool Shell::HandleDotCommand(const std::string& line) {
  std::string command = line.substr(0, line.find(' '));
  std::string argument = line.size() > command.size() ? line.substr(command.size() + 1) : "";
  if (command == ".quit" || command == ".exit") return false;
  if (command == ".help") {
    std::cout << "Statements end with ';'. Commands:\n"
                 "  .mode table|csv|json   output format\n"
                 "  .timer on|off          print each statement's run time\n"
                 "  .tables                list tables\n"
                 "  .devices               devices, calibration, circuit breakers, device events\n"
                 "  .quit                  leave\n";
  } else if (command == ".mode") {
    if (!ParseOutputFormat(argument, &options_.format)) std::cerr << "Error: unknown mode '" << argument << "'\n";
  } else if (command == ".timer") {
    options_.timer = argument == "on";
  } else if (command == ".devices") {
    RunDevicesCommand(std::cout);
  } else if (command == ".tables") {
    auto names = connection_.TableNames();
    if (!names.ok()) {
      std::cerr << names.error().ToString() << '\n';
    } else {
      for (const auto& name : *names) std::cout << name << '\n';
    }
  } else {
    std::cerr << "Error: unknown command " << command << " (try .help)\n";
  }
  return true;
}

int Shell::Interactive() {
  std::string history_path = std::string(std::getenv("HOME") ? std::getenv("HOME") : ".") + "/.orbit_history";
  read_history(history_path.c_str());
  std::cout << "Orbit shell. Enter SQL ending with ';', or .help\n";
  std::string buffer;
  while (true) {
    char* raw = readline(buffer.empty() ? "orbit> " : "  ...> ");
    if (raw == nullptr) break;
    std::string line(raw);
    std::free(raw);
    if (buffer.empty() && !line.empty() && line[0] == '.') {
      add_history(line.c_str());
      if (!HandleDotCommand(line)) break;
      continue;
    }
    buffer += line + "\n";
    size_t end = line.find_last_not_of(" \t\r");
    if (end == std::string::npos || line[end] != ';') continue;
    std::string statement = buffer.substr(0, buffer.size() - 1);
    add_history(statement.c_str());
    TakeInterrupt();  // a Ctrl-C at the prompt cancels nothing
    Run(buffer, /*stop_on_error=*/false);
    TakeInterrupt();  // the cancelled statement was reported: back to the prompt
    buffer.clear();
  }
  write_history(history_path.c_str());
  return 0;
}

}  // namespace orbit::cli
