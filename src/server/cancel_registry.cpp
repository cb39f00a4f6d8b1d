#include "server/cancel_registry.h"

namespace orbit::server {

CancelKey CancelRegistry::Register(Connection* connection) {
  std::lock_guard lock(mutex_);
  CancelKey key{next_id_++, static_cast<int32_t>(random_())};
  connections_[key.process_id] = {key.secret, connection};
  return key;
}

void CancelRegistry::Unregister(const CancelKey& key) {
  std::lock_guard lock(mutex_);
  connections_.erase(key.process_id);
}

void CancelRegistry::Cancel(const CancelKey& key) {
  std::lock_guard lock(mutex_);
  auto it = connections_.find(key.process_id);
  if (it != connections_.end() && it->second.first == key.secret) it->second.second->Interrupt();
}

void CancelRegistry::CancelAll() {
  std::lock_guard lock(mutex_);
  for (auto& [id, entry] : connections_) entry.second->Interrupt();
}

}  // namespace orbit::server
