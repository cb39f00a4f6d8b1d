// Writers on one database run one at a time (DatabaseInstance::writer): two connections
// incrementing the same row never lose an increment, and INSERTs from several threads all
// land. Without the lock each UPDATE would read a snapshot another had already replaced.
#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "orbit/orbit.h"

namespace {

TEST(ConcurrentWriters, NoUpdateOrInsertIsLost) {
  auto database = orbit::Database::Open();
  ASSERT_TRUE(database.ok());
  auto setup = database->Connect();
  ASSERT_TRUE(setup.ok());
  ASSERT_TRUE(setup
                  ->Query("CREATE TABLE counter (n BIGINT); INSERT INTO counter VALUES (0);"
                          "CREATE TABLE log (thread INTEGER, i INTEGER)")
                  .ok());
  constexpr int kThreads = 4, kRounds = 50;
  std::vector<std::thread> threads;
  std::vector<std::string> failures(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto connection = database->Connect();
      if (!connection.ok()) return;
      for (int i = 0; i < kRounds; ++i) {
        auto updated = connection->Query("UPDATE counter SET n = n + 1");
        auto inserted =
            connection->Query("INSERT INTO log VALUES (" + std::to_string(t) + ", " + std::to_string(i) + ")");
        if (!updated.ok()) failures[t] = updated.error().ToString();
        if (!inserted.ok()) failures[t] = inserted.error().ToString();
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (const auto& failure : failures) EXPECT_EQ(failure, "");
  auto counter = setup->Query("SELECT n FROM counter");
  ASSERT_TRUE(counter.ok());
  EXPECT_EQ(counter->GetText(0, 0), std::to_string(kThreads * kRounds));
  auto logged = setup->Query("SELECT count(DISTINCT thread * 1000 + i) FROM log");
  ASSERT_TRUE(logged.ok()) << logged.error().ToString();
  EXPECT_EQ(logged->GetText(0, 0), std::to_string(kThreads * kRounds));
}

}  // namespace
