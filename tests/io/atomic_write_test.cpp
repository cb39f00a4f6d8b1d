// WriteAtomically: the file appears whole, or (a writer that fails) not at all, and an
// existing file is replaced only by a complete new one.
#include "io/atomic_write.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace orbit {
namespace {

std::string Read(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(AtomicWrite, FailedWriterLeavesNothingAndKeepsTheOldFile) {
  const auto dir = std::filesystem::temp_directory_path() / ("orbit_atomic_write_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "out.txt").string();
  auto write = [](const std::string& text) {
    return [text](const std::string& temporary) {
      std::ofstream(temporary) << text;
      return Status::OK();
    };
  };
  ASSERT_TRUE(WriteAtomically(path, write("first")).ok());
  EXPECT_EQ(Read(path), "first");
  Status failed = WriteAtomically(path, [](const std::string& temporary) {
    std::ofstream(temporary) << "half";
    return Status::IOError("disk full");
  });
  EXPECT_EQ(failed.message(), "disk full");
  EXPECT_EQ(Read(path), "first");
  ASSERT_TRUE(WriteAtomically(path, write("second")).ok());
  EXPECT_EQ(Read(path), "second");
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir), std::filesystem::directory_iterator()), 1);
  EXPECT_FALSE(WriteAtomically(dir.string(), write("x")).ok());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace orbit
