// The orbit shell: runs statements from -c arguments, a script file, piped standard input
// or an interactive terminal (line editing and history through libedit), printing results
// in the chosen format and errors on standard error.
#pragma once

#include <iosfwd>
#include <string>

#include "orbit/database.h"
#include "result_format.h"

namespace orbit::cli {

struct ShellOptions {
  OutputFormat format = OutputFormat::kTable;
  bool timer = false;
};

class Shell {
 public:
  Shell(Connection& connection, ShellOptions options) : connection_(connection), options_(options) {}

  /// Runs every statement of `sql`; returns false after the first error when
  /// stop_on_error, else after running them all if any failed.
  bool Run(const std::string& sql, bool stop_on_error);
  /// Reads statements from a terminal until .quit or end of input.
  int Interactive();

 private:
  bool RunStatement(const std::string& statement);
  bool HandleDotCommand(const std::string& line);

  Connection& connection_;
  ShellOptions options_;
};

}  // namespace orbit::cli
