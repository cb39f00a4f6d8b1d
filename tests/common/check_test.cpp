#include "common/check.h"

#include <gtest/gtest.h>

namespace orbit {
namespace {

// Every test of this binary runs with failed checks aborting (DESIGN rule 6: no test may
// pass over a broken invariant); the tests below switch it off to see the release behaviour.
const bool kChecksAbortInTests = [] {
  SetCheckFailuresAbort(true);
  return true;
}();

Status Checked(int value) {
  ORBIT_CHECK(value > 0, "value {} must be positive", value);
  return Status::OK();
}

Result<int> Unreachable() { ORBIT_UNREACHABLE("no such kind {}", 7); }

class ReleaseChecks : public ::testing::Test {
 protected:
  void SetUp() override { SetCheckFailuresAbort(false); }
  void TearDown() override { SetCheckFailuresAbort(kChecksAbortInTests); }
};

TEST_F(ReleaseChecks, FailedCheckIsAnInternalErrorNamingTheCheck) {
  EXPECT_TRUE(Checked(1).ok());
  Status failed = Checked(-3);
  EXPECT_EQ(failed.code(), StatusCode::kInternal);
  EXPECT_NE(failed.message().find("value -3 must be positive"), std::string::npos) << failed.message();
  EXPECT_NE(failed.message().find("value > 0"), std::string::npos) << failed.message();
  EXPECT_NE(failed.message().find("check_test.cpp"), std::string::npos) << failed.message();
}

TEST_F(ReleaseChecks, UnreachableIsAnInternalError) {
  Result<int> result = Unreachable();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kInternal);
  EXPECT_NE(result.status().message().find("no such kind 7"), std::string::npos);
}

TEST(TestChecks, FailedCheckAbortsInTests) { EXPECT_DEATH((void)Checked(-1), "value -1 must be positive"); }

}  // namespace
}  // namespace orbit
