// The PostgreSQL session parameters a client expects to read and set (client_encoding,
// DateStyle, TimeZone, application_name, extra_float_digits, ...), which Orbit's own
// settings do not have. The server reports some of them in ParameterStatus messages at
// startup and whenever they change, and answers SET, SHOW and RESET of them itself.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "orbit/error.h"

namespace orbit::server {

class SessionParameters {
 public:
  /// The parameters of a new session of `user`, with the values its startup packet gave
  /// (application_name, client_encoding, DateStyle, ...; unknown names are ignored).
  SessionParameters(const std::string& user, const std::map<std::string, std::string>& startup);

  /// Whether `name` (any case) is one of these parameters.
  bool Knows(std::string_view name) const;
  /// The parameter's name as SHOW writes it ("DateStyle") and its value.
  std::optional<std::pair<std::string, std::string>> Get(std::string_view name) const;
  /// Sets a parameter, checking what Orbit can honour: client_encoding must be UTF8 and
  /// DateStyle ISO, since Orbit writes nothing else. A reported parameter's change is queued
  /// for a ParameterStatus.
  Expected<void> Set(std::string_view name, std::string value);
  /// Back to the session's starting value; "all" for every parameter.
  void Reset(std::string_view name);
  /// Every parameter reported at startup, with its value.
  std::vector<std::pair<std::string, std::string>> Reported() const;
  /// The reported parameters changed since the last call.
  std::vector<std::pair<std::string, std::string>> TakeChanges();

 private:
  struct Entry {
    std::string name;  ///< as PostgreSQL spells it
    std::string value;
    std::string initial;
    bool reported = false;
  };
  size_t IndexOf(std::string_view name) const;
  Entry* Find(std::string_view name);
  const Entry* Find(std::string_view name) const;
  std::vector<Entry> entries_;
  std::vector<std::pair<std::string, std::string>> changes_;
};

}  // namespace orbit::server
