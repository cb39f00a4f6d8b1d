// Cancelling a running statement: Session::Interrupt from another thread and
// statement_timeout stop a query whose join multiplies rows without end, between vectors,
// with a Cancelled error (SQLSTATE 57014); the rest of the script does not run; the session
// is usable afterwards. (Issue 10: "an equi-join on a constant key that yields 10^10 rows
// cannot be cancelled".)
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <string>
#include <thread>

#include "main/session.h"
#include "orbit/database.h"

namespace orbit {
namespace {

// 10^12 rows: it would run for hours, so only a cancel ends it.
constexpr const char* kEndlessJoin =
    "SELECT count(*) FROM t a JOIN t b ON a.k = b.k JOIN t c ON b.k = c.k JOIN t d ON c.k = d.k";

class Cancellation : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(session_.Query("CREATE TABLE t (k INTEGER)").ok());
    std::string insert = "INSERT INTO t VALUES (1)";
    for (int i = 1; i < 1000; ++i) insert += ", (1)";
    ASSERT_TRUE(session_.Query(insert).ok());
    ASSERT_TRUE(session_.Query("SET threads = 2").ok());
  }

  /// Runs `sql` on another thread and interrupts it once it has run for a while.
  Result<StatementResult> RunAndInterrupt(const std::string& sql) {
    auto running = std::async(std::launch::async, [&] { return session_.Query(sql); });
    EXPECT_EQ(running.wait_for(std::chrono::milliseconds(300)), std::future_status::timeout) << "finished early";
    session_.Interrupt();
    return running.get();
  }

  DatabaseInstance database_;
  Session session_{database_};
};

TEST_F(Cancellation, InterruptStopsAnExplodingJoin) {
  Result<StatementResult> result = RunAndInterrupt(kEndlessJoin);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kCancelled);
  EXPECT_EQ(result.status().ToString(), "Cancelled: canceling statement due to user request");
  // The session goes on: the next statement runs (the request was for the last one only).
  auto next = session_.Query("SELECT count(*) FROM t");
  ASSERT_TRUE(next.ok()) << next.status().ToString();
  EXPECT_EQ(next->table()->num_rows(), 1);
}

TEST_F(Cancellation, InterruptStopsTheRestOfTheScript) {
  Result<StatementResult> result = RunAndInterrupt(std::string(kEndlessJoin) + "; CREATE TABLE after_cancel (a INT)");
  EXPECT_EQ(result.status().code(), StatusCode::kCancelled);
  auto after = session_.Query("SELECT * FROM after_cancel");
  EXPECT_EQ(after.status().code(), StatusCode::kBindError) << "the statement after the cancelled one ran";
}

TEST_F(Cancellation, StatementTimeoutStopsTheStatementAndNotTheNext) {
  ASSERT_TRUE(session_.Query("SET statement_timeout = '200ms'").ok());
  Result<StatementResult> result = session_.Query(kEndlessJoin);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kCancelled);
  EXPECT_EQ(result.status().message(), "canceling statement due to statement_timeout (200 ms)");
  // Each statement gets the whole timeout: a quick one after it runs.
  EXPECT_TRUE(session_.Query("SELECT count(*) FROM t a JOIN t b ON a.k = b.k").ok());
  ASSERT_TRUE(session_.Query("SET statement_timeout = 0").ok());
  EXPECT_TRUE(session_.Query("SELECT 1").ok());
}

TEST_F(Cancellation, ARequestWhileNothingRunsIsDropped) {
  session_.Interrupt();
  EXPECT_TRUE(session_.Query("SELECT count(*) FROM t").ok());
}

TEST(PublicCancellation, ConnectionInterruptGivesCancelledWithItsSqlState) {
  auto database = orbit::Database::Open();
  ASSERT_TRUE(database.ok());
  auto connection = database->Connect();
  ASSERT_TRUE(connection.ok());
  ASSERT_TRUE(connection->Query("CREATE TABLE t (k INTEGER)").ok());
  std::string insert = "INSERT INTO t VALUES (1)";
  for (int i = 1; i < 1000; ++i) insert += ", (1)";
  ASSERT_TRUE(connection->Query(insert).ok());
  auto running = std::async(std::launch::async, [&] { return connection->Query(kEndlessJoin); });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  connection->Interrupt();
  auto result = running.get();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code(), orbit::ErrorCode::kCancelled);
  EXPECT_STREQ(result.error().sqlstate(), "57014");
}

}  // namespace
}  // namespace orbit
