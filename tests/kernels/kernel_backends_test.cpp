// Which device backends the differential suite covers on this machine: a backend whose
// device is absent is reported here as skipped, with the reason, instead of silently
// dropping out of the parameterized tests.
#include <algorithm>

#include "devices/device_registry.h"
#include "kernel_test_support.h"

namespace orbit::kernel_test {
namespace {

TEST(KernelBackendsUnderTest, OpenCLWhenADeviceExists) {
  const auto backends = BackendsUnderTest();
  const bool listed =
      std::any_of(backends.begin(), backends.end(), [](const BackendUnderTest& b) { return b.name == "opencl"; });
  if (OpenCLKernelsIfPresent() == nullptr) {
    EXPECT_FALSE(listed);
    GTEST_SKIP() << "opencl backend not tested: " << DeviceRegistry::Instance().AbsenceReason("opencl");
  }
  EXPECT_TRUE(listed);
}

TEST(KernelBackendsUnderTest, CudaWhenADeviceExists) {
  const auto backends = BackendsUnderTest();
  const bool listed =
      std::any_of(backends.begin(), backends.end(), [](const BackendUnderTest& b) { return b.name == "cuda"; });
  if (CudaKernelsIfPresent() == nullptr) {
    EXPECT_FALSE(listed);
    GTEST_SKIP() << "cuda backend not tested: " << DeviceRegistry::Instance().AbsenceReason("cuda");
  }
  EXPECT_TRUE(listed);
}

}  // namespace
}  // namespace orbit::kernel_test
