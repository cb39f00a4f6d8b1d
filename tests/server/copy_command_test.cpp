// COPY with the client: reading the statement's target and options, writing rows in
// PostgreSQL's text and CSV forms, reading them back, and the CSV handed to Orbit's COPY FROM.
#include <gtest/gtest.h>

#include <string>

#include "server/copy_command.h"

namespace orbit::server {
namespace {

TEST(CopyCommand, ReadsTargetAndOptions) {
  EXPECT_FALSE(ParseCopyCommand("COPY t TO '/tmp/file.csv'"));
  EXPECT_FALSE(ParseCopyCommand("SELECT 'COPY t TO STDOUT'"));
  auto plain = ParseCopyCommand("copy t to stdout");
  ASSERT_TRUE(plain && plain->ok());
  EXPECT_TRUE((*plain)->to_client);
  EXPECT_EQ((*plain)->target, "t");
  EXPECT_EQ((*plain)->SelectSql(), "SELECT * FROM t");
  EXPECT_FALSE((*plain)->csv);
  EXPECT_EQ((*plain)->delimiter, '\t');

  auto query = ParseCopyCommand("COPY (SELECT a FROM t WHERE b = 'TO STDOUT') TO STDOUT WITH (FORMAT csv, HEADER)");
  ASSERT_TRUE(query && query->ok());
  EXPECT_EQ((*query)->SelectSql(), "SELECT a FROM t WHERE b = 'TO STDOUT'");
  EXPECT_TRUE((*query)->csv && (*query)->header);
  EXPECT_EQ((*query)->delimiter, ',');
  EXPECT_EQ((*query)->null_string, "");

  auto in = ParseCopyCommand("COPY t (a, b) FROM STDIN CSV HEADER DELIMITER AS '|' NULL 'none'");
  ASSERT_TRUE(in && in->ok());
  EXPECT_FALSE((*in)->to_client);
  EXPECT_EQ((*in)->SelectSql(), "SELECT a, b FROM t ");
  EXPECT_EQ((*in)->delimiter, '|');
  EXPECT_EQ((*in)->null_string, "none");

  auto binary = ParseCopyCommand("COPY t FROM STDIN (FORMAT binary)");
  ASSERT_TRUE(binary);
  EXPECT_FALSE(binary->ok());
}

TEST(CopyCommand, WritesAndReadsTextAndCsv) {
  CopyCommand text;
  const CopyRow row = {std::string("a\tb\\c\nd"), std::nullopt, std::string("")};
  EXPECT_EQ(FormatCopyRow(text, row), "a\\tb\\\\c\\nd\t\\N\t\n");
  auto read = ParseCopyData(text, FormatCopyRow(text, row) + "\\.\n");
  ASSERT_TRUE(read.ok());
  ASSERT_EQ(read->size(), 1u);
  EXPECT_EQ((*read)[0], row);

  CopyCommand csv;
  csv.csv = true;
  csv.delimiter = ',';
  csv.null_string = "";
  const CopyRow quoted = {std::string("x,\"y\"\nz"), std::nullopt, std::string("")};
  EXPECT_EQ(FormatCopyRow(csv, quoted), "\"x,\"\"y\"\"\nz\",,\"\"\n");
  auto back = ParseCopyData(csv, FormatCopyRow(csv, quoted) + "1,2,3\r\n");
  ASSERT_TRUE(back.ok());
  ASSERT_EQ(back->size(), 2u);
  EXPECT_EQ((*back)[0], quoted);
  EXPECT_EQ((*back)[1], (CopyRow{"1", "2", "3"}));
  EXPECT_FALSE(ParseCopyData(csv, "\"never closed\n").ok());

  csv.header = true;
  auto headed = ParseCopyData(csv, "a,b\n1,2\n");
  ASSERT_TRUE(headed.ok());
  EXPECT_EQ(headed->size(), 1u);

  EXPECT_EQ(OrbitCsv({{std::string("a\"b"), std::nullopt, std::string("")}}), "\"a\"\"b\",,\"\"\n");
}

}  // namespace
}  // namespace orbit::server
