// Connection::Classify (what a statement needs, read from its syntax tree) and the roles'
// checks on it, through the public API and the runner both protocols use.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "orbit/database.h"
#include "server/access_control.h"
#include "server/pg_errors.h"
#include "server/statement_runner.h"

namespace orbit::server {
namespace {

StatementAccess AccessOf(const std::string& sql) {
  Expected<StatementClass> classified = Connection::Classify(sql);
  EXPECT_TRUE(classified.ok()) << sql << ": " << classified.error().ToString();
  return classified.ok() ? classified->access : StatementAccess::kAdmin;
}

TEST(Classify, ReadsWritesAndWhatReachesBeyondTheDatabase) {
  for (const char* sql : {"SELECT 1", "SELECT * FROM t WHERE a = $1", "WITH x AS (SELECT 1) SELECT * FROM x",
                          "VALUES (1), (2)", "SHOW threads", "SET threads = 2", "EXPLAIN INSERT INTO t VALUES (1)",
                          "PREPARE q AS SELECT 1", "EXECUTE q", "DEALLOCATE q", "SELECT * FROM generate_series(1, 3)",
                          "SELECT count(*) FROM t GROUP BY a HAVING count(*) > (SELECT 1)", "BEGIN",
                          "START TRANSACTION ISOLATION LEVEL REPEATABLE READ", "COMMIT", "ROLLBACK", "SAVEPOINT s",
                          "RELEASE SAVEPOINT s", "ROLLBACK TO SAVEPOINT s"}) {
    EXPECT_EQ(AccessOf(sql), StatementAccess::kRead) << sql;
  }
  for (const char* sql :
       {"INSERT INTO t VALUES (1)", "UPDATE t SET a = 2", "DELETE FROM t", "CREATE TABLE u (a INTEGER)",
        "CREATE TABLE u AS SELECT 1 AS a", "DROP TABLE t", "DROP VIEW v", "ALTER TABLE t ADD COLUMN b INTEGER",
        "TRUNCATE t", "CREATE VIEW v AS SELECT 1 AS a", "EXPLAIN ANALYZE DELETE FROM t", "PREPARE w AS DELETE FROM t",
        "INSERT INTO t SELECT * FROM t"}) {
    EXPECT_EQ(AccessOf(sql), StatementAccess::kWrite) << sql;
  }
  for (const char* sql :
       {"COPY t FROM '/tmp/x.csv'", "COPY t TO '/tmp/x.csv'", "COPY (SELECT 1) TO '/tmp/x.csv'",
        "SELECT * FROM read_csv('/etc/passwd')", "SELECT * FROM t JOIN read_parquet('x.parquet') p ON true",
        "SELECT (SELECT count(*) FROM read_csv_auto('x.csv'))", "INSERT INTO t SELECT * FROM read_csv('x.csv')",
        "WITH f AS (SELECT * FROM read_csv('x.csv')) SELECT * FROM f", "SET process_memory_limit = '1GB'",
        "SELECT 1 UNION ALL SELECT * FROM parquet_scan('x.parquet')"}) {
    EXPECT_EQ(AccessOf(sql), StatementAccess::kAdmin) << sql;
  }
}

TEST(Classify, NamesTheKindAndFailsAsTheParserDoes) {
  Expected<StatementClass> insert = Connection::Classify("insert into t values (1)");
  ASSERT_TRUE(insert.ok());
  EXPECT_EQ(insert->kind, "INSERT");
  EXPECT_EQ(insert->reason, "changes the database");
  Expected<StatementClass> bad = Connection::Classify("SELEC 1");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code(), ErrorCode::kSyntaxError);
}

TEST(Roles, EachRoleRunsWhatItCovers) {
  EXPECT_TRUE(Allows(Role::kReader, StatementAccess::kRead));
  EXPECT_FALSE(Allows(Role::kReader, StatementAccess::kWrite));
  EXPECT_FALSE(Allows(Role::kReader, StatementAccess::kAdmin));
  EXPECT_TRUE(Allows(Role::kWriter, StatementAccess::kWrite));
  EXPECT_FALSE(Allows(Role::kWriter, StatementAccess::kAdmin));
  EXPECT_TRUE(Allows(Role::kAdmin, StatementAccess::kAdmin));
  Expected<void> refused = Authorize(Role::kReader, "DROP TABLE t");
  ASSERT_FALSE(refused.ok());
  EXPECT_TRUE(IsPermissionDenied(refused.error()));
  EXPECT_EQ(SqlStateOf(refused.error()), "42501");
  EXPECT_NE(refused.error().message().find("DROP TABLE"), std::string::npos) << refused.error().message();
  EXPECT_TRUE(Authorize(Role::kWriter, "DROP TABLE t").ok());
  EXPECT_FALSE(Authorize(Role::kWriter, "COPY t TO '/tmp/t.csv'").ok());
}

// The runner (the PostgreSQL side) refuses before Orbit runs anything: the table is unchanged.
TEST(Roles, TheRunnerRefusesAReadersWrites) {
  auto database = Database::Open();
  ASSERT_TRUE(database.ok());
  auto connection = database->Connect();
  ASSERT_TRUE(connection.ok());
  ASSERT_TRUE(connection->Query("CREATE TABLE t (a INTEGER); INSERT INTO t VALUES (1)").ok());
  SessionParameters parameters("reader", {});
  StatementRunner runner(*connection, parameters);
  runner.set_role(Role::kReader);
  for (const char* sql : {"INSERT INTO t VALUES (2)", "DELETE FROM t", "COPY t FROM STDIN", "DROP TABLE t",
                          "DECLARE c CURSOR FOR SELECT * FROM read_csv('/etc/hostname')"}) {
    Expected<StatementOutcome> outcome = runner.Run(sql, {});
    ASSERT_FALSE(outcome.ok()) << sql;
    EXPECT_EQ(SqlStateOf(outcome.error()), "42501") << sql << ": " << outcome.error().message();
  }
  Expected<StatementOutcome> count = runner.Run("SELECT count(*) FROM t", {});
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(count->Text(0, 0), "1");
  EXPECT_TRUE(runner.Run("BEGIN", {}).ok());  // the server's own session commands stay open to every role
  EXPECT_TRUE(runner.Run("COMMIT", {}).ok());
  EXPECT_TRUE(runner.Run("COPY t TO STDOUT", {}).ok());
}

}  // namespace
}  // namespace orbit::server
