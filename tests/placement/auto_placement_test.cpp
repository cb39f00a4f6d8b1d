// `SET device = 'auto'` end to end on the OpenCL device (skipped, with the reason, where
// none exists). The device's figures are set to promise a fast device, so `auto` sends
// work there first; then:
//  - made slow on purpose (a delay hook), it is learned from measured history and avoided;
//  - failing (fault injection), its circuit opens, `auto` avoids it, a half-open probe that
//    fails opens it again, and a probe that succeeds closes it;
//  - uncalibrated, it is explored (bounded) until its history is confident;
// and every answer equals the CPU's.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "columnar/value_format.h"
#include "devices/device_registry.h"
#include "devices/fault_injection.h"
#include "exec/expression/expression_evaluator.h"
#include "kernels/kernel_table.h"
#include "main/session.h"
#include "placement/circuit_breaker.h"
#include "placement/placement_state.h"

namespace orbit {
namespace {

class AutoPlacement : public ::testing::Test {
 protected:
  void SetUp() override {
    if (OpenCLKernelsIfPresent() == nullptr) {
      GTEST_SKIP() << "no OpenCL device: " << DeviceRegistry::Instance().AbsenceReason("opencl");
    }
    device_ = DeviceRegistry::Instance().FirstOfKind(DeviceKind::kOpenCL);
    cache_ = std::filesystem::temp_directory_path() / ("orbit_auto_placement_" + std::to_string(::getpid()));
    std::filesystem::remove_all(cache_);
    previous_cache_ = std::getenv("ORBIT_CACHE_DIR") ? std::getenv("ORBIT_CACHE_DIR") : "";
    ::setenv("ORBIT_CACHE_DIR", cache_.c_str(), 1);
    ExplorationPolicy no_exploration;
    no_exploration.probability = 0;
    PlacementState::Reset(no_exploration);
    CircuitBreakers::Global().Reset();
    DeviceFigures fast = DefaultAcceleratorFigures(device_->id(), device_->name());
    fast.measured = true;
    fast.link_bytes_per_second = 1e15;
    fast.launch_seconds = fast.session_seconds = fast.setup_seconds = 0;
    fast.seconds_per_row = {};
    PlacementState::Global().SetFigures(fast);

    Run("CREATE TABLE t (k INTEGER, g VARCHAR, q DECIMAL(15,2))");
    for (int part = 0; part < 3; ++part) {
      std::string insert = "INSERT INTO t VALUES ";
      for (int i = part * 4000; i < (part + 1) * 4000; ++i) {
        insert += (i % 4000 ? ", (" : "(") + (i % 13 ? std::to_string(i % 50) : "NULL") + ", '" +
                  std::string(1, static_cast<char>('a' + i % 4)) + "', " + std::to_string(i % 97) + "." +
                  std::to_string(i % 100) + ")";
      }
      Run(insert);
    }
    Run("SET threads = 2");
    Run("SET device = 'cpu'");
    expected_ = Rows(kQuery);
    ASSERT_EQ(expected_.size(), 4u);
    Run("SET device = 'auto'");
  }

  void TearDown() override {
    if (device_ == nullptr) return;
    SetDeviceDelay(device_->id(), std::chrono::microseconds(0));
    CircuitBreakers::Global().set_cool_down(CircuitBreakers::kDefaultCoolDown);
    CircuitBreakers::Global().Reset();
    if (previous_cache_.empty()) {
      ::unsetenv("ORBIT_CACHE_DIR");
    } else {
      ::setenv("ORBIT_CACHE_DIR", previous_cache_.c_str(), 1);
    }
    PlacementState::Reset();
    std::filesystem::remove_all(cache_);
  }

  void Run(const std::string& sql) {
    auto result = connection_.Query(sql);
    ASSERT_TRUE(result.ok()) << result.status().ToString() << "\n" << sql;
  }

  std::vector<std::string> Rows(const std::string& sql) {
    auto result = connection_.Query(sql);
    if (!result.ok()) return {"error: " + result.status().ToString()};
    std::vector<std::string> rows;
    for (const Batch& batch : result->table()->batches()) {
      for (int64_t r = 0; r < batch.length; ++r) {
        std::string row;
        for (const ColumnPtr& column : batch.columns) row += ValueAt(column->view(), r).ToString() + "|";
        rows.push_back(row);
      }
    }
    return rows;
  }

  /// Runs the query under EXPLAIN ANALYZE; returns the plan text.
  std::string Explained() {
    std::string text;
    for (const std::string& row : Rows(std::string("EXPLAIN ANALYZE ") + kQuery)) text += row + "\n";
    return text;
  }

  static std::string FirstPipelineDevice(const std::string& plan) {
    const std::string prefix = "Pipeline 1: device ";
    const size_t at = plan.find(prefix);
    if (at == std::string::npos) return "?";
    return plan.substr(at + prefix.size(), plan.find(' ', at + prefix.size()) - at - prefix.size());
  }

  static constexpr const char* kQuery = "SELECT g, sum(q), count(*) FROM t WHERE k < 40 GROUP BY g ORDER BY g";
  const Device* device_ = nullptr;
  std::filesystem::path cache_;
  std::string previous_cache_;
  std::vector<std::string> expected_;
  DatabaseInstance database_;
  Session connection_{database_};
};

TEST_F(AutoPlacement, ASlowDeviceIsLearnedAndAvoided) {
  // Promised fast, auto picks the device; it is made 20 ms slower per pipeline.
  SetDeviceDelay(device_->id(), std::chrono::milliseconds(20));
  std::vector<std::string> devices;
  std::string first;
  for (int run = 0; run < 6; ++run) {
    const std::string plan = Explained();
    if (run == 0) first = plan;
    devices.push_back(FirstPipelineDevice(plan));
    EXPECT_EQ(Rows(kQuery), expected_) << plan;
  }
  EXPECT_NE(first.find("placement: auto: " + device_->id() + " predicted fastest"), std::string::npos) << first;
  // A run or two measured on the slow device, then the CPU for good.
  EXPECT_EQ(devices.front(), device_->id()) << first;
  const auto first_cpu = std::find(devices.begin(), devices.end(), "cpu");
  ASSERT_NE(first_cpu, devices.end());
  EXPECT_LE(first_cpu - devices.begin(), 2);
  EXPECT_TRUE(std::all_of(first_cpu, devices.end(), [](const std::string& d) { return d == "cpu"; }));
  const std::string last = Explained();
  EXPECT_NE(last.find("predicted: " + device_->id()), std::string::npos) << last;
  EXPECT_NE(last.find("history"), std::string::npos) << last;
  EXPECT_NE(last.find("Placement: "), std::string::npos) << last;
  // The measured runs reached the database, on disk once flushed.
  PlacementState::Global().Flush();
  PerformanceDatabase reread((cache_ / "performance.json").string());
  int64_t device_runs = 0;
  for (const auto& [key, stats] : reread.Entries()) device_runs += key.device == device_->id() ? stats.count : 0;
  EXPECT_GE(device_runs, 1);
}

TEST_F(AutoPlacement, TheCircuitOpensProbesAndRecovers) {
  CircuitBreakers& breakers = CircuitBreakers::Global();
  breakers.set_cool_down(std::chrono::hours(1));
  ::testing::internal::CaptureStderr();
  Run("SET fault_inject = 'opencl:enqueue'");
  const std::string failed = Explained();
  EXPECT_NE(failed.find("fallback: 1 event: " + device_->id() + " failed"), std::string::npos) << failed;
  EXPECT_EQ(Rows(kQuery), expected_);  // the circuit is open now: this one runs on the CPU
  EXPECT_EQ(breakers.Snapshot(device_->id()).state, BreakerState::kOpen);
  EXPECT_EQ(breakers.Snapshot(device_->id()).failures, 1);
  const std::string avoided = Explained();
  EXPECT_EQ(FirstPipelineDevice(avoided), "cpu") << avoided;
  EXPECT_NE(avoided.find("not considered: " + device_->id() + " (circuit open after 1 failure(s)"), std::string::npos)
      << avoided;
  EXPECT_EQ(avoided.find("fallback"), std::string::npos) << avoided;

  // The cool-down is over: the next pipeline is a probe; it fails, and the circuit opens again.
  breakers.set_cool_down(std::chrono::milliseconds(0));
  EXPECT_EQ(Rows(kQuery), expected_);
  EXPECT_EQ(breakers.Snapshot(device_->id()).failures, 2);
  EXPECT_GE(breakers.Snapshot(device_->id()).probes, 1);
  EXPECT_EQ(breakers.Snapshot(device_->id()).times_closed, 0);

  // The device works again: the next probe succeeds and closes the circuit.
  Run("SET fault_inject = 'none'");
  EXPECT_EQ(Rows(kQuery), expected_);
  const std::string log = ::testing::internal::GetCapturedStderr();
  const BreakerSnapshot recovered = breakers.Snapshot(device_->id());
  EXPECT_EQ(recovered.state, BreakerState::kClosed) << log;
  EXPECT_EQ(recovered.times_closed, 1) << log;
  EXPECT_GE(recovered.probes, 2) << log;
  EXPECT_NE(log.find("circuit open after a failure"), std::string::npos) << log;
  EXPECT_NE(log.find("circuit open again: the probe failed"), std::string::npos) << log;
  EXPECT_NE(log.find("circuit closed: the probe pipeline succeeded"), std::string::npos) << log;
  // Closed again: a candidate for auto (which now also knows, from the probe, how it runs).
  const std::string back = Explained();
  EXPECT_EQ(back.find("not considered"), std::string::npos) << back;
  EXPECT_NE(back.find("predicted: " + device_->id()), std::string::npos) << back;
}

TEST_F(AutoPlacement, ExplorationMeasuresALessKnownDeviceThenStops) {
  // Uncalibrated, the device looks slow (conservative defaults) and auto prefers the CPU;
  // with exploration always on and a generous budget, auto measures the device until its
  // history is confident, then stops. The delay makes the device's times steady: it is long
  // next to what a loaded machine adds to a run, so their variation stays under
  // kConfidentVariation (10 ms was not, with other builds sharing two cores).
  ExplorationPolicy always;
  always.probability = 1;
  always.budget_allowance_seconds = 10;
  PlacementState::Reset(always);
  SetDeviceDelay(device_->id(), std::chrono::milliseconds(40));
  std::vector<std::string> devices;
  int explorations = 0;
  for (int run = 0; run < 10; ++run) {
    const std::string plan = Explained();
    devices.push_back(FirstPipelineDevice(plan));
    if (devices.back() == device_->id()) {
      EXPECT_NE(plan.find("has little history: exploring"), std::string::npos) << plan;
      ++explorations;
    }
  }
  EXPECT_EQ(devices.front(), device_->id());
  EXPECT_GE(explorations, 2);
  EXPECT_LE(explorations, 6);  // a first, unrecorded run plus enough for a confident history
  EXPECT_EQ(devices.back(), "cpu");
  EXPECT_EQ(devices[devices.size() - 2], "cpu");
  EXPECT_EQ(Rows(kQuery), expected_);
  EXPECT_GE(PlacementState::Global().explorer().explorations(), explorations);
}

// The statistics aggregates have no device kernel: auto keeps their pipeline on the CPU
// even where the device is promised faster, and a forced device does too (saying why),
// also with fallback = 'error', since nothing failed; the answers are the CPU's.
TEST_F(AutoPlacement, AHostOnlyAggregateStaysOnTheCpu) {
  const std::string query = "SELECT g, stddev(q), var_pop(k), bool_or(k > 45) FROM t GROUP BY g ORDER BY g";
  // One thread: the doubles then come out of one merge order, so runs compare exactly.
  Run("SET threads = 1");
  Run("SET device = 'cpu'");
  const std::vector<std::string> expected = Rows(query);
  ASSERT_EQ(expected.size(), 4u);
  for (const char* device : {"auto", "opencl"}) {
    SCOPED_TRACE(device);
    Run(std::string("SET device = '") + device + "'");
    Run("SET fallback = 'error'");
    EXPECT_EQ(Rows(query), expected);
    std::string plan;
    for (const std::string& row : Rows("EXPLAIN ANALYZE " + query)) plan += row + "\n";
    EXPECT_EQ(FirstPipelineDevice(plan), "cpu") << plan;
    EXPECT_NE(plan.find("stddev_samp(q) runs on the host only"), std::string::npos) << plan;
    Run("SET fallback = 'cpu'");
  }
}

// No device kernel takes TINYINT, SMALLINT or REAL yet: a pipeline scanning such a column
// runs on the CPU under auto and under a forced device, saying why, with the CPU's answers.
TEST_F(AutoPlacement, NarrowColumnsStayOnTheCpu) {
  Run("CREATE TABLE n AS SELECT CAST(k % 100 AS SMALLINT) AS s, CAST(q AS REAL) AS r, k FROM t");
  const std::string query = "SELECT s % 7 AS m, count(*), sum(r), min(s) FROM n WHERE s > 3 GROUP BY m ORDER BY m";
  Run("SET device = 'cpu'");
  const std::vector<std::string> expected = Rows(query);
  ASSERT_EQ(expected.size(), 7u);
  for (const char* device : {"auto", "opencl"}) {
    SCOPED_TRACE(device);
    Run(std::string("SET device = '") + device + "'");
    Run("SET fallback = 'error'");
    EXPECT_EQ(Rows(query), expected);
    std::string plan;
    for (const std::string& row : Rows("EXPLAIN ANALYZE " + query)) plan += row + "\n";
    EXPECT_EQ(FirstPipelineDevice(plan), "cpu") << plan;
    EXPECT_NE(plan.find("reading SMALLINT column \"s\" runs on the host only"), std::string::npos) << plan;
    Run("SET fallback = 'cpu'");
  }
}

}  // namespace
}  // namespace orbit
