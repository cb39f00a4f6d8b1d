// The settings registry: lookups, validation through SET, and SHOW ALL generated from it.
#include <gtest/gtest.h>

#include "main/settings/duration.h"
#include "main/settings/setting_registry.h"

namespace orbit {
namespace {

TEST(SettingRegistryTest, FindsNamesAndAliases) {
  const SettingRegistry& registry = BuiltinSettings();
  ASSERT_NE(registry.Find("threads"), nullptr);
  EXPECT_EQ(registry.Find("worker_threads"), registry.Find("threads"));
  EXPECT_EQ(registry.Find("colour"), nullptr);
  EXPECT_EQ(registry.Names(),
            "threads, kernels, device, fallback, fault_inject, statement_timeout, device_timeout, memory_limit, "
            "process_memory_limit, lock_timeout, search_path");
  for (const Setting& s : registry.settings()) {
    SCOPED_TRACE(s.name);
    EXPECT_FALSE(s.description.empty());
    EXPECT_TRUE(s.type == "INTEGER" || s.type == "VARCHAR");
    EXPECT_NE(s.set, nullptr);
  }
  EXPECT_EQ(registry.Find("threads")->default_value(), "0");
  EXPECT_EQ(registry.Find("fallback")->default_value(), "cpu");
  EXPECT_EQ(registry.Find("memory_limit")->default_value(), "0");
  EXPECT_EQ(registry.Find("process_memory_limit")->default_value(), "80%");
}

TEST(SettingRegistryTest, ResetRestoresDefaults) {
  DatabaseInstance database;
  Session connection(database);
  ASSERT_TRUE(connection.Query("SET threads = 3; SET statement_timeout = '5s'; SET memory_limit = '1GB'").ok());
  ASSERT_TRUE(connection.Query("RESET threads").ok());
  EXPECT_EQ(connection.settings().threads, 0);
  EXPECT_EQ(connection.settings().statement_timeout, std::chrono::milliseconds(5000));
  ASSERT_TRUE(connection.Query("SET statement_timeout TO DEFAULT").ok());
  EXPECT_EQ(connection.settings().statement_timeout, std::chrono::milliseconds(0));
  ASSERT_TRUE(connection.Query("RESET ALL").ok());
  EXPECT_EQ(connection.settings().memory_limit, 0u);
  EXPECT_EQ(connection.Query("RESET colour").status().code(), StatusCode::kInvalidArgument);
}

TEST(SettingRegistryTest, ValidatesBeforeStoring) {
  SessionSettings settings;
  const Setting& threads = *BuiltinSettings().Find("threads");
  EXPECT_TRUE(threads.set(settings, "3").ok());
  EXPECT_EQ(settings.threads, 3);
  Status bad = threads.set(settings, "many");
  EXPECT_EQ(bad.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(settings.threads, 3);
  EXPECT_FALSE(BuiltinSettings().Find("fallback")->set(settings, "sometimes").ok());
  EXPECT_EQ(settings.fallback, "cpu");
}

TEST(SettingRegistryTest, ShowAllListsTheRegistry) {
  DatabaseInstance database;
  Session connection(database);
  ASSERT_TRUE(connection.Query("SET worker_threads = 2").ok());
  Result<StatementResult> all = connection.Query("SHOW ALL");
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  const Batch& batch = all->table()->batches().at(0);
  const auto& settings = BuiltinSettings().settings();
  ASSERT_EQ(batch.length, static_cast<int64_t>(settings.size()));
  for (size_t i = 0; i < settings.size(); ++i) {
    EXPECT_EQ(batch.columns[0]->GetString(i), settings[i].name);
    EXPECT_EQ(batch.columns[1]->GetString(i), settings[i].get(connection.settings()));
    EXPECT_EQ(batch.columns[2]->GetString(i), settings[i].description);
  }
  EXPECT_EQ(connection.settings().threads, 2);
  EXPECT_EQ(connection.Query("SET colour = 'blue'").status().message(),
            "unrecognized setting \"colour\"; known settings: threads, kernels, device, fallback, fault_inject, "
            "statement_timeout, device_timeout, memory_limit, process_memory_limit, lock_timeout, search_path");
}

}  // namespace
}  // namespace orbit

namespace orbit {
namespace {

TEST(DurationSettings, ParseAsPostgresSpellsThem) {
  using std::chrono::milliseconds;
  EXPECT_EQ(*ParseDuration("250", "x"), milliseconds(250));
  EXPECT_EQ(*ParseDuration("250ms", "x"), milliseconds(250));
  EXPECT_EQ(*ParseDuration(" 5 s ", "x"), milliseconds(5000));
  EXPECT_EQ(*ParseDuration("2min", "x"), milliseconds(120'000));
  EXPECT_EQ(*ParseDuration("1h", "x"), milliseconds(3'600'000));
  EXPECT_EQ(*ParseDuration("0", "x"), milliseconds(0));
  for (const char* bad : {"", "-1s", "5 parsecs", "1.5s", "s", "99999999999999999999d"}) {
    Result<milliseconds> parsed = ParseDuration(bad, "statement_timeout");
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_NE(parsed.status().message().find("statement_timeout must be a duration"), std::string::npos);
  }
  EXPECT_EQ(FormatDuration(milliseconds(0)), "0");
  EXPECT_EQ(FormatDuration(milliseconds(5000)), "5s");
  EXPECT_EQ(FormatDuration(milliseconds(1500)), "1500ms");
  EXPECT_EQ(FormatDuration(milliseconds(120'000)), "2min");
}

TEST(DurationSettings, SetAndShowStatementTimeout) {
  DatabaseInstance database;
  Session connection(database);
  ASSERT_TRUE(connection.Query("SET statement_timeout = '5s'").ok());
  EXPECT_EQ(connection.settings().statement_timeout, std::chrono::milliseconds(5000));
  auto shown = connection.Query("SHOW statement_timeout");
  ASSERT_TRUE(shown.ok());
  EXPECT_EQ(shown->table()->num_rows(), 1);
  EXPECT_EQ(connection.Query("SET statement_timeout = 'soon'").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(BuiltinSettings().Find("device_timeout")->default_value(), "2min");
  EXPECT_EQ(BuiltinSettings().Find("statement_timeout")->default_value(), "0");
}

}  // namespace
}  // namespace orbit
