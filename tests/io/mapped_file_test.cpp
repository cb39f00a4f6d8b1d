#include "io/mapped_file.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include <fmt/format.h>

#include "io/csv/csv_reader.h"

namespace orbit {
namespace {

std::string TempPath(const char* what) {
  static int counter = 0;
  return (std::filesystem::temp_directory_path() / fmt::format("orbit_mapped_{}_{}_{}", what, ::getpid(), counter++))
      .string();
}

TEST(MappedFileTest, FileTruncatedWhileMappedReadsZerosAndIsReported) {
  const std::string path = TempPath("truncated");
  const std::string contents(4 << 20, 'x');
  std::ofstream(path, std::ios::binary) << contents;
  auto file = MappedFile::Open(path);
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  ASSERT_EQ((*file)->size(), contents.size());
  EXPECT_TRUE((*file)->CheckUnchanged().ok());
  ASSERT_EQ(::truncate(path.c_str(), 4096), 0);
  // Without the guard, reading past the new end kills the process with SIGBUS.
  size_t xs = 0;
  const char* data = (*file)->data();
  for (size_t i = 0; i < (*file)->size(); ++i) xs += data[i] == 'x';
  EXPECT_EQ(xs, 4096u);
  Status changed = (*file)->CheckUnchanged();
  EXPECT_EQ(changed.code(), StatusCode::kIOError);
  EXPECT_NE(changed.message().find("truncated while it was being read"), std::string::npos) << changed.message();
  std::filesystem::remove(path);
}

TEST(MappedFileTest, ReadsFifosAndProcFilesToTheirEnd) {
  const std::string fifo = TempPath("fifo");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::thread writer([&] { std::ofstream(fifo, std::ios::binary) << "a,b\n1,x\n2,y\n3,z\n"; });
  auto table = ReadCsv(fifo, CsvOptions{}, "fifo");
  writer.join();
  std::filesystem::remove(fifo);
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  EXPECT_EQ((*table)->num_rows(), 3);

  // /proc files report size 0 to fstat but have contents.
  auto status = MappedFile::Open("/proc/self/status");
  ASSERT_TRUE(status.ok()) << status.status().ToString();
  EXPECT_GT((*status)->size(), 0u);
  EXPECT_NE(std::string((*status)->data(), (*status)->size()).find("Name:"), std::string::npos);
}

TEST(MappedFileTest, DevZeroIsNotText) {
  auto zero = MappedFile::Open("/dev/zero");
  ASSERT_FALSE(zero.ok());
  EXPECT_EQ(zero.status().code(), StatusCode::kIOError);
  EXPECT_NE(zero.status().message().find("not text"), std::string::npos) << zero.status().message();
  auto table = ReadCsv("/dev/zero", CsvOptions{}, "zero");
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().message().find("empty"), std::string::npos) << table.status().message();
}

}  // namespace
}  // namespace orbit
