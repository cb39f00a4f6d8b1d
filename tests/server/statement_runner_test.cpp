// The session commands the server answers itself (transaction blocks, SET/SHOW/RESET of
// PostgreSQL's client parameters) beside the statements it hands to Orbit, on an in-memory
// database through the public API.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "orbit/database.h"
#include "server/statement_runner.h"

namespace orbit::server {
namespace {

class Runner : public ::testing::Test {
 protected:
  void SetUp() override {
    auto database = Database::Open();
    ASSERT_TRUE(database.ok());
    auto connection = database->Connect();
    ASSERT_TRUE(connection.ok());
    connection_ = std::make_unique<Connection>(std::move(*connection));
    parameters_ = std::make_unique<SessionParameters>(
        "tester", std::map<std::string, std::string>{{"application_name", "psql"}, {"client_encoding", "SQL_ASCII"}});
    runner_ = std::make_unique<StatementRunner>(*connection_, *parameters_);
  }

  std::string Tag(const std::string& sql) {
    Expected<StatementOutcome> outcome = runner_->Run(sql, {});
    if (!outcome.ok()) {
      runner_->NoteError();
      return "error " + SqlStateOf(outcome.error());
    }
    return outcome->Tag(outcome->num_rows());
  }

  std::string Show(const std::string& sql) {
    Expected<StatementOutcome> outcome = runner_->Run(sql, {});
    if (!outcome.ok() || outcome->num_rows() != 1) return "?";
    return outcome->Text(0, 0).value_or("NULL");
  }

  std::unique_ptr<Connection> connection_;
  std::unique_ptr<SessionParameters> parameters_;
  std::unique_ptr<StatementRunner> runner_;
};

TEST_F(Runner, TracksTransactionBlocksAsPostgresReportsThem) {
  EXPECT_EQ(Tag("BEGIN"), "BEGIN");
  EXPECT_EQ(runner_->transaction_status(), 'T');
  EXPECT_EQ(Tag("CREATE TABLE t (a INTEGER)"), "CREATE TABLE");
  EXPECT_EQ(Tag("INSERT INTO t VALUES (1), (2)"), "INSERT 0 2");
  EXPECT_EQ(Tag("COMMIT"), "COMMIT");
  EXPECT_EQ(runner_->transaction_status(), 'I');
  EXPECT_EQ(Tag("START TRANSACTION"), "START TRANSACTION");
  EXPECT_EQ(Tag("SELECT * FROM missing"), "error 42P01");
  EXPECT_EQ(runner_->transaction_status(), 'E');
  EXPECT_EQ(Tag("SELECT 1"), "error 25P02");
  EXPECT_EQ(Tag("COMMIT"), "ROLLBACK");  // a failed block ends as a rollback
  EXPECT_EQ(runner_->transaction_status(), 'I');
  EXPECT_EQ(Tag("BEGIN"), "BEGIN");
  EXPECT_EQ(Tag("DELETE FROM t WHERE a = 1"), "DELETE 1");
  EXPECT_EQ(Tag("ROLLBACK"), "ROLLBACK");
  EXPECT_TRUE(runner_->TakeNotices().empty());
  EXPECT_EQ(Show("SELECT count(*) FROM t"), "2");  // the DELETE was undone
  EXPECT_EQ(Tag("SAVEPOINT s"), "error 25P01");
  EXPECT_EQ(Tag("COMMIT"), "COMMIT");  // outside a block: PostgreSQL's warning
  std::vector<PgError> notices = runner_->TakeNotices();
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_EQ(notices[0].sqlstate, "25P01");
  EXPECT_EQ(Tag("BEGIN"), "BEGIN");
  EXPECT_EQ(Tag("BEGIN"), "BEGIN");
  notices = runner_->TakeNotices();
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_EQ(notices[0].sqlstate, "25001");
  EXPECT_EQ(Tag("SAVEPOINT s"), "SAVEPOINT");
  EXPECT_EQ(Tag("DELETE FROM t"), "DELETE 2");
  EXPECT_EQ(Tag("SELECT 1 / 0"), "error 22012");
  EXPECT_EQ(runner_->transaction_status(), 'E');
  EXPECT_EQ(Tag("ROLLBACK TO SAVEPOINT s"), "ROLLBACK");
  EXPECT_EQ(runner_->transaction_status(), 'T');
  EXPECT_EQ(Tag("RELEASE s"), "RELEASE");
  EXPECT_EQ(Tag("SET client_encoding TO 'LATIN1'"), "error 0A000");  // the server's own error fails the block too
  runner_->NoteError();
  EXPECT_EQ(runner_->transaction_status(), 'E');
  EXPECT_EQ(Tag("COMMIT"), "ROLLBACK");
  EXPECT_EQ(runner_->transaction_status(), 'I');
  EXPECT_EQ(Show("SELECT count(*) FROM t"), "2");
}

TEST_F(Runner, AnswersClientParametersAndPassesOrbitSettingsOn) {
  EXPECT_EQ(Show("SHOW application_name"), "psql");
  EXPECT_EQ(Show("SHOW client_encoding"), "UTF8");  // what the server sends, whatever was asked
  EXPECT_EQ(Tag("SET DateStyle = ISO, DMY"), "SET");
  EXPECT_EQ(Show("show datestyle"), "ISO, DMY");
  EXPECT_EQ(Tag("SET SESSION application_name TO 'orbit'"), "SET");
  auto changes = parameters_->TakeChanges();
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[1], (std::pair<std::string, std::string>{"application_name", "orbit"}));
  EXPECT_EQ(Tag("RESET application_name"), "RESET");
  EXPECT_EQ(Show("SHOW application_name"), "psql");
  EXPECT_EQ(Tag("SET client_encoding TO 'LATIN1'"), "error 0A000");
  EXPECT_EQ(Tag("SET server_version = '16'"), "error 55P02");
  EXPECT_EQ(Show("SHOW TRANSACTION ISOLATION LEVEL"), "read committed");
  EXPECT_EQ(Tag("SET TIME ZONE 'UTC'"), "SET");
  EXPECT_EQ(Tag("SET threads = 1"), "SET");  // Orbit's own
  EXPECT_EQ(Show("SHOW threads"), "1");
  EXPECT_EQ(Tag("SET no_such_thing = 1"), "error 42704");
  EXPECT_TRUE(runner_->Run("  -- only a comment", {})->empty_query());
}

TEST_F(Runner, CursorsGoForwardThroughAResult) {
  EXPECT_EQ(Tag("DECLARE c CURSOR WITH HOLD FOR SELECT x FROM generate_series(1, 5) AS g(x) ORDER BY x"),
            "DECLARE CURSOR");
  ASSERT_NE(runner_->CursorColumns("c"), nullptr);
  EXPECT_EQ(Tag("FETCH 2 FROM c"), "FETCH 2");
  EXPECT_EQ(Show("FETCH NEXT FROM c"), "3");
  EXPECT_EQ(Tag("MOVE FORWARD 1 IN c"), "MOVE 1");
  EXPECT_EQ(Tag("FETCH FORWARD ALL FROM c"), "FETCH 1");
  EXPECT_EQ(Tag("FETCH c"), "FETCH 0");
  EXPECT_EQ(Tag("FETCH PRIOR FROM c"), "error 0A000");
  EXPECT_EQ(Tag("DECLARE c CURSOR FOR SELECT 1"), "error 42P03");
  EXPECT_EQ(Tag("CLOSE c"), "CLOSE CURSOR");
  EXPECT_EQ(Tag("FETCH NEXT FROM c"), "error 34000");
  EXPECT_EQ(Tag("DECLARE d CURSOR FOR CREATE TABLE never (a INTEGER)"), "error 42P11");
  EXPECT_EQ(Tag("SELECT * FROM never"), "error 42P01");  // refused before it ran
}

TEST_F(Runner, DescribesAQueryWithoutRunningIt) {
  auto columns = runner_->DescribeColumns("SELECT $1::INTEGER AS a, 'x' AS b;", 1);
  ASSERT_TRUE(columns);
  ASSERT_EQ(columns->size(), 2u);
  EXPECT_EQ((*columns)[0].type_oid, oid::kInt4);
  EXPECT_EQ((*columns)[1].name, "b");
  EXPECT_FALSE(runner_->DescribeColumns("CREATE TABLE never (a INTEGER)", 0));
  EXPECT_FALSE(runner_->DescribeColumns("SELECT * FROM missing", 0));
}

}  // namespace
}  // namespace orbit::server
