// read_csv(...) is a scan that runs with the query: binding reads only the start of the
// file (the columns), EXPLAIN reads nothing more, a query that fails before it runs reads
// nothing more, and errors in the records still name the file, line and column.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>

#include <fmt/format.h>

#include "exec/expression/expression_evaluator.h"
#include "main/session.h"

namespace orbit {
namespace {

class TableFunctionScanTest : public ::testing::Test {
 protected:
  void TearDown() override {
    for (const std::string& path : files_) std::filesystem::remove(path);
  }

  std::string File(const std::string& contents) {
    static std::atomic<int> counter{0};
    std::string path =
        (std::filesystem::temp_directory_path() / fmt::format("orbit_scan_test_{}_{}.csv", ::getpid(), counter++))
            .string();
    std::ofstream(path, std::ios::binary) << contents;
    files_.push_back(path);
    return path;
  }

  /// The rows of a result, each as "v1|v2|...", or the error's message.
  std::string Text(const std::string& sql) {
    auto result = connection_.Query(sql);
    if (!result.ok()) return "error: " + result.status().message();
    std::string text;
    for (const Batch& batch : result->table()->batches()) {
      for (int64_t r = 0; r < batch.length; ++r) {
        for (size_t c = 0; c < batch.columns.size(); ++c) {
          text += (c ? "|" : "") + ValueAt(batch.columns[c]->view(), r).ToString();
        }
        text += "\n";
      }
    }
    return text;
  }

  // Rows the type sniff sees (options.sample_rows) and more, all integers, then a bad one.
  std::string IntegersThenText(int rows) {
    std::string text = "n,s\n";
    for (int i = 0; i < rows; ++i) text += fmt::format("{},x\n", i);
    return text + "abc,y\n";
  }

  DatabaseInstance database_;
  Session connection_{database_};
  std::vector<std::string> files_;
};

TEST_F(TableFunctionScanTest, ExplainDoesNotReadTheRecordsTheSelectFails) {
  const int rows = 30000;  // beyond the 20480 rows whose types are sniffed
  const std::string path = File(IntegersThenText(rows));
  const std::string query = fmt::format("SELECT sum(n) FROM read_csv('{}')", path);
  const std::string plan = Text("EXPLAIN " + query);
  EXPECT_EQ(plan.find("error"), std::string::npos) << plan;
  EXPECT_NE(plan.find(fmt::format("TableScan read_csv('{}') [n]", path)), std::string::npos) << plan;
  const std::string failed = Text(query);
  EXPECT_NE(failed.find(fmt::format("{}:{}: column 1 (n): cannot read 'abc' as BIGINT", path, rows + 2)),
            std::string::npos)
      << failed;
  EXPECT_NE(failed.find("pass explicit column types"), std::string::npos) << failed;
}

TEST_F(TableFunctionScanTest, AQueryThatFailsBeforeRunningReadsNoRecord) {
  const std::string path = File("a,b\n1,x\nnot a number,y\n");
  // The bind error, not the file's: the scan never ran.
  const std::string unbound =
      Text(fmt::format("SELECT nope FROM read_csv('{}', columns => 'a INTEGER, b VARCHAR')", path));
  EXPECT_EQ(unbound.rfind("error: column \"nope\" does not exist", 0), 0u) << unbound;
  EXPECT_NE(Text(fmt::format("SELECT a FROM read_csv('{}', columns => 'a INTEGER, b VARCHAR')", path))
                .find(fmt::format("{}:3: column 1 (a): cannot read 'not a number' as INTEGER", path)),
            std::string::npos);
}

TEST_F(TableFunctionScanTest, ExplainAnalyzeShowsTheScanAndTheEstimate) {
  std::string text = "k,v\n";
  for (int i = 0; i < 4000; ++i) text += fmt::format("{},{}\n", i % 7, 1000 + i % 1000);
  const std::string path = File(text);
  const std::string query = fmt::format("SELECT k, sum(v) FROM read_csv('{}') GROUP BY k ORDER BY k", path);
  EXPECT_EQ(Text(query).substr(0, 9), "0|857142\n");
  const std::string plan = Text("EXPLAIN " + query);
  // The estimate: the file's bytes over the mean length of its first records (7 bytes).
  const size_t at = plan.find(fmt::format("TableScan read_csv('{}') [k, v]  [estimated rows: ", path));
  ASSERT_NE(at, std::string::npos) << plan;
  const std::string analyzed = Text("EXPLAIN ANALYZE " + query);
  EXPECT_NE(analyzed.find(fmt::format("TableScan read_csv('{}') [k, v]", path)), std::string::npos) << analyzed;
  EXPECT_NE(analyzed.find("rows out: 4000"), std::string::npos) << analyzed;
  EXPECT_NE(analyzed.find("[produced before the run: "), std::string::npos) << analyzed;
}

TEST_F(TableFunctionScanTest, OptionsAreCheckedAtBindTime) {
  const std::string path = File("a|b\n1|x\n");
  EXPECT_EQ(Text(fmt::format("SELECT * FROM read_csv('{}', delim => '|')", path)), "1|x\n");
  EXPECT_EQ(Text(fmt::format("SELECT * FROM read_csv('{}', delimiter => '||')", path)),
            "error: read_csv option delimiter must be a single one-byte character, not '||'");
  EXPECT_EQ(Text(fmt::format("SELECT * FROM read_csv('{}', delimeter => '|')", path)),
            "error: read_csv has no option \"delimeter\"; did you mean \"delimiter\"?");
  EXPECT_EQ(Text(fmt::format("SELECT * FROM read_csv('{}', header => 'maybe')", path)),
            "error: read_csv option header must be true or false, not 'maybe'");
  EXPECT_EQ(Text("SELECT * FROM read_csv(delim => '|')"), "error: read_csv needs a file path: read_csv('file.csv')");
  EXPECT_EQ(Text(fmt::format("SELECT * FROM read_csv('{}', 'x')", path)),
            "error: read_csv takes the file path as a string, then named options; got 'x'");
  EXPECT_EQ(Text("SELECT * FROM orbit_devices(1)"), "error: orbit_devices() takes no arguments");
}

TEST_F(TableFunctionScanTest, TheSystemTablesAreScansToo) {
  const std::string plan = Text("EXPLAIN SELECT count(*) FROM orbit_functions()");
  EXPECT_NE(plan.find("TableScan orbit_functions()"), std::string::npos) << plan;
  EXPECT_EQ(Text("SELECT count(*) > 0 FROM orbit_devices() WHERE kind = 'cpu'"), "true\n");
}

}  // namespace
}  // namespace orbit
