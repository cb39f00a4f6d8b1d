// CsvFile: the columns from the start of a file at bind time, every record when the scan
// runs. Open must not read the records it does not need, and a stream, which can be read
// only once, must still give its rows to Read.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include <fmt/format.h>

#include "io/csv/csv_reader.h"

namespace orbit {
namespace {

std::string TempPath() {
  static std::atomic<int> counter{0};
  return (std::filesystem::temp_directory_path() / fmt::format("orbit_csv_file_test_{}_{}", ::getpid(), counter++))
      .string();
}

class TempCsv {
 public:
  explicit TempCsv(const std::string& contents) : path_(TempPath() + ".csv") {
    std::ofstream(path_, std::ios::binary) << contents;
  }
  ~TempCsv() { std::filesystem::remove(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

TEST(CsvFile, OpenReadsTheColumnsAndReadFindsTheBadRecord) {
  TempCsv file("a,b\n1,x\n2,y\nabc,z\n");
  CsvOptions options;
  options.columns = {{"a", DataType::Int64()}, {"b", DataType::Varchar()}};
  Result<CsvFile> csv = CsvFile::Open(file.path(), options);
  ASSERT_TRUE(csv.ok()) << csv.status().ToString();  // the records are not looked at yet
  ASSERT_EQ(csv->schema().size(), 2u);
  EXPECT_EQ(csv->schema()[0].type, DataType::Int64());
  Result<TablePtr> table = csv->Read("t");
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().message(), file.path() + ":4: column 1 (a): cannot read 'abc' as BIGINT");
}

TEST(CsvFile, InferredTypesComeFromTheSampleAndErrorsSayTheyWereInferred) {
  TempCsv file("n,s\n1,a\n2,b\n3,c\nabc,d\n");
  CsvOptions options;
  options.sample_rows = 2;
  Result<CsvFile> csv = CsvFile::Open(file.path(), options);
  ASSERT_TRUE(csv.ok()) << csv.status().ToString();
  EXPECT_EQ(csv->schema()[0].type, DataType::Int64());
  EXPECT_EQ(csv->schema()[0].name, "n");
  Status status = csv->Read("t").status();
  EXPECT_NE(status.message().find(":5: column 1 (n): cannot read 'abc' as BIGINT"), std::string::npos)
      << status.message();
  EXPECT_NE(status.message().find("pass explicit column types"), std::string::npos) << status.message();
}

TEST(CsvFile, EstimatesRowsFromTheFileSizeAndItsFirstRecords) {
  std::string text = "id,name\n";
  for (int i = 0; i < 20000; ++i) text += fmt::format("{},name{:04}\n", i % 10, i % 1000);
  TempCsv file(text);
  Result<CsvFile> csv = CsvFile::Open(file.path(), CsvOptions{});
  ASSERT_TRUE(csv.ok()) << csv.status().ToString();
  EXPECT_NEAR(csv->estimated_rows(), 20000, 200);  // 220 KB: estimated from the first 64 KiB
  Result<TablePtr> table = csv->Read("t");
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  EXPECT_EQ((*table)->num_rows(), 20000);
  TempCsv small("id\n1\n2\n3\n");
  EXPECT_EQ(CsvFile::Open(small.path(), CsvOptions{})->estimated_rows(), 3);  // counted
}

TEST(CsvFile, AStreamReadWhileOpeningStillGivesItsRows) {
  const std::string fifo = TempPath();
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::thread writer([&] { std::ofstream(fifo, std::ios::binary) << "a,b\n1,x\n2,y\n3,z\n"; });
  Result<CsvFile> csv = CsvFile::Open(fifo, CsvOptions{});
  writer.join();
  std::filesystem::remove(fifo);
  ASSERT_TRUE(csv.ok()) << csv.status().ToString();
  Result<TablePtr> table = csv->Read("t");
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  EXPECT_EQ((*table)->num_rows(), 3);
}

}  // namespace
}  // namespace orbit
