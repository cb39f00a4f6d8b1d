// The PostgreSQL wire protocol's building blocks without a client: message framing over a
// socket pair (whole, oversized and malformed messages), field reading that fails cleanly
// on a truncated body, binary NUMERIC, PostgreSQL's text of Orbit's values, parameter
// decoding, CommandComplete tags and $n counting.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

#include "server/command_tag.h"
#include "server/pg_framing.h"
#include "server/pg_numeric.h"
#include "server/pg_types.h"
#include "server/pg_wire.h"
#include "server/sql_tokens.h"

namespace orbit::server {
namespace {

TEST(PgWire, WritesTypeLengthAndBigEndianFields) {
  std::string out;
  MessageWriter message(&out, 'Z');
  message.Byte('I');
  message.Finish();
  EXPECT_EQ(out, std::string("Z\0\0\0\5I", 6));

  out.clear();
  MessageWriter fields(&out, 'K');
  fields.Int32(0x01020304);
  fields.Int16(-2);
  fields.String("ab");
  fields.Finish();
  EXPECT_EQ(out, std::string("K\0\0\0\x0d\x01\x02\x03\x04\xff\xfe"
                             "ab\0",
                             14));
}

TEST(PgWire, ReaderFailsOnATruncatedBody) {
  MessageReader reader(std::string_view("\0\0\0\7name\0", 9));
  EXPECT_EQ(reader.Int32(), 7);
  EXPECT_EQ(reader.String(), "name");
  EXPECT_TRUE(reader.finished());

  MessageReader truncated(std::string_view("\0\1", 2));
  EXPECT_EQ(truncated.Int32(), 0);
  EXPECT_FALSE(truncated.ok());
  MessageReader unterminated(std::string_view("abc", 3));
  EXPECT_EQ(unterminated.String(), "");
  EXPECT_FALSE(unterminated.ok());
  MessageReader too_long(std::string_view("\0\0\0\x10", 4));
  EXPECT_EQ(too_long.Bytes(static_cast<size_t>(too_long.Int32())), "");
  EXPECT_FALSE(too_long.ok());
}

class Framing : public ::testing::Test {
 protected:
  void SetUp() override {
    int fds[2];
    ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
    client_ = fds[0];
    server_ = std::make_unique<ClientSocket>(fds[1]);
  }
  void TearDown() override { close(client_); }
  void Send(const std::string& bytes) {
    ASSERT_EQ(write(client_, bytes.data(), bytes.size()), static_cast<ssize_t>(bytes.size()));
  }

  int client_ = -1;
  std::unique_ptr<ClientSocket> server_;
};

TEST_F(Framing, ReadsWholeMessagesAndRefusesBadLengths) {
  std::string query;
  MessageWriter message(&query, 'Q');
  message.String("SELECT 1");
  message.Finish();
  Send(query);
  FrontendMessage read;
  ASSERT_EQ(ReadMessage(*server_, &read), ReadOutcome::kMessage);
  EXPECT_EQ(read.type, 'Q');
  EXPECT_EQ(read.body, std::string("SELECT 1\0", 9));

  Send(std::string("Q\x7f\xff\xff\xff", 5));  // 2 GiB
  EXPECT_EQ(ReadMessage(*server_, &read), ReadOutcome::kTooLarge);
  Send(std::string("Q\0\0\0\2", 5));  // shorter than its own length field
  EXPECT_EQ(ReadMessage(*server_, &read), ReadOutcome::kMalformed);
  Send(std::string("\0\0\x27\x11", 4));  // a startup packet of 10001 bytes
  std::string body;
  EXPECT_EQ(ReadStartupPacket(*server_, &body), ReadOutcome::kTooLarge);
  close(client_);
  client_ = -1;
  EXPECT_EQ(ReadMessage(*server_, &read), ReadOutcome::kClosed);
}

TEST(PgNumeric, RoundTripsPlainDecimals) {
  for (const std::string text : {"0", "-12.50", "0.001", "12345678901234567890.12", "10000", "-0.0100", "7"}) {
    std::optional<std::string> binary = NumericToBinary(text);
    ASSERT_TRUE(binary) << text;
    std::optional<std::string> back = NumericFromBinary(*binary);
    ASSERT_TRUE(back) << text;
    EXPECT_EQ(*back, text == "-0.0100" ? "-0.0100" : text);
  }
  // 1.5 is one group "1" of weight 0 and "5000" after it; display scale 1.
  EXPECT_EQ(*NumericToBinary("1.5"), std::string("\0\2\0\0\0\0\0\1\0\1\x13\x88", 12));
  EXPECT_FALSE(NumericToBinary("1e5"));
  EXPECT_FALSE(NumericFromBinary(std::string("\0\1", 2)));
}

TEST(PgTypes, WritesValuesAsPostgresDoes) {
  EXPECT_EQ(PgText(TypeKind::kBoolean, "true"), "t");
  EXPECT_EQ(PgText(TypeKind::kBoolean, "false"), "f");
  EXPECT_EQ(PgText(TypeKind::kDouble, "inf"), "Infinity");
  EXPECT_EQ(PgText(TypeKind::kDouble, "-inf"), "-Infinity");
  EXPECT_EQ(PgText(TypeKind::kDouble, "nan"), "NaN");
  EXPECT_EQ(PgText(TypeKind::kDouble, "0.1"), "0.1");
  EXPECT_EQ(PgText(TypeKind::kTimestamp, "2024-02-29 12:00:00.5"), "2024-02-29 12:00:00.5");

  EXPECT_EQ(*PgBinary(TypeKind::kInt32, 0, "-2"), std::string("\xff\xff\xff\xfe", 4));
  EXPECT_EQ(*PgBinary(TypeKind::kBoolean, 0, "true"), std::string("\1", 1));
  EXPECT_EQ(*PgBinary(TypeKind::kDate, 0, "2000-01-02"), std::string("\0\0\0\1", 4));
  EXPECT_EQ(*PgBinary(TypeKind::kTimestamp, 0, "2000-01-01 00:00:01"), std::string("\0\0\0\0\0\x0f\x42\x40", 8));
  // 0001-01-01 BC is year 0, a leap year, 366 days before 0001-01-01.
  EXPECT_EQ(*ParseIsoDate("0001-01-01 BC"), *ParseIsoDate("0001-01-01") - 366);
  EXPECT_EQ(*ParseIsoTimestamp("0001-12-31 23:59:59.5 BC"), *ParseIsoTimestamp("0001-01-01") - 500000);
  EXPECT_FALSE(PgBinary(TypeKind::kDate, 0, "44-03-15").ok());

  EXPECT_EQ(DescribeColumn(ColumnInfo{"d", TypeKind::kDecimal, "DECIMAL(15,2)", 15, 2}).type_modifier,
            (15 << 16 | 2) + 4);
  EXPECT_EQ(DescribeColumn(ColumnInfo{"v", TypeKind::kVarchar, "VARCHAR"}).type_oid, oid::kVarchar);
}

TEST(PgTypes, DecodesTextAndBinaryParameters) {
  Expected<Parameter> number = DecodeParameter(oid::kInt4, 1, std::string("\0\0\1\0", 4));
  ASSERT_TRUE(number.ok());
  EXPECT_EQ(number->kind, Parameter::Kind::kInt64);
  EXPECT_EQ(number->integer, 256);
  Expected<Parameter> text = DecodeParameter(oid::kUnspecified, 0, "2024-01-01");
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(text->kind, Parameter::Kind::kText);
  Expected<Parameter> day = DecodeParameter(oid::kDate, 0, "1970-01-02");
  ASSERT_TRUE(day.ok());
  EXPECT_EQ(day->kind, Parameter::Kind::kDate);
  EXPECT_EQ(day->integer, 1);
  Expected<Parameter> bad = DecodeParameter(oid::kInt8, 0, "twelve");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code(), ErrorCode::kInvalidData);
  EXPECT_FALSE(DecodeParameter(oid::kInt8, 1, std::string("\0\1", 2)).ok());
  EXPECT_EQ(DecodeParameter(oid::kNumeric, 1, *NumericToBinary("-3.25"))->text, "-3.25");
  EXPECT_EQ(*ParseIsoTimestamp("1970-01-01 00:00:00.000001"), 1);
  EXPECT_FALSE(ParseIsoDate("2023-02-29"));
}

TEST(PgCommandTag, CountsWhatEachStatementDid) {
  EXPECT_EQ(CommandTag("SELECT 1", true, 1, -1), "SELECT 1");
  EXPECT_EQ(CommandTag("  -- c\n(select 1)", true, 3, -1), "SELECT 3");
  EXPECT_EQ(CommandTag("insert into t values (1)", false, 0, 5), "INSERT 0 5");
  EXPECT_EQ(CommandTag("UPDATE t SET a = 1", false, 0, 3), "UPDATE 3");
  EXPECT_EQ(CommandTag("DELETE FROM t", false, 0, 0), "DELETE 0");
  EXPECT_EQ(CommandTag("CREATE TABLE t (a INT)", false, 0, -1), "CREATE TABLE");
  EXPECT_EQ(CommandTag("CREATE OR REPLACE VIEW v AS SELECT 1", false, 0, -1), "CREATE VIEW");
  EXPECT_EQ(CommandTag("CREATE TABLE t AS SELECT 1", false, 0, 1), "SELECT 1");
  EXPECT_EQ(CommandTag("DROP TABLE IF EXISTS t", false, 0, -1), "DROP TABLE");
  EXPECT_EQ(CommandTag("SET threads = 2", false, 0, -1), "SET");
}

TEST(PgSqlTokens, CountsParametersOutsideStringsAndComments) {
  EXPECT_EQ(HighestParameter("SELECT $1 + $12, '$3', \"$4\" -- $5\n /* $6 /* $7 */ */ $$ $8 $$, $tag$ $9 $tag$"), 12);
  EXPECT_EQ(HighestParameter("SELECT 1"), 0);
  EXPECT_EQ(LeadingWords("/* x */ BEGIN TRANSACTION;", 3), (std::vector<std::string>{"BEGIN", "TRANSACTION"}));
}

}  // namespace
}  // namespace orbit::server
