// The settings SET changes and SHOW reads, each registered once with its type, default,
// description and validation; SET, SHOW and SHOW ALL read this list.
#pragma once

#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "main/session.h"

namespace orbit {

struct Setting {
  std::string name;
  std::vector<std::string> aliases;  // other names SET accepts (worker_threads)
  std::string type;                  // "INTEGER" or "VARCHAR", as SHOW writes the value
  std::string description;
  std::string (*get)(const SessionSettings& settings) = nullptr;
  /// Checks `value` and stores it; an InvalidArgument error saying what is valid otherwise.
  Status (*set)(SessionSettings& settings, const std::string& value) = nullptr;
  /// For a setting of the whole process rather than the session (process_memory_limit):
  /// its default, as SET accepts it. RESET ALL leaves such settings alone.
  std::string (*process_default)() = nullptr;

  /// The value a new connection has (SET ... TO DEFAULT, RESET).
  std::string default_value() const { return process_default ? process_default() : get(SessionSettings{}); }
};

class SettingRegistry {
 public:
  void Add(Setting setting) { settings_.push_back(std::move(setting)); }
  /// The setting `name` (or an alias of it) names, or null.
  const Setting* Find(std::string_view name) const;
  /// "threads, kernels, ...", for the error naming an unknown setting.
  std::string Names() const;
  const std::deque<Setting>& settings() const { return settings_; }

 private:
  std::deque<Setting> settings_;
};

/// Orbit's settings, in the order SHOW ALL lists them.
const SettingRegistry& BuiltinSettings();

}  // namespace orbit
