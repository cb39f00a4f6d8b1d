// The keys a CancelRequest names: each client connection gets a process id and a secret
// (BackendKeyData); a CancelRequest that names both interrupts that connection's running
// statement through orbit::Connection::Interrupt. Thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <random>

#include "orbit/database.h"

namespace orbit::server {

struct CancelKey {
  int32_t process_id = 0;
  int32_t secret = 0;
};

class CancelRegistry {
 public:
  /// A new key for `connection`, which must stay alive until Unregister.
  CancelKey Register(Connection* connection);
  void Unregister(const CancelKey& key);
  /// Interrupts the connection the key names; nothing when it names none.
  void Cancel(const CancelKey& key);
  /// Interrupts every connection's running statement (the end of a drain).
  void CancelAll();

 private:
  std::mutex mutex_;
  std::map<int32_t, std::pair<int32_t, Connection*>> connections_;
  int32_t next_id_ = 1000;
  std::mt19937 random_{std::random_device{}()};
};

}  // namespace orbit::server
