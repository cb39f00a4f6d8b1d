// The account of what a statement holds: charges pass to the parent (the process), a charge
// over either limit fails whole with an Out of memory error naming that limit, releases give
// back, the peak is kept; the scope makes an account current on a thread and a task run
// under UnderCurrentMemoryAccount charges the account of the thread that made it.
#include "common/memory_account.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "common/large_allocation.h"
#include "common/memory_scope.h"

namespace orbit {
namespace {

constexpr uint64_t kMiB = uint64_t{1} << 20;

TEST(MemoryAccountTest, ChargesPassToTheParentAndPeakIsKept) {
  MemoryAccount process("process_memory_limit", 0);
  MemoryAccount statement("memory_limit", 10 * kMiB, &process);
  ASSERT_TRUE(statement.TryReserve(4 * kMiB).ok());
  ASSERT_TRUE(statement.TryReserve(4 * kMiB).ok());
  EXPECT_EQ(statement.held(), 8 * kMiB);
  EXPECT_EQ(process.held(), 8 * kMiB);
  statement.Release(6 * kMiB);
  EXPECT_EQ(statement.held(), 2 * kMiB);
  EXPECT_EQ(process.held(), 2 * kMiB);
  EXPECT_EQ(statement.peak(), 8 * kMiB);
  statement.Release(2 * kMiB);
  EXPECT_EQ(process.held(), 0u);
}

TEST(MemoryAccountTest, OverTheStatementLimitFailsNamingIt) {
  MemoryAccount process("process_memory_limit", 0);
  MemoryAccount statement("memory_limit", kMiB, &process);
  ASSERT_TRUE(statement.TryReserve(kMiB / 2).ok());
  Status over = statement.TryReserve(kMiB);
  ASSERT_EQ(over.code(), StatusCode::kOutOfMemory);
  EXPECT_EQ(over.ToString(),
            "Out of memory: this statement needs more than memory_limit (1.0 MiB): it holds 512.0 KiB and asked for "
            "1.0 MiB more. Raise it with SET memory_limit = '...' (or SET memory_limit = 0 for none), or make the "
            "query hold less. (Orbit does not spill to disk yet)");
  EXPECT_EQ(SqlState(over.code()), std::string("53200"));
  // Nothing of the failed charge stays, here or in the parent.
  EXPECT_EQ(statement.held(), kMiB / 2);
  EXPECT_EQ(process.held(), kMiB / 2);
  statement.Release(kMiB / 2);
}

TEST(MemoryAccountTest, OverTheProcessLimitFailsNamingIt) {
  MemoryAccount process("process_memory_limit", 2 * kMiB);
  MemoryAccount first("memory_limit", 0, &process);
  MemoryAccount second("memory_limit", 0, &process);
  ASSERT_TRUE(first.TryReserve(kMiB + kMiB / 2).ok());
  Status over = second.TryReserve(kMiB);
  ASSERT_EQ(over.code(), StatusCode::kOutOfMemory);
  EXPECT_NE(over.message().find("needs more than process_memory_limit (2.0 MiB)"), std::string::npos) << over.message();
  EXPECT_EQ(second.held(), 0u);
  EXPECT_EQ(process.held(), kMiB + kMiB / 2);
  first.Release(kMiB + kMiB / 2);
  EXPECT_TRUE(second.TryReserve(kMiB).ok());
  second.Release(kMiB);
}

TEST(MemoryAccountTest, ReserveThrowsABadAllocCarryingTheError) {
  MemoryAccount account("memory_limit", kMiB);
  try {
    account.Reserve(2 * kMiB);
    FAIL() << "no throw";
  } catch (const std::bad_alloc& error) {
    Status status = OutOfMemoryStatus(error);
    EXPECT_EQ(status.code(), StatusCode::kOutOfMemory);
    EXPECT_NE(status.message().find("memory_limit (1.0 MiB)"), std::string::npos);
  }
  EXPECT_EQ(OutOfMemoryStatus(std::bad_alloc()).code(), StatusCode::kOutOfMemory);
  EXPECT_EQ(account.held(), 0u);
}

TEST(MemoryAccountTest, AScopeChargesItsAccountAndTasksCarryIt) {
  auto account = std::make_shared<MemoryAccount>("memory_limit", 0, &MemoryAccount::Process());
  {
    MemoryScope scope(&account);
    EXPECT_EQ(&CurrentMemoryAccount(), account.get());
    std::vector<uint64_t, LargeAllocator<uint64_t>> here(1000);
    EXPECT_GE(account->held(), 8000u);
    // Another thread charges the process account unless the task carries the scope's.
    uint64_t before = account->held();
    std::thread([] { EXPECT_EQ(&CurrentMemoryAccount(), &MemoryAccount::Process()); }).join();
    auto task = UnderCurrentMemoryAccount([] { std::vector<uint8_t, LargeAllocator<uint8_t>> there(kMiB); });
    std::thread(task).join();
    EXPECT_EQ(account->held(), before);
    EXPECT_GE(account->peak(), before + kMiB);
  }
  EXPECT_EQ(&CurrentMemoryAccount(), &MemoryAccount::Process());
  EXPECT_EQ(account->held(), 0u);
}

TEST(MemoryAccountTest, AVectorOverTheLimitThrowsAndReleasesWhatItHeld) {
  auto account = std::make_shared<MemoryAccount>("memory_limit", kMiB, &MemoryAccount::Process());
  MemoryScope scope(&account);
  std::vector<uint64_t, LargeAllocator<uint64_t>> values;
  EXPECT_THROW(values.resize(kMiB), MemoryLimitExceeded);
  values.resize(1000);
  EXPECT_EQ(account->held(), 8000u);
  std::vector<uint64_t, LargeAllocator<uint64_t>> moved = std::move(values);
  values.clear();     // NOLINT(bugprone-use-after-move): a moved-from vector, made empty and reused on purpose
  values.resize(10);  // it still charges its account
  moved.clear();
  moved.shrink_to_fit();
  values.clear();
  values.shrink_to_fit();
  EXPECT_EQ(account->held(), 0u);
}

// Small charges come from a thread's credit (a quantum reserved at once); held() counts only
// what is charged, and a charge that the credit other threads keep would push over the
// limit gets it back first instead of failing.
TEST(MemoryAccountTest, CreditKeptByOneThreadNeverMakesAnotherFail) {
  MemoryAccount process("process_memory_limit", 0);
  MemoryAccount statement("memory_limit", kMiB, &process);
  std::thread([&] { ASSERT_TRUE(statement.TryReserve(1024).ok()); }).join();
  EXPECT_EQ(statement.held(), 1024u);
  EXPECT_GT(process.held(), 1024u);  // the parent is charged the whole quantum
  ASSERT_TRUE(statement.TryReserve(kMiB - 1024).ok());
  EXPECT_EQ(statement.held(), kMiB);
  EXPECT_EQ(statement.TryReserve(1).code(), StatusCode::kOutOfMemory);
  statement.Release(kMiB - 1024);
  statement.Release(1024);
  EXPECT_EQ(statement.held(), 0u);
}

TEST(MemoryAccountTest, ManyThreadsChargingAndReleasingLeaveNothingHeld) {
  MemoryAccount process("process_memory_limit", 0);
  {
    MemoryAccount statement("memory_limit", 0, &process);
    std::vector<std::thread> threads;
    for (int t = 0; t < 24; ++t) {
      threads.emplace_back([&statement, t] {
        std::vector<uint64_t> held;
        for (uint64_t i = 0; i < 20000; ++i) {
          const uint64_t bytes = 1 + (i * 7919 + t * 104729) % 100000;
          ASSERT_TRUE(statement.TryReserve(bytes).ok());
          held.push_back(bytes);
          if (i % 3 == 2) {
            statement.Release(held.back());
            held.pop_back();
          }
        }
        for (uint64_t bytes : held) statement.Release(bytes);
      });
    }
    for (std::thread& thread : threads) thread.join();
    EXPECT_EQ(statement.held(), 0u);
    EXPECT_GT(statement.peak(), 0u);
  }
  // The statement's unused credit went back to the parent with it.
  EXPECT_EQ(process.held(), 0u);
}

}  // namespace
}  // namespace orbit
