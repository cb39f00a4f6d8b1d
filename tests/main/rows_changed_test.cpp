// QueryResult::rows_changed: what INSERT, COPY, UPDATE and DELETE report (PostgreSQL's
// command tags carry the same counts), and -1 for statements that change no rows.
#include <gtest/gtest.h>

#include <filesystem>
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

TEST(RowsChanged, CopyReportsTheRowsWrittenAndRead) {
  auto database = orbit::Database::Open();
  ASSERT_TRUE(database.ok());
  auto connection = database->Connect();
  ASSERT_TRUE(connection.ok());
  const std::string dir = (std::filesystem::temp_directory_path() / "orbit_rows_changed_copy").string();
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  auto changed = [&](const std::string& sql) {
    auto result = connection->Query(sql);
    EXPECT_TRUE(result.ok()) << sql << ": " << result.error().ToString();
    return result.ok() ? result->rows_changed() : -2;
  };
  EXPECT_EQ(changed("CREATE TABLE t AS SELECT g AS a FROM generate_series(1, 25) AS s(g)"), -1);
  EXPECT_EQ(changed("COPY t TO '" + dir + "/t.csv' (FORMAT csv)"), 25);
  EXPECT_EQ(changed("COPY (SELECT a FROM t WHERE a > 20) TO '" + dir + "/q.csv'"), 5);
  EXPECT_EQ(changed("COPY t FROM '" + dir + "/t.csv' (FORMAT csv)"), 25);
  auto parquet = connection->Query("COPY t TO '" + dir + "/t.parquet'");
  if (!parquet.ok() && parquet.error().ToString().find("no Parquet support") != std::string::npos) {
    GTEST_SKIP() << "skipped the Parquet half: " << parquet.error().ToString();
  }
  ASSERT_TRUE(parquet.ok()) << parquet.error().ToString();
  EXPECT_EQ(parquet->rows_changed(), 50);
  EXPECT_EQ(changed("COPY t FROM '" + dir + "/t.parquet'"), 50);
  std::filesystem::remove_all(dir);
}

}  // namespace
