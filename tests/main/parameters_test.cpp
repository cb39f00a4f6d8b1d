// Statement parameters through the public C++ API: Connection::Query(statement, values)
// with $n and ? placeholders. Each value is bound as the literal it stands for, so types,
// folding and errors are those of the same query written with literals.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "orbit/orbit.h"

namespace {

using orbit::Parameter;

class Parameters : public ::testing::Test {
 protected:
  void SetUp() override {
    auto database = orbit::Database::Open();
    ASSERT_TRUE(database.ok());
    auto connection = database->Connect();
    ASSERT_TRUE(connection.ok());
    connection_ = std::make_unique<orbit::Connection>(std::move(connection).value());
    auto created = connection_->Query(
        "CREATE TABLE t (id INTEGER, day DATE, price DECIMAL(10,2), name VARCHAR);"
        "INSERT INTO t VALUES (1, DATE '2024-01-01', 1.50, 'a'), (2, DATE '2024-02-01', 2.25, 'b'),"
        " (3, DATE '2024-03-01', NULL, 'it''s')");
    ASSERT_TRUE(created.ok()) << created.error().ToString();
  }

  orbit::QueryResult Must(const std::string& sql, const std::vector<Parameter>& values) {
    auto result = connection_->Query(sql, values);
    EXPECT_TRUE(result.ok()) << sql << ": " << result.error().ToString();
    return result.ok() ? *result : orbit::QueryResult();
  }

  std::string Error(const std::string& sql, const std::vector<Parameter>& values) {
    auto result = connection_->Query(sql, values);
    EXPECT_FALSE(result.ok()) << sql << " should fail";
    return result.ok() ? "" : result.error().ToString();
  }

  std::unique_ptr<orbit::Connection> connection_;
};

TEST_F(Parameters, TypedValuesKeepTheirTypes) {
  orbit::QueryResult r = Must("SELECT $1 AS i, $2 AS d, $3 AS n, $4 AS b, $5 AS day, $6",
                              {Parameter::Int64(41), Parameter::Double(0.1), Parameter::Decimal("-12.50"),
                               Parameter::Boolean(true), Parameter::Date(19723), Parameter::Null()});
  ASSERT_EQ(r.num_columns(), 6);
  EXPECT_EQ(r.columns()[0].kind, orbit::TypeKind::kInt32);
  EXPECT_EQ(r.GetText(0, 0), "41");
  EXPECT_EQ(r.columns()[1].kind, orbit::TypeKind::kDouble);
  EXPECT_EQ(r.GetText(1, 0), "0.1");
  EXPECT_EQ(r.columns()[2].type_name, "DECIMAL(4,2)");
  EXPECT_EQ(r.GetText(2, 0), "-12.50");
  EXPECT_EQ(r.GetText(3, 0), "true");
  EXPECT_EQ(r.columns()[4].kind, orbit::TypeKind::kDate);
  EXPECT_EQ(r.GetText(4, 0), "2024-01-01");
  EXPECT_EQ(r.columns()[5].name, "?column?");  // PostgreSQL's name for an unnamed $6
  EXPECT_TRUE(r.IsNull(5, 0));
}

TEST_F(Parameters, LargeIntegersAndExtremeDoubles) {
  orbit::QueryResult r = Must("SELECT $1, $2 + 1, $3",
                              {Parameter::Int64(INT64_MIN), Parameter::Int64(3000000000), Parameter::Double(-1e300)});
  EXPECT_EQ(r.GetText(0, 0), "-9223372036854775808");
  EXPECT_EQ(r.columns()[1].kind, orbit::TypeKind::kInt64);
  EXPECT_EQ(r.GetText(1, 0), "3000000001");
  EXPECT_EQ(r.GetText(2, 0), "-1e+300");
}

TEST_F(Parameters, TextTakesTheTypeItsPlaceNeeds) {
  // As a quoted literal would: compared with a DATE column it is a date.
  orbit::QueryResult r = Must("SELECT count(*) FROM t WHERE day >= $1", {Parameter::Text("2024-02-01")});
  EXPECT_EQ(r.GetText(0, 0), "2");
  r = Must("SELECT id FROM t WHERE name = ?", {Parameter::Text("it's")});
  ASSERT_EQ(r.num_rows(), 1);
  EXPECT_EQ(r.GetText(0, 0), "3");
  EXPECT_NE(Error("SELECT count(*) FROM t WHERE day >= $1", {Parameter::Text("yesterday")}), "");
}

TEST_F(Parameters, ValuesAreDataNotSql) {
  orbit::QueryResult r = Must("SELECT $1 AS s", {Parameter::Text("'); DROP TABLE t; --")});
  EXPECT_EQ(r.GetText(0, 0), "'); DROP TABLE t; --");
  EXPECT_EQ(Must("SELECT count(*) FROM t", {}).GetText(0, 0), "3");
}

TEST_F(Parameters, QuestionMarksAreNumberedInOrderOutsideQuotes) {
  orbit::QueryResult r =
      Must("SELECT '?' AS q, ? - ? AS diff /* ? */ -- ?\n", {Parameter::Int64(10), Parameter::Int64(3)});
  EXPECT_EQ(r.GetText(0, 0), "?");
  EXPECT_EQ(r.GetText(1, 0), "7");
  EXPECT_NE(Error("SELECT $1, ?", {Parameter::Int64(1), Parameter::Int64(2)}).find("cannot mix ? and $n"),
            std::string::npos);
}

TEST_F(Parameters, AValueIsNeverAColumnPosition) {
  // ORDER BY 2 would sort by the second column; ORDER BY $1 with 2 sorts by a constant.
  orbit::QueryResult r = Must("SELECT id, -id FROM t ORDER BY $1, id DESC", {Parameter::Int64(2)});
  ASSERT_EQ(r.num_rows(), 3);
  EXPECT_EQ(r.GetText(0, 0), "3");
  EXPECT_EQ(Must("SELECT id FROM t ORDER BY $1", {Parameter::Int64(5)}).num_rows(), 3);  // no "position 5" error
}

TEST_F(Parameters, ParametersWorkInEveryClause) {
  orbit::QueryResult r = Must(
      "WITH c AS (SELECT id, price FROM t WHERE id <> $1) "
      "SELECT count(*) FROM c JOIN t USING (id) WHERE c.price > $2 AND EXISTS (SELECT 1 FROM t x WHERE x.id = $3) "
      "HAVING count(*) >= $4 LIMIT $5",
      {Parameter::Int64(1), Parameter::Decimal("1.00"), Parameter::Int64(2), Parameter::Int64(1),
       Parameter::Int64(10)});
  ASSERT_EQ(r.num_rows(), 1);
  EXPECT_EQ(r.GetText(0, 0), "1");
  Must("INSERT INTO t VALUES ($1, $2, $3, $4)",
       {Parameter::Int64(4), Parameter::Text("2024-04-01"), Parameter::Decimal("9.99"), Parameter::Null()});
  r = Must("SELECT day, price FROM t WHERE id = $1", {Parameter::Int64(4)});
  EXPECT_EQ(r.GetText(0, 0), "2024-04-01");
  EXPECT_EQ(r.GetText(1, 0), "9.99");
}

TEST_F(Parameters, WrongCountsAndScriptsAreErrors) {
  EXPECT_NE(Error("SELECT $1 + $2", {Parameter::Int64(1)}).find("takes 2 parameters but 1 value was given"),
            std::string::npos);
  EXPECT_NE(Error("SELECT 1", {Parameter::Int64(1)}).find("takes 0 parameters"), std::string::npos);
  EXPECT_NE(Error("SELECT $2", {Parameter::Int64(1)}).find("takes 2 parameters"), std::string::npos);
  EXPECT_NE(Error("SELECT 1; SELECT $1", {Parameter::Int64(1)}).find("one statement at a time"), std::string::npos);
  auto without = connection_->Query("SELECT $1");
  ASSERT_FALSE(without.ok());
  EXPECT_NE(without.error().ToString().find("the statement has a parameter ($1) but no values were given"),
            std::string::npos);
  EXPECT_NE(Error("SELECT $1", {Parameter::Decimal("12x")}).find("decimal parameter '12x'"), std::string::npos);
  EXPECT_NE(Error("SELECT $1", {Parameter::Decimal("")}).find("decimal parameter"), std::string::npos);
}

}  // namespace
