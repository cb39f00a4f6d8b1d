// search_path values and relation keys (sql/catalog/search_path.h), and the catalog's
// resolution of written names through the path.
#include "sql/catalog/search_path.h"

#include <gtest/gtest.h>

#include "sql/catalog/catalog.h"

namespace orbit {
namespace {

TEST(SearchPathTest, ParsesAndFormatsPostgresLists) {
  auto parsed = ParseSearchPath("\"$user\", Public,  \"My, Schema\" ,\"a\"\"b\"");
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  EXPECT_EQ(*parsed, (std::vector<std::string>{"$user", "public", "My, Schema", "a\"b"}));
  EXPECT_EQ(FormatSearchPath(*parsed), "\"$user\", public, \"My, Schema\", \"a\"\"b\"");
  EXPECT_EQ(ParseSearchPath("")->size(), 0u);
  EXPECT_EQ(*ParseSearchPath("\"\""), std::vector<std::string>{""});
  EXPECT_FALSE(ParseSearchPath("a,").ok());
  EXPECT_FALSE(ParseSearchPath("a b").ok());
  EXPECT_FALSE(ParseSearchPath("\"open").ok());
  EXPECT_EQ(QuoteIdentifier("s_1"), "s_1");
  EXPECT_EQ(QuoteIdentifier("1s"), "\"1s\"");
}

TEST(SearchPathTest, KeysSayTheirSchema) {
  EXPECT_EQ(RelationKey("public", "t"), "t");
  EXPECT_EQ(RelationKey("PUBLIC", "t"), "t");
  EXPECT_EQ(RelationKey("s", "t"), "s.t");
  EXPECT_EQ(SchemaOfKey("t"), "public");
  EXPECT_EQ(SchemaOfKey("S.t"), "s");
  EXPECT_EQ(NameOfKey("s.t"), "t");
  EXPECT_EQ(NameOfKey("t"), "t");
}

TEST(SearchPathTest, CatalogResolvesThroughThePath) {
  Catalog catalog;
  ASSERT_TRUE(catalog.CreateSchema("s", false).ok());
  ASSERT_TRUE(catalog.CreateTable(std::make_shared<Table>("s.t", Schema{{"a", DataType::Int32()}})).ok());
  ASSERT_TRUE(catalog.CreateTable(std::make_shared<Table>("t", Schema{{"b", DataType::Int32()}})).ok());
  EXPECT_EQ(catalog.Resolve("t"), "t");  // the default path: "$user", public
  EXPECT_EQ(catalog.Resolve("s.t"), "s.t");
  EXPECT_EQ(catalog.Resolve("public.t"), "t");
  const std::vector<std::string> path = {"missing", "s", "public"};
  {
    SearchPathScope scope(path);
    EXPECT_EQ(catalog.Resolve("t"), "s.t");
    EXPECT_EQ(catalog.Resolve("u"), "s.u");  // where a new u would go: the first existing schema
    EXPECT_EQ(*catalog.CreationKey("u"), "s.u");
    EXPECT_EQ(catalog.ExistingSearchPath(), (std::vector<std::string>{"s", "public"}));
  }
  EXPECT_EQ(catalog.Resolve("t"), "t");
  const std::vector<std::string> none = {"missing"};
  SearchPathScope scope(none);
  EXPECT_EQ(catalog.CreationKey("u").status().message(), "no schema has been selected to create in");
  EXPECT_EQ(catalog.CreationKey("nosuch.u").status().message(), "schema \"nosuch\" does not exist");
}

TEST(SearchPathTest, SchemaChangesAreAllOrNone) {
  Catalog catalog;
  ASSERT_TRUE(catalog.CreateSchema("a", false).ok());
  ASSERT_TRUE(catalog.CreateTable(std::make_shared<Table>("a.t", Schema{{"x", DataType::Int32()}})).ok());
  EXPECT_FALSE(catalog.DropSchemas({"a"}, false, false).ok());
  EXPECT_FALSE(catalog.DropSchemas({"a", "nosuch"}, false, true).ok());
  EXPECT_TRUE(catalog.HasTable("a.t"));
  ASSERT_TRUE(catalog.RenameSchema("a", "b").ok());
  EXPECT_TRUE(catalog.HasTable("b.t"));
  EXPECT_FALSE(catalog.HasTable("a.t"));
  EXPECT_EQ(catalog.FindTable("b.t")->name(), "b.t");
  ASSERT_TRUE(catalog.DropSchemas({"b", "nosuch"}, true, true).ok());
  EXPECT_FALSE(catalog.HasTable("b.t"));
  EXPECT_EQ(catalog.SchemaNames(), std::vector<std::string>{"public"});
}

}  // namespace
}  // namespace orbit
