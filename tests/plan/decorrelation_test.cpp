// Decorrelation (plan/decorrelation.h) on bound SQL: each subquery becomes one hash join
// with the subquery as its build side, correlations become keys or the join's condition,
// the new join kinds get row estimates no larger than their left input, and filters cross
// them only where that keeps the answer.
#include <gtest/gtest.h>

#include <sstream>
#include <vector>

#include "main/session.h"
#include "plan/optimizer/optimizer.h"
#include "sql/binder/binder.h"

namespace orbit {
namespace {

class DecorrelationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Run("CREATE TABLE small (k INTEGER, tag VARCHAR)");
    Run("CREATE TABLE big (id BIGINT, k INTEGER, v DOUBLE)");
    Run("INSERT INTO small VALUES (1, 'a'), (2, 'b'), (3, 'c')");
    std::string values;
    for (int i = 0; i < 300; ++i) values += (i ? ", " : "") + fmt::format("({}, {}, {})", i, i % 5, i * 0.5);
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

// The estimated rows of the first line starting with `op` (after indentation), and of the
// line below it (its left input).
// (Parsed by hand: std::regex trips GCC 12's maybe-uninitialized warning in sanitizer builds.)
std::pair<double, double> EstimateAndLeftInput(const std::string& plan, const std::string& op) {
  std::vector<std::string> lines;
  std::istringstream in(plan);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  auto estimate = [](const std::string& line) {
    const size_t tilde = line.rfind('~');
    const size_t rows = line.rfind(" rows");
    if (tilde == std::string::npos || rows == std::string::npos || rows < tilde) return -1.0;
    return std::stod(line.substr(tilde + 1, rows - tilde - 1));
  };
  for (size_t i = 0; i + 1 < lines.size(); ++i) {
    const size_t start = lines[i].find_first_not_of(' ');
    if (start == std::string::npos || lines[i].compare(start, op.size(), op) != 0) continue;
    const double own = estimate(lines[i]), left = estimate(lines[i + 1]);
    if (own >= 0 && left >= 0) return {own, left};
  }
  return {-1, -1};
}

TEST_F(DecorrelationTest, CorrelatedExistsIsOneSemiJoinWithKeysAndCondition) {
  std::string plan =
      Plan("SELECT tag FROM small WHERE tag <> 'c' AND EXISTS (SELECT * FROM big WHERE big.k = small.k AND v > id)");
  EXPECT_NE(plan.find("SemiJoin k=k"), std::string::npos) << plan;
  // The subquery's own condition filters the build side; small's filter sits below the join.
  EXPECT_GT(plan.find("Filter (v > CAST(id AS DOUBLE))"), plan.find("SemiJoin")) << plan;
  EXPECT_GT(plan.find("Filter (tag <> 'c')"), plan.find("SemiJoin")) << plan;
  auto [rows, left] = EstimateAndLeftInput(plan, "SemiJoin");
  EXPECT_GE(rows, 0) << plan;
  EXPECT_LE(rows, left) << plan;
}

TEST_F(DecorrelationTest, NonEqualityCorrelationsBecomeTheCondition) {
  std::string plan = Plan(
      "SELECT tag FROM small WHERE NOT EXISTS (SELECT * FROM big WHERE big.k = small.k AND "
      "big.id <> small.k)");
  EXPECT_NE(plan.find("AntiJoin k=k where (id <> CAST(k AS BIGINT))"), std::string::npos) << plan;
  auto [rows, left] = EstimateAndLeftInput(plan, "AntiJoin");
  EXPECT_LE(rows, left) << plan;
}

TEST_F(DecorrelationTest, NotInIsANullAwareAntiJoinAndInAValueAMarkJoin) {
  EXPECT_NE(Plan("SELECT tag FROM small WHERE k NOT IN (SELECT k FROM big)").find("AntiJoin null-aware k=k"),
            std::string::npos);
  std::string plan = Plan("SELECT tag FROM small WHERE tag = 'a' OR k IN (SELECT k FROM big WHERE v > 100)");
  // The OR reads the mark column, so it stays above the mark join.
  EXPECT_NE(plan.find("MarkJoin null-aware k=k"), std::string::npos) << plan;
  EXPECT_LT(plan.find("Filter ((tag = 'a') OR mark)"), plan.find("MarkJoin")) << plan;
}

TEST_F(DecorrelationTest, CorrelatedAggregatesAreGroupedByTheCorrelationAndJoinedBack) {
  std::string plan = Plan("SELECT tag FROM small WHERE k < (SELECT count(*) FROM big WHERE big.k = small.k)");
  // One join with an aggregate grouped by big.k below it, never a per-row subplan; COUNT
  // over no rows is 0, not the join's NULL; one partner per row at most.
  EXPECT_NE(plan.find("SingleJoin k=key"), std::string::npos) << plan;
  auto [rows, left] = EstimateAndLeftInput(plan, "SingleJoin");
  EXPECT_LE(rows, left) << plan;
  EXPECT_NE(plan.find("Aggregate keys: k aggregates: count_star()"), std::string::npos) << plan;
  EXPECT_NE(plan.find("CASE WHEN (group_exists IS NULL) THEN 0 ELSE"), std::string::npos) << plan;
}

TEST_F(DecorrelationTest, UncorrelatedScalarSubqueryIsASingleJoinWithoutKeys) {
  std::string plan = Plan("SELECT tag FROM small WHERE k > (SELECT avg(v) FROM big)");
  EXPECT_NE(plan.find("SingleJoin ~"), std::string::npos) << plan;
}

}  // namespace
}  // namespace orbit
