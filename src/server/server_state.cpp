#include "server/server_state.h"

namespace orbit::server {

Expected<Connection> ServerState::Connect() {
  std::lock_guard lock(connect_mutex);
  Expected<Connection> connected = database.Connect();
  if (!connected.ok() || options.statement_timeout_ms == 0) return connected;
  if (Expected<void> set = connected->Set("statement_timeout", std::to_string(options.statement_timeout_ms) + "ms");
      !set.ok()) {
    return set.error();
  }
  return connected;
}

}  // namespace orbit::server
