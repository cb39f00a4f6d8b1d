// What placement is told about a pipeline before it runs: its kind, rows, bytes a device
// would copy, and the kernel calls per vector its operators declare from their expressions.
#include <gtest/gtest.h>

#include "exec/physical_plan/physical_planner.h"
#include "exec/pipeline/pipeline_profile.h"
#include "main/session.h"
#include "plan/optimizer/optimizer.h"
#include "sql/binder/binder.h"
#include "sql/catalog/catalog.h"

namespace orbit {
namespace {

double Calls(const PipelineProfile& p, KernelFamily family) { return p.calls_per_vector[static_cast<size_t>(family)]; }

class PipelineProfileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(connection_.Query("CREATE TABLE t (a INTEGER, b DECIMAL(15,2), g VARCHAR)").ok());
    std::string insert = "INSERT INTO t VALUES (0, 1.50, 'x')";
    for (int i = 1; i < 5000; ++i) insert += ", (" + std::to_string(i) + ", 2.25, 'y')";
    ASSERT_TRUE(connection_.Query(insert).ok());
  }

  PhysicalPlan Plan(const std::string& sql) {
    auto bound = BindStatement(sql, database_.catalog());
    EXPECT_TRUE(bound.ok()) << bound.status().ToString();
    auto optimized = Optimize(std::move(bound->plan));
    EXPECT_TRUE(optimized.ok());
    auto physical = PlanPhysical(**optimized);
    EXPECT_TRUE(physical.ok());
    return std::move(*physical);
  }

  DatabaseInstance database_;
  Session connection_{database_};
};

TEST_F(PipelineProfileTest, FilterThenSum) {
  PhysicalPlan plan = Plan("SELECT sum(a * b) FROM t WHERE a < 3000 AND b > 1.00");
  const PipelineProfile p = ProfilePipeline(*plan.pipelines[0], 2);
  EXPECT_EQ(p.kind, "TableScan|Filter|Aggregate");
  EXPECT_EQ(p.rows, 5000);
  EXPECT_EQ(p.vectors, 3);                   // 2048-row vectors
  EXPECT_EQ(p.device_vectors, 1);            // a device reads up to 2^20 rows at once
  EXPECT_EQ(p.input_bytes, 5000 * (4 + 8));  // the two scanned columns, no NULLs
  EXPECT_EQ(p.parallelism, 1);               // one morsel
  EXPECT_EQ(Calls(p, KernelFamily::kFilter), 2);
  EXPECT_EQ(Calls(p, KernelFamily::kSum), 1);
  EXPECT_EQ(Calls(p, KernelFamily::kArithmetic), 1);
  EXPECT_EQ(Calls(p, KernelFamily::kGroupedAggregate), 0);
}

TEST_F(PipelineProfileTest, GroupedAggregate) {
  PhysicalPlan plan = Plan("SELECT g, sum(b), min(a), count(*) FROM t GROUP BY g");
  const PipelineProfile p = ProfilePipeline(*plan.pipelines[0], 4);
  EXPECT_EQ(p.kind, "TableScan|HashAggregate");
  EXPECT_EQ(Calls(p, KernelFamily::kHash), 1);
  EXPECT_EQ(Calls(p, KernelFamily::kGroupedAggregate), 2);  // count(*) needs no kernel
  EXPECT_EQ(Calls(p, KernelFamily::kFilter), 0);
  EXPECT_GT(p.kernel_calls(/*on_host=*/true), 0);
  EXPECT_GT(p.kernel_calls(/*on_host=*/false), 0);
}

// An aggregate no kernel computes (the statistics aggregates) is host-only work: placement
// keeps its pipeline on the CPU. The kernel aggregates are not.
TEST_F(PipelineProfileTest, StatisticsAggregatesAreHostOnly) {
  PhysicalPlan plan = Plan("SELECT g, sum(b), stddev(a), bool_and(a > 3) FROM t GROUP BY g");
  EXPECT_EQ(ProfilePipeline(*plan.pipelines[0], 2).host_only, "stddev_samp(a)");
  PhysicalPlan kernels_only = Plan("SELECT g, sum(b), min(a), count(*) FROM t GROUP BY g");
  EXPECT_EQ(ProfilePipeline(*kernels_only.pipelines[0], 2).host_only, "");
}

// Names that read like calls or operators count nothing: the calls come from the bound
// expressions, not from the text EXPLAIN shows (which has "sum(", " AND ", " + " and a
// second "keys: " in it here).
TEST_F(PipelineProfileTest, CallsComeFromExpressionsNotFromTheirText) {
  ASSERT_TRUE(
      connection_.Query("CREATE TABLE odd (\"sum(x) + y\" INTEGER, \"p AND q\" INTEGER, \"keys: a, b\" VARCHAR)").ok());
  ASSERT_TRUE(connection_.Query("INSERT INTO odd VALUES (1, 1, 'a'), (2, 0, 'b'), (3, 1, 'a')").ok());
  PhysicalPlan plan = Plan(
      "SELECT \"keys: a, b\", sum(\"sum(x) + y\") AS \"min(z) * 2\" FROM odd WHERE \"p AND q\" > 0 "
      "GROUP BY \"keys: a, b\"");
  const PipelineProfile p = ProfilePipeline(*plan.pipelines[0], 2);
  EXPECT_EQ(p.kind, "TableScan|Filter|HashAggregate");
  EXPECT_EQ(Calls(p, KernelFamily::kFilter), 1);
  EXPECT_EQ(Calls(p, KernelFamily::kHash), 1);
  EXPECT_EQ(Calls(p, KernelFamily::kGroupedAggregate), 1);
  EXPECT_EQ(Calls(p, KernelFamily::kArithmetic), 0);

  PhysicalPlan projected = Plan("SELECT \"keys: a, b\" || ' * ', \"sum(x) + y\" * 2 FROM odd");
  const PipelineProfile q = ProfilePipeline(*projected.pipelines[0], 2);
  EXPECT_EQ(q.kind, "TableScan|Projection|Collect");
  EXPECT_EQ(Calls(q, KernelFamily::kArithmetic), 1);  // the * 2, not the string ' * '
}

}  // namespace
}  // namespace orbit
