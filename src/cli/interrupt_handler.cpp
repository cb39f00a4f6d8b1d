#include "interrupt_handler.h"

#include <csignal>

#include <atomic>

namespace orbit::cli {

namespace {

std::atomic<Connection*> interrupted_connection{nullptr};
volatile std::sig_atomic_t pending = 0;
volatile std::sig_atomic_t running = 0;

extern "C" void OnInterrupt(int signal_number) {
  if (running != 0 && pending != 0) {
    // The second Ctrl-C while the statement still runs: leave as an uncaught SIGINT would.
    std::signal(signal_number, SIG_DFL);
    std::raise(signal_number);
    return;
  }
  pending = 1;
  if (running == 0) return;
  if (Connection* connection = interrupted_connection.load()) connection->Interrupt();  // sets a flag only
}

}  // namespace

void InstallInterruptHandler(Connection& connection) {
  interrupted_connection.store(&connection);
  struct sigaction action {};
  action.sa_handler = OnInterrupt;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  sigaction(SIGINT, &action, nullptr);
}

bool TakeInterrupt() {
  const bool was = pending != 0;
  pending = 0;
  return was;
}

bool InterruptPending() { return pending != 0; }

RunningStatement::RunningStatement() { running = 1; }
RunningStatement::~RunningStatement() { running = 0; }

}  // namespace orbit::cli
