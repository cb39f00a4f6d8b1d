// UPDATE without FROM changes only what it assigns (main/update_in_place.h): the columns it
// does not assign, and the batches without a matched row, keep their buffers; the values
// are those of the general path, computed only on matched rows.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "exec/expression/expression_evaluator.h"
#include "main/session.h"
#include "sql/catalog/catalog.h"

namespace orbit {
namespace {

class UpdateInPlaceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Three batches of 5000 rows (each INSERT appends one): a = 1..15000, b = a * 10,
    // s = 'r<a>', c NULL on every seventh row.
    Run("CREATE TABLE t (a BIGINT, b BIGINT, s VARCHAR, c INTEGER)");
    for (int first : {1, 5001, 10001}) {
      Run("INSERT INTO t SELECT g, g * 10, 'r' || g, CASE WHEN g % 7 = 0 THEN NULL ELSE g % 100 END "
          "FROM generate_series(" +
          std::to_string(first) + ", " + std::to_string(first + 4999) + ") AS x(g)");
    }
  }

  StatementResult Run(const std::string& sql) {
    auto result = session_.Query(sql);
    EXPECT_TRUE(result.ok()) << sql << ": " << result.status().ToString();
    return result.ok() ? std::move(*result) : StatementResult();
  }
  // The one value of a one-row result, as text.
  std::string One(const std::string& sql) {
    StatementResult result = Run(sql);
    if (!result.table() || result.table()->num_rows() != 1) return "<no single row>";
    return ValueAt(result.table()->batches()[0].columns[0]->view(), 0).ToString();
  }
  std::vector<Batch> Batches() {
    auto table = session_.catalog().GetTable("t");
    EXPECT_TRUE(table.ok());
    return table.ok() ? (*table)->batches() : std::vector<Batch>();
  }

  DatabaseInstance database_;
  Session session_{database_};
};

TEST_F(UpdateInPlaceTest, KeepsTheBuffersOfWhatItDoesNotChange) {
  std::vector<Batch> before = Batches();
  ASSERT_GE(before.size(), 3u);
  // Rows 4000..6100 span the end of one INSERT's rows and the start of the next's, filling
  // some chunks partly; each INSERT's batches hold other ranges of a.
  StatementResult result = Run("UPDATE t SET b = b + 1, s = s || '!' WHERE a BETWEEN 4000 AND 6100");
  EXPECT_EQ(result.rows_changed(), 2101);
  std::vector<Batch> after = Batches();
  ASSERT_EQ(after.size(), before.size());
  int64_t rows = 0;
  int untouched_batches = 0;
  for (size_t i = 0; i < after.size(); ++i) {
    const ColumnView a = before[i].columns[0]->view();
    bool changed = false;
    for (int64_t r = 0; r < a.length; ++r) changed |= a.values<int64_t>()[r] >= 4000 && a.values<int64_t>()[r] <= 6100;
    rows += a.length;
    untouched_batches += changed ? 0 : 1;
    EXPECT_EQ(after[i].columns[0].get(), before[i].columns[0].get()) << "batch " << i << " column a";
    EXPECT_EQ(after[i].columns[3].get(), before[i].columns[3].get()) << "batch " << i << " column c";
    EXPECT_EQ(after[i].columns[1].get() == before[i].columns[1].get(), !changed) << "batch " << i << " column b";
    EXPECT_EQ(after[i].columns[2].get() == before[i].columns[2].get(), !changed) << "batch " << i << " column s";
  }
  EXPECT_EQ(rows, 15000);
  EXPECT_GT(untouched_batches, 0);
  // sum(b) grew by one per changed row; the strings changed exactly on those rows.
  EXPECT_EQ(One("SELECT sum(b) FROM t"), std::to_string(10LL * 15000 * 15001 / 2 + 2101));
  EXPECT_EQ(One("SELECT count(*) FROM t WHERE s LIKE '%!'"), "2101");
  EXPECT_EQ(One("SELECT count(*) FROM t WHERE s = 'r' || a || '!' AND a BETWEEN 4000 AND 6100"), "2101");
  EXPECT_EQ(One("SELECT count(*) FROM t WHERE b = a * 10 + 1"), "2101");
}

TEST_F(UpdateInPlaceTest, AConditionThatIsNullChangesNothing) {
  StatementResult result = Run("UPDATE t SET c = -1 WHERE c > 50");
  // c = g % 100 > 50 on 49 of every 100 values, except where g is a multiple of 7 (c NULL).
  int64_t expected = 0;
  for (int g = 1; g <= 15000; ++g) expected += (g % 7 != 0 && g % 100 > 50) ? 1 : 0;
  EXPECT_EQ(result.rows_changed(), expected);
  EXPECT_EQ(One("SELECT count(*) FROM t WHERE c IS NULL"), std::to_string(15000 / 7));
  EXPECT_EQ(One("SELECT count(*) FROM t WHERE c = -1"), std::to_string(expected));
}

TEST_F(UpdateInPlaceTest, ValuesAreComputedOnlyOnMatchedRows) {
  // 100 / (a - 7000) divides by zero only on the row that the condition leaves alone.
  StatementResult result = Run("UPDATE t SET b = 100 / (a - 7000) WHERE a <> 7000");
  EXPECT_EQ(result.rows_changed(), 14999);
  EXPECT_EQ(One("SELECT b FROM t WHERE a = 7000"), "70000");
  EXPECT_EQ(One("SELECT b FROM t WHERE a = 6999"), "-100");
}

TEST_F(UpdateInPlaceTest, AFailedUpdateChangesNothing) {
  std::vector<Batch> before = Batches();
  auto failed = session_.Query("UPDATE t SET b = 100 / (a - 12000) WHERE a > 10");
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.status().message().find("division by zero"), std::string::npos) << failed.status().ToString();
  std::vector<Batch> after = Batches();
  ASSERT_EQ(after.size(), before.size());
  for (size_t i = 0; i < after.size(); ++i) {
    for (size_t k = 0; k < 4; ++k) EXPECT_EQ(after[i].columns[k].get(), before[i].columns[k].get());
  }
}

TEST_F(UpdateInPlaceTest, EveryRowWithoutWhereAndASubqueryConditionBothWork) {
  EXPECT_EQ(Run("UPDATE t SET c = 0").rows_changed(), 15000);
  EXPECT_EQ(One("SELECT count(*) FROM t WHERE c = 0"), "15000");
  // A condition with a subquery is not a projection over the table: the general path runs it.
  EXPECT_EQ(Run("UPDATE t SET c = 1 WHERE a IN (SELECT a FROM t WHERE a % 1000 = 0)").rows_changed(), 15);
  EXPECT_EQ(One("SELECT sum(c) FROM t"), "15");
}

}  // namespace
}  // namespace orbit
