// SET memory_limit and process_memory_limit (issue 10): a statement whose operators would
// hold more than the limit fails with an Out of memory error naming it (SQLSTATE 53200),
// not an allocation failure; the session goes on, and the same statement runs once the
// limit is reset or raised. What a statement charged is given back when its results go; a
// parallel query charges its own account from every worker; EXPLAIN ANALYZE shows the peak.
#include <gtest/gtest.h>

#include <string>

#include "common/memory_account.h"
#include "main/session.h"

namespace orbit {
namespace {

// 10^6 rows of two BIGINTs (16 MB): more than 1 MB, much less than any machine's memory.
constexpr const char* kMakeRows =
    "CREATE TABLE t AS SELECT a.x * 10000 + b.x * 100 + c.x AS k, a.x + b.x AS v FROM d a, d b, d c";
// A new 8 MB column, then sorted.
constexpr const char* kBigQuery = "SELECT k * 2 AS y FROM t ORDER BY y DESC";

class MemoryLimit : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(session_.Query("CREATE TABLE d (x BIGINT)").ok());
    std::string insert = "INSERT INTO d VALUES (0)";
    for (int i = 1; i < 100; ++i) insert += ", (" + std::to_string(i) + ")";
    ASSERT_TRUE(session_.Query(insert).ok());
    Result<StatementResult> made = session_.Query(kMakeRows);
    ASSERT_TRUE(made.ok()) << made.status().ToString();
  }

  DatabaseInstance database_;
  Session session_{database_};
};

TEST_F(MemoryLimit, OverTheLimitIsAnErrorNamingItAndTheSessionGoesOn) {
  ASSERT_TRUE(session_.Query("SET memory_limit = '1MB'").ok());
  Result<StatementResult> over = session_.Query(kBigQuery);
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.status().code(), StatusCode::kOutOfMemory);
  EXPECT_EQ(over.status().ToString().rfind("Out of memory: this statement needs more than memory_limit (1.0 MiB)", 0),
            0u)
      << over.status().ToString();
  EXPECT_NE(over.status().message().find("does not spill to disk"), std::string::npos);
  // Small statements still run under the limit.
  Result<StatementResult> small = session_.Query("SELECT count(*) FROM t");
  ASSERT_TRUE(small.ok()) << small.status().ToString();
  EXPECT_EQ(small->table()->batches().at(0).columns[0]->values<int64_t>()[0], 1'000'000);

  ASSERT_TRUE(session_.Query("RESET memory_limit").ok());
  EXPECT_EQ(session_.settings().memory_limit, 0u);
  Result<StatementResult> again = session_.Query(kBigQuery);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->table()->num_rows(), 1'000'000);

  ASSERT_TRUE(session_.Query("SET memory_limit = '1MB'").ok());
  ASSERT_FALSE(session_.Query(kBigQuery).ok());
  ASSERT_TRUE(session_.Query("SET memory_limit = '1GB'").ok());
  EXPECT_TRUE(session_.Query(kBigQuery).ok());
  ASSERT_TRUE(session_.Query("SET memory_limit TO DEFAULT").ok());
  EXPECT_EQ(session_.settings().memory_limit, 0u);
}

TEST_F(MemoryLimit, AFailedCreateTableAsCreatesNothing) {
  ASSERT_TRUE(session_.Query("SET memory_limit = '1MB'").ok());
  Result<StatementResult> over = session_.Query("CREATE TABLE big AS SELECT k + 1 AS k FROM t");
  EXPECT_EQ(over.status().code(), StatusCode::kOutOfMemory);
  EXPECT_EQ(session_.Query("SELECT * FROM big").status().code(), StatusCode::kBindError);
}

TEST_F(MemoryLimit, TheProcessLimitIsAnErrorNamingIt) {
  MemoryAccount& process = MemoryAccount::Process();
  const uint64_t saved = process.limit();
  // Just above what the process holds now (the tables): any large statement goes over.
  ASSERT_TRUE(session_.Set("process_memory_limit", std::to_string(process.held() / 1024 + 512) + "kB").ok());
  Result<StatementResult> over = session_.Query(kBigQuery);
  process.set_limit(saved);
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.status().code(), StatusCode::kOutOfMemory);
  EXPECT_NE(over.status().message().find("needs more than process_memory_limit"), std::string::npos)
      << over.status().message();
  EXPECT_TRUE(session_.Query(kBigQuery).ok());
  ASSERT_TRUE(session_.Query("RESET process_memory_limit").ok());
  EXPECT_GT(process.limit(), 0u);
}

TEST_F(MemoryLimit, WhatAStatementHeldIsGivenBackWithItsResult) {
  MemoryAccount& process = MemoryAccount::Process();
  const uint64_t before = process.held();
  {
    Result<StatementResult> result = session_.Query(kBigQuery);
    ASSERT_TRUE(result.ok()) << result.status().ToString();
    // The result is charged while it is held ...
    EXPECT_GE(process.held(), before + 8'000'000);
  }
  // ... and everything the statement charged is back once it goes.
  EXPECT_EQ(process.held(), before);
  ASSERT_TRUE(session_.Query("SELECT k, count(*) FROM t GROUP BY k").ok());
  EXPECT_EQ(process.held(), before);
  ASSERT_FALSE(session_.Query("SET memory_limit = '1MB'; " + std::string(kBigQuery)).ok());
  EXPECT_EQ(process.held(), before);
}

TEST_F(MemoryLimit, AParallelQueryChargesItsStatementFromEveryWorker) {
  ASSERT_TRUE(session_.Query("SET threads = 4").ok());
  // Which worker runs which morsel is up to the scheduler: a few runs make a worker's share
  // (charged to the process account without the statement's scope) all but certain.
  for (int run = 0; run < 3; ++run) {
    Result<StatementResult> result = session_.Query("SELECT k * 2 AS y, v + 1 AS w FROM t");
    ASSERT_TRUE(result.ok()) << result.status().ToString();
    const MemoryAccount* account = nullptr;
    int64_t rows = 0;
    for (const Batch& batch : result->table()->batches()) {
      rows += batch.length;
      for (const ColumnPtr& column : batch.columns) {
        ASSERT_NE(column->data_buffer()->account(), nullptr);
        if (account == nullptr) account = column->data_buffer()->account().get();
        // One account, the statement's, whichever worker made the column.
        ASSERT_EQ(column->data_buffer()->account().get(), account) << "run " << run;
      }
    }
    EXPECT_EQ(rows, 1'000'000);
    EXPECT_NE(account, &MemoryAccount::Process());
  }
  ASSERT_TRUE(session_.Query("SET memory_limit = '2MB'").ok());
  EXPECT_EQ(session_.Query("SELECT k * 2 AS y, v + 1 AS w FROM t").status().code(), StatusCode::kOutOfMemory);
}

TEST_F(MemoryLimit, ExplainAnalyzeShowsThePeak) {
  Result<StatementResult> explained = session_.Query(std::string("EXPLAIN ANALYZE ") + kBigQuery);
  ASSERT_TRUE(explained.ok()) << explained.status().ToString();
  const Batch& lines = explained->table()->batches().at(0);
  std::string last(lines.columns[0]->GetString(lines.length - 1));
  EXPECT_EQ(last.rfind("Peak memory: ", 0), 0u) << last;
  EXPECT_NE(last.find("MiB"), std::string::npos) << last;
}

TEST_F(MemoryLimit, ShowPrintsAHumanSize) {
  ASSERT_TRUE(session_.Query("SET memory_limit = '1536MB'").ok());
  Result<StatementResult> shown = session_.Query("SHOW memory_limit");
  ASSERT_TRUE(shown.ok());
  EXPECT_EQ(shown->table()->batches().at(0).columns[0]->GetString(0), "1.5 GiB");
  Status bad = session_.Set("memory_limit", "lots");
  EXPECT_EQ(bad.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(session_.settings().memory_limit, uint64_t{1536} << 20);
}

TEST_F(MemoryLimit, AHugeOffsetUnderALimitIsNoCrash) {
  ASSERT_TRUE(session_.Query("SET memory_limit = '64MB'").ok());
  // LIMIT + OFFSET is past the largest BIGINT: every row is kept, none returned.
  Result<StatementResult> none =
      session_.Query("SELECT k FROM t ORDER BY k LIMIT 9223372036854775000 OFFSET 9223372036854775000");
  ASSERT_TRUE(none.ok()) << none.status().ToString();
  EXPECT_EQ(none->table()->num_rows(), 0);
  Result<StatementResult> last = session_.Query("SELECT k FROM t ORDER BY k LIMIT 9223372036854775000 OFFSET 999998");
  ASSERT_TRUE(last.ok()) << last.status().ToString();
  EXPECT_EQ(last->table()->num_rows(), 2);
}

}  // namespace
}  // namespace orbit
