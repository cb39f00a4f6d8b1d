// Join ordering: the greedy order over estimates (join_order.h) and the planner around it
// (filter pushdown, keys from WHERE, build sides, column pruning) on bound SQL.
#include <gtest/gtest.h>

#include "main/session.h"
#include "plan/optimizer/join_order.h"
#include "plan/optimizer/optimizer.h"
#include "sql/binder/binder.h"

namespace orbit {
namespace {

uint64_t Bit(int i) { return uint64_t{1} << i; }

TEST(JoinOrderTest, EstimatesKeyJoinsFromDistinctCounts) {
  JoinStep orders{Bit(0), 15000, 0};
  JoinStep lineitem{Bit(1), 60000, 1};
  // Each order has four lines: 15000 distinct keys on both sides.
  std::vector<JoinEdge> edges = {{Bit(0), Bit(1), 15000, 15000}};
  EXPECT_DOUBLE_EQ(EstimateJoinRows(orders, lineitem, edges), 60000);
  // A filter keeping a tenth of orders keeps a tenth of the result: the distinct count of
  // a side is capped at its rows.
  JoinStep some_orders{Bit(0), 1500, 0};
  EXPECT_DOUBLE_EQ(EstimateJoinRows(some_orders, lineitem, edges), 6000);
  // Unknown distinct counts default to the input's rows; no edge means a cross product.
  EXPECT_DOUBLE_EQ(EstimateJoinRows(some_orders, lineitem, {{Bit(0), Bit(1), 0, 0}}), 1500);
  EXPECT_DOUBLE_EQ(EstimateJoinRows(some_orders, lineitem, {}), 1500.0 * 60000);
  // Never below one row from non-empty inputs.
  JoinStep one{Bit(0), 1, 0};
  EXPECT_DOUBLE_EQ(EstimateJoinRows(one, lineitem, {{Bit(0), Bit(1), 1, 1e9}}), 1);
}

TEST(JoinOrderTest, JoinsTheSmallestResultFirstAndBuildsTheSmallerSide) {
  // customer(0) - orders(1) - lineitem(2), with a selective filter on customer.
  std::vector<double> rows = {150, 15000, 60000};
  std::vector<JoinEdge> edges = {{Bit(0), Bit(1), 1500, 1000}, {Bit(1), Bit(2), 15000, 15000}};
  auto steps = OrderJoins(rows, edges);
  ASSERT_TRUE(steps.ok()) << steps.status().ToString();
  ASSERT_EQ(steps->size(), 5u);
  const JoinStep& first = (*steps)[3];
  EXPECT_EQ(first.relations, Bit(0) | Bit(1));
  EXPECT_EQ(first.build, 0);  // customer, the smaller input
  EXPECT_EQ(first.probe, 1);
  EXPECT_DOUBLE_EQ(first.rows, 150.0 * 15000 / 1000);
  const JoinStep& root = (*steps)[4];
  EXPECT_EQ(root.relations, Bit(0) | Bit(1) | Bit(2));
  EXPECT_EQ(root.build, 3);  // customer x orders is smaller than lineitem
  EXPECT_EQ(root.probe, 2);
}

TEST(JoinOrderTest, CrossProductsComeLast) {
  // 0 and 2 are connected; 1 is tiny but joins nothing: it must still wait.
  std::vector<double> rows = {1000, 2, 1000};
  auto steps = OrderJoins(rows, {{Bit(0), Bit(2), 1000, 1000}});
  ASSERT_TRUE(steps.ok());
  EXPECT_EQ((*steps)[3].relations, Bit(0) | Bit(2));
  EXPECT_EQ((*steps)[4].build, 1);
}

TEST(JoinOrderTest, SingleRelationAndLimits) {
  auto one = OrderJoins({42}, {});
  ASSERT_TRUE(one.ok());
  ASSERT_EQ(one->size(), 1u);
  EXPECT_EQ((*one)[0].relation, 0);
  auto too_many = OrderJoins(std::vector<double>(kMaxJoinRelations + 1, 1.0), {});
  ASSERT_FALSE(too_many.ok());
  EXPECT_NE(too_many.status().ToString().find("more than 64 tables"), std::string::npos);
}

class JoinPlannerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Run("CREATE TABLE small (k INTEGER, tag VARCHAR, unused DOUBLE)");
    Run("CREATE TABLE big (id BIGINT, k INTEGER, v DOUBLE, unused VARCHAR)");
    Run("INSERT INTO small VALUES (1, 'a', 0), (2, 'b', 0), (3, 'c', 0)");
    std::string values;
    for (int i = 0; i < 300; ++i) values += (i ? ", " : "") + fmt::format("({}, {}, {}, 'x')", i, i % 5, i * 0.5);
    Run("INSERT INTO big VALUES " + values);
  }

  void Run(const std::string& sql) {
    auto result = connection_.Query(sql);
    ASSERT_TRUE(result.ok()) << result.status().ToString();
  }

  std::string Plan(const std::string& sql) {
    auto bound = BindStatement(sql, database_.catalog());
    EXPECT_TRUE(bound.ok()) << bound.status().ToString();
    if (!bound.ok()) return "";
    auto plan = Optimize(std::move(bound->plan));
    EXPECT_TRUE(plan.ok()) << plan.status().ToString();
    return plan.ok() ? (*plan)->ToString() : "";
  }

  DatabaseInstance database_;
  Session connection_{database_};
};

TEST_F(JoinPlannerTest, PushesFiltersTurnsWhereEqualitiesIntoKeysAndBuildsTheSmallerSide) {
  std::string plan = Plan("SELECT tag, v FROM big, small WHERE big.k = small.k AND tag <> 'c' AND v > 10");
  // big (300 rows) probes; small (3 rows, filtered) is built; each filter sits on its scan;
  // scans read only what is used. tag has 3 distinct values, so tag <> 'c' keeps 2 of 3 rows;
  // v runs from 0 to 149.5, so v > 10 keeps 139.5 / 149.5 of the rows.
  EXPECT_NE(plan.find("  Join k=k ~"), std::string::npos) << plan;
  EXPECT_NE(plan.find("    Filter (v > 10) ~280 rows\n      Get big [k, v] ~300 rows"), std::string::npos) << plan;
  EXPECT_NE(plan.find("    Filter (tag <> 'c') ~2 rows\n      Get small [k, tag] ~3 rows"), std::string::npos) << plan;
  EXPECT_LT(plan.find("Get big"), plan.find("Get small")) << plan;
}

TEST_F(JoinPlannerTest, EqualityWithAConstantKeepsOneDistinctValueOfTheColumn) {
  // big.k has 5 distinct values and big.unused 1, so k = 3 keeps 300 / 5 rows, unused = 'x'
  // all 300 (the default guess would be a tenth of either).
  std::string plan = Plan("SELECT count(*) FROM big WHERE k = 3");
  EXPECT_NE(plan.find("Filter (k = 3) ~60 rows"), std::string::npos) << plan;
  plan = Plan("SELECT count(*) FROM big WHERE unused = 'x'");
  EXPECT_NE(plan.find("Filter (unused = 'x') ~300 rows"), std::string::npos) << plan;
  // IN keeps one distinct value per element.
  plan = Plan("SELECT count(*) FROM big WHERE k IN (1, 2)");
  EXPECT_NE(plan.find("~120 rows"), std::string::npos) << plan;
}

TEST_F(JoinPlannerTest, RangesKeepTheCoveredPartOfAColumnsValues) {
  // id runs from 0 to 299: bounds on one column meet in one interval rather than multiply.
  std::string plan = Plan("SELECT count(*) FROM big WHERE id >= 100 AND id < 130");
  EXPECT_NE(plan.find("~30 rows"), std::string::npos) << plan;
  plan = Plan("SELECT count(*) FROM big WHERE id BETWEEN 0 AND 29 AND k = 1");
  EXPECT_NE(plan.find("~6 rows"), std::string::npos) << plan;  // 29 / 299 of 300, then 1 / 5
  plan = Plan("SELECT count(*) FROM big WHERE 250 < id");
  EXPECT_NE(plan.find("Filter (id > 250) ~49 rows"), std::string::npos) << plan;  // 49 / 299 of 300
  plan = Plan("SELECT count(*) FROM big WHERE id > 1000");
  EXPECT_NE(plan.find("~1 rows"), std::string::npos) << plan;  // none, but at least one estimated
}

TEST_F(JoinPlannerTest, FiltersTestCheapAndSelectiveConditionsFirst) {
  // Kernel comparisons first, the more selective (k = 1: a fifth of the rows) before the
  // less (v > 100: a third); the string comparison after them; LIKE last.
  std::string plan = Plan("SELECT id FROM big WHERE unused LIKE 'x%' AND unused = 'x' AND v > 100 AND k = 1");
  EXPECT_NE(plan.find("Filter ((k = 1) AND (v > 100) AND (unused = 'x') AND (unused LIKE 'x%'))"), std::string::npos)
      << plan;
}

TEST_F(JoinPlannerTest, SemiJoinsMoveNextToTheRelationTheirKeysRead) {
  // big.id IN (...) reads only big: the semi join filters big before the join with small,
  // not the joined rows after it.
  std::string plan =
      Plan("SELECT tag, v FROM big, small WHERE big.k = small.k AND big.id IN (SELECT id FROM big WHERE v > 100)");
  const size_t semi = plan.find("SemiJoin");
  const size_t join = plan.find("  Join k=k");
  ASSERT_NE(semi, std::string::npos) << plan;
  ASSERT_NE(join, std::string::npos) << plan;
  EXPECT_GT(semi, join) << plan;  // below the inner join
  EXPECT_NE(plan.find("SemiJoin id=id", semi), std::string::npos) << plan;
}

TEST_F(JoinPlannerTest, CorrelatedAggregatesGroupOnlyTheOuterQuerysKeys) {
  // The subquery's rows are semi-joined with (a copy of) the filtered relation the outer
  // keys come from, before they are grouped.
  std::string plan =
      Plan("SELECT tag FROM small WHERE tag <> 'c' AND small.k < (SELECT sum(v) FROM big WHERE big.k = small.k)");
  const size_t aggregate = plan.find("Aggregate keys: k");
  ASSERT_NE(aggregate, std::string::npos) << plan;
  const size_t semi = plan.find("SemiJoin k=k", aggregate);
  ASSERT_NE(semi, std::string::npos) << plan;
  EXPECT_NE(plan.find("Filter (tag <> 'c')", semi), std::string::npos) << plan;  // the copy keeps its filter
}

TEST_F(JoinPlannerTest, KeepsConditionsOnTheNullSideOfLeftJoinsAboveThem) {
  std::string plan =
      Plan("SELECT tag, v FROM small LEFT JOIN big ON small.k = big.k AND v < 3 WHERE v IS NULL AND tag = 'a'");
  // ON's condition on big alone filters big; WHERE's on big stays above the join; WHERE's
  // on small (the preserved side) filters small.
  EXPECT_NE(plan.find("Filter (v IS NULL)"), std::string::npos) << plan;
  EXPECT_LT(plan.find("Filter (v IS NULL)"), plan.find("LeftJoin k=k")) << plan;
  EXPECT_GT(plan.find("Filter (v < 3.0)"), plan.find("LeftJoin")) << plan;
  EXPECT_GT(plan.find("Filter (tag = 'a')"), plan.find("LeftJoin")) << plan;
}

TEST_F(JoinPlannerTest, NonEquiConditionsBecomeTheJoinsCondition) {
  std::string plan = Plan("SELECT count(*) FROM big b1 JOIN big b2 ON b1.id < b2.id AND b1.k = b2.k");
  EXPECT_NE(plan.find("Join k=k where (id < id)"), std::string::npos) << plan;
}

TEST_F(JoinPlannerTest, TakesAKeyEveryOrBranchRepeatsOutOfTheOr) {
  // TPC-H Q19's shape: without factoring, the ORed equality would make a cross product.
  std::string plan = Plan(
      "SELECT count(*) FROM big, small WHERE (big.k = small.k AND tag = 'a' AND v > 1) "
      "OR (small.k = big.k AND tag = 'b') OR (big.k = small.k AND v < 0 AND tag = 'c')");
  EXPECT_NE(plan.find("Join k=k where (((tag = 'a') AND (v > 1)) OR (tag = 'b') OR ((v < 0) AND (tag = 'c')))"),
            std::string::npos)
      << plan;
}

TEST_F(JoinPlannerTest, FiltersEachTableByWhatAnOrAcrossTablesImplies) {
  // TPC-H Q7's shape: each branch restricts small, so small is filtered before the join;
  // the OR itself stays the join's condition.
  std::string plan = Plan(
      "SELECT count(*) FROM big, small WHERE big.k = small.k AND ((tag = 'a' AND v > 1) OR (tag = 'b' AND v < 0))");
  EXPECT_NE(plan.find("Filter ((tag = 'a') OR (tag = 'b'))"), std::string::npos) << plan;
  EXPECT_NE(plan.find("Filter ((v > 1) OR (v < 0))"), std::string::npos) << plan;
  EXPECT_NE(plan.find("Join k=k where (((tag = 'a') AND (v > 1)) OR ((tag = 'b') AND (v < 0)))"), std::string::npos)
      << plan;
}

}  // namespace
}  // namespace orbit
