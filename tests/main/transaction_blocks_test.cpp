// Transaction blocks through the public API: blocks on several threads that each read and
// change the same row lose no change (one writer at a time, the block holding the lock from
// its first change to COMMIT), a block's rows are invisible to others until it commits, and
// transaction_status follows BEGIN, an error and ROLLBACK.
#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "orbit/orbit.h"

namespace {

std::string Cell(orbit::Connection& connection, const std::string& sql) {
  auto result = connection.Query(sql);
  if (!result.ok()) return result.error().ToString();
  if (result->num_rows() == 0) return "";
  return result->GetText(0, 0).value_or("NULL");
}

TEST(TransactionBlocks, ConcurrentBlocksLoseNoChange) {
  auto database = orbit::Database::Open();
  ASSERT_TRUE(database.ok());
  auto setup = database->Connect();
  ASSERT_TRUE(setup.ok());
  ASSERT_TRUE(setup
                  ->Query("CREATE TABLE counter (n BIGINT); INSERT INTO counter VALUES (0);"
                          "CREATE TABLE log (thread INTEGER, i INTEGER)")
                  .ok());
  constexpr int kThreads = 4, kRounds = 25;
  std::vector<std::thread> threads;
  std::vector<std::string> failures(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto connection = database->Connect();
      if (!connection.ok() || !connection->Set("lock_timeout", "0").ok()) return;
      for (int i = 0; i < kRounds; ++i) {
        const std::string row = std::to_string(t) + ", " + std::to_string(i);
        auto block = connection->Query("BEGIN; UPDATE counter SET n = n + 1; INSERT INTO log VALUES (" + row +
                                       "); UPDATE counter SET n = n + 1; COMMIT");
        if (!block.ok()) failures[t] = block.error().ToString();
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (const auto& failure : failures) EXPECT_EQ(failure, "");
  EXPECT_EQ(Cell(*setup, "SELECT n FROM counter"), std::to_string(2 * kThreads * kRounds));
  EXPECT_EQ(Cell(*setup, "SELECT count(*) FROM log"), std::to_string(kThreads * kRounds));
}

TEST(TransactionBlocks, StatusAndVisibility) {
  auto database = orbit::Database::Open();
  ASSERT_TRUE(database.ok());
  auto writer = database->Connect();
  auto reader = database->Connect();
  ASSERT_TRUE(writer.ok() && reader.ok());
  ASSERT_TRUE(writer->Query("CREATE TABLE t (a INTEGER)").ok());
  EXPECT_EQ(writer->transaction_status(), orbit::TransactionStatus::kIdle);
  ASSERT_TRUE(writer->Query("BEGIN; INSERT INTO t VALUES (1)").ok());
  EXPECT_EQ(writer->transaction_status(), orbit::TransactionStatus::kInBlock);
  EXPECT_EQ(Cell(*writer, "SELECT count(*) FROM t"), "1");
  EXPECT_EQ(Cell(*reader, "SELECT count(*) FROM t"), "0");
  EXPECT_FALSE(writer->Query("SELECT * FROM missing").ok());
  EXPECT_EQ(writer->transaction_status(), orbit::TransactionStatus::kFailed);
  auto refused = writer->Query("SELECT 1");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code(), orbit::ErrorCode::kTransactionAborted);
  EXPECT_STREQ(refused.error().sqlstate(), "25P02");
  // A probe's failure (the server's Describe) leaves a block as it was.
  ASSERT_TRUE(writer->Query("ROLLBACK; BEGIN").ok());
  EXPECT_FALSE(writer->Probe("SELECT * FROM missing", {}).ok());
  EXPECT_EQ(writer->transaction_status(), orbit::TransactionStatus::kInBlock);
  EXPECT_FALSE(writer->Probe("INSERT INTO t VALUES (2)", {}).ok());
  ASSERT_TRUE(writer->Query("INSERT INTO t VALUES (3); COMMIT").ok());
  EXPECT_EQ(writer->transaction_status(), orbit::TransactionStatus::kIdle);
  EXPECT_EQ(Cell(*reader, "SELECT string_agg(CAST(a AS VARCHAR), ',') FROM t"), "3");
}

}  // namespace
