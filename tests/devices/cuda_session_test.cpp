// A pipeline's CUDA session on a fake plugin (no GPU needed): the resident-memory budget is
// one account per device for the whole process, taken from the device's total memory, and
// counts only what was really allocated, so an input whose allocation failed leaves its
// share to the others.
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <vector>

#include "devices/cuda/cuda_session.h"
#include "fake_cuda/fake_cuda_runtime.h"

namespace orbit::cuda {
namespace {

using fake_cuda::State;

/// A fake device of 1000 bytes: resident inputs may take 600 of them (ResidentBudget).
OrbitCudaDeviceInfo FakeInfo() { return fake_cuda::FakeCudaDeviceInfo(1000); }

TEST(CudaSession, FailedAllocationReleasesItsReservation) {
  if (std::getenv("ORBIT_DEVICE_MEMORY_MB") != nullptr) GTEST_SKIP() << "ORBIT_DEVICE_MEMORY_MB sets the budget";
  State() = {};
  const OrbitCudaApi api = fake_cuda::FakeCudaApi();
  const CudaDevice device(api, 0, FakeInfo());
  CudaSession session(device, FaultPlan{});
  // Room for one of the two inputs.
  std::vector<uint8_t> first(400, 1), second(400, 2);
  session.AddPipelineInput(first.data(), first.size());
  session.AddPipelineInput(second.data(), second.size());

  State().failing_allocations = 1;
  const ResidentLookup failed = session.FindResident(first.data(), first.size());
  EXPECT_FALSE(failed.status.ok());
  EXPECT_NE(failed.status.ToString().find("cudaErrorMemoryAllocation"), std::string::npos) << failed.status.ToString();

  const ResidentLookup resident = session.FindResident(second.data(), second.size());
  ASSERT_TRUE(resident.status.ok()) << resident.status.ToString();
  ASSERT_NE(resident.device, nullptr) << "the failed input's reservation was kept";
  EXPECT_EQ(std::memcmp(resident.device, second.data(), second.size()), 0);
  EXPECT_EQ(session.stats().resident_buffers.load(), 1);
  EXPECT_EQ(device.resident_account().reserved(), 400u);
  EXPECT_FALSE(device.lost()) << "running out of memory is no sticky error";
}

TEST(CudaSession, SessionsShareOneBudgetPerDevice) {
  if (std::getenv("ORBIT_DEVICE_MEMORY_MB") != nullptr) GTEST_SKIP() << "ORBIT_DEVICE_MEMORY_MB sets the budget";
  State() = {};
  const OrbitCudaApi api = fake_cuda::FakeCudaApi();
  const CudaDevice device(api, 0, FakeInfo());
  EXPECT_EQ(device.resident_account().budget(), 600u);
  std::vector<uint8_t> first(400, 1), second(400, 2);
  auto resident_in_new_session = [&](CudaSession& session, std::vector<uint8_t>& input) {
    session.AddPipelineInput(input.data(), input.size());
    const ResidentLookup lookup = session.FindResident(input.data(), input.size());
    EXPECT_TRUE(lookup.status.ok()) << lookup.status.ToString();
    return lookup.device != nullptr;
  };
  {
    CudaSession holding(device, FaultPlan{});
    ASSERT_TRUE(resident_in_new_session(holding, first));
    // A concurrent pipeline finds the budget taken: its input is copied per kernel call.
    CudaSession concurrent(device, FaultPlan{});
    EXPECT_FALSE(resident_in_new_session(concurrent, second));
  }
  // Both ended: their reservations are back.
  EXPECT_EQ(device.resident_account().reserved(), 0u);
  CudaSession later(device, FaultPlan{});
  EXPECT_TRUE(resident_in_new_session(later, second));
}

}  // namespace
}  // namespace orbit::cuda
