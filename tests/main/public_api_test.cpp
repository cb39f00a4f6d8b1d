// The public C++ API (include/orbit/) as a program using it sees it: only orbit/orbit.h,
// results read as text and as Arrow, errors as values.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "orbit/orbit.h"

namespace {

orbit::Connection Connect() {
  auto database = orbit::Database::Open();
  EXPECT_TRUE(database.ok()) << database.error().ToString();
  auto connection = database->Connect();
  EXPECT_TRUE(connection.ok()) << connection.error().ToString();
  return std::move(connection).value();  // outlives the database handle on purpose
}

orbit::QueryResult MustQuery(orbit::Connection& connection, const std::string& sql) {
  auto result = connection.Query(sql);
  EXPECT_TRUE(result.ok()) << sql << ": " << result.error().ToString();
  return result.ok() ? *result : orbit::QueryResult();
}

TEST(PublicApi, ReadsCellsAsTextAcrossBatches) {
  orbit::Connection connection = Connect();
  MustQuery(connection,
            "CREATE TABLE t (i INTEGER, d DECIMAL(15,2), s VARCHAR, b BOOLEAN);"
            "INSERT INTO t VALUES (1, 1.50, 'one', true), (2, NULL, 'two', false);"
            "INSERT INTO t VALUES (3, -0.25, NULL, NULL)");  // a second batch
  orbit::QueryResult result = MustQuery(connection, "SELECT * FROM t ORDER BY i");
  ASSERT_TRUE(result.returns_rows());
  ASSERT_EQ(result.num_columns(), 4);
  ASSERT_EQ(result.num_rows(), 3);
  EXPECT_EQ(result.columns()[0].name, "i");
  EXPECT_EQ(result.columns()[0].kind, orbit::TypeKind::kInt32);
  EXPECT_EQ(result.columns()[1].type_name, "DECIMAL(15,2)");
  EXPECT_EQ(result.columns()[1].scale, 2);
  EXPECT_TRUE(result.columns()[1].is_numeric());
  EXPECT_FALSE(result.columns()[2].is_numeric());
  EXPECT_EQ(result.GetText(1, 0), "1.50");
  EXPECT_EQ(result.GetText(1, 1), std::nullopt);
  EXPECT_TRUE(result.IsNull(1, 1));
  EXPECT_EQ(result.GetText(1, 2), "-0.25");
  EXPECT_EQ(result.GetText(2, 1), "two");
  EXPECT_EQ(result.GetText(3, 0), "true");
  EXPECT_TRUE(result.IsNull(3, 2));
  EXPECT_FALSE(result.IsNull(0, 2));

  orbit::QueryResult stored = MustQuery(connection, "SELECT i FROM t");  // as stored: two batches
  ASSERT_EQ(stored.num_rows(), 3);
  EXPECT_EQ(stored.GetText(0, 2), "3");
}

TEST(PublicApi, StatementsWithoutRowsHaveNoColumns) {
  orbit::Connection connection = Connect();
  orbit::QueryResult result = MustQuery(connection, "CREATE TABLE e (a INTEGER)");
  EXPECT_FALSE(result.returns_rows());
  EXPECT_EQ(result.num_columns(), 0);
  EXPECT_EQ(result.num_rows(), 0);
  ArrowArrayStream stream{};
  ASSERT_TRUE(result.ExportArrow(&stream).ok());
  ArrowSchema schema{};
  ASSERT_EQ(stream.get_schema(&stream, &schema), 0);
  EXPECT_EQ(schema.n_children, 0);
  schema.release(&schema);
  stream.release(&stream);
  orbit::QueryResult empty;
  EXPECT_FALSE(empty.returns_rows());
  EXPECT_EQ(empty.num_columns(), 0);
}

TEST(PublicApi, ErrorsAreValuesWithTheShellsText) {
  orbit::Connection connection = Connect();
  auto syntax = connection.Query("SELECT FROM WHERE");
  ASSERT_FALSE(syntax.ok());
  EXPECT_EQ(syntax.error().code(), orbit::ErrorCode::kSyntaxError);
  EXPECT_EQ(syntax.error().ToString().rfind("Syntax error: ", 0), 0u) << syntax.error().ToString();

  auto missing = connection.Query("SELECT * FROM missing");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code(), orbit::ErrorCode::kBindError);
  EXPECT_NE(missing.error().message().find("missing"), std::string::npos);

  auto setting = connection.Set("no_such_setting", "1");
  ASSERT_FALSE(setting.ok());
  EXPECT_EQ(setting.error().code(), orbit::ErrorCode::kInvalidArgument);
  EXPECT_FALSE(connection.Set("device", "abacus").ok());
  EXPECT_FALSE(connection.Set("threads", "-1").ok());

  // The first error stops a script: the INSERT after it never runs.
  EXPECT_FALSE(connection.Query("CREATE TABLE s (a INTEGER); SELECT nope FROM s; INSERT INTO s VALUES (1)").ok());
  EXPECT_EQ(MustQuery(connection, "SELECT count(*) FROM s").GetText(0, 0), "0");
}

TEST(PublicApi, SettingsChangeTheSession) {
  orbit::Connection connection = Connect();
  ASSERT_TRUE(connection.Set("threads", "2").ok());
  EXPECT_EQ(MustQuery(connection, "SHOW threads").GetText(0, 0), "2");
  ASSERT_TRUE(connection.Set("kernels", "reference").ok());
  EXPECT_EQ(MustQuery(connection, "SHOW kernels").GetText(0, 0), "reference");
}

TEST(PublicApi, SplitsScripts) {
  auto statements = orbit::Connection::SplitStatements("SELECT 1; SELECT ';' AS semicolon;");
  ASSERT_TRUE(statements.ok()) << statements.error().ToString();
  ASSERT_EQ(statements->size(), 2u);
  // An unterminated quote fails only its own statement (when it runs), not the split.
  auto unterminated = orbit::Connection::SplitStatements("SELECT 1; SELECT 'unterminated");
  ASSERT_TRUE(unterminated.ok()) << unterminated.error().ToString();
  EXPECT_EQ(unterminated->size(), 2u);
}

TEST(PublicApi, ArrowRoundTripWithoutCopies) {
  orbit::Connection connection = Connect();
  orbit::QueryResult result = MustQuery(connection, "SELECT 7 AS a, 'x' AS b UNION ALL SELECT 8, NULL");
  ArrowArrayStream stream{};
  ASSERT_TRUE(result.ExportArrow(&stream).ok());
  ASSERT_TRUE(connection.RegisterArrow("copied", &stream).ok());
  EXPECT_EQ(stream.release, nullptr) << "RegisterArrow consumes the stream";
  orbit::QueryResult back = MustQuery(connection, "SELECT a, b FROM copied ORDER BY a");
  ASSERT_EQ(back.num_rows(), 2);
  EXPECT_EQ(back.GetText(0, 1), "8");
  EXPECT_EQ(back.GetText(1, 1), std::nullopt);

  auto names = connection.TableNames();
  ASSERT_TRUE(names.ok());
  EXPECT_EQ(*names, std::vector<std::string>{"copied"});

  // The stored table's export points at the same buffers as a second export of it.
  ArrowArrayStream first{}, second{};
  ASSERT_TRUE(connection.ExportTable("copied", &first).ok());
  ASSERT_TRUE(connection.ExportTable("copied", &second).ok());
  ArrowArray a{}, b{};
  ASSERT_EQ(first.get_next(&first, &a), 0);
  ASSERT_EQ(second.get_next(&second, &b), 0);
  ASSERT_NE(a.release, nullptr);
  EXPECT_EQ(a.children[0]->buffers[1], b.children[0]->buffers[1]);
  a.release(&a);
  b.release(&b);
  first.release(&first);
  second.release(&second);

  ArrowArrayStream none{};
  EXPECT_FALSE(connection.ExportTable("missing", &none).ok());
  EXPECT_FALSE(connection.RegisterArrow("bad", nullptr).ok());
  EXPECT_FALSE(connection.RegisterArrow("bad", &none).ok());  // a released stream
}

TEST(PublicApi, MovedFromHandlesAnswerWithAnError) {
  auto database = orbit::Database::Open();
  ASSERT_TRUE(database.ok());
  orbit::Database moved = std::move(*database);
  auto connection = database->Connect();  // NOLINT(bugprone-use-after-move): what this test checks
  ASSERT_FALSE(connection.ok());
  EXPECT_EQ(connection.error().code(), orbit::ErrorCode::kInvalidArgument);
  auto live = moved.Connect();
  ASSERT_TRUE(live.ok());
  orbit::Connection taken = std::move(*live);
  EXPECT_FALSE(live->Query("SELECT 1").ok());  // NOLINT(bugprone-use-after-move)
  EXPECT_TRUE(taken.Query("SELECT 1").ok());
}

TEST(PublicApi, ExpectedNeverTurnsAnOkErrorIntoAValue) {
  orbit::Expected<int> failed = orbit::Error();
  EXPECT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code(), orbit::ErrorCode::kInternal);
  orbit::Expected<void> done = orbit::Error();
  EXPECT_TRUE(done.ok());
  EXPECT_EQ(orbit::Error(orbit::ErrorCode::kOutOfMemory, "no memory left").ToString(), "Out of memory: no memory left");
}

TEST(PublicApi, ErrorsCarryPostgresSqlStates) {
  EXPECT_STREQ(orbit::Error().sqlstate(), "00000");
  EXPECT_STREQ(orbit::Error(orbit::ErrorCode::kCancelled, "x").sqlstate(), "57014");
  EXPECT_STREQ(orbit::Error(orbit::ErrorCode::kOutOfMemory, "x").sqlstate(), "53200");
  EXPECT_STREQ(orbit::Error(orbit::ErrorCode::kSyntaxError, "x").sqlstate(), "42601");
  EXPECT_STREQ(orbit::Error(orbit::ErrorCode::kInternal, "x").sqlstate(), "XX000");
  EXPECT_EQ(orbit::Error(orbit::ErrorCode::kCancelled, "by request").ToString(), "Cancelled: by request");
}

TEST(PublicApi, DescribesDevicesAndVersion) {
  auto report = orbit::DescribeDevices();
  ASSERT_TRUE(report.ok()) << report.error().ToString();
  EXPECT_EQ(report->rfind("cpu", 0), 0u) << *report;
  EXPECT_GT(std::strlen(orbit::Version()), 0u);
  auto calibrated = orbit::CalibrateDevices(0, 1, nullptr, nullptr);
  ASSERT_FALSE(calibrated.ok());
  EXPECT_EQ(calibrated.error().code(), orbit::ErrorCode::kInvalidArgument);
}

}  // namespace
