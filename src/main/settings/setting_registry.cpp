#include "main/settings/setting_registry.h"

#include <fmt/format.h>

#include "columnar/value_format.h"
#include "common/memory_account.h"
#include "common/memory_size.h"
#include "main/settings/duration.h"
#include "placement/placement.h"
#include "sql/catalog/search_path.h"

namespace orbit {

const Setting* SettingRegistry::Find(std::string_view name) const {
  for (const Setting& s : settings_) {
    if (s.name == name) return &s;
    for (const auto& alias : s.aliases) {
      if (alias == name) return &s;
    }
  }
  return nullptr;
}

std::string SettingRegistry::Names() const {
  std::vector<std::string> names;
  for (const Setting& s : settings_) names.push_back(s.name);
  return fmt::format("{}", fmt::join(names, ", "));
}

namespace {

Status SetThreads(SessionSettings& settings, const std::string& value) {
  auto n = ParseInt64(value);
  if (!n || *n < 0 || *n > 4096) return Status::InvalidArgument("threads must be a number of threads, got '{}'", value);
  settings.threads = static_cast<int>(*n);
  return Status::OK();
}

SettingRegistry MakeBuiltinSettings() {
  SettingRegistry registry;
  registry.Add({"threads",
                {"worker_threads"},
                "INTEGER",
                "worker threads (0 = every core)",
                [](const SessionSettings& s) { return std::to_string(s.threads); },
                SetThreads});
  registry.Add({"kernels",
                {},
                "VARCHAR",
                "kernel backend on the CPU: auto (SIMD) or reference",
                [](const SessionSettings& s) { return s.kernels; },
                [](SessionSettings& s, const std::string& v) {
                  ORBIT_RETURN_IF_ERROR(CheckKernelSetting(v));
                  s.kernels = v;
                  return Status::OK();
                }});
  registry.Add({"device",
                {},
                "VARCHAR",
                "where pipelines run: auto, cpu, opencl or cuda",
                [](const SessionSettings& s) { return s.device; },
                [](SessionSettings& s, const std::string& v) {
                  ORBIT_RETURN_IF_ERROR(CheckDeviceSetting(v));
                  s.device = v;
                  return Status::OK();
                }});
  registry.Add({"fallback",
                {},
                "VARCHAR",
                "after a device failure: re-run on the cpu, or error",
                [](const SessionSettings& s) { return s.fallback; },
                [](SessionSettings& s, const std::string& v) {
                  ORBIT_RETURN_IF_ERROR(CheckFallbackSetting(v));
                  s.fallback = v;
                  return Status::OK();
                }});
  registry.Add({"fault_inject",
                {},
                "VARCHAR",
                "make a device fail on purpose: <backend>:<point>[:N] (tests)",
                [](const SessionSettings& s) { return s.fault_inject; },
                [](SessionSettings& s, const std::string& v) {
                  ORBIT_RETURN_IF_ERROR(ParseFaultPlan(v).status());
                  s.fault_inject = v;
                  return Status::OK();
                }});
  registry.Add({"statement_timeout",
                {},
                "VARCHAR",
                "cancel a statement that runs longer than this ('5s', '250ms'; 0 = never)",
                [](const SessionSettings& s) { return FormatDuration(s.statement_timeout); },
                [](SessionSettings& s, const std::string& v) {
                  ORBIT_ASSIGN_OR_RETURN(s.statement_timeout, ParseDuration(v, "statement_timeout"));
                  return Status::OK();
                }});
  registry.Add({"device_timeout",
                {},
                "VARCHAR",
                "abandon a device pipeline that runs longer than this and re-run it on the CPU (0 = never)",
                [](const SessionSettings& s) { return FormatDuration(s.device_timeout); },
                [](SessionSettings& s, const std::string& v) {
                  ORBIT_ASSIGN_OR_RETURN(s.device_timeout, ParseDuration(v, "device_timeout"));
                  return Status::OK();
                }});
  registry.Add(
      {"memory_limit",
       {},
       "VARCHAR",
       "most memory one statement's operators may hold ('512MB', '1GB', '10%' of RAM; 0 = no limit of its own)",
       [](const SessionSettings& s) { return FormatMemorySize(s.memory_limit); },
       [](SessionSettings& s, const std::string& v) {
         ORBIT_ASSIGN_OR_RETURN(s.memory_limit, ParseMemorySize(v, "memory_limit"));
         return Status::OK();
       }});
  registry.Add({"process_memory_limit",
                {},
                "VARCHAR",
                "most memory all statements of the process may hold at once, for every session (default 80% of RAM)",
                [](const SessionSettings&) { return FormatMemorySize(MemoryAccount::Process().limit()); },
                [](SessionSettings&, const std::string& v) {
                  ORBIT_ASSIGN_OR_RETURN(uint64_t limit, ParseMemorySize(v, "process_memory_limit"));
                  MemoryAccount::Process().set_limit(limit);
                  return Status::OK();
                },
                [] { return std::string("80%"); }});
  registry.Add({"lock_timeout",
                {},
                "VARCHAR",
                "how long a change waits while another session's transaction block holds the database's writes, "
                "then fails with 55P03 ('10s', '250ms'; 0 = no limit)",
                [](const SessionSettings& s) { return FormatDuration(s.lock_timeout); },
                [](SessionSettings& s, const std::string& v) {
                  ORBIT_ASSIGN_OR_RETURN(s.lock_timeout, ParseDuration(v, "lock_timeout"));
                  return Status::OK();
                }});
  registry.Add({"search_path",
                {},
                "VARCHAR",
                "the schemas unqualified table and view names are looked up in, in order; new ones go to the first "
                "that exists (\"$user\" names none: Orbit has no roles)",
                [](const SessionSettings& s) { return FormatSearchPath(s.search_path); },
                [](SessionSettings& s, const std::string& v) {
                  ORBIT_ASSIGN_OR_RETURN(s.search_path, ParseSearchPath(v));
                  return Status::OK();
                }});
  return registry;
}

}  // namespace

const SettingRegistry& BuiltinSettings() {
  static const SettingRegistry registry = MakeBuiltinSettings();
  return registry;
}

}  // namespace orbit
