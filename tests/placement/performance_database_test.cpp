// The performance database: Welford statistics and their merge, a round trip through the
// file, two processes flushing into one file at once without losing a sample, and a
// corrupt, truncated or foreign file rebuilt with a warning instead of a crash.
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>

#include <gtest/gtest.h>

#include "placement/performance_database.h"

namespace orbit {
namespace {

class PerformanceDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("orbit_perfdb_" + std::to_string(::getpid()) + "_" +
                                                     ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string Path() const { return (dir_ / "performance.json").string(); }
  void WriteFile(const std::string& text) const { std::ofstream(Path(), std::ios::trunc) << text; }

  std::filesystem::path dir_;
};

TEST(RunningStatsTest, WelfordMatchesTheTwoPassFormulasAndMergesExactly) {
  std::mt19937_64 random(7);
  std::uniform_real_distribution<double> seconds(0.001, 0.1);
  std::vector<double> samples(1000);
  for (double& s : samples) s = seconds(random);
  RunningStats all, left, right;
  for (size_t i = 0; i < samples.size(); ++i) {
    all.Add(samples[i], static_cast<int64_t>(i));
    (i % 3 == 0 ? left : right).Add(samples[i], static_cast<int64_t>(i));
  }
  double mean = 0;
  for (double s : samples) mean += s / samples.size();
  double squares = 0;
  for (double s : samples) squares += (s - mean) * (s - mean);
  EXPECT_NEAR(all.mean_seconds, mean, 1e-12);
  EXPECT_NEAR(all.variance(), squares / (samples.size() - 1), 1e-12);
  left.Merge(right);
  EXPECT_EQ(left.count, all.count);
  EXPECT_NEAR(left.mean_seconds, all.mean_seconds, 1e-12);
  EXPECT_NEAR(left.m2, all.m2, 1e-9);
  EXPECT_NEAR(left.mean_rows, all.mean_rows, 1e-6);
}

TEST(SizeBucketTest, PowersOfFour) {
  EXPECT_EQ(SizeBucket(0), 0);
  EXPECT_EQ(SizeBucket(3), 0);
  EXPECT_EQ(SizeBucket(4), 1);
  EXPECT_EQ(SizeBucket(1023), 4);
  EXPECT_EQ(SizeBucket(1024), 5);
  EXPECT_EQ(SizeBucket(1 << 20), 10);
}

TEST_F(PerformanceDatabaseTest, RoundTripThroughTheFile) {
  const PerformanceKey q6{"Scan|Filter|Aggregate", "cpu", 7};
  const PerformanceKey q6_device{"Scan|Filter|Aggregate", "opencl:0", 7};
  {
    PerformanceDatabase db(Path());
    db.Record(q6, 0.002, 20000);
    db.Record(q6, 0.004, 30000);
    db.Record(q6_device, 0.05, 20000);
    EXPECT_EQ(db.pending_samples(), 3);
    ASSERT_TRUE(db.Flush().ok());
    EXPECT_EQ(db.pending_samples(), 0);
  }
  PerformanceDatabase again(Path());
  auto stats = again.Lookup(q6);
  ASSERT_TRUE(stats.has_value());
  EXPECT_EQ(stats->count, 2);
  EXPECT_DOUBLE_EQ(stats->mean_seconds, 0.003);
  EXPECT_NEAR(stats->variance(), 2e-6, 1e-15);
  EXPECT_DOUBLE_EQ(stats->mean_rows, 25000);
  ASSERT_TRUE(again.Lookup(q6_device).has_value());
  EXPECT_EQ(again.Lookup(q6_device)->count, 1);
  EXPECT_FALSE(again.Lookup({"Scan|Filter|Aggregate", "cpu", 8}).has_value());
  EXPECT_EQ(again.Entries().size(), 2u);
}

TEST_F(PerformanceDatabaseTest, TwoProcessesFlushingAtOnceLoseNoSample) {
  constexpr int kWriters = 2;
  constexpr int kRounds = 40;
  constexpr int kSamplesPerRound = 5;
  std::vector<pid_t> children;
  for (int writer = 0; writer < kWriters; ++writer) {
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      // Each writer keeps its own instance (its own process) and flushes many times, so
      // the two read-merge-write cycles interleave.
      PerformanceDatabase db(Path());
      for (int round = 0; round < kRounds; ++round) {
        for (int s = 0; s < kSamplesPerRound; ++s) {
          db.Record({"shared", "cpu", 3}, 0.001 * (writer + 1), 100);
          db.Record({"writer" + std::to_string(writer), "cpu", 3}, 0.001, 100);
        }
        if (!db.Flush().ok()) ::_exit(1);
      }
      ::_exit(0);
    }
    children.push_back(pid);
  }
  for (pid_t pid : children) {
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
  PerformanceDatabase db(Path());
  auto shared = db.Lookup({"shared", "cpu", 3});
  ASSERT_TRUE(shared.has_value());
  EXPECT_EQ(shared->count, kWriters * kRounds * kSamplesPerRound);
  EXPECT_NEAR(shared->mean_seconds, 0.0015, 1e-12);  // half the samples 1 ms, half 2 ms
  for (int writer = 0; writer < kWriters; ++writer) {
    auto own = db.Lookup({"writer" + std::to_string(writer), "cpu", 3});
    ASSERT_TRUE(own.has_value());
    EXPECT_EQ(own->count, kRounds * kSamplesPerRound);
  }
  // No temporary file is left behind.
  for (const auto& entry : std::filesystem::directory_iterator(dir_)) {
    EXPECT_EQ(entry.path().filename().string().find(".tmp."), std::string::npos) << entry.path();
  }
}

TEST_F(PerformanceDatabaseTest, CorruptTruncatedOrForeignFilesAreRebuiltWithAWarning) {
  const std::string valid =
      R"({"format": "orbit-performance-database", "version": 1, "entries": [{"kind": "k", "device": "cpu", )"
      R"("bucket": 2, "count": 3, "mean_seconds": 0.5, "m2": 0.0, "mean_rows": 20}]})";
  const std::pair<std::string, std::string> cases[] = {
      {valid.substr(0, valid.size() / 2), "not valid JSON"},
      {"\x01\x02garbage", "not valid JSON"},
      {R"({"format": "something else", "version": 1, "entries": []})", "not an Orbit performance database"},
      {R"({"format": "orbit-performance-database", "version": 99, "entries": []})", "format version 99"},
      {R"({"format": "orbit-performance-database", "version": 1, "entries": [{"kind": "k"}]})", "bad entry"},
      {R"({"format": "orbit-performance-database", "version": 1, "entries": [{"kind": "k", "device": "cpu", )"
       R"("bucket": 2, "count": -3, "mean_seconds": 0.5, "m2": 0.0, "mean_rows": 20}]})",
       "impossible statistics"},
      // Numbers beyond the field's integer type, read as doubles (performance_database_fuzzer's
      // finding: get<int> of them was undefined behaviour), or not integers at all.
      {R"({"format": "orbit-performance-database", "version": 1, "entries": [{"kind": "k", "device": "cpu", )"
       R"("bucket": 5e101, "count": 3, "mean_seconds": 0.5, "m2": 0.0, "mean_rows": 20}]})",
       "\"bucket\" is 5e+101"},
      {R"({"format": "orbit-performance-database", "version": 1, "entries": [{"kind": "k", "device": "cpu", )"
       R"("bucket": 4294967296, "count": 3, "mean_seconds": 0.5, "m2": 0.0, "mean_rows": 20}]})",
       "not an integer from"},
      {R"({"format": "orbit-performance-database", "version": 1, "entries": [{"kind": "k", "device": "cpu", )"
       R"("bucket": 2, "count": 2.5, "mean_seconds": 0.5, "m2": 0.0, "mean_rows": 20}]})",
       "\"count\" is 2.5"},
      {R"({"format": "orbit-performance-database", "version": 1e300, "entries": []})", "format version 1e+300"},
  };
  for (const auto& [text, why] : cases) {
    WriteFile(text);
    PerformanceDatabase db(Path());
    ::testing::internal::CaptureStderr();
    EXPECT_FALSE(db.Lookup({"k", "cpu", 2}).has_value());
    const std::string warning = ::testing::internal::GetCapturedStderr();
    EXPECT_NE(warning.find("performance database"), std::string::npos) << warning;
    EXPECT_NE(warning.find(why), std::string::npos) << warning;
    // Recording and flushing replaces the bad file with a valid one.
    db.Record({"k", "cpu", 2}, 0.25, 10);
    ASSERT_TRUE(db.Flush().ok());
    PerformanceDatabase reread(Path());
    ::testing::internal::CaptureStderr();
    auto stats = reread.Lookup({"k", "cpu", 2});
    EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
    ASSERT_TRUE(stats.has_value());
    EXPECT_EQ(stats->count, 1);
    EXPECT_DOUBLE_EQ(stats->mean_seconds, 0.25);
  }
  WriteFile(valid);
  PerformanceDatabase db(Path());
  ASSERT_TRUE(db.Lookup({"k", "cpu", 2}).has_value());
  EXPECT_EQ(db.Lookup({"k", "cpu", 2})->count, 3);
}

TEST_F(PerformanceDatabaseTest, UnwritableFolderIsAnErrorNotACrash) {
  PerformanceDatabase db("/proc/orbit-cannot-write-here/performance.json");
  db.Record({"k", "cpu", 1}, 0.1, 4);
  EXPECT_FALSE(db.Flush().ok());
  EXPECT_EQ(db.Lookup({"k", "cpu", 1})->count, 1);  // the samples stay in memory
}

}  // namespace
}  // namespace orbit
