// The circuit breaker, on a clock the test steps: closed -> open on a failure -> half-open
// after the cool-down with exactly one probe -> closed on the probe's success, or open
// again on its failure; every transition counted and logged.
#include <gtest/gtest.h>

#include "placement/circuit_breaker.h"

namespace orbit {
namespace {

class CircuitBreakerTest : public ::testing::Test {
 protected:
  CircuitBreakers::Clock::time_point now_{};
  CircuitBreakers breakers_{[this] { return now_; }, std::chrono::milliseconds(1000)};
};

TEST_F(CircuitBreakerTest, OpensHalfOpensAndRecovers) {
  const std::string gpu = "opencl:0";
  EXPECT_TRUE(breakers_.Available(gpu));
  EXPECT_EQ(breakers_.Snapshot(gpu).state, BreakerState::kClosed);
  EXPECT_FALSE(breakers_.StartRun(gpu));  // a closed breaker needs no probe

  ::testing::internal::CaptureStderr();
  breakers_.RecordFailure(gpu, "injected fault");
  EXPECT_NE(::testing::internal::GetCapturedStderr().find("opencl:0: circuit open after a failure (injected fault)"),
            std::string::npos);
  EXPECT_FALSE(breakers_.Available(gpu));
  EXPECT_EQ(breakers_.Snapshot(gpu).state, BreakerState::kOpen);
  EXPECT_NEAR(breakers_.Snapshot(gpu).seconds_until_half_open, 1.0, 1e-9);

  now_ += std::chrono::milliseconds(999);
  EXPECT_FALSE(breakers_.Available(gpu));
  now_ += std::chrono::milliseconds(1);
  ::testing::internal::CaptureStderr();
  EXPECT_TRUE(breakers_.Available(gpu));  // half-open: one probe may go
  EXPECT_EQ(breakers_.Snapshot(gpu).state, BreakerState::kHalfOpen);
  EXPECT_TRUE(breakers_.StartRun(gpu));
  EXPECT_FALSE(breakers_.Available(gpu));  // only one probe at a time
  EXPECT_FALSE(breakers_.StartRun(gpu));
  breakers_.RecordSuccess(gpu);
  ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(breakers_.Snapshot(gpu).state, BreakerState::kClosed);
  EXPECT_TRUE(breakers_.Available(gpu));

  const BreakerSnapshot s = breakers_.Snapshot(gpu);
  EXPECT_EQ(s.failures, 1);
  EXPECT_EQ(s.times_opened, 1);
  EXPECT_EQ(s.probes, 1);
  EXPECT_EQ(s.times_closed, 1);
  const auto events = breakers_.Events();
  ASSERT_EQ(events.size(), 4u);
  EXPECT_NE(events[0].find("circuit open"), std::string::npos);
  EXPECT_NE(events[1].find("half-open"), std::string::npos);
  EXPECT_NE(events[2].find("probe pipeline started"), std::string::npos);
  EXPECT_NE(events[3].find("circuit closed"), std::string::npos);
}

TEST_F(CircuitBreakerTest, AFailedProbeOpensItAgainForAnotherCoolDown) {
  const std::string gpu = "cuda:0";
  ::testing::internal::CaptureStderr();
  breakers_.RecordFailure(gpu, "launch failed");
  now_ += std::chrono::seconds(2);
  ASSERT_TRUE(breakers_.Available(gpu));
  ASSERT_TRUE(breakers_.StartRun(gpu));
  breakers_.RecordFailure(gpu, "launch failed again");
  const std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(log.find("circuit open again: the probe failed"), std::string::npos) << log;
  EXPECT_FALSE(breakers_.Available(gpu));
  now_ += std::chrono::milliseconds(1000);
  ::testing::internal::CaptureStderr();
  EXPECT_TRUE(breakers_.Available(gpu));
  EXPECT_NE(::testing::internal::GetCapturedStderr().find("half-open"), std::string::npos);
  const BreakerSnapshot s = breakers_.Snapshot(gpu);
  EXPECT_EQ(s.failures, 2);
  EXPECT_EQ(s.times_opened, 2);
  EXPECT_EQ(s.probes, 1);
  EXPECT_EQ(s.times_closed, 0);
  // Other devices are not affected.
  EXPECT_TRUE(breakers_.Available("opencl:0"));
  breakers_.Reset();
  EXPECT_EQ(breakers_.Snapshot(gpu).failures, 0);
}

}  // namespace
}  // namespace orbit
