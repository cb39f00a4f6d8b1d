// The database folder and its catalog.json: what a commit writes reads back the same; a
// damaged or foreign catalog is an error naming the file, never a crash or a silent empty
// database; one writer at a time; files no catalog names are removed.
#include "io/database/database_folder.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace orbit {
namespace {

namespace fs = std::filesystem;

DatabaseManifest SampleManifest() {
  DatabaseManifest manifest;
  manifest.next_file = 3;
  StoredTable table;
  table.name = "Orders";
  table.schema = {Field{"id", DataType::Int64(), true}, Field{"price", DataType::Decimal(12, 2), false},
                  Field{"day", DataType::Date(), false}, Field{"note", DataType::Varchar(), false}};
  table.files = {"00000001.parquet", "00000002.parquet"};
  table.rows = 42;
  table.defaults["note"] = "'it''s, (fine)'";
  table.keys.push_back(StoredKey{"orders_pkey", {"id"}, true});
  manifest.tables.push_back(table);
  manifest.views.push_back(StoredView{
      "big", "CREATE VIEW big AS SELECT * FROM orders WHERE price > 10", {Field{"id", DataType::Int64(), false}}});
  return manifest;
}

std::string ErrorOf(const std::string& text) {
  Result<DatabaseManifest> read = ManifestFromJson(text, "x/catalog.json");
  EXPECT_FALSE(read.ok()) << text;
  return read.ok() ? "" : read.status().message();
}

TEST(DatabaseManifest, ReadsBackWhatItWrote) {
  const DatabaseManifest written = SampleManifest();
  Result<DatabaseManifest> read = ManifestFromJson(ManifestToJson(written), "catalog.json");
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  ASSERT_EQ(read->tables.size(), 1u);
  const StoredTable& table = read->tables[0];
  EXPECT_EQ(table.name, "Orders");
  ASSERT_EQ(table.schema.size(), 4u);
  for (size_t i = 0; i < table.schema.size(); ++i) {
    EXPECT_EQ(table.schema[i].name, written.tables[0].schema[i].name);
    EXPECT_EQ(table.schema[i].type, written.tables[0].schema[i].type) << table.schema[i].type.ToString();
    EXPECT_EQ(table.schema[i].not_null, written.tables[0].schema[i].not_null);
  }
  EXPECT_EQ(table.files, written.tables[0].files);
  EXPECT_EQ(table.rows, 42);
  EXPECT_EQ(table.defaults, written.tables[0].defaults);
  ASSERT_EQ(table.keys.size(), 1u);
  EXPECT_EQ(table.keys[0].columns, std::vector<std::string>{"id"});
  EXPECT_TRUE(table.keys[0].primary);
  EXPECT_EQ(read->next_file, 3u);
  ASSERT_EQ(read->views.size(), 1u);
  EXPECT_EQ(read->views[0].sql, written.views[0].sql);
  EXPECT_EQ(read->views[0].columns.size(), 1u);
}

TEST(DatabaseManifest, DamagedCatalogsAreErrorsNamingTheFile) {
  std::string good = ManifestToJson(SampleManifest());
  auto replaced = [&](const std::string& from, const std::string& to) {
    std::string text = good;
    const size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return at == std::string::npos ? text : text.replace(at, from.size(), to);
  };
  EXPECT_NE(ErrorOf(good.substr(0, good.size() / 2)).find("x/catalog.json: damaged database catalog: not JSON"),
            std::string::npos);
  EXPECT_NE(ErrorOf("[]").find("not an Orbit database catalog"), std::string::npos);
  EXPECT_NE(ErrorOf(replaced("\"version\": 1", "\"version\": 2")).find("version"), std::string::npos);
  EXPECT_NE(ErrorOf(replaced("\"rows\": 42", "\"rows\": -1")).find("\"rows\""), std::string::npos);
  EXPECT_NE(ErrorOf(replaced("\"rows\": 42", "\"rows\": \"42\"")).find("\"rows\""), std::string::npos);
  EXPECT_NE(ErrorOf(replaced("\"DECIMAL(12,2)\"", "\"DECIMAL(99,2)\"")).find("unknown column type"), std::string::npos);
  EXPECT_NE(ErrorOf(replaced("\"VARCHAR\"", "\"BLOB\"")).find("unknown column type \"BLOB\""), std::string::npos);
  EXPECT_NE(ErrorOf(replaced("\"00000001.parquet\"", "\"../../etc/passwd\"")).find("not a file name"),
            std::string::npos);
  EXPECT_NE(ErrorOf(replaced("\"00000001.parquet\"", "7")).find("not a file name"), std::string::npos);
  EXPECT_NE(ErrorOf(replaced("\"primary\": true", "\"primary\": 1")).find("\"primary\""), std::string::npos);
  EXPECT_NE(ErrorOf(replaced("\"views\": [", "\"views\": 5, \"x\": [")).find("\"views\" is missing"),
            std::string::npos);
}

class DatabaseFolderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (fs::temp_directory_path() / ("orbit_database_folder_" + std::to_string(::getpid()))).string();
    fs::remove_all(path_);
  }
  void TearDown() override { fs::remove_all(path_); }

  void Touch(const std::string& relative) const { std::ofstream(fs::path(path_) / relative) << "x"; }
  bool Exists(const std::string& relative) const { return fs::exists(fs::path(path_) / relative); }

  std::string path_;
};

TEST_F(DatabaseFolderTest, CommitsReadBackAndOneWriterAtATime) {
  EXPECT_FALSE(DatabaseFolder::Open(path_, /*read_only=*/true).ok());  // a reader never creates one
  auto folder = DatabaseFolder::Open(path_, /*read_only=*/false);
  ASSERT_TRUE(folder.ok()) << folder.status().ToString();
  EXPECT_TRUE((*folder)->manifest().tables.empty());

  auto second = DatabaseFolder::Open(path_, /*read_only=*/false);
  ASSERT_FALSE(second.ok());
  EXPECT_NE(second.status().message().find("is in use by another process"), std::string::npos);

  DatabaseManifest next = SampleManifest();
  next.next_file = 1;
  next.tables[0].files.clear();
  for (int i = 0; i < 2; ++i) {
    const std::string file = DatabaseFolder::NewTableFileName(&next);
    std::ofstream((*folder)->TableFilePath(file)) << "rows";
    next.tables[0].files.push_back(file);
  }
  EXPECT_EQ(next.tables[0].files, (std::vector<std::string>{"00000001.parquet", "00000002.parquet"}));
  ASSERT_TRUE((*folder)->Commit(next).ok());
  EXPECT_EQ((*folder)->manifest().generation, 1u);

  auto reader = DatabaseFolder::Open(path_, /*read_only=*/true);  // while the writer holds it
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  ASSERT_EQ((*reader)->manifest().tables.size(), 1u);
  EXPECT_EQ((*reader)->manifest().tables[0].files.size(), 2u);
  EXPECT_EQ((*reader)->manifest().next_file, 3u);
  EXPECT_FALSE((*reader)->Commit(next).ok());

  // A commit that drops a file removes it, once the new catalog is in place.
  next.tables[0].files.pop_back();
  ASSERT_TRUE((*folder)->Commit(next).ok());
  EXPECT_TRUE(Exists("tables/00000001.parquet"));
  EXPECT_FALSE(Exists("tables/00000002.parquet"));

  folder->reset();  // the lock goes with the writer
  EXPECT_TRUE(DatabaseFolder::Open(path_, /*read_only=*/false).ok());
}

TEST_F(DatabaseFolderTest, OpeningRemovesWhatACrashedCommitLeft) {
  ASSERT_TRUE(DatabaseFolder::Open(path_, false).ok());
  Touch("tables/00000009.parquet");           // written, never named by a catalog
  Touch(".catalog.json.123-0.tmp");           // a catalog half written
  Touch("tables/.00000010.parquet.1-2.tmp");  // a table file half written
  auto folder = DatabaseFolder::Open(path_, false);
  ASSERT_TRUE(folder.ok()) << folder.status().ToString();
  EXPECT_FALSE(Exists("tables/00000009.parquet"));
  EXPECT_FALSE(Exists(".catalog.json.123-0.tmp"));
  EXPECT_FALSE(Exists("tables/.00000010.parquet.1-2.tmp"));
}

TEST_F(DatabaseFolderTest, ForeignAndDamagedFoldersAreRefused) {
  fs::create_directories(path_);
  Touch("notes.txt");
  auto foreign = DatabaseFolder::Open(path_, false);
  ASSERT_FALSE(foreign.ok());
  EXPECT_NE(foreign.status().message().find("is not an Orbit database (it holds notes.txt"), std::string::npos);
  EXPECT_TRUE(Exists("notes.txt"));
  fs::remove(fs::path(path_) / "notes.txt");

  // A catalog naming a file that is gone.
  auto folder = DatabaseFolder::Open(path_, false);
  ASSERT_TRUE(folder.ok());
  DatabaseManifest next = SampleManifest();
  ASSERT_TRUE((*folder)->Commit(next).ok());  // names files never written
  folder->reset();
  auto damaged = DatabaseFolder::Open(path_, true);
  ASSERT_FALSE(damaged.ok());
  EXPECT_NE(damaged.status().message().find("names 00000001.parquet, which is missing"), std::string::npos);

  std::ofstream(fs::path(path_) / "catalog.json") << "{\"format\": \"orbit-database\"";
  auto truncated = DatabaseFolder::Open(path_, false);
  ASSERT_FALSE(truncated.ok());
  EXPECT_NE(truncated.status().message().find("damaged database catalog"), std::string::npos);

  fs::remove_all(path_);
  std::ofstream(path_) << "a file";
  auto file = DatabaseFolder::Open(path_, false);
  ASSERT_FALSE(file.ok());
  EXPECT_NE(file.status().message().find("a file of that name exists"), std::string::npos);
  fs::remove(path_);
}

}  // namespace
}  // namespace orbit
