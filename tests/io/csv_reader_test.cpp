#include "io/csv/csv_reader.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

#include <tbb/task_arena.h>

#include "columnar/value_format.h"
#include "exec/expression/expression_evaluator.h"
#include "io/csv/csv_reader_internal.h"

namespace orbit {
namespace {

// A file under the temp directory with a name no other test (or test process) uses; removed
// when the test ends.
class TempCsv {
 public:
  explicit TempCsv(const std::string& contents) {
    static std::atomic<int> counter{0};
    path_ = (std::filesystem::temp_directory_path() / fmt::format("orbit_csv_test_{}_{}.csv", ::getpid(), counter++))
                .string();
    std::ofstream(path_, std::ios::binary) << contents;
  }
  ~TempCsv() { std::filesystem::remove(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::string CellText(const ColumnView& column, int64_t i) { return ValueAt(column, i).ToString(); }

// Every row as text, across batches, in table order.
std::vector<std::vector<std::string>> Rows(const Table& table) {
  std::vector<std::vector<std::string>> rows;
  for (const Batch& batch : table.batches()) {
    for (int64_t r = 0; r < batch.length; ++r) {
      std::vector<std::string> row;
      for (const ColumnPtr& column : batch.columns) row.push_back(CellText(column->view(), r));
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

using RowsText = std::vector<std::vector<std::string>>;

TablePtr ReadOk(const std::string& path, const CsvOptions& options) {
  Result<TablePtr> table = ReadCsv(path, options, "t");
  EXPECT_TRUE(table.ok()) << table.status().message();
  return table.ok() ? *table : std::make_shared<Table>("t", Schema{});
}

Status ReadError(const std::string& contents, const CsvOptions& options) {
  TempCsv file(contents);
  Result<TablePtr> table = ReadCsv(file.path(), options, "t");
  EXPECT_FALSE(table.ok());
  return table.ok() ? Status::OK() : table.status();
}

CsvOptions WithColumns(Schema columns) {
  CsvOptions options;
  options.columns = std::move(columns);
  return options;
}

TEST(CsvReader, ReadsEveryTypeWithExplicitColumns) {
  TempCsv file(
      "b,i,l,d,dec,wide,day,s\n"
      "true,-7,9000000000,1.5,12.34,-1234567890123456789.5,1998-12-01,hello\n"
      "FALSE,2147483647,-9223372036854775808,-2e3,-0.05,0.1,2000-02-29,\n"
      ",,,,,,,x\n");
  CsvOptions options = WithColumns({{"b", DataType::Boolean()},
                                    {"i", DataType::Int32()},
                                    {"l", DataType::Int64()},
                                    {"d", DataType::Double()},
                                    {"dec", DataType::Decimal(15, 2)},
                                    {"wide", DataType::Decimal(38, 10)},
                                    {"day", DataType::Date()},
                                    {"s", DataType::Varchar()}});
  TablePtr table = ReadOk(file.path(), options);
  ASSERT_EQ(table->num_rows(), 3);
  ASSERT_EQ(table->batches().size(), 1u);
  const Batch& batch = table->batches()[0];
  EXPECT_TRUE(batch.columns[0]->view().GetBool(0));
  EXPECT_FALSE(batch.columns[0]->view().GetBool(1));
  EXPECT_EQ(batch.columns[1]->values<int32_t>()[0], -7);
  EXPECT_EQ(batch.columns[1]->values<int32_t>()[1], 2147483647);
  EXPECT_EQ(batch.columns[2]->values<int64_t>()[0], 9000000000);
  EXPECT_EQ(batch.columns[2]->values<int64_t>()[1], std::numeric_limits<int64_t>::min());
  EXPECT_EQ(batch.columns[3]->values<double>()[0], 1.5);
  EXPECT_EQ(batch.columns[3]->values<double>()[1], -2000.0);
  EXPECT_EQ(batch.columns[4]->values<int64_t>()[0], 1234);
  EXPECT_EQ(batch.columns[4]->values<int64_t>()[1], -5);
  EXPECT_EQ(FormatInt128(batch.columns[5]->values<int128_t>()[0]), "-12345678901234567895000000000");
  EXPECT_EQ(batch.columns[5]->values<int128_t>()[1], 1000000000);
  EXPECT_EQ(batch.columns[6]->values<int32_t>()[0], 10561);
  EXPECT_EQ(FormatDate(batch.columns[6]->values<int32_t>()[1]), "2000-02-29");
  EXPECT_EQ(batch.columns[7]->GetString(0), "hello");
  // An empty unquoted field is NULL for every type, VARCHAR included.
  EXPECT_FALSE(batch.columns[7]->IsValid(1));
  for (int c = 0; c < 7; ++c) {
    EXPECT_TRUE(batch.columns[c]->IsValid(0)) << c;
    EXPECT_FALSE(batch.columns[c]->IsValid(2)) << c;
  }
  EXPECT_EQ(batch.columns[7]->GetString(2), "x");
}

TEST(CsvReader, DecimalsRoundAndFollowTheSharedParser) {
  TempCsv file("v\n7\n1.005\n-1.004\n+3.5\n 2.25 \n.5\n");
  TablePtr table = ReadOk(file.path(), WithColumns({{"v", DataType::Decimal(15, 2)}}));
  EXPECT_EQ(Rows(*table), (RowsText{{"7.00"}, {"1.01"}, {"-1.00"}, {"3.50"}, {"2.25"}, {"0.50"}}));
}

TEST(CsvReader, QuotedFieldsHoldDelimitersQuotesAndNewlines) {
  TempCsv file(
      "id,s,n\n"
      "1,\"a,b\",\"42\"\n"
      "2,\"say \"\"hi\"\"\",7\n"
      "3,\"two\nlines\",8\n"
      "4,\"\",\n"
      "5,mid\"quote,9\n");
  CsvOptions options = WithColumns({{"id", DataType::Int64()}, {"s", DataType::Varchar()}, {"n", DataType::Int64()}});
  TablePtr table = ReadOk(file.path(), options);
  EXPECT_EQ(Rows(*table), (RowsText{{"1", "a,b", "42"},
                                    {"2", "say \"hi\"", "7"},
                                    {"3", "two\nlines", "8"},
                                    {"4", "", "NULL"},
                                    {"5", "mid\"quote", "9"}}));
  const ColumnPtr& s = table->batches()[0].columns[1];
  EXPECT_TRUE(s->IsValid(3)) << "an empty quoted field is an empty string, not NULL";
}

TEST(CsvReader, CrlfLineEnds) {
  TempCsv file("a,b\r\n1,x\r\n2,\"y\"\r\n3,\r\n");
  TablePtr table = ReadOk(file.path(), CsvOptions{});
  EXPECT_EQ(table->schema()[1].name, "b");
  EXPECT_EQ(Rows(*table), (RowsText{{"1", "x"}, {"2", "y"}, {"3", "NULL"}}));
}

TEST(CsvReader, NoHeaderNamesColumnsByPosition) {
  TempCsv file("1|x|1998-01-02\n2|y|1999-03-04");
  CsvOptions options;
  options.header = false;
  options.delimiter = '|';
  TablePtr table = ReadOk(file.path(), options);
  ASSERT_EQ(table->num_columns(), 3);
  EXPECT_EQ(table->schema()[0].name, "column0");
  EXPECT_EQ(table->schema()[2].name, "column2");
  EXPECT_EQ(table->schema()[2].type, DataType::Date());
  EXPECT_EQ(Rows(*table), (RowsText{{"1", "x", "1998-01-02"}, {"2", "y", "1999-03-04"}}));
}

TEST(CsvReader, NullStringReadsAsNullButQuotedItIsText) {
  TempCsv file("a,s\nNA,NA\n5,\"NA\"\n");
  CsvOptions options = WithColumns({{"a", DataType::Int64()}, {"s", DataType::Varchar()}});
  options.null_string = "NA";
  EXPECT_EQ(Rows(*ReadOk(file.path(), options)), (RowsText{{"NULL", "NULL"}, {"5", "NA"}}));
}

TEST(CsvReader, EmptyFieldIsNullOnlyWithoutANullString) {
  TempCsv file("a,s\n,\n7,x\n");
  CsvOptions options = WithColumns({{"a", DataType::Int64()}, {"s", DataType::Varchar()}});
  EXPECT_EQ(Rows(*ReadOk(file.path(), options)), (RowsText{{"NULL", "NULL"}, {"7", "x"}}));
  // With NULL '\N' (PostgreSQL's COPY): an empty VARCHAR field is the empty string, and an
  // empty number is still NULL.
  options.null_string = "\\N";
  EXPECT_EQ(Rows(*ReadOk(file.path(), options)), (RowsText{{"NULL", ""}, {"7", "x"}}));
}

TEST(CsvReader, BlankLinesAtTheEndAreIgnored) {
  TempCsv file("a,b\n1,2\n3,4\n\n\r\n\n");
  EXPECT_EQ(Rows(*ReadOk(file.path(), CsvOptions{})), (RowsText{{"1", "2"}, {"3", "4"}}));
}

TEST(CsvReader, SingleColumnBlankLineInTheMiddleIsNull) {
  TempCsv file("a\n1\n\n3\n");
  EXPECT_EQ(Rows(*ReadOk(file.path(), CsvOptions{})), (RowsText{{"1"}, {"NULL"}, {"3"}}));
}

TEST(CsvReader, ByteOrderMarkIsSkipped) {
  TempCsv file("\xEF\xBB\xBFid,name\n1,a\n");
  TablePtr table = ReadOk(file.path(), CsvOptions{});
  EXPECT_EQ(table->schema()[0].name, "id");
  EXPECT_EQ(Rows(*table), (RowsText{{"1", "a"}}));
}

TEST(CsvReader, EmptyFileWithColumnsGivesNoRows) {
  TempCsv file("");
  TablePtr table = ReadOk(file.path(), WithColumns({{"a", DataType::Int64()}}));
  EXPECT_EQ(table->num_rows(), 0);
  EXPECT_EQ(table->num_columns(), 1);
}

TEST(CsvReader, HeaderOnlyFileGivesNoRowsOfVarchar) {
  TempCsv file("a,b\n");
  TablePtr table = ReadOk(file.path(), CsvOptions{});
  EXPECT_EQ(table->num_rows(), 0);
  ASSERT_EQ(table->num_columns(), 2);
  EXPECT_EQ(table->schema()[1].name, "b");
  EXPECT_EQ(table->schema()[1].type, DataType::Varchar());
}

TEST(CsvReader, ThreadsOptionRunsInItsOwnArena) {
  std::string text = "k,v\n";
  for (int i = 0; i < 5000; ++i) text += fmt::format("{},{}\n", i, i * 3);
  TempCsv file(text);
  CsvOptions options;
  options.threads = 3;
  Result<TablePtr> table = ReadCsvWithChunkBytes(file.path(), options, "t", 1024);
  ASSERT_TRUE(table.ok()) << table.status().message();
  EXPECT_EQ((*table)->num_rows(), 5000);
  EXPECT_GT((*table)->batches().size(), 1u);
}

TEST(CsvInference, PicksTheNarrowestTypePerColumn) {
  TempCsv file(
      "flag,count,ratio,day,name,mixed,empty,zero_one,big\n"
      "true,1,1.5,2024-01-31,a,1,,0,99999999999999999999\n"
      "False,-20,2,2024-02-29,b,x,,1,1\n"
      ",,,,,,,,\n");
  Result<Schema> schema = InferCsvSchema(file.path(), CsvOptions{});
  ASSERT_TRUE(schema.ok()) << schema.status().message();
  ASSERT_EQ(schema->size(), 9u);
  EXPECT_EQ((*schema)[0].type, DataType::Boolean());
  EXPECT_EQ((*schema)[1].type, DataType::Int64());
  EXPECT_EQ((*schema)[2].type, DataType::Double());
  EXPECT_EQ((*schema)[3].type, DataType::Date());
  EXPECT_EQ((*schema)[4].type, DataType::Varchar());
  EXPECT_EQ((*schema)[5].type, DataType::Varchar());
  EXPECT_EQ((*schema)[6].type, DataType::Varchar()) << "a column of NULLs reads as VARCHAR";
  EXPECT_EQ((*schema)[7].type, DataType::Int64()) << "0/1 are numbers, not booleans";
  EXPECT_EQ((*schema)[8].type, DataType::Double()) << "too big for BIGINT";
  EXPECT_EQ((*schema)[2].name, "ratio");
}

TEST(CsvInference, ReadCsvUsesTheInferredTypes) {
  TempCsv file("id,price,when\n1,2.5,1992-01-02\n2,,1992-01-03\n");
  TablePtr table = ReadOk(file.path(), CsvOptions{});
  EXPECT_EQ(table->schema()[0].type, DataType::Int64());
  EXPECT_EQ(table->schema()[1].type, DataType::Double());
  EXPECT_EQ(table->schema()[2].type, DataType::Date());
  EXPECT_EQ(Rows(*table), (RowsText{{"1", "2.5", "1992-01-02"}, {"2", "NULL", "1992-01-03"}}));
}

TEST(CsvInference, ExplicitColumnsAreReturnedAsGiven) {
  TempCsv file("a\n1\n");
  Result<Schema> schema = InferCsvSchema(file.path(), WithColumns({{"x", DataType::Decimal(10, 3)}}));
  ASSERT_TRUE(schema.ok());
  EXPECT_EQ((*schema)[0].name, "x");
  EXPECT_EQ((*schema)[0].type, DataType::Decimal(10, 3));
}

TEST(CsvInference, LaterRowOutsideTheSampleNamesColumnAndSuggestsExplicitTypes) {
  CsvOptions options;
  options.sample_rows = 2;
  Status status = ReadError("n,s\n1,a\n2,b\n3,c\nabc,d\n", options);
  EXPECT_EQ(status.code(), StatusCode::kInvalidData);
  EXPECT_NE(status.message().find(":5: column 1 (n): cannot read 'abc' as BIGINT"), std::string::npos)
      << status.message();
  EXPECT_NE(status.message().find("pass explicit column types"), std::string::npos) << status.message();
}

TEST(CsvInference, EmptyFileCannotBeInferred) {
  Status status = ReadError("", CsvOptions{});
  EXPECT_EQ(status.code(), StatusCode::kInvalidData);
  EXPECT_NE(status.message().find("empty"), std::string::npos) << status.message();
  CsvOptions no_header;
  no_header.header = false;
  EXPECT_EQ(ReadError("\n\n", no_header).code(), StatusCode::kInvalidData);
}

TEST(CsvReaderErrors, MissingFileIsAnIOErrorNamingThePath) {
  std::string path = (std::filesystem::temp_directory_path() / "orbit_csv_test_no_such_file.csv").string();
  Result<TablePtr> table = ReadCsv(path, CsvOptions{}, "t");
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().code(), StatusCode::kIOError);
  EXPECT_NE(table.status().message().find(path), std::string::npos) << table.status().message();
  EXPECT_EQ(InferCsvSchema(path, CsvOptions{}).status().code(), StatusCode::kIOError);
}

TEST(CsvReaderErrors, WrongNumberOfFieldsGivesFileAndLine) {
  TempCsv file("a,b,c\n1,2,3\n4,5\n");
  Result<TablePtr> table = ReadCsv(file.path(), CsvOptions{}, "t");
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().code(), StatusCode::kInvalidData);
  EXPECT_EQ(table.status().message(), file.path() + ":3: expected 3 fields, found 2");
}

TEST(CsvReaderErrors, TooManyFields) {
  CsvOptions options = WithColumns({{"a", DataType::Int64()}});
  options.header = false;
  Status status = ReadError("1\n2\n3,4\n", options);
  EXPECT_NE(status.message().find(":3: expected 1 fields, found 2"), std::string::npos) << status.message();
}

TEST(CsvReaderErrors, BadValueNamesLineColumnTypeAndText) {
  CsvOptions options = WithColumns({{"l_orderkey", DataType::Int64()}, {"l_quantity", DataType::Decimal(15, 2)}});
  options.delimiter = '|';
  options.header = false;
  TempCsv file("1|17.00\n2|abc\n");
  Result<TablePtr> table = ReadCsv(file.path(), options, "t");
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().code(), StatusCode::kInvalidData);
  EXPECT_EQ(table.status().message(), file.path() + ":2: column 2 (l_quantity): cannot read 'abc' as DECIMAL(15,2)");
}

TEST(CsvReaderErrors, EveryTypeRejectsBadText) {
  const std::vector<std::pair<DataType, std::string>> cases = {
      {DataType::Boolean(), "maybe"},   {DataType::Int32(), "3000000000"},
      {DataType::Int64(), "1.5"},       {DataType::Int64(), "99999999999999999999"},
      {DataType::Double(), "1.2.3"},    {DataType::Decimal(4, 2), "123.4"},
      {DataType::Decimal(30, 2), "x"},  {DataType::Date(), "1999-02-29"},
      {DataType::Date(), "1999-13-01"}, {DataType::Date(), "19990101"},
  };
  for (const auto& [type, text] : cases) {
    Status status = ReadError("v\n" + text + "\n", WithColumns({{"v", type}}));
    EXPECT_EQ(status.message().find(":2: column 1 (v): cannot read '" + text + "' as " + type.ToString()) !=
                  std::string::npos,
              true)
        << status.message();
  }
}

TEST(CsvReaderErrors, UnterminatedQuote) {
  TempCsv file("a,b\n1,x\n2,\"open\n3,y\n");
  Result<TablePtr> table = ReadCsv(file.path(), CsvOptions{}, "t");
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().message(),
            file.path() + ":3: column 2 (b): unterminated quoted field (the quote that opens it is never closed)");
}

TEST(CsvReaderErrors, TextAfterClosingQuote) {
  Status status = ReadError("a,b\n1,\"x\"y\n", CsvOptions{});
  EXPECT_NE(status.message().find(":2: column 2 (b): unexpected text after the closing quote"), std::string::npos)
      << status.message();
}

TEST(CsvReaderErrors, HeaderDisagreesWithGivenColumns) {
  Status status = ReadError("a,b\n1,2\n", WithColumns({{"a", DataType::Int64()}}));
  EXPECT_NE(status.message().find(":1: the header has 2 fields but 1 columns were given"), std::string::npos)
      << status.message();
}

TEST(CsvReaderErrors, BadOptions) {
  CsvOptions options;
  options.quote = ',';
  EXPECT_EQ(ReadError("a\n1\n", options).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ReadError("a\n1\n", WithColumns({{"a", DataType::Null()}})).code(), StatusCode::kInvalidArgument);
}

// 200k rows of every type, with NULLs and quoted fields sprinkled in.
std::string ManyRowsCsv(int rows, bool with_multiline_quotes) {
  std::string text = "id,qty,price,day,flag,note\n";
  for (int i = 0; i < rows; ++i) {
    std::string note = i % 7 == 0 ? "" : fmt::format("note {}", i);
    if (i % 11 == 0) note = fmt::format("\"quoted, {} \"\"x\"\"\"", i);
    if (with_multiline_quotes && i % 5 == 0) note = fmt::format("\"line {}\nnext\r\nlast\"", i);
    std::string qty = i % 13 == 0 ? "" : std::to_string(i % 50);
    text += fmt::format("{},{},{}.{:02d},1995-{:02d}-{:02d},{},{}\n", i, qty, i % 100000, i % 100, i % 12 + 1,
                        i % 28 + 1, i % 3 == 0 ? "true" : "false", note);
  }
  return text;
}

CsvOptions ManyRowsColumns() {
  return WithColumns({{"id", DataType::Int64()},
                      {"qty", DataType::Int32()},
                      {"price", DataType::Decimal(15, 2)},
                      {"day", DataType::Date()},
                      {"flag", DataType::Boolean()},
                      {"note", DataType::Varchar()}});
}

void ExpectChunkedReadMatchesOneChunk(const std::string& text, size_t chunk_bytes) {
  TempCsv file(text);
  CsvOptions options = ManyRowsColumns();
  tbb::task_arena arena(4);
  Result<TablePtr> chunked =
      arena.execute([&] { return ReadCsvWithChunkBytes(file.path(), options, "t", chunk_bytes); });
  Result<TablePtr> whole = ReadCsvWithChunkBytes(file.path(), options, "t", std::numeric_limits<size_t>::max());
  ASSERT_TRUE(chunked.ok()) << chunked.status().message();
  ASSERT_TRUE(whole.ok()) << whole.status().message();
  EXPECT_GT((*chunked)->batches().size(), 4u);
  EXPECT_EQ((*whole)->batches().size(), 1u);
  RowsText chunked_rows = Rows(**chunked);
  ASSERT_EQ(chunked_rows.size(), 200000u);
  EXPECT_TRUE(chunked_rows == Rows(**whole));
  for (size_t i = 0; i < chunked_rows.size(); ++i) {
    ASSERT_EQ(chunked_rows[i][0], std::to_string(i)) << "row order";
  }
}

TEST(CsvReaderParallel, ManyChunksGiveTheSameTableAsOne) {
  ExpectChunkedReadMatchesOneChunk(ManyRowsCsv(200000, false), 64 << 10);
}

TEST(CsvReaderParallel, QuotedNewlinesAcrossChunkCuts) {
  // Small chunks make many cuts fall inside quoted fields; the reader must re-split at records.
  ExpectChunkedReadMatchesOneChunk(ManyRowsCsv(200000, true), 4 << 10);
}

TEST(CsvReaderParallel, ErrorLineIsCountedAcrossChunks) {
  std::string text = ManyRowsCsv(200000, true);
  // Row 150000 is data line 150001; its physical line counts the header and every quoted newline before it.
  size_t row_start = text.find("\n150000,") + 1;
  text.replace(row_start, 6, "15x000");
  int line =
      1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(row_start), '\n'));
  TempCsv file(text);
  tbb::task_arena arena(4);
  Result<TablePtr> table =
      arena.execute([&] { return ReadCsvWithChunkBytes(file.path(), ManyRowsColumns(), "t", 16 << 10); });
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().message(),
            fmt::format("{}:{}: column 1 (id): cannot read '15x000' as BIGINT", file.path(), line));
}

TEST(CsvReaderParallel, DefaultChunkingReadsLargeFile) {
  TempCsv file(ManyRowsCsv(200000, false));
  tbb::task_arena arena(2);
  Result<TablePtr> table = arena.execute([&] { return ReadCsv(file.path(), CsvOptions{}, "t"); });
  ASSERT_TRUE(table.ok()) << table.status().message();
  EXPECT_EQ((*table)->num_rows(), 200000);
  EXPECT_EQ((*table)->schema()[3].type, DataType::Date());
  EXPECT_EQ((*table)->schema()[4].type, DataType::Boolean());
}

}  // namespace
}  // namespace orbit
