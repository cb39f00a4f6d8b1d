// A database folder through the public API: what a statement commits is there after a
// reopen, a statement that fails commits nothing, appends write only their new rows, and a
// read-only open reads a snapshot and changes nothing.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "orbit/orbit.h"

namespace {

namespace fs = std::filesystem;

class DatabasePersistence : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (fs::temp_directory_path() / ("orbit_persistence_" + std::to_string(::getpid()) + ".orbit")).string();
    fs::remove_all(path_);
    auto probe = orbit::Database::Open(path_);
    if (!probe.ok() && probe.error().ToString().find("Parquet") != std::string::npos) {
      GTEST_SKIP() << "skipped: database folders store Parquet and " << probe.error().ToString();
    }
    ASSERT_TRUE(probe.ok()) << probe.error().ToString();
  }
  void TearDown() override { fs::remove_all(path_); }

  std::optional<orbit::Connection> Connect(bool read_only = false) {
    auto database = orbit::Database::Open(path_, orbit::OpenOptions{read_only});
    EXPECT_TRUE(database.ok()) << database.error().ToString();
    if (!database.ok()) return std::nullopt;
    auto connection = database->Connect();
    if (!connection.ok()) return std::nullopt;
    return std::move(connection).value();  // keeps the database alive
  }

  static std::string Text(orbit::Connection& connection, const std::string& sql) {
    auto result = connection.Query(sql);
    EXPECT_TRUE(result.ok()) << sql << ": " << result.error().ToString();
    if (!result.ok()) return "<error>";
    std::string text;
    for (int64_t row = 0; row < result->num_rows(); ++row) {
      for (int column = 0; column < result->num_columns(); ++column) {
        text += (column ? "," : "") + result->GetText(column, row).value_or("NULL");
      }
      text += ";";
    }
    return text;
  }

  static void Run(orbit::Connection& connection, const std::string& sql) {
    auto result = connection.Query(sql);
    EXPECT_TRUE(result.ok()) << sql << ": " << result.error().ToString();
  }

  size_t TableFiles() const {
    size_t files = 0;
    for (const auto& entry : fs::directory_iterator(fs::path(path_) / "tables")) files += entry.is_regular_file();
    return files;
  }

  std::string path_;
};

TEST_F(DatabasePersistence, WhatWasCommittedIsThereAfterAReopen) {
  {
    auto con = Connect();
    ASSERT_TRUE(con);
    Run(*con, "CREATE TABLE items (id INTEGER PRIMARY KEY, name VARCHAR NOT NULL, price DECIMAL(10,2) DEFAULT 9.5)");
    Run(*con, "INSERT INTO items (id, name) VALUES (1, 'pen'), (2, 'ink')");
    Run(*con, "INSERT INTO items VALUES (3, 'pad', 1.25)");
    Run(*con, "CREATE VIEW cheap AS SELECT name FROM items WHERE price < 5");
    Run(*con, "CREATE TABLE doomed AS SELECT 1 AS x");
    Run(*con, "DROP TABLE doomed");
  }
  auto con = Connect();
  ASSERT_TRUE(con);
  EXPECT_EQ(Text(*con, "SELECT * FROM items ORDER BY id"), "1,pen,9.50;2,ink,9.50;3,pad,1.25;");
  EXPECT_EQ(Text(*con, "SELECT * FROM cheap"), "pad;");
  EXPECT_FALSE(con->Query("SELECT * FROM doomed").ok());
  // The constraints and the default came back with the table.
  EXPECT_FALSE(con->Query("INSERT INTO items VALUES (1, 'dup', 1)").ok());
  EXPECT_FALSE(con->Query("INSERT INTO items VALUES (4, NULL, 1)").ok());
  Run(*con, "INSERT INTO items (id, name) VALUES (4, 'cap')");
  EXPECT_EQ(Text(*con, "SELECT price FROM items WHERE id = 4"), "9.50;");
}

TEST_F(DatabasePersistence, AFailedStatementCommitsNothing) {
  {
    auto con = Connect();
    ASSERT_TRUE(con);
    Run(*con, "CREATE TABLE t (id INTEGER PRIMARY KEY)");
    Run(*con, "INSERT INTO t VALUES (1), (2)");
    EXPECT_FALSE(con->Query("INSERT INTO t VALUES (3), (1)").ok());              // a duplicate key
    EXPECT_FALSE(con->Query("INSERT INTO t SELECT 10 / (id - 2) FROM t").ok());  // division by zero
    EXPECT_FALSE(con->Query("CREATE TABLE u AS SELECT 1 / 0 AS x").ok());
    EXPECT_EQ(Text(*con, "SELECT count(*) FROM t"), "2;");
  }
  auto con = Connect();
  ASSERT_TRUE(con);
  EXPECT_EQ(Text(*con, "SELECT id FROM t ORDER BY id"), "1;2;");
  EXPECT_FALSE(con->Query("SELECT * FROM u").ok());
}

TEST_F(DatabasePersistence, AppendsWriteOnlyTheirRowsAndManySmallOnesAreMergedWhole) {
  auto con = Connect();
  ASSERT_TRUE(con);
  Run(*con, "CREATE TABLE t AS SELECT 1 AS v");
  EXPECT_EQ(TableFiles(), 1u);
  Run(*con, "INSERT INTO t VALUES (2)");
  EXPECT_EQ(TableFiles(), 2u);  // the first file kept, one for the new row
  for (int i = 3; i <= 40; ++i) Run(*con, "INSERT INTO t VALUES (" + std::to_string(i) + ")");
  EXPECT_LE(TableFiles(), 32u);
  Run(*con, "UPDATE t SET v = v * 10 WHERE v = 40");
  Run(*con, "DELETE FROM t WHERE v = 1");
  EXPECT_EQ(TableFiles(), 1u);  // a changed table is written again whole
  con.reset();
  auto again = Connect();
  ASSERT_TRUE(again);
  EXPECT_EQ(Text(*again, "SELECT count(*), sum(v), max(v) FROM t"), "39,1179,400;");
}

TEST_F(DatabasePersistence, ReadOnlyReadsASnapshotAndChangesNothing) {
  auto writer = Connect();
  ASSERT_TRUE(writer);
  Run(*writer, "CREATE TABLE t AS SELECT 1 AS v");
  auto reader = Connect(/*read_only=*/true);
  ASSERT_TRUE(reader);
  Run(*writer, "DELETE FROM t");  // removes the file the reader opened
  Run(*writer, "INSERT INTO t VALUES (7)");
  EXPECT_EQ(Text(*reader, "SELECT v FROM t"), "1;");
  auto refused = reader->Query("INSERT INTO t VALUES (2)");
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().ToString().find("read-only"), std::string::npos) << refused.error().ToString();
  EXPECT_FALSE(reader->Query("CREATE TABLE u (a INT)").ok());
  EXPECT_EQ(Text(*writer, "SELECT v FROM t"), "7;");
}

}  // namespace
