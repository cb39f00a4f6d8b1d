// A pipeline's OpenCL session: kernel outputs kept on the device are reused only while the
// host buffer that holds them lives, so a freed buffer whose address comes back with other
// values can never be read from a stale device copy; the resident-memory budget is one
// account per device shared by every session (and thread), and an input whose allocation
// failed gives its reservation back at once; kernel calls reuse the device's pooled
// buffers and the pool keeps no more than its threshold.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <numeric>
#include <thread>
#include <vector>

#include "columnar/buffer.h"
#include "devices/device_registry.h"
#include "devices/device_session.h"
#include "devices/opencl/opencl_session.h"
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

namespace orbit::opencl {
namespace {

/// A device of its own on the first OpenCL platform (PoCL in CI), made once per option set
/// and kept for the process, as the registry keeps its own: the kernel layer keys compiled
/// programs by device.
const OpenCLDevice* DeviceWith(const OpenCLDeviceOptions& options, std::string* why) {
  static auto* kept = new std::vector<std::unique_ptr<Device>>();
  std::vector<std::unique_ptr<Device>> found = DetectOpenCLDevices(why, options);
  if (found.empty()) return nullptr;
  kept->push_back(std::move(found.front()));
  return static_cast<const OpenCLDevice*>(kept->back().get());
}

/// Copies inputs as a discrete GPU must, with room for 1000 resident bytes in all.
const OpenCLDevice* DiscreteDeviceOf1000Bytes(std::string* why) {
  OpenCLDeviceOptions options;
  options.copy_inputs = true;
  options.resident_budget = 1000;
  static const OpenCLDevice* device = DeviceWith(options, why);
  return device;
}

/// Whether the session made `input` resident.
bool MadeResident(OpenCLSession& session, const std::vector<uint8_t>& input, Status* status) {
  session.AddPipelineInput(input.data(), input.size());
  const ResidentLookup lookup = session.FindResident(input.data(), input.size());
  *status = lookup.status;
  return lookup.range.buffer != nullptr;
}

TEST(OpenCLSession, SessionsShareOneBudgetPerDevice) {
  std::string why;
  const OpenCLDevice* device = DiscreteDeviceOf1000Bytes(&why);
  if (device == nullptr) GTEST_SKIP() << "no OpenCL device: " << why;
  ASSERT_FALSE(device->shares_host_memory());
  EXPECT_EQ(device->resident_account().budget(), 1000u);
  // Two pipelines on two threads, each with an input of 700 bytes: one fits, whichever
  // comes first; the other's input is copied per kernel call.
  std::vector<uint8_t> first(700, 1), second(700, 2);
  std::atomic<int> resident{0};
  {
    OpenCLSession one(*device, FaultPlan{}), two(*device, FaultPlan{});
    std::vector<Status> statuses(2);
    std::thread a([&] { resident += MadeResident(one, first, &statuses[0]); });
    std::thread b([&] { resident += MadeResident(two, second, &statuses[1]); });
    a.join();
    b.join();
    for (const Status& status : statuses) EXPECT_TRUE(status.ok()) << status.ToString();
    EXPECT_EQ(resident.load(), 1);
    EXPECT_EQ(device->resident_account().reserved(), 700u);
    EXPECT_EQ(one.stats().resident_buffers.load() + two.stats().resident_buffers.load(), 1);
  }
  // Both ended: their reservations are back.
  EXPECT_EQ(device->resident_account().reserved(), 0u);
  OpenCLSession later(*device, FaultPlan{});
  Status status;
  EXPECT_TRUE(MadeResident(later, second, &status));
  EXPECT_TRUE(status.ok()) << status.ToString();
}

TEST(OpenCLSession, FailedAllocationReleasesItsReservation) {
  std::string why;
  const OpenCLDevice* device = DiscreteDeviceOf1000Bytes(&why);
  if (device == nullptr) GTEST_SKIP() << "no OpenCL device: " << why;
  std::vector<uint8_t> first(700, 1), second(700, 2);
  auto fault = ParseFaultPlan("opencl:alloc");
  ASSERT_TRUE(fault.ok());
  OpenCLSession failing(*device, *fault);
  Status status;
  EXPECT_FALSE(MadeResident(failing, first, &status));
  EXPECT_FALSE(status.ok());
  EXPECT_NE(status.message().find("allocating 700 bytes"), std::string::npos) << status.ToString();
  // Given back at once, not when the failing session ends.
  EXPECT_EQ(device->resident_account().reserved(), 0u);
  OpenCLSession other(*device, FaultPlan{});
  EXPECT_TRUE(MadeResident(other, second, &status));
  EXPECT_TRUE(status.ok()) << status.ToString();
}

TEST(OpenCLBufferPool, KernelCallsReuseBuffersAndKeepNoMoreThanTheThreshold) {
  const KernelTable* kernels = OpenCLKernelsIfPresent();
  std::string why;
  constexpr uint64_t kThreshold = 64 << 10;
  OpenCLDeviceOptions options;
  options.pool_threshold = kThreshold;
  static const OpenCLDevice* device = DeviceWith(options, &why);
  if (kernels == nullptr || device == nullptr) GTEST_SKIP() << "no OpenCL device: " << why;
  auto opened = device->OpenSession(FaultPlan{});
  ASSERT_TRUE(opened.ok());
  std::unique_ptr<DeviceSession> session = std::move(*opened);
  ScopedDeviceSession scope(session.get());
  const BufferPoolStats before = device->buffer_pool().stats();
  auto times_two = [&](size_t n) {
    std::vector<int64_t> a(n, 21), out(n);
    const int64_t two = 2;
    EXPECT_EQ(kernels->arith_i64.binary(ArithmeticOp::kMul, a.data(), &two, true, nullptr, n, INT64_MAX, out.data()),
              -1);
    EXPECT_EQ(out.front(), 42);
    EXPECT_EQ(out.back(), 42);
    EXPECT_LE(device->buffer_pool().stats().kept_bytes, kThreshold);
  };
  for (int call = 0; call < 4; ++call) times_two(1000);  // 8000-byte outputs, well within the threshold
  BufferPoolStats after = device->buffer_pool().stats();
  EXPECT_GE(after.reused - before.reused, 2) << "each call made its buffers anew";
  times_two(100000);  // an 800 KB output: more than the pool keeps
  times_two(1000);    // the big one's call ended: given back to the driver, not kept
  after = device->buffer_pool().stats();
  EXPECT_GE(after.released - before.released, 1);
  EXPECT_LE(after.kept_bytes, kThreshold);
  EXPECT_FALSE(session->failed()) << session->failure().ToString();
  EXPECT_GT(session->stats().launches.load(), 0);
}

}  // namespace
}  // namespace orbit::opencl
