// T[] rows: PostgreSQL's array text split and quoted (list_text.h), compared and keyed
// (list_value.h), and built, sliced and gathered through ColumnBuilder. Expected values
// written out by hand from PostgreSQL's array_in/array_out rules.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "columnar/list_text.h"
#include "columnar/list_value.h"
#include "columnar/value_rows.h"

namespace orbit {
namespace {

using Texts = std::vector<std::optional<std::string>>;

TEST(ListText, SplitsPostgresArrayText) {
  EXPECT_EQ(*SplitListText("{}"), Texts{});
  EXPECT_EQ(*SplitListText(" { 1 , 2 ,NULL, null } "), (Texts{"1", "2", std::nullopt, std::nullopt}));
  EXPECT_EQ(*SplitListText(R"({"a b","NULL",c\,d,"q\"x",""})"), (Texts{"a b", "NULL", "c,d", "q\"x", ""}));
  EXPECT_EQ(*SplitListText("[1, 2]"), (Texts{"1", "2"}));
  for (const char* bad : {"1,2", "{1,2", "{1,,2}", "{1}x", "{\"a\"b}", "{\"a}"}) {
    SCOPED_TRACE(bad);
    Result<Texts> split = SplitListText(bad);
    ASSERT_FALSE(split.ok());
    EXPECT_EQ(split.status().code(), StatusCode::kInvalidData);
  }
  EXPECT_EQ(SplitListText("{{1},{2}}").status().code(), StatusCode::kNotSupported);
  EXPECT_EQ(SplitListText("[1:2]={1,2}").status().code(), StatusCode::kNotSupported);
}

TEST(ListText, QuotesWhatArrayOutQuotes) {
  std::string out;
  for (const char* element : {"a", "a b", "", "NULL", "nUlL", "x,y", "q\"x", "b\\s", "{"}) {
    AppendListElementText(element, &out);
    out += '|';
  }
  EXPECT_EQ(out, R"(a|"a b"|""|"NULL"|"nUlL"|"x,y"|"q\"x"|"b\\s"|"{"|)");
}

ColumnPtr IntLists(const std::vector<std::optional<std::vector<std::optional<int32_t>>>>& rows) {
  const DataType type = DataType::List(DataType::Int32());
  ColumnBuilder builder(type);
  for (const auto& row : rows) {
    if (!row) {
      builder.AppendNull();
      continue;
    }
    std::vector<Value> elements;
    for (const auto& e : *row) elements.push_back(e ? Value::Int32(*e) : Value::Null(DataType::Int32()));
    AppendValue(builder, Value::List(type, std::move(elements)));
  }
  return builder.Finish();
}

TEST(ListValue, OrdersAndKeysAsPostgres) {
  // {}, {1,2}, {1,2,3}, {1,NULL}, {1,NULL}, NULL, {2}
  ColumnPtr c = IntLists(
      {std::vector<std::optional<int32_t>>{}, std::vector<std::optional<int32_t>>{1, 2},
       std::vector<std::optional<int32_t>>{1, 2, 3}, std::vector<std::optional<int32_t>>{1, std::nullopt},
       std::vector<std::optional<int32_t>>{1, std::nullopt}, std::nullopt, std::vector<std::optional<int32_t>>{2}});
  const ColumnView v = c->view();
  ASSERT_EQ(v.length, 7);
  EXPECT_FALSE(v.IsValid(5));
  EXPECT_EQ(CompareListRows(v, 0, v, 1), -1);  // empty first
  EXPECT_EQ(CompareListRows(v, 1, v, 2), -1);  // a prefix first
  EXPECT_EQ(CompareListRows(v, 2, v, 3), -1);  // a NULL element after every value
  EXPECT_EQ(CompareListRows(v, 3, v, 4), 0);   // NULL elements equal
  EXPECT_EQ(CompareListRows(v, 6, v, 2), 1);
  std::string a, b, c2;
  AppendListKey(v, 3, &a);
  AppendListKey(v, 4, &b);
  AppendListKey(v, 1, &c2);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c2);
  ColumnBuilder rebuilt(v.type);
  AppendListFromKey(a, rebuilt);
  ColumnPtr back = rebuilt.Finish();
  EXPECT_EQ(FormatListRow(back->view(), 0), "{1,NULL}");
  EXPECT_EQ(FormatListRow(v, 2), "{1,2,3}");
  EXPECT_EQ(FormatListRow(v, 0), "{}");
}

TEST(ListValue, SlicedViewsKeepTheirElements) {
  std::vector<std::optional<std::vector<std::optional<int32_t>>>> rows;
  for (int32_t i = 0; i < 20; ++i) rows.push_back(std::vector<std::optional<int32_t>>{i, i + 1});
  ColumnPtr c = IntLists(rows);
  const ColumnView slice = c->view().Slice(16, 4);
  EXPECT_EQ(FormatListRow(slice, 1), "{17,18}");
  ColumnBuilder copy(slice.type);
  for (int64_t i = 0; i < slice.length; ++i) copy.AppendFrom(slice, i);
  ColumnPtr copied = copy.Finish();
  EXPECT_EQ(copied->view().offsets()[0], 0);
  EXPECT_EQ(FormatListRow(copied->view(), 3), "{19,20}");
}

}  // namespace
}  // namespace orbit
