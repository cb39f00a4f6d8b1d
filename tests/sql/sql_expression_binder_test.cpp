// Expression typing, implicit casts and folding, seen through SELECT <expr> FROM <table>.
#include <gtest/gtest.h>

#include "columnar/timestamp.h"
#include "columnar/value_format.h"
#include "sql/binder/binder.h"
#include "sql_test_catalog.h"

namespace orbit {
namespace {

using sql_testing::BindError;
using sql_testing::MakeTestCatalog;
using sql_testing::MustBind;

class SqlExpressionBinderTest : public ::testing::Test {
 protected:
  // The bound expression of SELECT <expr> FROM <table>.
  ExprPtr Select(const std::string& expr, const std::string& table = "lineitem") {
    BoundStatement bound = MustBind("SELECT " + expr + " FROM " + table, *catalog_);
    if (!bound.plan) return Expr::Constant(Value::Null());
    EXPECT_EQ(bound.plan->kind, LogicalKind::kProjection);
    return bound.plan->expressions.at(0);
  }

  // The bound predicate of SELECT 1 FROM <table> WHERE <condition>.
  ExprPtr Where(const std::string& condition, const std::string& table = "lineitem") {
    BoundStatement bound = MustBind("SELECT 1 FROM " + table + " WHERE " + condition, *catalog_);
    if (!bound.plan) return Expr::Constant(Value::Null());
    return bound.plan->child().predicate;
  }

  Status Error(const std::string& expr, const std::string& table = "lineitem") {
    return BindError("SELECT " + expr + " FROM " + table, *catalog_);
  }

  std::unique_ptr<Catalog> catalog_ = MakeTestCatalog();
};

DataType Dec(int p, int s) { return DataType::Decimal(p, s); }

int32_t Days(const char* date) { return *ParseDate(date); }

TEST_F(SqlExpressionBinderTest, LiteralTypes) {
  EXPECT_EQ(Select("1")->type, DataType::Int32());
  EXPECT_EQ(Select("-2147483648")->type, DataType::Int32());
  EXPECT_EQ(Select("3000000000")->type, DataType::Int64());
  EXPECT_EQ(Select("12345678901234567890")->type, Dec(38, 0));
  EXPECT_EQ(Select("1234567890123456789012345678901234567890")->type, DataType::Double());
  EXPECT_EQ(Select("0.05")->type, Dec(2, 2));
  EXPECT_EQ(Select("123.450")->type, Dec(6, 3));
  EXPECT_EQ(Select("0.0")->type, Dec(1, 1));
  EXPECT_EQ(Select("1.5e3")->type, DataType::Double());
  EXPECT_EQ(Select("'x'")->type, DataType::Varchar());
  EXPECT_EQ(Select("TRUE")->type, DataType::Boolean());

  ExprPtr discount = Select("0.05");
  ASSERT_EQ(discount->kind, ExprKind::kConstant);
  EXPECT_EQ(discount->constant.int_value, 5);

  ExprPtr date = Select("DATE '1998-12-01'");
  ASSERT_EQ(date->kind, ExprKind::kConstant);
  EXPECT_EQ(date->type, DataType::Date());
  EXPECT_EQ(date->constant.int_value, Days("1998-12-01"));
}

TEST_F(SqlExpressionBinderTest, TpchDecimalArithmeticTypes) {
  ExprPtr one_minus = Select("1 - l_discount");
  EXPECT_EQ(one_minus->type, Dec(16, 2));
  ASSERT_EQ(one_minus->kind, ExprKind::kArithmetic);
  // Both children have exactly the result type: the 1 folded, the column cast.
  ASSERT_EQ(one_minus->children[0]->kind, ExprKind::kConstant);
  EXPECT_EQ(one_minus->children[0]->type, Dec(16, 2));
  EXPECT_EQ(one_minus->children[0]->constant.int_value, 100);
  ASSERT_EQ(one_minus->children[1]->kind, ExprKind::kCast);
  EXPECT_EQ(one_minus->children[1]->type, Dec(16, 2));

  ExprPtr disc_price = Select("l_extendedprice * (1 - l_discount)");
  EXPECT_EQ(disc_price->type, Dec(18, 4));
  EXPECT_EQ(disc_price->children[0]->type, Dec(15, 2));
  EXPECT_EQ(disc_price->children[1]->type, Dec(16, 2));

  EXPECT_EQ(Select("l_extendedprice * (1 - l_discount) * (1 + l_tax)")->type, Dec(18, 6));
  EXPECT_EQ(Select("l_quantity + l_tax")->type, Dec(16, 2));
  EXPECT_EQ(Select("l_extendedprice * l_discount")->type, Dec(18, 4));
}

TEST_F(SqlExpressionBinderTest, DecimalMultiplicationWidensChildrenPast18Digits) {
  ExprPtr wide = Select("w * m", "t");  // DECIMAL(30,4) * DECIMAL(15,2)
  EXPECT_EQ(wide->type, Dec(38, 6));
  EXPECT_EQ(wide->children[0]->type, Dec(30, 4));
  ASSERT_EQ(wide->children[1]->kind, ExprKind::kCast);
  EXPECT_EQ(wide->children[1]->type, Dec(19, 2));

  ExprPtr narrow = Select("i * m", "t");  // INTEGER counts as DECIMAL(10,0)
  EXPECT_EQ(narrow->type, Dec(18, 2));
  EXPECT_EQ(narrow->children[0]->type, Dec(10, 0));

  Status too_fine = Error("CAST(m AS DECIMAL(38,20)) * CAST(m AS DECIMAL(38,20))", "t");
  EXPECT_EQ(too_fine.code(), StatusCode::kTypeError);
  EXPECT_NE(too_fine.message().find("needs scale 40"), std::string::npos) << too_fine.message();
}

TEST_F(SqlExpressionBinderTest, IntegerAndDoubleArithmetic) {
  EXPECT_EQ(Select("i + i", "t")->type, DataType::Int32());
  EXPECT_EQ(Select("i + b", "t")->type, DataType::Int64());
  EXPECT_EQ(Select("b + m", "t")->type, Dec(22, 2));           // BIGINT counts as DECIMAL(19,0)
  EXPECT_EQ(Select("m + 3000000000", "t")->type, Dec(21, 2));  // a BIGINT literal of 10 digits: DECIMAL(18,0)
  ExprPtr mixed = Select("d + i", "t");
  EXPECT_EQ(mixed->type, DataType::Double());
  EXPECT_EQ(mixed->children[1]->kind, ExprKind::kCast);
  EXPECT_EQ(Select("i / 2", "t")->type, DataType::Int32());
  EXPECT_EQ(Select("b / i", "t")->type, DataType::Int64());
  ExprPtr ratio = Select("m / 2", "t");
  EXPECT_EQ(ratio->type, DataType::Double());
  EXPECT_EQ(ratio->children[0]->type, DataType::Double());
  EXPECT_EQ(ratio->children[1]->type, DataType::Double());
  EXPECT_EQ(Select("i % 3", "t")->type, DataType::Int32());

  Status modulo = Error("m % 2", "t");
  EXPECT_EQ(modulo.code(), StatusCode::kTypeError);
  EXPECT_EQ(modulo.message(), "operator % takes integer operands, not DECIMAL(15,2) and INTEGER, in (m % 2)");
}

TEST_F(SqlExpressionBinderTest, ConstantArithmeticIsFolded) {
  ExprPtr sum = Select("0.06 + 0.01");
  ASSERT_EQ(sum->kind, ExprKind::kConstant);
  EXPECT_EQ(sum->type, Dec(3, 2));
  EXPECT_EQ(sum->constant.int_value, 7);
  ExprPtr negated = Select("-(1.5)");
  ASSERT_EQ(negated->kind, ExprKind::kConstant);
  EXPECT_EQ(negated->constant.int_value, -15);
  EXPECT_EQ(Select("-i", "t")->kind, ExprKind::kNegate);
  Status overflow = Error("2147483647 + 1");
  EXPECT_EQ(overflow.code(), StatusCode::kOutOfRange);
  Status zero = Error("1 / 0");
  EXPECT_EQ(zero.code(), StatusCode::kOutOfRange);
}

TEST_F(SqlExpressionBinderTest, ComparisonsCastToCommonTypeAndFoldConstants) {
  ExprPtr lt = Where("l_quantity < 24");
  ASSERT_EQ(lt->kind, ExprKind::kCompare);
  EXPECT_EQ(lt->compare, CompareOp::kLt);
  EXPECT_EQ(lt->children[0]->kind, ExprKind::kColumnRef);
  ASSERT_EQ(lt->children[1]->kind, ExprKind::kConstant);
  EXPECT_EQ(lt->children[1]->type, Dec(15, 2));
  EXPECT_EQ(lt->children[1]->constant.int_value, 2400);

  // The constant goes to the right for the filter kernels.
  ExprPtr flipped = Where("24 > l_quantity");
  EXPECT_EQ(flipped->compare, CompareOp::kLt);
  EXPECT_EQ(flipped->children[0]->kind, ExprKind::kColumnRef);

  // An INTEGER column against a finer decimal literal is cast, not the literal truncated.
  ExprPtr widened = Where("i = 1.5", "t");
  EXPECT_EQ(widened->children[0]->kind, ExprKind::kCast);
  EXPECT_EQ(widened->children[0]->type, Dec(11, 1));

  ExprPtr null_compare = Where("i = NULL", "t");
  ASSERT_EQ(null_compare->kind, ExprKind::kCompare);
  EXPECT_EQ(null_compare->children[1]->type, DataType::Int32());
  EXPECT_TRUE(null_compare->children[1]->constant.is_null);

  ExprPtr folded = Where("1 < 2");
  ASSERT_EQ(folded->kind, ExprKind::kConstant);
  EXPECT_TRUE(folded->constant.bool_value);
}

TEST_F(SqlExpressionBinderTest, UntypedStringLiteralsTakeTheOtherSidesType) {
  ExprPtr date = Where("l_shipdate <= '1998-12-01'");
  ASSERT_EQ(date->children[1]->kind, ExprKind::kConstant);
  EXPECT_EQ(date->children[1]->type, DataType::Date());
  EXPECT_EQ(date->children[1]->constant.int_value, Days("1998-12-01"));

  ExprPtr number = Where("l_quantity = '5.5'");
  EXPECT_EQ(number->children[1]->type, Dec(15, 2));
  EXPECT_EQ(number->children[1]->constant.int_value, 550);

  Status bad = BindError("SELECT 1 FROM lineitem WHERE l_shipdate <= '1998-13-01'", *catalog_);
  EXPECT_EQ(bad.code(), StatusCode::kTypeError);
  EXPECT_EQ(bad.message(), "invalid DATE literal '1998-13-01' in (l_shipdate <= '1998-13-01')");
}

TEST_F(SqlExpressionBinderTest, TypeMismatchNamesTheExpressionAndBothTypes) {
  Status s = BindError("SELECT 1 FROM lineitem WHERE l_returnflag = 1", *catalog_);
  EXPECT_EQ(s.code(), StatusCode::kTypeError);
  EXPECT_EQ(s.message(), "cannot compare VARCHAR and INTEGER in (l_returnflag = 1)");

  Status plus = Error("l_comment + 1");
  EXPECT_EQ(plus.code(), StatusCode::kTypeError);
  EXPECT_EQ(plus.message(), "cannot apply + to VARCHAR and INTEGER in (l_comment + 1)");

  Status cast = Error("CAST(dt AS INTEGER)", "t");
  EXPECT_EQ(cast.code(), StatusCode::kTypeError);
  EXPECT_EQ(cast.message(), "cannot cast DATE to INTEGER in CAST(dt AS INTEGER)");
}

TEST_F(SqlExpressionBinderTest, BetweenAndInFoldTheirConstants) {
  ExprPtr between = Where("l_discount BETWEEN 0.06 - 0.01 AND 0.06 + 0.01");
  ASSERT_EQ(between->kind, ExprKind::kBetween);
  for (int i : {1, 2}) {
    ASSERT_EQ(between->children[i]->kind, ExprKind::kConstant);
    EXPECT_EQ(between->children[i]->type, Dec(15, 2));
  }
  EXPECT_EQ(between->children[1]->constant.int_value, 5);
  EXPECT_EQ(between->children[2]->constant.int_value, 7);

  ExprPtr in = Where("l_shipmode IN ('MAIL', 'SHIP')");
  ASSERT_EQ(in->kind, ExprKind::kInList);
  EXPECT_EQ(in->children.size(), 3u);

  ExprPtr numbers = Where("l_quantity IN (1, 2.5)");
  ASSERT_EQ(numbers->kind, ExprKind::kInList);
  EXPECT_EQ(numbers->children[2]->type, Dec(15, 2));
  EXPECT_EQ(numbers->children[2]->constant.int_value, 250);

  ExprPtr not_in = Where("l_quantity NOT IN (1, 2)");
  ASSERT_EQ(not_in->kind, ExprKind::kNot);
  EXPECT_EQ(not_in->children[0]->kind, ExprKind::kInList);

  // Non-constant items become equalities.
  ExprPtr columns = Where("l_quantity IN (l_tax, 1)");
  ASSERT_EQ(columns->kind, ExprKind::kOr);
  EXPECT_EQ(columns->children.size(), 2u);
}

TEST_F(SqlExpressionBinderTest, DateArithmeticAndIntervalFolding) {
  ExprPtr q1 = Select("DATE '1998-12-01' - INTERVAL '90' DAY");
  ASSERT_EQ(q1->kind, ExprKind::kConstant);
  EXPECT_EQ(q1->constant.int_value, Days("1998-09-02"));

  EXPECT_EQ(Select("DATE '1995-01-31' + INTERVAL '1' MONTH")->constant.int_value, Days("1995-02-28"));
  EXPECT_EQ(Select("DATE '1994-01-01' + INTERVAL '1' YEAR")->constant.int_value, Days("1995-01-01"));
  EXPECT_EQ(Select("DATE '1994-01-01' + INTERVAL '1 year 2 days'")->constant.int_value, Days("1995-01-03"));
  EXPECT_EQ(Select("DATE '1994-01-01' - INTERVAL '3 days'")->constant.int_value, Days("1993-12-29"));
  EXPECT_EQ(Select("'1994-01-01' + INTERVAL '1' DAY")->constant.int_value, Days("1994-01-02"));
  EXPECT_EQ(Select("DATE '1994-01-01' + 10")->constant.int_value, Days("1994-01-11"));

  ExprPtr shifted = Select("l_shipdate - INTERVAL '3' MONTH");
  ASSERT_EQ(shifted->kind, ExprKind::kDateAddMonths);
  EXPECT_EQ(shifted->children[1]->constant.int_value, -3);

  ExprPtr plus_days = Select("l_shipdate + 5");
  EXPECT_EQ(plus_days->kind, ExprKind::kDateAddDays);
  EXPECT_EQ(plus_days->type, DataType::Date());

  ExprPtr diff = Select("l_receiptdate - l_shipdate");
  EXPECT_EQ(diff->kind, ExprKind::kDateDiff);
  EXPECT_EQ(diff->type, DataType::Int32());

  // A time of day makes the date a TIMESTAMP, as PostgreSQL's date + interval.
  ExprPtr hours = Select("l_shipdate + INTERVAL '2 hours'");
  EXPECT_EQ(hours->kind, ExprKind::kTimestampAddMicros);
  EXPECT_EQ(hours->type, DataType::Timestamp());
  EXPECT_EQ(hours->children[1]->constant.int_value, 2 * kMicrosPerHour);
  EXPECT_EQ(hours->children[0]->kind, ExprKind::kCast);
  EXPECT_EQ(Error("l_shipdate + INTERVAL '2 fortnights'").code(), StatusCode::kInvalidData);
  EXPECT_EQ(Error("l_shipdate * INTERVAL '2' DAY").code(), StatusCode::kTypeError);
  EXPECT_EQ(Error("l_shipdate + l_commitdate").code(), StatusCode::kTypeError);
}

TEST_F(SqlExpressionBinderTest, CastsOfConstantsAreFolded) {
  ExprPtr rounded = Select("CAST('12.345' AS DECIMAL(10,2))");
  ASSERT_EQ(rounded->kind, ExprKind::kConstant);
  EXPECT_EQ(rounded->type, Dec(10, 2));
  EXPECT_EQ(rounded->constant.int_value, 1235);
  ExprPtr from_int = Select("5::DOUBLE");
  ASSERT_EQ(from_int->kind, ExprKind::kConstant);
  EXPECT_EQ(from_int->constant.double_value, 5.0);
  EXPECT_EQ(Select("CAST(i AS VARCHAR)", "t")->kind, ExprKind::kCast);
  EXPECT_EQ(Select("CAST(i AS INTEGER)", "t")->kind, ExprKind::kColumnRef);  // no-op cast dropped
  EXPECT_FALSE(Error("'abc'::INTEGER").ok());
  EXPECT_EQ(Error("CAST(1 AS TIMESTAMP)").message(), "cannot cast INTEGER to TIMESTAMP in CAST(1 AS TIMESTAMP)");
  EXPECT_EQ(Error("CAST(1 AS TIME)").code(), StatusCode::kNotSupported);
  ExprPtr stamp = Select("CAST('2024-02-29 12:30:00.5' AS TIMESTAMP)");
  ASSERT_EQ(stamp->kind, ExprKind::kConstant);
  EXPECT_EQ(stamp->constant.ToString(), "2024-02-29 12:30:00.5");
}

TEST_F(SqlExpressionBinderTest, BooleanOperandsMustBeBoolean) {
  ExprPtr both = Where("flag AND i > 1 AND (d < 2 AND v = 'x')", "t");
  ASSERT_EQ(both->kind, ExprKind::kAnd);
  EXPECT_EQ(both->children.size(), 4u);  // flattened

  Status s = Error("i AND flag", "t");
  EXPECT_EQ(s.code(), StatusCode::kTypeError);
  EXPECT_EQ(s.message(), "argument of AND must be BOOLEAN, not INTEGER, in (i AND flag)");

  Status where = BindError("SELECT 1 FROM t WHERE i", *catalog_);
  EXPECT_EQ(where.code(), StatusCode::kTypeError);
  EXPECT_EQ(where.message(), "argument of WHERE must be BOOLEAN, not INTEGER, in i");

  EXPECT_EQ(Where("v IS NULL", "t")->kind, ExprKind::kIsNull);
  EXPECT_EQ(Where("NOT (v IS NOT NULL)", "t")->kind, ExprKind::kNot);
}

TEST_F(SqlExpressionBinderTest, NamesAreResolvedWithSuggestions) {
  Status typo = Error("l_quantitty");
  EXPECT_EQ(typo.code(), StatusCode::kBindError);
  EXPECT_EQ(typo.message(), "column \"l_quantitty\" does not exist; did you mean \"l_quantity\"?");
  EXPECT_EQ(Error("nothing_like_it").message(), "column \"nothing_like_it\" does not exist");

  EXPECT_EQ(Select("L_Quantity")->kind, ExprKind::kColumnRef);
  EXPECT_EQ(Select("lineitem.l_quantity")->column_index, 4);
  EXPECT_EQ(Select("li.l_quantity", "lineitem li")->column_index, 4);
  EXPECT_EQ(Error("lineitem.l_quantity", "lineitem li").code(), StatusCode::kBindError);
  EXPECT_EQ(Error("x.l_quantity").message(), "missing FROM-clause entry for table \"x\"");
}

TEST_F(SqlExpressionBinderTest, FunctionsAndAggregatesInTheWrongPlace) {
  Status soundex = Error("soundex(l_comment)");
  EXPECT_EQ(soundex.code(), StatusCode::kNotSupported);
  EXPECT_EQ(soundex.message(), "not supported yet: function soundex");

  Status where = BindError("SELECT 1 FROM t WHERE sum(i) > 1", *catalog_);
  EXPECT_EQ(where.code(), StatusCode::kBindError);
  EXPECT_EQ(where.message(), "aggregate functions are not allowed in WHERE: sum(i)");
}

}  // namespace
}  // namespace orbit
