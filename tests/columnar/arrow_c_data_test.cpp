// Arrow C Data / C Stream exchange: every Orbit type survives export -> import with its
// NULLs, the imported columns point at the very same memory (no copy), slices move
// pointers rather than bytes, and every release callback runs exactly once.
#include "columnar/arrow_c_data.h"
#include "columnar/array_value.h"

#include <limits>

#include <gtest/gtest.h>

#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "columnar/list_value.h"
#include "columnar/value_format.h"

namespace orbit {
namespace {

constexpr int64_t kRows = 21;  // not a multiple of 8, so bitmaps end mid-byte

// Helpers.

/// Row `i` as text ("NULL" for NULLs), for value comparisons with readable failures.
std::string Cell(const Column& column, int64_t i) {
  if (column.type().id == TypeId::kNull || !column.IsValid(i)) return "NULL";
  ColumnView v = column.view();
  switch (physical_type(column.type())) {
    case PhysicalType::kBit: return v.GetBool(i) ? "true" : "false";
    case PhysicalType::kInt8: return std::to_string(v.values<int8_t>()[i]);
    case PhysicalType::kInt16: return std::to_string(v.values<int16_t>()[i]);
    case PhysicalType::kInt32: return std::to_string(v.values<int32_t>()[i]);
    case PhysicalType::kInt64: return std::to_string(v.values<int64_t>()[i]);
    case PhysicalType::kInt128: return FormatInt128(v.values<int128_t>()[i]);
    case PhysicalType::kDouble: return FormatDouble(v.values<double>()[i]);
    case PhysicalType::kString: return "'" + std::string(v.GetString(i)) + "'";
    case PhysicalType::kFloat: return FormatReal(v.values<float>()[i]);
    case PhysicalType::kFixedArray:
      return FormatArrayRow(v.type, v.values<uint8_t>() + static_cast<size_t>(i) * v.type.byte_width());
    case PhysicalType::kList: return FormatListRow(v, i);
    case PhysicalType::kNone: return "NULL";
  }
  return "?";
}

/// Expects `imported` to hold rows [from, from + imported.length()) of `original`.
void ExpectSameRows(const Column& original, int64_t from, const Column& imported) {
  ASSERT_EQ(original.type(), imported.type());
  for (int64_t i = 0; i < imported.length(); ++i) {
    EXPECT_EQ(Cell(original, from + i), Cell(imported, i)) << original.type().ToString() << " row " << from + i;
  }
}

/// A column of `type` with a NULL every third row (rows 0, 3, 6, ...) and varied values.
ColumnPtr MakeColumn(const DataType& type, int64_t rows, int seed) {
  ColumnBuilder builder(type, rows);
  for (int64_t i = 0; i < rows; ++i) {
    int64_t v = (i * 7919 + seed * 104729) % 20011 - 10000;
    if (i % 3 == 0 || type.id == TypeId::kNull) {
      builder.AppendNull();
      continue;
    }
    switch (physical_type(type)) {
      case PhysicalType::kBit: builder.AppendBool(v % 2 == 0); break;
      case PhysicalType::kInt8: builder.AppendInt8(static_cast<int8_t>(v % 128)); break;
      case PhysicalType::kInt16: builder.AppendInt16(static_cast<int16_t>(v)); break;
      case PhysicalType::kInt32: builder.AppendInt32(static_cast<int32_t>(v)); break;
      case PhysicalType::kInt64: builder.AppendInt64(v * 1'000'003); break;
      case PhysicalType::kInt128: builder.AppendInt128(static_cast<int128_t>(v) * Pow10(25)); break;
      case PhysicalType::kDouble: builder.AppendDouble(static_cast<double>(v) / 7); break;
      case PhysicalType::kString: builder.AppendString(std::string(i % 5, static_cast<char>('a' + i % 26))); break;
      case PhysicalType::kFloat: builder.AppendFloat(static_cast<float>(v) / 3); break;
      case PhysicalType::kFixedArray: {
        std::vector<uint8_t> row(static_cast<size_t>(type.byte_width()));
        for (uint32_t e = 0; e < type.dimension; ++e) {
          EXPECT_TRUE(SetArrayElement(type, row.data(), e, static_cast<double>(v + e) / 4).ok());
        }
        builder.AppendArrayRow(row.data());
        break;
      }
      case PhysicalType::kList: {
        // 0 to 3 elements, the second NULL: empty arrays, NULL elements and NULL rows.
        ColumnBuilder& elements = builder.ListElements();
        for (int64_t k = 0; k < i % 4; ++k) {
          if (k == 1 || type.element != TypeId::kInt32) {
            elements.AppendNull();
          } else {
            elements.AppendInt32(static_cast<int32_t>(v + k));
          }
        }
        builder.FinishListRow();
        break;
      }
      case PhysicalType::kNone: break;
    }
  }
  return builder.Finish();
}

Schema AllTypesSchema() {
  return {{"flag", DataType::Boolean()},
          {"i32", DataType::Int32()},
          {"i64", DataType::Int64()},
          {"real", DataType::Double()},
          {"money", DataType::Decimal(15, 2)},
          {"big", DataType::Decimal(30, 4)},
          {"day", DataType::Date()},
          {"text", DataType::Varchar()},
          {"nothing", DataType::Null()},
          {"emb", DataType::Array(TypeId::kFloat, 3)},
          {"pair", DataType::Array(TypeId::kInt64, 2)},
          {"i8", DataType::Int8()},
          {"i16", DataType::Int16()},
          {"f32", DataType::Float()},
          {"xs", DataType::List(DataType::Int32())}};
}

TablePtr MakeTable(int batches) {
  auto table = std::make_shared<Table>("t", AllTypesSchema());
  for (int b = 0; b < batches; ++b) {
    Batch batch;
    batch.length = kRows;
    for (const Field& f : table->schema()) batch.columns.push_back(MakeColumn(f.type, kRows, b));
    table->Append(std::move(batch));
  }
  return table;
}

/// Interposes on an ArrowArray's release callback to count how often it runs.
struct ReleaseCounter {
  int calls = 0;
  void (*inner_release)(ArrowArray*) = nullptr;
  void* inner_private = nullptr;

  void Attach(ArrowArray* array) {
    inner_release = array->release;
    inner_private = array->private_data;
    array->release = &Release;
    array->private_data = this;
  }
  static void Release(ArrowArray* array) {
    auto* self = static_cast<ReleaseCounter*>(array->private_data);
    ++self->calls;
    array->private_data = self->inner_private;
    self->inner_release(array);
  }
};

/// A hand-made foreign producer: a record batch of one column whose buffers the test
/// owns, counting how often the batch is released.
struct ForeignBatch {
  ForeignBatch(std::string format, int64_t length, std::vector<const void*> buffers, int64_t null_count = 0,
               int64_t offset = 0)
      : format(std::move(format)), buffers(std::move(buffers)) {
    // Fields below point at each other: a ForeignBatch never moves.
    child = ArrowArray{
        length,  null_count, offset, static_cast<int64_t>(this->buffers.size()), 0, this->buffers.data(), nullptr,
        nullptr, &NoRelease, nullptr};
    child_pointer = &child;
    array = ArrowArray{length, 0, 0, 1, 1, parent_buffers, &child_pointer, nullptr, &CountRelease, this};
    child_schema = ArrowSchema{this->format.c_str(), "x",    nullptr, ARROW_FLAG_NULLABLE, 0, nullptr, nullptr,
                               &NoSchemaRelease,     nullptr};
    child_schema_pointer = &child_schema;
    schema = ArrowSchema{"+s", "", nullptr, 0, 1, &child_schema_pointer, nullptr, &NoSchemaRelease, nullptr};
  }
  ForeignBatch(const ForeignBatch&) = delete;
  ForeignBatch& operator=(const ForeignBatch&) = delete;
  static void NoRelease(ArrowArray* a) { a->release = nullptr; }
  static void NoSchemaRelease(ArrowSchema* s) { s->release = nullptr; }
  static void CountRelease(ArrowArray* a) {
    ++static_cast<ForeignBatch*>(a->private_data)->releases;
    a->release = nullptr;
  }

  std::string format;
  std::vector<const void*> buffers;
  const void* parent_buffers[1] = {nullptr};
  ArrowArray child{}, array{};
  ArrowArray* child_pointer = nullptr;
  ArrowSchema child_schema{}, schema{};
  ArrowSchema* child_schema_pointer = nullptr;
  int releases = 0;
};

std::vector<uint8_t> Bits(const std::vector<bool>& bits) {
  std::vector<uint8_t> out((bits.size() + 7) / 8);
  for (size_t i = 0; i < bits.size(); ++i) {
    if (bits[i]) bitmap::Set(out.data(), i);
  }
  return out;
}

// Export -> import within Orbit.

TEST(ArrowCData, FormatsFollowTheSpec) {
  EXPECT_EQ(ArrowFormat(DataType::Boolean()), "b");
  EXPECT_EQ(ArrowFormat(DataType::Int32()), "i");
  EXPECT_EQ(ArrowFormat(DataType::Int64()), "l");
  EXPECT_EQ(ArrowFormat(DataType::Double()), "g");
  EXPECT_EQ(ArrowFormat(DataType::Date()), "tdD");
  EXPECT_EQ(ArrowFormat(DataType::Varchar()), "u");
  EXPECT_EQ(ArrowFormat(DataType::Decimal(15, 2)), "d:15,2,64");
  EXPECT_EQ(ArrowFormat(DataType::Decimal(38, 10)), "d:38,10");
  EXPECT_EQ(ArrowFormat(DataType::Null()), "n");
}

TEST(ArrowCData, RoundTripSharesEveryBuffer) {
  TablePtr original = MakeTable(2);
  ArrowArrayStream stream;
  ASSERT_TRUE(ExportTable(original, &stream).ok());
  auto imported = ImportStream(&stream, "copy");
  ASSERT_TRUE(imported.ok()) << imported.status().ToString();
  EXPECT_EQ(stream.release, nullptr) << "the import takes ownership of the stream";

  const Table& copy = **imported;
  EXPECT_EQ(copy.name(), "copy");
  ASSERT_EQ(copy.schema().size(), original->schema().size());
  for (size_t c = 0; c < copy.schema().size(); ++c) {
    EXPECT_EQ(copy.schema()[c].name, original->schema()[c].name);
    EXPECT_EQ(copy.schema()[c].type, original->schema()[c].type);
  }
  ASSERT_EQ(copy.batches().size(), 2u);
  for (size_t b = 0; b < 2; ++b) {
    for (size_t c = 0; c < copy.schema().size(); ++c) {
      const Column& from = *original->batches()[b].columns[c];
      const Column& to = *copy.batches()[b].columns[c];
      SCOPED_TRACE(copy.schema()[c].name);
      ExpectSameRows(from, 0, to);
      if (from.type().id == TypeId::kNull) continue;  // the null type has no buffers to share
      EXPECT_EQ(to.validity(), from.validity());
      EXPECT_EQ(to.data_buffer()->data(), from.data_buffer()->data());
      if (from.type().id == TypeId::kVarchar) {
        EXPECT_EQ(to.chars(), from.chars());
      }
      EXPECT_FALSE(to.data_buffer()->owned()) << "wraps the exported memory";
    }
  }
}

TEST(ArrowCData, ImportedTableKeepsTheExportAliveUntilItIsGone) {
  TablePtr original = MakeTable(1);
  std::weak_ptr<Column> first_column = original->batches()[0].columns[0];
  ArrowArrayStream stream;
  ASSERT_TRUE(ExportTable(original, &stream).ok());
  original.reset();
  EXPECT_FALSE(first_column.expired()) << "the stream holds the table's columns";

  auto imported = ImportStream(&stream, "copy");
  ASSERT_TRUE(imported.ok()) << imported.status().ToString();
  ColumnPtr kept = (*imported)->batches()[0].columns[3];
  imported = Status::Internal("drop the table");
  EXPECT_FALSE(first_column.expired()) << "one imported column keeps the whole exported batch";
  kept.reset();
  EXPECT_TRUE(first_column.expired()) << "the last imported buffer released the exported batch";
}

TEST(ArrowCData, ExportedArrayHoldsColumnsUntilReleased) {
  TablePtr table = MakeTable(1);
  std::weak_ptr<Column> column = table->batches()[0].columns[7];
  const void* table_data_of_emb = table->batches()[0].columns[9]->data_buffer()->data();
  ArrowArray array;
  ArrowSchema schema;
  ASSERT_TRUE(ExportBatch(table->schema(), table->batches()[0], &array, &schema).ok());
  table.reset();
  EXPECT_FALSE(column.expired());
  EXPECT_STREQ(schema.format, "+s");
  ASSERT_EQ(schema.n_children, 15);
  EXPECT_STREQ(schema.children[4]->format, "d:15,2,64");
  EXPECT_STREQ(schema.children[11]->format, "c");  // TINYINT, SMALLINT and REAL as they are
  EXPECT_STREQ(schema.children[12]->format, "s");
  EXPECT_STREQ(schema.children[13]->format, "f");
  // REAL[3]: a FixedSizeList whose one child holds the floats, three per row.
  EXPECT_STREQ(schema.children[9]->format, "+w:3");
  ASSERT_EQ(schema.children[9]->n_children, 1);
  EXPECT_STREQ(schema.children[9]->children[0]->format, "f");
  ASSERT_EQ(array.children[9]->n_children, 1);
  EXPECT_EQ(array.children[9]->n_buffers, 1);
  EXPECT_EQ(array.children[9]->children[0]->length, 3 * kRows);
  EXPECT_EQ(array.children[9]->children[0]->buffers[1], table_data_of_emb);
  EXPECT_STREQ(schema.children[4]->name, "money");
  EXPECT_EQ(array.children[1]->null_count, 7);  // rows 0, 3, ..., 18
  EXPECT_EQ(array.children[8]->n_buffers, 0);   // the null type

  // A consumer may move a child out and release it after the parent (spec, "Moving child arrays").
  ArrowArray moved = *array.children[7];
  array.children[7]->release = nullptr;
  array.release(&array);
  EXPECT_EQ(array.release, nullptr);
  EXPECT_FALSE(column.expired()) << "the moved child still holds its column";
  moved.release(&moved);
  EXPECT_TRUE(column.expired());
  schema.release(&schema);
  EXPECT_EQ(schema.release, nullptr);
}

TEST(ArrowCData, ImportReleasesTheArrayExactlyOnceAfterTheLastBuffer) {
  TablePtr table = MakeTable(1);
  ArrowArray array;
  ArrowSchema schema;
  ASSERT_TRUE(ExportBatch(table->schema(), table->batches()[0], &array, &schema).ok());
  ReleaseCounter counter;
  counter.Attach(&array);

  auto batch = ImportBatch(&array, &schema);
  schema.release(&schema);
  ASSERT_TRUE(batch.ok()) << batch.status().ToString();
  EXPECT_EQ(array.release, nullptr) << "moved into Orbit";
  ColumnPtr survivor = batch->columns[5];
  batch = Status::Internal("drop the batch");
  EXPECT_EQ(counter.calls, 0);
  survivor.reset();
  EXPECT_EQ(counter.calls, 1);
}

/// Exports batch 0 of a fresh table, lets `slice` adjust the exported struct array, and
/// imports it. Returns the original batch for comparison.
Batch ImportSliced(const std::function<void(ArrowArray*)>& slice, Batch* imported, TablePtr* keep) {
  *keep = MakeTable(1);
  const Batch& original = (*keep)->batches()[0];
  ArrowArray array;
  ArrowSchema schema;
  EXPECT_TRUE(ExportBatch((*keep)->schema(), original, &array, &schema).ok());
  slice(&array);
  auto batch = ImportBatch(&array, &schema);
  schema.release(&schema);
  EXPECT_TRUE(batch.ok()) << batch.status().ToString();
  if (batch.ok()) *imported = *batch;
  return original;
}

TEST(ArrowCData, ByteAlignedSliceMovesPointersOnly) {
  TablePtr keep;
  Batch sliced;
  Batch original = ImportSliced(
      [](ArrowArray* a) {
        a->offset = 8;
        a->length = kRows - 8;
      },
      &sliced, &keep);
  ASSERT_EQ(sliced.length, kRows - 8);
  for (size_t c = 0; c < sliced.columns.size(); ++c) {
    const Column& from = *original.columns[c];
    const Column& to = *sliced.columns[c];
    SCOPED_TRACE(from.type().ToString());
    ExpectSameRows(from, 8, to);
    const uint8_t* data = from.data_buffer()->data();
    switch (physical_type(from.type())) {
      case PhysicalType::kNone: continue;
      case PhysicalType::kBit: EXPECT_EQ(to.data_buffer()->data(), data + 1); break;
      case PhysicalType::kString:
        EXPECT_EQ(to.offsets(), from.offsets() + 8);
        EXPECT_EQ(to.chars(), from.chars()) << "offsets index the characters absolutely";
        break;
      case PhysicalType::kList:
        EXPECT_EQ(to.offsets(), from.offsets() + 8);
        EXPECT_EQ(to.child()->data_buffer()->data(), from.child()->data_buffer()->data()) << "elements in place";
        break;
      default: EXPECT_EQ(to.data_buffer()->data(), data + 8 * from.type().byte_width()); break;
    }
    EXPECT_EQ(to.validity(), from.validity() + 1);
  }
}

TEST(ArrowCData, UnalignedSliceCopiesOnlyBitmaps) {
  TablePtr keep;
  Batch sliced;
  // The parent is sliced by 2 and every child by 1 more: offsets add up to 3.
  Batch original = ImportSliced(
      [](ArrowArray* a) {
        a->offset = 2;
        a->length = kRows - 3;
        for (int64_t c = 0; c < a->n_children; ++c) {
          a->children[c]->offset = 1;
          a->children[c]->length = kRows - 1;
          a->children[c]->null_count = -1;
        }
      },
      &sliced, &keep);
  for (size_t c = 0; c < sliced.columns.size(); ++c) {
    const Column& from = *original.columns[c];
    const Column& to = *sliced.columns[c];
    SCOPED_TRACE(from.type().ToString());
    ExpectSameRows(from, 3, to);
    if (from.type().id == TypeId::kNull) continue;
    EXPECT_TRUE(to.validity_buffer()->owned()) << "a bitmap at bit 3 is shifted into a copy";
    EXPECT_EQ(to.null_count(), 6);  // rows 3, 6, ..., 18 of the original
    switch (physical_type(from.type())) {
      case PhysicalType::kBit: EXPECT_TRUE(to.data_buffer()->owned()); break;
      case PhysicalType::kString:
        EXPECT_EQ(to.offsets(), from.offsets() + 3);
        EXPECT_EQ(to.chars(), from.chars());
        break;
      case PhysicalType::kList:
        EXPECT_EQ(to.offsets(), from.offsets() + 3);
        EXPECT_EQ(to.child()->data_buffer()->data(), from.child()->data_buffer()->data());
        break;
      default: EXPECT_EQ(to.data_buffer()->data(), from.data_buffer()->data() + 3 * from.type().byte_width()); break;
    }
  }
}

TEST(ArrowCData, EmptyTableStreamsItsSchemaOnly) {
  auto empty = std::make_shared<Table>("e", AllTypesSchema());
  ArrowArrayStream stream;
  ASSERT_TRUE(ExportTable(empty, &stream).ok());
  auto imported = ImportStream(&stream, "e2");
  ASSERT_TRUE(imported.ok()) << imported.status().ToString();
  EXPECT_EQ((*imported)->schema().size(), 15u);
  EXPECT_TRUE((*imported)->batches().empty());
}

// Foreign producers: conversions, zero-length arrays, malformed and unsupported input.

TEST(ArrowCDataImport, SignedNarrowTypesAndFloatsAreWrappedInPlace) {
  std::vector<uint8_t> validity = Bits({true, false, true, true});
  int8_t i8[] = {-128, 0, 5, 127};
  int16_t i16[] = {-32768, 0, 5, 32767};
  float f32[] = {-1.5f, 0, 0.25f, 3.0e38f};
  struct Case {
    const char* format;
    const void* values;
    DataType type;
    std::vector<std::string> cells;
  } cases[] = {
      {"c", i8, DataType::Int8(), {"-128", "NULL", "5", "127"}},
      {"s", i16, DataType::Int16(), {"-32768", "NULL", "5", "32767"}},
      {"f", f32, DataType::Float(), {"-1.5", "NULL", "0.25", "3e+38"}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.format);
    ForeignBatch foreign(c.format, 4, {validity.data(), c.values}, 1);
    auto batch = ImportBatch(&foreign.array, &foreign.schema);
    ASSERT_TRUE(batch.ok()) << batch.status().ToString();
    const Column& column = *batch->columns[0];
    EXPECT_EQ(column.type(), c.type);
    EXPECT_EQ(static_cast<const void*>(column.data_buffer()->data()), c.values) << "zero copy";
    for (int64_t i = 0; i < 4; ++i) EXPECT_EQ(Cell(column, i), c.cells[i]);
  }
}

TEST(ArrowCDataImport, UnsignedTypesWidenWithACopy) {
  std::vector<uint8_t> validity = Bits({true, false, true, true});
  uint8_t u8[] = {0, 0, 200, 255};
  uint16_t u16[] = {0, 0, 40000, 65535};
  uint32_t u32[] = {0, 0, 3'000'000'000u, 4'294'967'295u};
  struct Case {
    const char* format;
    const void* values;
    DataType type;
    std::vector<std::string> cells;
  } cases[] = {
      {"C", u8, DataType::Int16(), {"0", "NULL", "200", "255"}},
      {"S", u16, DataType::Int32(), {"0", "NULL", "40000", "65535"}},
      {"I", u32, DataType::Int64(), {"0", "NULL", "3000000000", "4294967295"}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.format);
    ForeignBatch foreign(c.format, 4, {validity.data(), c.values}, 1);
    auto batch = ImportBatch(&foreign.array, &foreign.schema);
    ASSERT_TRUE(batch.ok()) << batch.status().ToString();
    const Column& column = *batch->columns[0];
    EXPECT_EQ(column.type(), c.type);
    EXPECT_NE(static_cast<const void*>(column.data_buffer()->data()), c.values);
    for (int64_t i = 0; i < 4; ++i) EXPECT_EQ(Cell(column, i), c.cells[i]);
    batch = Status::Internal("drop");
    EXPECT_EQ(foreign.releases, 1);
  }
}

TEST(ArrowCDataImport, DecimalsKeepOrNarrowTheirStorage) {
  int128_t wide[] = {-Pow10(20), 12345, 0};
  ForeignBatch wide_batch("d:25,3", 3, {nullptr, wide});
  auto kept = ImportBatch(&wide_batch.array, &wide_batch.schema);
  ASSERT_TRUE(kept.ok()) << kept.status().ToString();
  EXPECT_EQ(kept->columns[0]->type(), DataType::Decimal(25, 3));
  EXPECT_EQ(static_cast<const void*>(kept->columns[0]->data_buffer()->data()), wide) << "zero copy";
  EXPECT_EQ(Cell(*kept->columns[0], 0), "-" + FormatInt128(Pow10(20)));

  // Orbit keeps DECIMAL(p<=18) in int64, so decimal128 with a small precision is narrowed.
  int128_t narrow[] = {-999'999'999'999'999'999, 12345, 0};
  for (const char* format : {"d:18,2", "d:18,2,128"}) {
    ForeignBatch narrow_batch(format, 3, {nullptr, narrow});
    auto copied = ImportBatch(&narrow_batch.array, &narrow_batch.schema);
    ASSERT_TRUE(copied.ok()) << copied.status().ToString();
    EXPECT_EQ(copied->columns[0]->type(), DataType::Decimal(18, 2));
    EXPECT_EQ(Cell(*copied->columns[0], 0), "-999999999999999999");
    EXPECT_EQ(Cell(*copied->columns[0], 1), "12345");
  }

  int64_t d64[] = {5, -7};
  ForeignBatch d64_batch("d:10,1,64", 2, {nullptr, d64});
  auto zero_copy = ImportBatch(&d64_batch.array, &d64_batch.schema);
  ASSERT_TRUE(zero_copy.ok());
  EXPECT_EQ(static_cast<const void*>(zero_copy->columns[0]->data_buffer()->data()), d64);

  int32_t d32[] = {5, -7};
  ForeignBatch d32_batch("d:9,1,32", 2, {nullptr, d32});
  auto widened = ImportBatch(&d32_batch.array, &d32_batch.schema);
  ASSERT_TRUE(widened.ok());
  EXPECT_EQ(widened->columns[0]->type(), DataType::Decimal(9, 1));
  EXPECT_EQ(Cell(*widened->columns[0], 1), "-7");
}

TEST(ArrowCDataImport, LargeStringsCopyOffsetsButNotCharacters) {
  const char chars[] = "xxhelloworld!";
  int64_t offsets[] = {0, 2, 7, 7, 12, 13};  // sliced at 1: "hello", NULL, "world", "!"
  std::vector<uint8_t> validity = Bits({true, true, false, true, true});
  ForeignBatch foreign("U", 4, {validity.data(), offsets, chars}, -1, 1);
  auto batch = ImportBatch(&foreign.array, &foreign.schema);
  ASSERT_TRUE(batch.ok()) << batch.status().ToString();
  const Column& column = *batch->columns[0];
  EXPECT_EQ(column.type(), DataType::Varchar());
  EXPECT_EQ(column.chars(), chars + 2) << "characters wrapped in place, offsets rebased";
  std::vector<std::string> expected = {"'hello'", "NULL", "'world'", "'!'"};
  for (int64_t i = 0; i < 4; ++i) EXPECT_EQ(Cell(column, i), expected[i]);
}

TEST(ArrowCDataImport, MisalignedValuesAreCopied) {
  alignas(8) uint8_t storage[4 * 3 + 1];
  int32_t values[] = {1, -2, 3};
  std::memcpy(storage + 1, values, sizeof(values));
  ForeignBatch foreign("i", 3, {nullptr, storage + 1});
  auto batch = ImportBatch(&foreign.array, &foreign.schema);
  ASSERT_TRUE(batch.ok());
  EXPECT_TRUE(batch->columns[0]->data_buffer()->owned());
  EXPECT_EQ(Cell(*batch->columns[0], 1), "-2");
}

TEST(ArrowCDataImport, ZeroLengthArraysMayLackBuffers) {
  for (const char* format : {"i", "b", "u", "U", "d:20,2", "s"}) {
    SCOPED_TRACE(format);
    std::vector<const void*> buffers(format[0] == 'u' || format[0] == 'U' ? 3 : 2);
    ForeignBatch foreign(format, 0, buffers);
    auto batch = ImportBatch(&foreign.array, &foreign.schema);
    ASSERT_TRUE(batch.ok()) << batch.status().ToString();
    EXPECT_EQ(batch->columns[0]->length(), 0);
    EXPECT_NE(batch->columns[0]->data_buffer()->data(), nullptr);
  }
}

TEST(ArrowCDataImport, NullCountComesFromTheBitmapNotTheProducersClaim) {
  int32_t values[] = {1, 2, 3, 4, 5, 6, 7, 8};
  const uint8_t validity = 0b01011010;  // rows 0, 2, 5 and 7 are NULL
  for (int64_t claimed : {int64_t{1}, int64_t{4}, int64_t{7}, int64_t{-1}}) {
    SCOPED_TRACE(claimed);
    ForeignBatch foreign("i", 8, {&validity, values}, claimed);
    auto batch = ImportBatch(&foreign.array, &foreign.schema);
    ASSERT_TRUE(batch.ok()) << batch.status().ToString();
    EXPECT_EQ(batch->columns[0]->null_count(), 4);
    EXPECT_FALSE(batch->columns[0]->IsValid(5));
  }
  // A count of 0 says there are no NULLs: the bitmap may then be ignored (Arrow's rule).
  ForeignBatch none("i", 8, {&validity, values}, 0);
  auto batch = ImportBatch(&none.array, &none.schema);
  ASSERT_TRUE(batch.ok());
  EXPECT_EQ(batch->columns[0]->null_count(), 0);
}

TEST(ArrowCDataImport, UnsupportedFormatsNameTheColumnAndReleaseOnce) {
  int64_t values[] = {1, 2};
  for (const char* format : {"tsu:UTC", "+m", "z", "d:40,2", "d:10,2,256", "e", "L"}) {
    SCOPED_TRACE(format);
    ForeignBatch foreign(format, 2, {nullptr, values});
    auto batch = ImportBatch(&foreign.array, &foreign.schema);
    ASSERT_FALSE(batch.ok());
    EXPECT_EQ(batch.status().code(), StatusCode::kNotSupported);
    EXPECT_NE(batch.status().message().find(format), std::string::npos) << batch.status().message();
    EXPECT_NE(batch.status().message().find("\"x\""), std::string::npos) << batch.status().message();
    EXPECT_EQ(foreign.releases, 1);
  }
}

TEST(ArrowCDataImport, MalformedInputIsAnErrorNotACrash) {
  int32_t values[] = {1, 2};
  ForeignBatch missing_validity("i", 2, {nullptr, values}, /*null_count=*/1);
  auto batch = ImportBatch(&missing_validity.array, &missing_validity.schema);
  EXPECT_EQ(batch.status().code(), StatusCode::kInvalidData);
  EXPECT_EQ(missing_validity.releases, 1);

  ForeignBatch missing_values("i", 2, {nullptr, nullptr});
  EXPECT_EQ(ImportBatch(&missing_values.array, &missing_values.schema).status().code(), StatusCode::kInvalidData);

  ForeignBatch too_short("i", 2, {nullptr, values});
  too_short.array.length = 5;  // longer than its child
  EXPECT_EQ(ImportBatch(&too_short.array, &too_short.schema).status().code(), StatusCode::kInvalidData);

  // A trailing comma names no width: refused, never read as decimal128 (found by arrow_import_fuzzer).
  for (const char* format : {"d:1x,2", "d:2,2,", "d:2,2,64,", "d:2,"}) {
    SCOPED_TRACE(format);
    ForeignBatch bad_decimal(format, 2, {nullptr, values});
    EXPECT_EQ(ImportBatch(&bad_decimal.array, &bad_decimal.schema).status().code(), StatusCode::kInvalidData);
  }

  ForeignBatch dictionary("i", 2, {nullptr, values});
  ArrowSchema dictionary_values{"u", "", nullptr, 0, 0, nullptr, nullptr, &ForeignBatch::NoSchemaRelease, nullptr};
  dictionary.child_schema.dictionary = &dictionary_values;
  auto dict = ImportBatch(&dictionary.array, &dictionary.schema);
  EXPECT_EQ(dict.status().code(), StatusCode::kNotSupported);
  EXPECT_NE(dict.status().message().find("dictionary"), std::string::npos);

  ArrowArray released{};
  EXPECT_EQ(ImportBatch(&released, &too_short.schema).status().code(), StatusCode::kInvalidArgument);
}

// Found by tests/fuzz/arrow_import_fuzzer: a struct schema whose child pointer is null was
// read through (a null dereference).
TEST(ArrowCDataImport, SchemaWithANullFieldIsRejected) {
  int32_t values[] = {1, 2};
  ForeignBatch batch("i", 2, {nullptr, values});
  batch.child_schema_pointer = nullptr;
  auto imported = ImportBatch(&batch.array, &batch.schema);
  EXPECT_EQ(imported.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(imported.status().message().find("lacks field 0"), std::string::npos) << imported.status().ToString();
  EXPECT_EQ(batch.releases, 1);
  EXPECT_EQ(ImportSchema(&batch.schema).status().code(), StatusCode::kInvalidArgument);
}

// Found by tests/fuzz/arrow_import_fuzzer (regressions/arrow_import_fuzzer/
// string-offsets-out-of-order-outside-the-slice): a record batch slicing one row of a string
// column whose offsets go back later in the array. The slice's own offsets were in order,
// so its string was read from far past the characters, which end at the array's last offset.
TEST(ArrowCDataImport, StringOffsetsOutOfOrderOutsideTheBatchsSliceAreRejected) {
  const char chars[] = "abc";
  int32_t offsets[] = {0, 1, 1 << 20, 2, 3};
  ForeignBatch batch("u", 4, {nullptr, offsets, chars});
  batch.array.offset = 1;
  batch.array.length = 1;
  auto imported = ImportBatch(&batch.array, &batch.schema);
  ASSERT_EQ(imported.status().code(), StatusCode::kInvalidData) << imported.status().ToString();
  EXPECT_NE(imported.status().message().find("invalid offsets"), std::string::npos) << imported.status().message();
  EXPECT_EQ(batch.releases, 1);

  int64_t large[] = {0, 1, 1 << 20, 2, 3};
  ForeignBatch wide("U", 4, {nullptr, large, chars});
  wide.array.offset = 1;
  wide.array.length = 1;
  EXPECT_EQ(ImportBatch(&wide.array, &wide.schema).status().code(), StatusCode::kInvalidData);
}

TEST(ArrowCDataImport, StringOffsetsOutsideTheCharactersAreRejected) {
  const char chars[] = "abcdef";
  // The first and last offsets are fine; one in between points far outside the characters.
  int32_t wild[] = {0, 2, 1 << 30, 6};
  ForeignBatch batch("u", 3, {nullptr, wild, chars});
  auto imported = ImportBatch(&batch.array, &batch.schema);
  ASSERT_EQ(imported.status().code(), StatusCode::kInvalidData);
  EXPECT_NE(imported.status().message().find("invalid offsets"), std::string::npos) << imported.status().message();
  EXPECT_EQ(batch.releases, 1);

  int32_t backwards[] = {0, 4, 2, 6};
  ForeignBatch decreasing("u", 3, {nullptr, backwards, chars});
  EXPECT_EQ(ImportBatch(&decreasing.array, &decreasing.schema).status().code(), StatusCode::kInvalidData);

  int64_t large_wild[] = {0, 2, int64_t{1} << 40, 6};
  ForeignBatch large("U", 3, {nullptr, large_wild, chars});
  EXPECT_EQ(ImportBatch(&large.array, &large.schema).status().code(), StatusCode::kInvalidData);
}

TEST(ArrowCDataImport, BatchOfAnotherTypeThanTheSchemaIsRejected) {
  // The schema says strings; the producer sends an integer array (two buffers, not three).
  int32_t values[] = {1, 2};
  ForeignBatch batch("u", 2, {nullptr, values});
  auto imported = ImportBatch(&batch.array, &batch.schema);
  ASSERT_EQ(imported.status().code(), StatusCode::kInvalidData);
  EXPECT_NE(imported.status().message().find("does not match the stream's schema"), std::string::npos)
      << imported.status().message();

  // And the other way round: a string array under an integer schema.
  int32_t offsets[] = {0, 1, 2};
  const char chars[] = "ab";
  ForeignBatch strings("i", 2, {nullptr, offsets, chars});
  EXPECT_EQ(ImportBatch(&strings.array, &strings.schema).status().code(), StatusCode::kInvalidData);
}

// A stream that yields one good batch and then fails, counting its own release.
struct FailingStream {
  ForeignBatch batch{"i", 1, {nullptr, &value}};
  int32_t value = 42;
  int batches_served = 0;
  int releases = 0;

  ArrowArrayStream Make() { return {&GetSchema, &GetNext, &GetLastError, &Release, this}; }
  static FailingStream& Self(ArrowArrayStream* s) { return *static_cast<FailingStream*>(s->private_data); }
  static int GetSchema(ArrowArrayStream* s, ArrowSchema* out) {
    *out = Self(s).batch.schema;
    return 0;
  }
  static int GetNext(ArrowArrayStream* s, ArrowArray* out) {
    if (Self(s).batches_served++ > 0) return EIO;
    *out = Self(s).batch.array;
    return 0;
  }
  static const char* GetLastError(ArrowArrayStream*) { return "disk on fire"; }
  static void Release(ArrowArrayStream* s) {
    ++Self(s).releases;
    s->release = nullptr;
  }
};

TEST(ArrowCDataImport, StreamErrorsCarryTheProducersMessage) {
  FailingStream producer;
  ArrowArrayStream stream = producer.Make();
  auto table = ImportStream(&stream, "t");
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().code(), StatusCode::kIOError);
  EXPECT_NE(table.status().message().find("disk on fire"), std::string::npos) << table.status().message();
  EXPECT_EQ(producer.releases, 1);
  EXPECT_EQ(producer.batch.releases, 1) << "the batch read before the failure was released too";
  EXPECT_EQ(stream.release, nullptr);
}

// Two batches without columns (so without buffers) whose lengths add up past int64_t.
struct HugeColumnlessStream {
  ForeignBatch first{"n", int64_t{1} << 20, {}};
  ForeignBatch second{"n", std::numeric_limits<int64_t>::max() - 7, {}};
  int served = 0;

  HugeColumnlessStream() {
    for (ForeignBatch* batch : {&first, &second}) {
      batch->schema.n_children = 0;
      batch->array.n_children = 0;
    }
  }

  ArrowArrayStream Make() { return {&GetSchema, &GetNext, &GetLastError, &Release, this}; }
  static HugeColumnlessStream& Self(ArrowArrayStream* s) {
    return *static_cast<HugeColumnlessStream*>(s->private_data);
  }
  static int GetSchema(ArrowArrayStream* s, ArrowSchema* out) {
    *out = Self(s).first.schema;
    return 0;
  }
  static int GetNext(ArrowArrayStream* s, ArrowArray* out) {
    HugeColumnlessStream& self = Self(s);
    if (self.served == 2) {
      *out = ArrowArray{};
    } else {
      *out = (self.served == 0 ? self.first : self.second).array;
    }
    ++self.served;
    return 0;
  }
  static const char* GetLastError(ArrowArrayStream*) { return nullptr; }
  static void Release(ArrowArrayStream* s) { s->release = nullptr; }
};

// Found by tests/fuzz/arrow_import_fuzzer: the table's row count overflowed (a signed
// overflow, then a negative count) when the query planner added the batches up, and a
// single such batch overflowed the pipeline's count of its vectors.
TEST(ArrowCDataImport, StreamOfMoreRowsThanOrbitCountsIsRejected) {
  HugeColumnlessStream producer;
  ArrowArrayStream stream = producer.Make();
  auto table = ImportStream(&stream, "t");
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().code(), StatusCode::kInvalidData);
  EXPECT_NE(table.status().message().find("more than 281474976710656 rows"), std::string::npos)
      << table.status().message();
  EXPECT_EQ(producer.first.releases, 1);
  EXPECT_EQ(producer.second.releases, 1);
}

}  // namespace
}  // namespace orbit
