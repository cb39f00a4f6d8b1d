// Ctrl-C in the shell: SIGINT cancels the running statement (it ends with a Cancelled
// error, SQLSTATE 57014) and stops a script after it; a second SIGINT while that statement
// still runs ends the process as SIGINT normally does, so a stuck shell can always be
// left. Between statements (at the prompt) a SIGINT is only noted.
#pragma once

#include "orbit/database.h"

namespace orbit::cli {

/// Routes SIGINT to `connection` (which must outlive the shell's use of it).
void InstallInterruptHandler(Connection& connection);
/// Whether a SIGINT came since the last TakeInterrupt, clearing it (a second SIGINT
/// after this is a first one again).
bool TakeInterrupt();
/// Whether a SIGINT came and was not yet taken.
bool InterruptPending();

/// Marks a statement running for its lifetime: a SIGINT then cancels it.
class RunningStatement {
 public:
  RunningStatement();
  ~RunningStatement();
  RunningStatement(const RunningStatement&) = delete;
  RunningStatement& operator=(const RunningStatement&) = delete;
};

}  // namespace orbit::cli
