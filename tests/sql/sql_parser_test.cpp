#include <map>

#include <gtest/gtest.h>

#include "sql/parser/parser.h"
#include "sql/parser/source_text.h"

namespace orbit {
namespace {

ast::Statement MustParse(const std::string& sql) {
  Result<ast::Statement> parsed = ParseStatement(sql);
  EXPECT_TRUE(parsed.ok()) << sql << "\n" << parsed.status().ToString();
  return parsed.ok() ? std::move(parsed).value() : ast::Statement{};
}

ast::SelectStatement MustParseSelect(const std::string& sql) {
  ast::Statement s = MustParse(sql);
  EXPECT_TRUE(std::holds_alternative<ast::SelectStatement>(s.node)) << sql;
  return std::holds_alternative<ast::SelectStatement>(s.node) ? std::get<ast::SelectStatement>(s.node)
                                                              : ast::SelectStatement{};
}

std::string ParseErrorOf(const std::string& sql) {
  Result<ast::Statement> parsed = ParseStatement(sql);
  EXPECT_FALSE(parsed.ok()) << sql;
  return parsed.ok() ? "" : parsed.status().message();
}

TEST(SqlParserTest, SplitsScriptsIntoStatements) {
  auto split = SplitStatements("SELECT 1; ;;\n  SELECT ';' ;\n-- comment only\n");
  ASSERT_TRUE(split.ok()) << split.status().ToString();
  ASSERT_EQ(split->size(), 2u);
  EXPECT_EQ((*split)[0], "SELECT 1");
  EXPECT_EQ((*split)[1], "SELECT ';'");
}

TEST(SqlParserTest, SplitKeepsDuckDbCreateOrReplace) {
  auto split = SplitStatements("CREATE OR REPLACE TABLE x AS SELECT 1; SELECT 2");
  ASSERT_TRUE(split.ok());
  ASSERT_EQ(split->size(), 2u);
  EXPECT_EQ((*split)[0], "CREATE OR REPLACE TABLE x AS SELECT 1");
}

TEST(SqlParserTest, UnterminatedStringFailsOnlyItsOwnStatement) {
  auto split = SplitStatements("SELECT 1;\nSELECT 'abc; SELECT 3");
  ASSERT_TRUE(split.ok()) << split.status().ToString();
  ASSERT_EQ(split->size(), 2u);
  EXPECT_EQ((*split)[0], "SELECT 1");
  EXPECT_EQ(ParseErrorOf((*split)[1]), "unterminated quoted string at or near \"'abc; SELECT 3\" (line 1, column 8)");
}

TEST(SqlParserTest, SplitAccountsForEveryByte) {
  // Text libpg_query's splitter dropped: no leading keyword, unbalanced parentheses.
  const std::vector<std::pair<std::string, std::vector<std::string>>> cases = {
      {"SELEC 1", {"SELEC 1"}},
      {"FOO BAR", {"FOO BAR"}},
      {"PRAGMA default_order='DESCENDING'", {"PRAGMA default_order='DESCENDING'"}},
      {"INSERT INTO t VALUES (1, 2", {"INSERT INTO t VALUES (1, 2"}},
      {"SELECT 1 AS a; SELECT 2); SELECT 3 AS x", {"SELECT 1 AS a", "SELECT 2)", "SELECT 3 AS x"}},
      {"SELECT 1; SELECT (2; SELECT 3", {"SELECT 1", "SELECT (2", "SELECT 3"}},
      {"SELECT 1; /* unterminated", {"SELECT 1", "/* unterminated"}},
      {"SELECT $$a;b$$; SELECT $t$x$$;$t$", {"SELECT $$a;b$$", "SELECT $t$x$$;$t$"}},
      {"SELECT E'a\\';b'; SELECT 'c'';d'", {"SELECT E'a\\';b'", "SELECT 'c'';d'"}},
      {"SELECT \"a;b\" FROM t; SELECT a$b FROM t", {"SELECT \"a;b\" FROM t", "SELECT a$b FROM t"}},
      {"SELECT /* a; /* b; */ c; */ 1 -- d;\n; ", {"SELECT /* a; /* b; */ c; */ 1"}},
  };
  for (const auto& [sql, expected] : cases) {
    auto split = SplitStatements(sql);
    ASSERT_TRUE(split.ok()) << sql;
    EXPECT_EQ(*split, expected) << sql;
  }
  EXPECT_EQ(ParseErrorOf("SELECT 2)"), "syntax error at or near \")\" (line 1, column 9)");
  EXPECT_EQ(ParseErrorOf("FOO BAR"), "syntax error at or near \"FOO\" (line 1, column 1)");
}

TEST(SqlParserTest, SyntaxErrorsCarryLineAndColumn) {
  Result<ast::Statement> parsed = ParseStatement("SELECT a FORM t");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().code(), StatusCode::kSyntaxError);
  EXPECT_EQ(parsed.status().message(), "syntax error at or near \"t\" (line 1, column 15)");

  EXPECT_EQ(ParseErrorOf("SELECT a\n  FROM t\n WHERE x = 1 FORM y"),
            "syntax error at or near \"FORM\" (line 3, column 14)");
  EXPECT_EQ(ParseErrorOf("SELECT * FORM t"), "syntax error at or near \"FORM\" (line 1, column 10)");
  EXPECT_EQ(ParseErrorOf("SELECT 'é', * FORM t"), "syntax error at or near \"FORM\" (line 1, column 15)");
}

TEST(SqlParserTest, RecoversZeroAndNegativeIntegers) {
  // libpg_query 15 drops these values from its JSON output; the parser reads them back.
  auto select = MustParseSelect("SELECT 0, -5, - 7, -(3), 12, -2147483648");
  ASSERT_EQ(select.targets.size(), 6u);
  std::vector<int64_t> expected = {0, -5, -7, -3, 12, -2147483648LL};
  for (size_t i = 0; i < expected.size(); ++i) {
    const ast::Expr& e = *select.targets[i].expr;
    ASSERT_EQ(e.kind, ast::ExprKind::kConstant) << i;
    EXPECT_EQ(e.constant.kind, ast::ConstantKind::kInteger) << i;
    EXPECT_EQ(e.constant.integer, expected[i]) << i;
  }
}

TEST(SqlParserTest, BuildsSelectTree) {
  auto select = MustParseSelect(
      "SELECT l_returnflag AS flag, sum(l_quantity), count(*) FROM lineitem AS li "
      "WHERE l_shipdate <= DATE '1998-12-01' - INTERVAL '90' DAY GROUP BY 1 "
      "ORDER BY flag DESC NULLS LAST, 2 LIMIT 10 OFFSET 5");
  ASSERT_EQ(select.targets.size(), 3u);
  EXPECT_EQ(select.targets[0].alias, "flag");
  EXPECT_EQ(select.targets[1].expr->ToString(), "sum(l_quantity)");
  EXPECT_EQ(select.targets[2].expr->ToString(), "count(*)");
  ASSERT_TRUE(select.from.has_value());
  EXPECT_EQ(select.from->name, "lineitem");
  EXPECT_EQ(select.from->alias, "li");
  EXPECT_EQ(select.where->ToString(), "(l_shipdate <= (DATE '1998-12-01' - INTERVAL '90' DAY))");
  ASSERT_EQ(select.group_by.size(), 1u);
  ASSERT_EQ(select.order_by.size(), 2u);
  EXPECT_TRUE(select.order_by[0].descending);
  EXPECT_EQ(select.order_by[0].nulls_first, std::optional<bool>(false));
  EXPECT_FALSE(select.order_by[1].nulls_first.has_value());
  EXPECT_EQ(select.limit->constant.integer, 10);
  EXPECT_EQ(select.offset->constant.integer, 5);
}

TEST(SqlParserTest, ParsesExpressionsOfEveryKind) {
  auto select = MustParseSelect(
      "SELECT a BETWEEN 1 AND 2, a NOT IN (1, 2), a IS NULL, NOT b, x::INTEGER, CAST(y AS DECIMAL(15,2)), "
      "-a, 1.5e3, 0.05, 'it''s', NULL, TRUE, t.*");
  std::vector<std::string> expected = {"(a BETWEEN 1 AND 2)",
                                       "(a NOT IN (1, 2))",
                                       "(a IS NULL)",
                                       "(NOT b)",
                                       "CAST(x AS INTEGER)",
                                       "CAST(y AS DECIMAL(15,2))",
                                       "-a",
                                       "1.5e3",
                                       "0.05",
                                       "'it''s'",
                                       "NULL",
                                       "TRUE",
                                       "t.*"};
  ASSERT_EQ(select.targets.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(select.targets[i].expr->ToString(), expected[i]);
}

TEST(SqlParserTest, BuildsJoinTrees) {
  // FROM a x JOIN b USING (k) LEFT JOIN c ON x.k = c.k, d: ((a JOIN b) LEFT JOIN c) CROSS d.
  auto select = MustParseSelect("SELECT 1 FROM a x JOIN b USING (k, j) LEFT OUTER JOIN c ON x.k = c.k, d");
  ASSERT_TRUE(select.from && select.from->is_join());
  const ast::JoinClause& comma = *select.from->join;
  EXPECT_EQ(comma.type, ast::JoinType::kCross);
  EXPECT_EQ(comma.right.name, "d");
  ASSERT_TRUE(comma.left.is_join());
  const ast::JoinClause& left = *comma.left.join;
  EXPECT_EQ(left.type, ast::JoinType::kLeft);
  EXPECT_EQ(left.condition->ToString(), "(x.k = c.k)");
  ASSERT_TRUE(left.left.is_join());
  const ast::JoinClause& inner = *left.left.join;
  EXPECT_EQ(inner.type, ast::JoinType::kInner);
  EXPECT_EQ(inner.using_columns, (std::vector<std::string>{"k", "j"}));
  EXPECT_EQ(inner.left.name, "a");
  EXPECT_EQ(inner.left.alias, "x");
  EXPECT_EQ(inner.condition, nullptr);
  auto cross = MustParseSelect("SELECT 1 FROM a CROSS JOIN b");
  ASSERT_TRUE(cross.from->is_join());
  EXPECT_EQ(cross.from->join->type, ast::JoinType::kCross);
}

TEST(SqlParserTest, ParsesReadCsvWithEveryOptionSyntax) {
  auto select = MustParseSelect(
      "SELECT * FROM read_csv('f.tbl', delim => '|', header := false, quote = '\"', columns => 'a INT')");
  ASSERT_TRUE(select.from->is_function);
  EXPECT_EQ(select.from->name, "read_csv");
  ASSERT_EQ(select.from->arguments.size(), 5u);
  EXPECT_EQ(select.from->arguments[1]->kind, ast::ExprKind::kNamedArgument);
  EXPECT_EQ(select.from->arguments[2]->kind, ast::ExprKind::kNamedArgument);
  EXPECT_EQ(select.from->arguments[3]->kind, ast::ExprKind::kBinaryOp);
}

TEST(SqlParserTest, ParsesCopyOptionsInBothForms) {
  for (const char* sql : {"COPY t FROM 'f.tbl' WITH (FORMAT csv, DELIMITER '|', HEADER false, NULL 'x')",
                          "COPY t FROM 'f.tbl' DELIMITER '|' CSV NULL 'x'"}) {
    ast::Statement s = MustParse(sql);
    ASSERT_TRUE(std::holds_alternative<ast::CopyStatement>(s.node)) << sql;
    const auto& copy = std::get<ast::CopyStatement>(s.node);
    EXPECT_EQ(copy.table, "t");
    EXPECT_EQ(copy.path, "f.tbl");
    std::map<std::string, std::string> options;
    for (const auto& o : copy.options) options[o.name] = o.value.value_or("<none>");
    EXPECT_EQ(options["delimiter"], "|") << sql;
    EXPECT_EQ(options["format"], "csv") << sql;
    EXPECT_EQ(options["null"], "x") << sql;
  }
}

TEST(SqlParserTest, CreateOrReplaceTableIsRecognised) {
  ast::Statement s = MustParse("CREATE OR REPLACE TABLE x AS SELECT 1");
  ASSERT_TRUE(std::holds_alternative<ast::CreateTableAsStatement>(s.node));
  EXPECT_TRUE(std::get<ast::CreateTableAsStatement>(s.node).or_replace);

  ast::Statement plain = MustParse("CREATE TABLE x AS SELECT 1");
  EXPECT_FALSE(std::get<ast::CreateTableAsStatement>(plain.node).or_replace);

  // Error positions stay those of the original text.
  EXPECT_EQ(ParseErrorOf("CREATE OR REPLACE TABLE x AS SELEC 1"),
            "syntax error at or near \"SELEC\" (line 1, column 30)");
}

TEST(SqlParserTest, ParsesColumnDefinitions) {
  auto columns = ParseColumnDefinitions("a INTEGER NOT NULL, b DECIMAL(15,2), c VARCHAR(10)");
  ASSERT_TRUE(columns.ok()) << columns.status().ToString();
  ASSERT_EQ(columns->size(), 3u);
  EXPECT_EQ((*columns)[0].name, "a");
  EXPECT_TRUE((*columns)[0].not_null);
  EXPECT_EQ((*columns)[1].type.ToString(), "DECIMAL(15,2)");
  EXPECT_EQ((*columns)[1].type.modifiers, (std::vector<int64_t>{15, 2}));

  auto bad = ParseColumnDefinitions("a INTEGER,, b INT");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kSyntaxError);
  EXPECT_NE(bad.status().message().find("(line 1, column 11)"), std::string::npos) << bad.status().message();

  auto smuggled = ParseColumnDefinitions("a INT); DROP TABLE t; CREATE TABLE y (b INT");
  EXPECT_FALSE(smuggled.ok());
}

TEST(SqlParserTest, UnsupportedConstructsAreNamed) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"WITH x AS (SELECT 1) DELETE FROM t", "WITH before UPDATE or DELETE"},
      {"SELECT a FROM t WHERE b SIMILAR TO 'x%'", "SIMILAR TO"},
      {"CREATE TEMP VIEW v AS SELECT 1", "temporary views"},
      {"CREATE INDEX i ON t (a)", "CREATE INDEX"},
      {"CREATE TABLE x (a INT REFERENCES y (b))", "REFERENCES constraints"},
      {"CREATE TABLE x (a INT CHECK (a > 0) NO INHERIT)", "CHECK ... NO INHERIT"},
      {"COMMIT AND CHAIN", "COMMIT AND CHAIN and ROLLBACK AND CHAIN"},
      {"COPY t TO STDOUT", "COPY TO STDOUT"},
      {"COPY t FROM STDIN", "COPY FROM STDIN"},
      {"DROP VIEW v CASCADE", "DROP VIEW ... CASCADE"},
      {"DROP INDEX i", "DROP INDEX"},
  };
  for (const auto& [sql, construct] : cases) {
    Result<ast::Statement> parsed = ParseStatement(sql);
    ASSERT_FALSE(parsed.ok()) << sql;
    EXPECT_EQ(parsed.status().code(), StatusCode::kNotSupported) << sql << ": " << parsed.status().message();
    EXPECT_EQ(parsed.status().message(), "not supported yet: " + construct) << sql;
  }
}

// ROLLUP drops its elements from the right, a parenthesised list being one; CUBE takes every
// subset, the first element the highest bit; items side by side multiply.
TEST(SqlParserTest, ExpandsGroupingSets) {
  ast::SelectStatement s = MustParseSelect("SELECT 1 FROM t GROUP BY a, ROLLUP (b, (c, d)), CUBE (e)");
  ASSERT_EQ(s.group_by.size(), 5u);
  const std::vector<std::vector<size_t>> expected = {{0, 1, 2, 3, 4}, {0, 1, 2, 3}, {0, 1, 4}, {0, 1}, {0, 4}, {0}};
  EXPECT_EQ(s.grouping_sets, expected);
  ast::SelectStatement cube = MustParseSelect("SELECT 1 FROM t GROUP BY GROUPING SETS ((a, b), ()), CUBE (c, d)");
  const std::vector<std::vector<size_t>> cube_sets = {{0, 1, 2, 3}, {0, 1, 2}, {0, 1, 3}, {0, 1}, {2, 3}, {2}, {3}, {}};
  EXPECT_EQ(cube.grouping_sets, cube_sets);
  EXPECT_TRUE(MustParseSelect("SELECT 1 FROM t GROUP BY a, b").grouping_sets.empty());
}

TEST(SqlParserTest, ParsesWindowCallsWithTheirWindows) {
  ast::SelectStatement s = MustParseSelect(
      "SELECT sum(x) OVER (PARTITION BY a, b ORDER BY c DESC NULLS LAST ROWS BETWEEN 2 PRECEDING AND 3 FOLLOWING "
      "EXCLUDE TIES), rank() OVER w, count(*) OVER (w RANGE CURRENT ROW) FROM t WINDOW w AS (ORDER BY d)");
  ASSERT_EQ(s.targets.size(), 3u);
  const ast::Expr& sum = *s.targets[0].expr;
  ASSERT_EQ(sum.kind, ast::ExprKind::kWindow);
  const ast::WindowSpec& w = *sum.window;
  EXPECT_EQ(w.arguments, 1u);
  EXPECT_EQ(w.partitions, 2u);
  ASSERT_EQ(w.order.size(), 1u);
  EXPECT_TRUE(w.order[0].descending);
  EXPECT_EQ(w.order[0].nulls_first, std::optional<bool>(false));
  EXPECT_TRUE(w.has_frame);
  EXPECT_EQ(w.unit, FrameUnit::kRows);
  EXPECT_EQ(w.start, FrameBoundKind::kPreceding);
  EXPECT_EQ(w.end, FrameBoundKind::kFollowing);
  EXPECT_EQ(w.exclusion, FrameExclusion::kTies);
  ASSERT_EQ(sum.children.size(), 6u);  // x, a, b, c, 2, 3
  EXPECT_EQ(sum.children[w.start_offset]->ToString(), "2");
  EXPECT_EQ(sum.children[w.end_offset]->ToString(), "3");
  EXPECT_EQ(sum.ToString(),
            "sum(x) OVER (PARTITION BY a, b ORDER BY c DESC NULLS LAST ROWS BETWEEN 2 PRECEDING AND 3 FOLLOWING "
            "EXCLUDE TIES)");
  // OVER w copies w; OVER (w ...) takes its ORDER BY and adds a frame.
  const ast::Expr& rank = *s.targets[1].expr;
  ASSERT_EQ(rank.kind, ast::ExprKind::kWindow);
  EXPECT_EQ(rank.window->order.size(), 1u);
  EXPECT_FALSE(rank.window->has_frame);
  EXPECT_EQ(rank.children[rank.window->order_begin()]->ToString(), "d");
  const ast::Expr& count = *s.targets[2].expr;
  EXPECT_TRUE(count.star);
  EXPECT_EQ(count.window->order.size(), 1u);
  EXPECT_EQ(count.window->unit, FrameUnit::kRange);
  EXPECT_EQ(count.window->end, FrameBoundKind::kCurrentRow);
  EXPECT_NE(ParseErrorOf("SELECT rank() OVER v FROM t WINDOW w AS ()").find("window \"v\" does not exist"),
            std::string::npos);
}

TEST(SqlParserTest, ParsesShow) {
  EXPECT_EQ(std::get<ast::ShowStatement>(MustParse("SHOW Threads").node).name, "threads");
  EXPECT_EQ(std::get<ast::ShowStatement>(MustParse("show all").node).name, "all");
}

TEST(SqlParserTest, ParsesSetInBothForms) {
  for (const char* sql : {"SET threads = 4", "SET Threads TO 4", "set THREADS to '4'"}) {
    ast::Statement s = MustParse(sql);
    const auto& set = std::get<ast::SetStatement>(s.node);
    EXPECT_EQ(set.name, "threads") << sql;
    EXPECT_EQ(set.value, "4") << sql;
  }
  ast::Statement negative = MustParse("SET x = -1");
  EXPECT_EQ(std::get<ast::SetStatement>(negative.node).value, "-1");
  ast::Statement word = MustParse("SET fallback = error");
  EXPECT_EQ(std::get<ast::SetStatement>(word.node).value, "error");
  EXPECT_FALSE(std::get<ast::SetStatement>(word.node).to_default);
}

TEST(SqlParserTest, ParsesSetToDefaultAndReset) {
  for (const char* sql : {"SET memory_limit TO DEFAULT", "SET Memory_Limit = DEFAULT", "RESET memory_limit"}) {
    ast::Statement s = MustParse(sql);
    const auto& set = std::get<ast::SetStatement>(s.node);
    EXPECT_EQ(set.name, "memory_limit") << sql;
    EXPECT_TRUE(set.to_default) << sql;
  }
  ast::Statement reset_all = MustParse("RESET ALL");
  const auto& all = std::get<ast::SetStatement>(reset_all.node);
  EXPECT_EQ(all.name, "all");
  EXPECT_TRUE(all.to_default);
}

// Found by tests/fuzz/sql_fuzzer: libpg_query copies a literal's bytes into its JSON, which
// then did not parse (an internal error), and a NUL byte ended the statement unseen.
TEST(SqlParserTest, RejectsTextThatIsNotUtf8) {
  EXPECT_EQ(ParseErrorOf("SELECT '\xff'"), "invalid byte sequence for encoding \"UTF8\": 0xff (line 1, column 9)");
  EXPECT_EQ(ParseErrorOf("SELECT 1 \x80"), "invalid byte sequence for encoding \"UTF8\": 0x80 (line 1, column 10)");
  EXPECT_EQ(ParseErrorOf("SELECT 'h\xc3\xa9',\n '\xed\xa0\x80'"),  // a surrogate
            "invalid byte sequence for encoding \"UTF8\": 0xed (line 2, column 3)");
  EXPECT_EQ(ParseErrorOf(std::string("SELECT 1\0; DROP TABLE t", 23)),
            "invalid byte sequence for encoding \"UTF8\": 0x00 (line 1, column 9)");
  EXPECT_EQ(ParseErrorOf("SELECT '\xf0\x9f\x98'"),
            "invalid byte sequence for encoding \"UTF8\": 0xf0 (line 1, column 9)");
  MustParseSelect("SELECT 'h\xc3\xa9 \xf0\x9f\x98\x80 \xe2\x82\xac'");
}

TEST(SqlParserTest, RejectsSeveralStatements) {
  Result<ast::Statement> parsed = ParseStatement("SELECT 1; SELECT 2");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument);
}

// libpg_query recurses per parenthesis and overflowed the stack at about 60,000 of them
// (SIGSEGV); the parser refuses such text before libpg_query sees it.
TEST(SqlParserTest, RefusesParenthesesTooDeepForLibpgQuery) {
  const std::string deep = "SELECT " + std::string(100000, '(') + "1" + std::string(100000, ')');
  Result<ast::Statement> parsed = ParseStatement(deep);
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.status().message().find("statement too complex: it nests parentheses 100000 deep"),
            std::string::npos)
      << parsed.status().ToString();
  // Parentheses inside text and comments are not counted; 5,000 real ones parse.
  const std::string quoted = "SELECT '" + std::string(100000, '(') + "' /* " + std::string(100000, '(') + " */";
  EXPECT_TRUE(ParseStatement(quoted).ok());
  const std::string fine = "SELECT " + std::string(5000, '(') + "1" + std::string(5000, ')');
  EXPECT_TRUE(ParseStatement(fine).ok());
}

TEST(SqlParserTest, NumbersQuestionMarksAsParameters) {
  Result<ast::Statement> parsed = ParseStatement("SELECT ?, '?', \"?\", ? /* ? */");
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->parameter_count, 2);
  Result<std::string> text = TextForParser("SELECT ? + ?");
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(*text, "SELECT $1 + $2");
  EXPECT_FALSE(TextForParser("SELECT $1, ?").ok());
  EXPECT_EQ(MustParse("SELECT $3 + $1").parameter_count, 3);
}

// DuckDB's list literal, which PostgreSQL's grammar lacks, is read as ARRAY[...] where a
// '[' cannot be a subscript: right after '(' or ','.
TEST(SqlParserTest, ListLiteralsReadAsArrays) {
  Result<std::string> text = TextForParser("SELECT * FROM read_parquet(['a', 'b'], x => ?)");
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(*text, "SELECT * FROM read_parquet(ARRAY['a', 'b'], x => $1)");
  EXPECT_EQ(*TextForParser("SELECT f( [1], '([x]', /* ([ */ a[1])"), "SELECT f( ARRAY[1], '([x]', /* ([ */ a[1])");
  ast::Statement parsed = MustParse("SELECT * FROM read_parquet(['a.parquet', 'b.parquet'])");
  const auto& select = std::get<ast::SelectStatement>(parsed.node);
  ASSERT_TRUE(select.from.has_value());
  ASSERT_EQ(select.from->arguments.size(), 1u);
  EXPECT_EQ(select.from->arguments[0]->kind, ast::ExprKind::kArray);
  EXPECT_EQ(select.from->arguments[0]->ToString(), "['a.parquet', 'b.parquet']");
}

TEST(SqlParserTest, CopyToTakesATableOrAQuery) {
  const auto table = std::get<ast::CopyStatement>(MustParse("COPY t TO 'x.parquet' (FORMAT parquet)").node);
  EXPECT_TRUE(table.to);
  EXPECT_EQ(table.table, "t");
  EXPECT_EQ(table.options.at(0).value, "parquet");
  const auto query = std::get<ast::CopyStatement>(MustParse("COPY (SELECT 1 AS a) TO 'x.csv'").node);
  EXPECT_TRUE(query.to);
  EXPECT_TRUE(query.table.empty());
  ASSERT_TRUE(query.query != nullptr);
  EXPECT_FALSE(std::get<ast::CopyStatement>(MustParse("COPY t FROM 'x.csv'").node).to);
}

// A DEFAULT is stored as its text (a database folder keeps it that way): the text must be
// exactly the expression, whatever follows it, and parse back alone.
TEST(SqlParserTest, ColumnDefaultKeepsItsText) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"CREATE TABLE t (a INT DEFAULT 1, b INT)", "1"},
      {"CREATE TABLE t (a VARCHAR DEFAULT 'x, y)' NOT NULL)", "'x, y)'"},
      {"CREATE TABLE t (a INT DEFAULT (1 + 2) * 3 PRIMARY KEY)", "(1 + 2) * 3"},
      {"CREATE TABLE t (a VARCHAR DEFAULT upper('it''s'))", "upper('it''s')"},
      {"CREATE TABLE t (a VARCHAR DEFAULT E'a\\',b' , b INT)", "E'a\\',b'"},
      {"CREATE TABLE t (a INT DEFAULT 5 -- five, really\n, b INT)", "5 -- five, really"},
      {"CREATE TABLE t (a INT DEFAULT /* ) */ 7)", "/* ) */ 7"},
      {"create table t (a int default\n  coalesce(NULL, 2)\n)", "coalesce(NULL, 2)"},
  };
  for (const auto& [sql, expected] : cases) {
    ast::Statement s = MustParse(sql);
    ASSERT_TRUE(std::holds_alternative<ast::CreateTableStatement>(s.node)) << sql;
    const ast::ColumnDefinition& column = std::get<ast::CreateTableStatement>(s.node).columns[0];
    ASSERT_NE(column.default_value, nullptr) << sql;
    EXPECT_EQ(column.default_sql, expected) << sql;
    EXPECT_TRUE(ParseStatement("SELECT " + column.default_sql).ok()) << column.default_sql;
  }
  EXPECT_EQ(DefaultExpressionText("a INT DEFAULT 1", -1, -1), "");
  EXPECT_EQ(DefaultExpressionText("a INT DEFAULT 1", 2, -1), "");  // not at DEFAULT
  EXPECT_EQ(DefaultExpressionText("a INT DEFAULT 1", 99, -1), "");
  EXPECT_EQ(DefaultExpressionText("DEFAULT 'open", 0, -1), "'open");
}

}  // namespace
}  // namespace orbit
