// QueryResult::rows_changed: what INSERT, COPY, UPDATE and DELETE report (PostgreSQL's
// command tags carry the same counts), and -1 for statements that change no rows.
#include <gtest/gtest.h>

#include <string>

#include "orbit/orbit.h"

namespace {

TEST(RowsChanged, EachDataStatementReportsItsCount) {
  auto database = orbit::Database::Open();
  ASSERT_TRUE(database.ok());
  auto connection = database->Connect();
  ASSERT_TRUE(connection.ok());
  auto changed = [&](const std::string& sql) {
    auto result = connection->Query(sql);
    EXPECT_TRUE(result.ok()) << sql << ": " << result.error().ToString();
    return result.ok() ? result->rows_changed() : -2;
  };
  EXPECT_EQ(changed("CREATE TABLE t (a INTEGER, b VARCHAR)"), -1);
  EXPECT_EQ(changed("INSERT INTO t VALUES (1, 'x'), (2, 'y'), (3, NULL)"), 3);
  EXPECT_EQ(changed("INSERT INTO t SELECT a + 10, b FROM t WHERE a > 1"), 2);
  EXPECT_EQ(changed("UPDATE t SET b = 'z' WHERE b IS NULL OR a > 10"), 3);
  EXPECT_EQ(changed("UPDATE t SET a = a WHERE b = 'nothing'"), 0);
  EXPECT_EQ(changed("UPDATE t SET a = a + 1"), 5);
  EXPECT_EQ(changed("DELETE FROM t WHERE a > 10"), 2);
  EXPECT_EQ(changed("DELETE FROM t"), 3);
  EXPECT_EQ(changed("SELECT 1"), -1);
}

}  // namespace
