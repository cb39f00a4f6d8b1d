// The OpenCL backend inside query execution: a query on device 'opencl' gives the CPU's
// answer; a device failure at any point (fault injection) re-runs the pipeline on the CPU
// with no row lost or doubled, and is shown by EXPLAIN ANALYZE; fallback = 'error' turns
// it into an error. Skipped, with the reason, where no OpenCL device exists.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "columnar/value_format.h"
#include "devices/device_registry.h"
#include "devices/fault_injection.h"
#include "exec/expression/expression_evaluator.h"
#include "kernels/kernel_table.h"
#include "main/session.h"

namespace orbit {
namespace {

class OpenCLExecution : public ::testing::Test {
 protected:
  void SetUp() override {
    if (OpenCLKernelsIfPresent() == nullptr) {
      const std::string why = "no OpenCL device: " + DeviceRegistry::Instance().AbsenceReason("opencl");
      // scripts/test sets it: CI always has PoCL, so a missing device is a failure there.
      if (std::getenv("ORBIT_REQUIRE_OPENCL") != nullptr) FAIL() << "ORBIT_REQUIRE_OPENCL is set but " << why;
      GTEST_SKIP() << why;
    }
    // 12,000 rows with NULLs in every column, a few groups, decimals and doubles, inserted
    // in 3 statements: 3 batches, so 3 morsels whose threads call the device at once.
    Run("CREATE TABLE t (k INTEGER, g VARCHAR, q DECIMAL(15,2), p DECIMAL(15,2), d DOUBLE, day DATE)");
    for (int part = 0; part < 3; ++part) {
      std::string insert = "INSERT INTO t VALUES ";
      for (int i = part * 4000; i < (part + 1) * 4000; ++i) {
        auto or_null = [&](int every, const std::string& value) { return i % every == 0 ? "NULL" : value; };
        insert += (i % 4000 ? ", (" : "(") + or_null(13, std::to_string(i % 50)) + ", " +
                  or_null(17, "'" + std::string(1, static_cast<char>('a' + i % 4)) + "'") + ", " +
                  or_null(11, std::to_string(i % 97) + "." + std::to_string(i % 100)) + ", " +
                  or_null(7, std::to_string(1000 + i % 313) + ".25") + ", " + or_null(19, std::to_string(i * 0.5)) +
                  ", " + or_null(23, "DATE '1994-01-01' + " + std::to_string(i % 700)) + ")";
      }
      Run(insert);
    }
    Run("SET threads = 3");
    Run("SET device = 'opencl'");
  }

  void Run(const std::string& sql) {
    auto result = connection_.Query(sql);
    ASSERT_TRUE(result.ok()) << result.status().ToString() << "\n" << sql;
  }

  /// The result's rows as text, or the error.
  std::vector<std::string> Rows(const std::string& sql) {
    auto result = connection_.Query(sql);
    if (!result.ok()) return {"error: " + result.status().ToString()};
    std::vector<std::string> rows;
    const TablePtr& table = result->table();
    for (const Batch& batch : table->batches()) {
      for (int64_t r = 0; r < batch.length; ++r) {
        std::string row;
        for (const ColumnPtr& column : batch.columns) row += ValueAt(column->view(), r).ToString() + "|";
        rows.push_back(row);
      }
    }
    return rows;
  }

  std::string Explained(const std::string& sql) {
    std::string text;
    for (const std::string& row : Rows("EXPLAIN ANALYZE " + sql)) text += row + "\n";
    return text;
  }

  std::vector<std::string> OnCpu(const std::string& sql) {
    Run("SET device = 'cpu'");
    auto rows = Rows(sql);
    Run("SET device = 'opencl'");
    return rows;
  }

  DatabaseInstance database_;
  Session connection_{database_};
};

const char* const kQueries[] = {
    "SELECT g, sum(q), sum(p * q), min(d), max(day), count(*), avg(k) FROM t WHERE day <= DATE '1995-06-01' AND "
    "q BETWEEN 10.00 AND 80.00 GROUP BY g ORDER BY g",
    "SELECT sum(p * q), count(k), min(q), max(d) FROM t WHERE k IN (1, 2, 3, 40) OR d > 5000.0",
};

TEST_F(OpenCLExecution, SameAnswerAsTheCpu) {
  Run("SET fallback = 'error'");  // a CPU re-run must not pass for a device run
  for (const char* sql : kQueries) {
    const auto expected = OnCpu(sql);
    ASSERT_FALSE(expected.empty());
    ASSERT_NE(expected[0].rfind("error", 0), 0u) << expected[0];
    EXPECT_EQ(Rows(sql), expected) << sql;
    const std::string plan = Explained(sql);
    EXPECT_NE(plan.find("Pipeline 1: device opencl:0"), std::string::npos) << plan;
    EXPECT_NE(plan.find("device transfers: host->device"), std::string::npos) << plan;
    EXPECT_EQ(plan.find("fallback"), std::string::npos) << plan;
  }
  // The filter's gathers and the products stay on the device for the sums that read them.
  const std::string plan = Explained(kQueries[0]);
  EXPECT_EQ(plan.find("inputs already on the device from earlier kernels: 0\n"), std::string::npos) << plan;
}

TEST_F(OpenCLExecution, EveryInjectedFaultFallsBackToTheExactCpuAnswer) {
  for (const char* sql : kQueries) {
    const auto expected = OnCpu(sql);
    for (const char* point : {"build", "alloc", "upload", "enqueue", "download"}) {
      // :0 fails at the first hit; :25 lets 25 hits succeed, so some vectors already ran
      // on the device (and reached the sink) when the failure comes.
      for (const char* after : {"", ":25"}) {
        const std::string plan = std::string("opencl:") + point + after;
        Run("SET fault_inject = '" + plan + "'");
        EXPECT_EQ(Rows(sql), expected) << plan << "\n" << sql;
        const std::string explained = Explained(sql);
        EXPECT_NE(explained.find("fallback: 1 event: opencl:0 failed (injected fault (" + plan + ")"),
                  std::string::npos)
            << plan << "\n"
            << explained;
        EXPECT_NE(explained.find("Pipeline 1: device cpu"), std::string::npos) << explained;
      }
    }
  }
  Run("SET fault_inject = 'none'");
}

TEST_F(OpenCLExecution, FallbackErrorMakesADeviceFailureAnError) {
  Run("SET fallback = 'error'");
  Run("SET fault_inject = 'opencl:enqueue:2'");
  auto result = connection_.Query(kQueries[0]);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kDeviceError);
  EXPECT_NE(result.status().message().find("fallback = 'error'"), std::string::npos) << result.status().message();
  Run("SET fault_inject = 'none'");
  EXPECT_EQ(Rows(kQueries[0]), OnCpu(kQueries[0]));  // without a fault the device answers
}

TEST_F(OpenCLExecution, APipelinePastDeviceTimeoutReRunsOnTheCpu) {
  // 4.8 million rows, made on the CPU: far more than a millisecond of device work.
  Run("SET device = 'cpu'");
  Run("CREATE TABLE big AS SELECT a.k, a.d FROM (SELECT 1 AS one, k, d FROM t) a "
      "JOIN (SELECT 1 AS one FROM t LIMIT 400) b ON a.one = b.one");
  const std::string sql = "SELECT sum(k), count(*), max(d) FROM big WHERE d > 10.0";
  const auto expected = Rows(sql);
  Run("SET device = 'opencl'");
  Run("SET device_timeout = '1ms'");
  EXPECT_EQ(Rows(sql), expected);
  const std::string explained = Explained(sql);
  EXPECT_NE(explained.find("opencl:0 ran the pipeline longer than device_timeout = 1 ms"), std::string::npos)
      << explained;
  EXPECT_NE(explained.find("Pipeline 1: device cpu"), std::string::npos) << explained;
  Run("SET fallback = 'error'");
  auto failed = connection_.Query(sql);
  EXPECT_EQ(failed.status().code(), StatusCode::kDeviceError);
  Run("SET device_timeout = 0");
  EXPECT_EQ(Rows(sql), expected);  // no deadline: the device answers
}

TEST(OpenCLSettings, BadValuesAreClearErrors) {
  DatabaseInstance database;
  Session connection(database);
  auto fallback = connection.Query("SET fallback = 'maybe'");
  ASSERT_FALSE(fallback.ok());
  EXPECT_NE(fallback.status().message().find("expected 'cpu'"), std::string::npos);
  auto fault = connection.Query("SET fault_inject = 'opencl:explode'");
  ASSERT_FALSE(fault.ok());
  EXPECT_NE(fault.status().message().find("build, alloc, upload, enqueue, download"), std::string::npos);
  auto parsed = ParseFaultPlan("opencl:download:7");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->succeed_first, 7);
  EXPECT_EQ(parsed->ToString(), "opencl:download:7");
}

TEST(OpenCLDevices, ListedOrAbsentWithAReason) {
  const DeviceRegistry& registry = DeviceRegistry::Instance();
  const Device* device = registry.FirstOfKind(DeviceKind::kOpenCL);
  if (device == nullptr) {
    EXPECT_FALSE(registry.AbsenceReason("opencl").empty());
    GTEST_SKIP() << "no OpenCL device: " << registry.AbsenceReason("opencl");
  }
  EXPECT_EQ(device->id(), "opencl:0");
  std::vector<std::string> labels;
  for (const auto& [label, value] : device->properties()) labels.push_back(label);
  for (const char* wanted : {"platform", "memory", "compute units"}) {
    EXPECT_NE(std::find(labels.begin(), labels.end(), wanted), labels.end()) << wanted;
  }
  EXPECT_TRUE(registry.AbsenceReason("opencl").empty());
}

}  // namespace
}  // namespace orbit
