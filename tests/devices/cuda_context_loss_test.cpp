// A CUDA device that survives its faults (DESIGN rule 4), on the fake runtime (no GPU
// needed): a sticky error marks the device lost, so it takes no new session and says why;
// when its last session ends it gets one fresh context (cudaDeviceReset) and is used again;
// a second loss, or a reset that fails, leaves it unavailable for the rest of the process.
// A plain error (out of memory) loses nothing. The stream-ordered pool gets its release
// threshold and is trimmed to it when the device goes idle.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "devices/cuda/cuda_session.h"
#include "fake_cuda/fake_cuda_runtime.h"

namespace orbit::cuda {
namespace {

using fake_cuda::State;

class CudaContextLoss : public ::testing::Test {
 protected:
  void SetUp() override { State() = {}; }

  /// Makes `session` copy an input whose allocation answers `error`; the lookup's status.
  Status AllocateInput(CudaSession& session, int32_t error) {
    State().failing_allocations = 1;
    State().allocation_error = error;
    session.AddPipelineInput(input_.data(), input_.size());
    return session.FindResident(input_.data(), input_.size()).status;
  }

  /// Whether a new session's input becomes resident (the device works again).
  bool WorksInNewSession() {
    auto opened = device_.OpenSession(FaultPlan{});
    if (!opened.ok()) return false;
    auto& session = static_cast<CudaSession&>(**opened);
    session.AddPipelineInput(input_.data(), input_.size());
    const ResidentLookup lookup = session.FindResident(input_.data(), input_.size());
    return lookup.status.ok() && lookup.device != nullptr;
  }

  const OrbitCudaApi api_ = fake_cuda::FakeCudaApi();
  const CudaDevice device_{api_, 0, fake_cuda::FakeCudaDeviceInfo(uint64_t{1} << 20)};
  std::vector<uint8_t> input_ = std::vector<uint8_t>(1000, 7);
};

TEST_F(CudaContextLoss, StickyErrorLosesTheDeviceUntilItsFreshContext) {
  {
    CudaSession session(device_, FaultPlan{});
    const Status failed = AllocateInput(session, fake_cuda::kIllegalAddress);
    ASSERT_FALSE(failed.ok());
    EXPECT_NE(failed.message().find("cudaErrorIllegalAddress"), std::string::npos) << failed.ToString();
    EXPECT_TRUE(device_.lost());
    const std::string why = device_.unavailable_reason();
    EXPECT_NE(why.find("cudaErrorIllegalAddress (700) while allocating a pipeline input"), std::string::npos) << why;
    EXPECT_NE(why.find("a fresh one is made when the pipelines running on it end"), std::string::npos) << why;
    // While its session runs, no new pipeline starts there, and no reset pulls the
    // context from under the running one.
    auto refused = device_.OpenSession(FaultPlan{});
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.status().code(), StatusCode::kDeviceError);
    EXPECT_NE(refused.status().message().find("cuda:0 is unavailable: its CUDA context was lost"), std::string::npos)
        << refused.status().ToString();
    EXPECT_EQ(State().resets, 0);
  }
  // The last session ended: one fresh context, and the device works again.
  EXPECT_EQ(State().resets, 1);
  EXPECT_FALSE(device_.lost());
  EXPECT_EQ(device_.unavailable_reason(), "");
  EXPECT_EQ(device_.context_resets(), 1);
  EXPECT_TRUE(WorksInNewSession());
}

TEST_F(CudaContextLoss, ASecondLossIsFinal) {
  {
    CudaSession session(device_, FaultPlan{});
    ASSERT_FALSE(AllocateInput(session, fake_cuda::kLaunchFailure).ok());
  }
  ASSERT_EQ(State().resets, 1);
  {
    CudaSession session(device_, FaultPlan{});
    ASSERT_FALSE(AllocateInput(session, fake_cuda::kIllegalAddress).ok());
  }
  EXPECT_EQ(State().resets, 1) << "one fresh context per process";
  const std::string why = device_.unavailable_reason();
  EXPECT_NE(why.find("restart the process"), std::string::npos) << why;
  // Later queries stop trying the context: opening it fails without calling the runtime.
  const int64_t calls = State().calls;
  for (int query = 0; query < 3; ++query) {
    auto refused = device_.OpenSession(FaultPlan{});
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.status().message().find("cudaErrorIllegalAddress"), std::string::npos);
  }
  EXPECT_EQ(State().calls, calls);
  EXPECT_EQ(State().resets, 1);
}

TEST_F(CudaContextLoss, AFailedResetLeavesItUnavailable) {
  State().reset_fails = true;
  {
    CudaSession session(device_, FaultPlan{});
    ASSERT_FALSE(AllocateInput(session, fake_cuda::kIllegalAddress).ok());
  }
  EXPECT_EQ(State().resets, 1);
  EXPECT_TRUE(device_.lost());
  const std::string why = device_.unavailable_reason();
  EXPECT_NE(why.find("a fresh one failed"), std::string::npos) << why;
  EXPECT_FALSE(WorksInNewSession());
}

TEST_F(CudaContextLoss, APlainErrorLosesNothing) {
  {
    CudaSession session(device_, FaultPlan{});
    ASSERT_FALSE(AllocateInput(session, fake_cuda::kMemoryAllocation).ok());
    EXPECT_FALSE(device_.lost());
  }
  EXPECT_EQ(State().resets, 0);
  EXPECT_TRUE(WorksInNewSession());
}

TEST_F(CudaContextLoss, ThePoolKeepsOnlyItsThresholdOfFreedMemory) {
  const uint64_t threshold = device_.pool_release_threshold();
  EXPECT_EQ(threshold, PoolReleaseThreshold(uint64_t{1} << 20));
  {
    CudaSession first(device_, FaultPlan{});
    CudaSession second(device_, FaultPlan{});
    // Set once, on the pool itself, with the device's threshold.
    EXPECT_EQ(State().threshold_calls, 1);
    EXPECT_EQ(State().release_threshold, threshold);
  }
  // The device went idle once: trimmed once, to the threshold.
  EXPECT_EQ(State().trims, 1);
  EXPECT_EQ(State().trimmed_to, threshold);
}

}  // namespace
}  // namespace orbit::cuda
