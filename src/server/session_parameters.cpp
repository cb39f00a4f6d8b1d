#include "server/session_parameters.h"

#include <algorithm>
#include <cctype>

namespace orbit::server {

namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string Normalized(std::string_view name, std::string value) {
  const std::string lower = Lower(name);
  const std::string lower_value = Lower(value);
  if (lower == "client_encoding" && (lower_value == "utf8" || lower_value == "utf-8" || lower_value == "unicode")) {
    return "UTF8";
  }
  if (lower == "datestyle") return lower_value.find("dmy") != std::string::npos ? "ISO, DMY" : "ISO, MDY";
  return value;
}

}  // namespace

SessionParameters::SessionParameters(const std::string& user, const std::map<std::string, std::string>& startup) {
  // Reported: what PostgreSQL 15 sends in ParameterStatus at startup.
  entries_ = {
      {"server_version", "15.0 (Orbit)", "", true},
      {"server_encoding", "UTF8", "", true},
      {"client_encoding", "UTF8", "", true},
      {"DateStyle", "ISO, MDY", "", true},
      {"IntervalStyle", "postgres", "", true},
      {"TimeZone", "UTC", "", true},
      {"integer_datetimes", "on", "", true},
      {"standard_conforming_strings", "on", "", true},
      {"application_name", "", "", true},
      {"is_superuser", "off", "", true},
      {"session_authorization", user, "", true},
      {"default_transaction_read_only", "off", "", true},
      {"in_hot_standby", "off", "", true},
      {"extra_float_digits", "1", "", false},
      {"transaction_isolation", "read committed", "", false},
      {"default_transaction_isolation", "read committed", "", false},
      {"transaction_read_only", "off", "", false},
      {"lc_messages", "C", "", false},
      {"lc_monetary", "C", "", false},
      {"lc_numeric", "C", "", false},
      {"lc_time", "C", "", false},
      {"bytea_output", "hex", "", false},
      {"client_min_messages", "notice", "", false},
      {"max_identifier_length", "63", "", false},
      {"idle_in_transaction_session_timeout", "0", "", false},
      {"jit", "off", "", false},
      {"synchronous_commit", "on", "", false},
  };
  for (const auto& [name, value] : startup) {
    // An encoding libpq could not settle on ("auto", SQL_ASCII from a C locale) stays UTF8:
    // Orbit sends UTF-8 whatever the client asks.
    if (Lower(name) == "client_encoding") continue;
    if (Entry* entry = Find(name)) entry->value = Normalized(name, value);
  }
  for (Entry& entry : entries_) entry.initial = entry.value;
  changes_.clear();
}

size_t SessionParameters::IndexOf(std::string_view name) const {
  const std::string lower = Lower(name);
  for (size_t i = 0; i < entries_.size(); ++i) {
    if (Lower(entries_[i].name) == lower) return i;
  }
  return entries_.size();
}

SessionParameters::Entry* SessionParameters::Find(std::string_view name) {
  const size_t index = IndexOf(name);
  return index < entries_.size() ? &entries_[index] : nullptr;
}

const SessionParameters::Entry* SessionParameters::Find(std::string_view name) const {
  const size_t index = IndexOf(name);
  return index < entries_.size() ? &entries_[index] : nullptr;
}

bool SessionParameters::Knows(std::string_view name) const { return Find(name) != nullptr; }

std::optional<std::pair<std::string, std::string>> SessionParameters::Get(std::string_view name) const {
  const Entry* entry = Find(name);
  if (entry == nullptr) return std::nullopt;
  return std::make_pair(entry->name, entry->value);
}

Expected<void> SessionParameters::Set(std::string_view name, std::string value) {
  Entry* entry = Find(name);
  if (entry == nullptr) return Error(ErrorCode::kInvalidArgument, "unrecognized configuration parameter");
  const std::string lower = Lower(name);
  value = Normalized(name, std::move(value));
  if (lower == "client_encoding" && value != "UTF8") {
    return Error(ErrorCode::kNotSupported,
                 "Orbit's server sends UTF8 only: client_encoding \"" + value + "\" is not supported");
  }
  if (lower == "datestyle" && Lower(value).find("iso") == std::string::npos) {
    return Error(ErrorCode::kNotSupported, "Orbit writes dates in the ISO style only");
  }
  if (lower == "server_version" || lower == "server_encoding" || lower == "integer_datetimes" ||
      lower == "is_superuser" || lower == "session_authorization" || lower == "max_identifier_length" ||
      lower == "in_hot_standby") {
    return Error(ErrorCode::kInvalidArgument, "parameter \"" + entry->name + "\" cannot be changed");
  }
  if (lower == "standard_conforming_strings" && Lower(value) != "on") {
    return Error(ErrorCode::kNotSupported, "Orbit's strings are always standard conforming");
  }
  if (entry->value == value) return {};
  entry->value = std::move(value);
  if (entry->reported) changes_.emplace_back(entry->name, entry->value);
  return {};
}

void SessionParameters::Reset(std::string_view name) {
  for (Entry& entry : entries_) {
    if ((Lower(name) == "all" || Lower(entry.name) == Lower(name)) && entry.value != entry.initial) {
      entry.value = entry.initial;
      if (entry.reported) changes_.emplace_back(entry.name, entry.value);
    }
  }
}

std::vector<std::pair<std::string, std::string>> SessionParameters::Reported() const {
  std::vector<std::pair<std::string, std::string>> reported;
  for (const Entry& entry : entries_) {
    if (entry.reported) reported.emplace_back(entry.name, entry.value);
  }
  return reported;
}

std::vector<std::pair<std::string, std::string>> SessionParameters::TakeChanges() {
  return std::exchange(changes_, {});
}

}  // namespace orbit::server
