// A pipeline's OpenCL session: kernel outputs kept on the device are reused only while the
// host buffer that holds them lives, so a freed buffer whose address comes back with other
// values can never be read from a stale device copy.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <vector>

#include "columnar/buffer.h"
#include "devices/device_registry.h"
#include "devices/device_session.h"
#include "kernels/kernel_table.h"

namespace orbit {
namespace {

TEST(OpenCLSession, KeptOutputsAreUsedOnlyWhileTheirBufferLives) {
  const KernelTable* kernels = OpenCLKernelsIfPresent();
  if (kernels == nullptr) GTEST_SKIP() << "no OpenCL device: " << DeviceRegistry::Instance().AbsenceReason("opencl");
  auto opened = DeviceRegistry::Instance().FirstOfKind(DeviceKind::kOpenCL)->OpenSession(FaultPlan{});
  ASSERT_TRUE(opened.ok());
  std::unique_ptr<DeviceSession> session = std::move(*opened);
  ScopedDeviceSession scope(session.get());

  constexpr size_t n = 1000;
  std::vector<int64_t> a(n);
  std::iota(a.begin(), a.end(), 1);
  const int64_t two = 2;
  // Host memory that two buffers will hold in turn: the second at the first one's address,
  // as when an allocator hands a freed block out again.
  std::vector<int64_t> storage(n);
  int64_t* out = storage.data();
  auto first = Buffer::Wrap(out, n * sizeof(int64_t), [] {});
  ASSERT_EQ(kernels->arith_i64.binary(ArithmeticOp::kMul, a.data(), &two, true, nullptr, n, INT64_MAX, out), -1);
  session->KeepOutput(first);

  auto sum = [&](const int64_t* values) {
    int128_t total = 0;
    int64_t count = 0;
    EXPECT_TRUE(kernels->agg_i64.sum(values, nullptr, n, &total, &count));
    return static_cast<int64_t>(total);
  };
  EXPECT_EQ(sum(out), 1001000);  // 2 * (1 + ... + 1000), read from the kept device copy
  EXPECT_EQ(session->stats().kept_output_hits.load(), 1);

  first.reset();
  std::fill(storage.begin(), storage.end(), 7);
  auto second = Buffer::Wrap(out, n * sizeof(int64_t), [] {});
  EXPECT_EQ(sum(out), 7000);  // not 1001000 from the first buffer's device copy
  EXPECT_EQ(session->stats().kept_output_hits.load(), 1);
  EXPECT_FALSE(session->failed()) << session->failure().ToString();
}

}  // namespace
}  // namespace orbit
