// The statement interrupt: a cancel request, a deadline, a parent's stop, and Reset for
// the next statement.
#include <gtest/gtest.h>

#include <thread>

#include "common/query_interrupt.h"

namespace orbit {
namespace {

using std::chrono::milliseconds;

TEST(QueryInterrupt, CancelStopsUntilReset) {
  QueryInterrupt interrupt;
  EXPECT_TRUE(interrupt.Check().ok());
  interrupt.Cancel();
  Status stopped = interrupt.Check();
  EXPECT_EQ(stopped.code(), StatusCode::kCancelled);
  EXPECT_EQ(stopped.ToString(), "Cancelled: canceling statement due to user request");
  EXPECT_STREQ(SqlState(stopped.code()), "57014");
  interrupt.Reset();
  EXPECT_TRUE(interrupt.Check().ok());
}

TEST(QueryInterrupt, DeadlineNamesItsSetting) {
  QueryInterrupt interrupt;
  interrupt.SetTimeout(milliseconds(1), "statement_timeout");
  std::this_thread::sleep_for(milliseconds(5));
  EXPECT_TRUE(interrupt.OwnDeadlinePassed());
  Status stopped = interrupt.Check();
  EXPECT_EQ(stopped.code(), StatusCode::kCancelled);
  EXPECT_EQ(stopped.message(), "canceling statement due to statement_timeout (1 ms)");
  interrupt.SetTimeout(milliseconds(0), "statement_timeout");  // cleared
  EXPECT_TRUE(interrupt.Check().ok());
  interrupt.SetTimeout(milliseconds(60'000), "statement_timeout");
  EXPECT_TRUE(interrupt.Check().ok());
  EXPECT_FALSE(interrupt.OwnDeadlinePassed());
}

TEST(QueryInterrupt, ChildStopsWithItsParentButOwnsOnlyItsDeadline) {
  QueryInterrupt statement;
  QueryInterrupt pipeline(&statement);
  EXPECT_TRUE(pipeline.Check().ok());
  statement.Cancel();
  EXPECT_EQ(pipeline.Check().code(), StatusCode::kCancelled);
  EXPECT_FALSE(pipeline.OwnDeadlinePassed());
  statement.Reset();
  pipeline.SetTimeout(milliseconds(1), "device_timeout");
  std::this_thread::sleep_for(milliseconds(5));
  EXPECT_TRUE(pipeline.OwnDeadlinePassed());
  EXPECT_EQ(pipeline.Check().message(), "canceling statement due to device_timeout (1 ms)");
  EXPECT_TRUE(statement.Check().ok());
}

TEST(QueryInterrupt, CancelFromAnotherThreadIsSeen) {
  QueryInterrupt interrupt;
  std::thread canceller([&] { interrupt.Cancel(); });
  canceller.join();
  EXPECT_FALSE(interrupt.Check().ok());
}

}  // namespace
}  // namespace orbit
