// Runs every tests/sqllogic/*.test file: SQL behaviour tested as data (STYLE.md). A file is a
// sequence of blocks separated by blank lines:
//
//   statement ok            the statement must succeed
//   statement error TEXT    the statement must fail with a message containing TEXT
//   query                   the rows must equal the lines after ----, cells joined by '|',
//   SQL                     NULL written as NULL, in order
//   ----
//   1|abc
//
//   require parquet         skips the rest of the file (saying why) when this build has no
//                           Parquet plugin
//
//   connection NAME         the blocks after it run on session NAME of the same database
//                           (made at its first use; the file starts on "default"), so that
//                           a file can show what one session sees of another's transaction
//
// __TEST_DIR__ in a statement is a fresh folder of the file's own, for the files it writes.
// Each file opens with `# name: tests/sqllogic/<file>.test`, `# description: ...` (DuckDB's
// headers) and runs in a fresh database and connection. Lines starting with # are comments.
// An internal error fails the file wherever it appears, also where an error is expected:
// it is a bug in Orbit, never the error a test means.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>

#include "exec/expression/expression_evaluator.h"
#include "io/parquet/parquet_plugin_loader.h"
#include "main/session.h"

namespace orbit {
namespace {

struct Block {
  std::string kind;  // "statement ok", "statement error", "query"
  std::string expected_error;
  std::string sql;
  std::vector<std::string> expected_rows;
  int line = 0;
};

std::vector<Block> ParseTestFile(const std::string& path) {
  std::ifstream in(path);
  std::vector<Block> blocks;
  std::string line;
  int number = 0;
  Block current;
  bool in_results = false;
  auto flush = [&] {
    if (!current.kind.empty()) blocks.push_back(current);
    current = Block{};
    in_results = false;
  };
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) {
      flush();
      continue;
    }
    if (line[0] == '#' && current.kind.empty()) continue;
    if (current.kind.empty()) {
      current.line = number;
      if (line.rfind("statement error", 0) == 0) {
        current.kind = "statement error";
        current.expected_error = line.size() > 16 ? line.substr(16) : "";
      } else {
        current.kind = line;
      }
      continue;
    }
    if (line == "----") {
      in_results = true;
      continue;
    }
    if (in_results) {
      current.expected_rows.push_back(line);
    } else {
      current.sql += (current.sql.empty() ? "" : "\n") + line;
    }
  }
  flush();
  return blocks;
}

std::vector<std::string> RowsOf(const Table& table) {
  std::vector<std::string> rows;
  for (const Batch& batch : table.batches()) {
    for (int64_t r = 0; r < batch.length; ++r) {
      std::string row;
      for (int c = 0; c < table.num_columns(); ++c) {
        if (c) row += "|";
        row += ValueAt(batch.columns[c]->view(), r).ToString();
      }
      rows.push_back(row);
    }
  }
  return rows;
}

void ReplaceAll(std::string& text, const std::string& from, const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

std::string Joined(const std::vector<std::string>& rows) {
  std::string out;
  for (const auto& r : rows) out += r + "\n";
  return out;
}

class SqlLogicTest : public ::testing::TestWithParam<std::string> {};

// The file's first two lines name it and say what it tests.
void ExpectHeader(const std::string& path) {
  std::ifstream in(path);
  std::string name, description;
  std::getline(in, name);
  std::getline(in, description);
  const std::string relative = "tests/sqllogic/" + std::filesystem::path(path).filename().string();
  EXPECT_EQ(name, "# name: " + relative) << path << " must open with its # name: line";
  EXPECT_TRUE(description.starts_with("# description: ") && description.size() > 15)
      << path << " must have a # description: line second";
}

TEST_P(SqlLogicTest, File) {
  const std::string path = GetParam();
  ExpectHeader(path);
  std::vector<Block> blocks = ParseTestFile(path);
  ASSERT_FALSE(blocks.empty()) << path << " has no test blocks";
  DatabaseInstance database;
  std::map<std::string, std::unique_ptr<Session>> sessions;
  sessions["default"] = std::make_unique<Session>(database);
  Session* connection = sessions["default"].get();
  const std::filesystem::path test_dir =
      std::filesystem::temp_directory_path() / ("orbit_sqllogic_" + std::filesystem::path(path).stem().string());
  std::filesystem::remove_all(test_dir);
  std::filesystem::create_directories(test_dir);
  for (Block block : blocks) {
    if (block.kind.starts_with("connection ")) {
      std::unique_ptr<Session>& named = sessions[block.kind.substr(11)];
      if (!named) named = std::make_unique<Session>(database);
      connection = named.get();
      continue;
    }
    if (block.kind == "require parquet") {
      auto plugin = parquet::LoadParquetPlugin();
      if (!plugin.ok()) GTEST_SKIP() << "skipped: " << plugin.status().ToString();
      continue;
    }
    ReplaceAll(block.sql, "__TEST_DIR__", test_dir.string());
    SCOPED_TRACE(path + ":" + std::to_string(block.line) + "\n" + block.sql);
    auto result = connection->Query(block.sql);
    if (!result.ok()) {
      EXPECT_NE(result.status().code(), StatusCode::kInternal) << result.status().ToString();
    }
    if (block.kind == "statement ok") {
      EXPECT_TRUE(result.ok()) << result.status().ToString();
    } else if (block.kind == "statement error") {
      ASSERT_FALSE(result.ok()) << "expected an error containing: " << block.expected_error;
      EXPECT_NE(result.status().ToString().find(block.expected_error), std::string::npos)
          << "error was: " << result.status().ToString();
    } else if (block.kind == "query") {
      ASSERT_TRUE(result.ok()) << result.status().ToString();
      ASSERT_TRUE(result->table());
      EXPECT_EQ(Joined(RowsOf(*result->table())), Joined(block.expected_rows));
    } else {
      FAIL() << "unknown block kind '" << block.kind << "'";
    }
  }
}

std::vector<std::string> TestFiles() {
  // Listed before main() runs, so a folder that cannot be read (the test binary in the GPU
  // bundle runs where the source tree is elsewhere) must not throw: it stands in for its
  // files, and that one case fails when run.
  const std::string folder = std::string(ORBIT_SOURCE_DIR) + "/tests/sqllogic";
  std::vector<std::string> files;
  std::error_code error;
  for (std::filesystem::directory_iterator it(folder, error), end; !error && it != end; it.increment(error)) {
    if (it->path().extension() == ".test") files.push_back(it->path().string());
  }
  if (files.empty()) files.push_back(folder);
  std::sort(files.begin(), files.end());
  return files;
}

std::string TestName(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = std::filesystem::path(info.param).stem().string();
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Files, SqlLogicTest, ::testing::ValuesIn(TestFiles()), TestName);

}  // namespace
}  // namespace orbit
