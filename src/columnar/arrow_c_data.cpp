#include "columnar/arrow_c_data.h"

#include <cerrno>
#include <charconv>
#include <cstring>
#include <exception>
#include <limits>
#include <new>
#include <optional>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "columnar/interval.h"
#include "columnar/timestamp.h"

namespace orbit {
namespace {

// A valid address for empty buffers: the spec allows null only for some of them, and
// consumers differ in how strictly they read that rule.
constexpr uint8_t kEmptyBytes[8] = {};

// Export.

// What one exported ArrowSchema points at. Children own their own ExportedSchema, so a
// consumer may move a child out and release it after the parent (the spec allows that).
struct ExportedSchema {
  std::string format;
  std::string name;
  std::vector<ArrowSchema> children;
  std::vector<ArrowSchema*> child_pointers;
};

void ReleaseExportedSchema(ArrowSchema* schema) {
  auto* owned = static_cast<ExportedSchema*>(schema->private_data);
  for (ArrowSchema& child : owned->children) {
    if (child.release != nullptr) child.release(&child);
  }
  delete owned;
  schema->release = nullptr;
}

/// Fills `out` with `n_children` empty children for the caller to fill.
void FillSchema(ArrowSchema* out, std::string format, std::string name, int64_t flags, size_t n_children) {
  auto* owned = new ExportedSchema{std::move(format), std::move(name), std::vector<ArrowSchema>(n_children), {}};
  for (ArrowSchema& child : owned->children) owned->child_pointers.push_back(&child);
  *out = ArrowSchema{owned->format.c_str(),
                     owned->name.c_str(),
                     /*metadata=*/nullptr,
                     flags,
                     static_cast<int64_t>(n_children),
                     n_children > 0 ? owned->child_pointers.data() : nullptr,
                     /*dictionary=*/nullptr,
                     &ReleaseExportedSchema,
                     owned};
}

// What one exported ArrowArray points at. A child holds its column, which holds the
// buffers: that reference is what keeps Orbit's memory alive for the consumer.
struct ExportedArray {
  ColumnPtr column;
  std::vector<const void*> buffers;
  std::vector<ArrowArray> children;
  std::vector<ArrowArray*> child_pointers;
};

void ReleaseExportedArray(ArrowArray* array) {
  auto* owned = static_cast<ExportedArray*>(array->private_data);
  for (ArrowArray& child : owned->children) {
    if (child.release != nullptr) child.release(&child);
  }
  delete owned;
  array->release = nullptr;
}

void FillArray(ArrowArray* out, ExportedArray* owned, int64_t length, int64_t null_count) {
  for (ArrowArray& child : owned->children) owned->child_pointers.push_back(&child);
  *out = ArrowArray{length,
                    null_count,
                    /*offset=*/0,
                    static_cast<int64_t>(owned->buffers.size()),
                    static_cast<int64_t>(owned->children.size()),
                    owned->buffers.empty() ? nullptr : owned->buffers.data(),
                    owned->children.empty() ? nullptr : owned->child_pointers.data(),
                    /*dictionary=*/nullptr,
                    &ReleaseExportedArray,
                    owned};
}

const void* BufferAddress(const std::shared_ptr<Buffer>& buffer) {
  return buffer ? static_cast<const void*>(buffer->data()) : kEmptyBytes;
}

/// Points an ArrowArray at the column's buffers (no copy).
// An INTERVAL column in Arrow's month_day_nano layout (int32 months, int32 days, int64
// nanoseconds): an error when the time does not fit 64-bit nanoseconds (about 292 years).
Result<ColumnPtr> MonthDayNanoColumn(const Column& column) {
  const int64_t n = column.length();
  auto data = Buffer::Allocate(static_cast<size_t>(n) * 16);
  uint8_t* to = data->mutable_data();
  const int128_t* from = column.values<int128_t>();
  for (int64_t i = 0; i < n; ++i) {
    const IntervalValue v = column.IsValid(i) ? UnpackInterval(from[i]) : IntervalValue{};
    int64_t nanos;
    if (__builtin_mul_overflow(v.micros, int64_t{1000}, &nanos)) {
      return Status::OutOfRange("INTERVAL {} does not fit Arrow's month_day_nano (its time passes 64-bit nanoseconds)",
                                FormatInterval(v));
    }
    std::memcpy(to + i * 16, &v.months, 4);
    std::memcpy(to + i * 16 + 4, &v.days, 4);
    std::memcpy(to + i * 16 + 8, &nanos, 8);
  }
  return std::make_shared<Column>(column.type(), n, std::move(data), column.validity_buffer(), nullptr, -1);
}

void ExportColumn(const ColumnPtr& column, ArrowArray* out) {
  auto* owned = new ExportedArray{column, {}, {}, {}};
  int64_t null_count = column->has_validity() ? column->null_count() : 0;
  if (column->type().id == TypeId::kNull) {
    null_count = column->length();  // the null type has no buffers at all
  } else {
    owned->buffers.push_back(column->validity());
    if (column->type().is_list()) {
      // A List: the validity and offsets here, the elements (with their own validity) the child.
      owned->buffers.push_back(BufferAddress(column->data_buffer()));
      owned->children.resize(1);
      ExportColumn(column->child(), &owned->children[0]);
    } else if (column->type().is_array()) {
      // A FixedSizeList: the validity here, the values in one child without NULLs.
      auto* values = new ExportedArray{column, {nullptr, BufferAddress(column->data_buffer())}, {}, {}};
      owned->children.resize(1);
      FillArray(&owned->children[0], values, column->length() * column->type().dimension, 0);
    } else {
      owned->buffers.push_back(BufferAddress(column->data_buffer()));
    }
    if (column->type().id == TypeId::kVarchar) owned->buffers.push_back(BufferAddress(column->chars_buffer()));
  }
  FillArray(out, owned, column->length(), null_count);
}

// An ArrowArrayStream over a snapshot of a table's batches (the vector is copied, the
// columns are shared), so appends to the table after export cannot race the consumer.
struct ExportedStream {
  Schema schema;
  std::vector<Batch> batches;
  size_t next_batch = 0;
  std::string last_error;
};

/// Runs a stream callback, turning a failed Status or an exception into an errno code
/// and get_last_error's message: nothing may unwind through the consumer's C frames.
template <typename Fn>
int RunStreamCallback(ArrowArrayStream* stream, Fn&& fn) {
  auto* owned = static_cast<ExportedStream*>(stream->private_data);
  try {
    Status status = fn(*owned);
    if (status.ok()) return 0;
    owned->last_error = status.ToString();
    return EINVAL;
  } catch (const std::bad_alloc&) {
    owned->last_error = "out of memory while exporting an Orbit table to Arrow";
    return ENOMEM;
  } catch (const std::exception& e) {
    owned->last_error = e.what();
    return EIO;
  }
}

int StreamGetSchema(ArrowArrayStream* stream, ArrowSchema* out) {
  return RunStreamCallback(stream, [out](ExportedStream& s) { return ExportSchema(s.schema, out); });
}

int StreamGetNext(ArrowArrayStream* stream, ArrowArray* out) {
  return RunStreamCallback(stream, [out](ExportedStream& s) {
    if (s.next_batch == s.batches.size()) {
      out->release = nullptr;  // end of stream
      return Status::OK();
    }
    return ExportBatch(s.schema, s.batches[s.next_batch++], out, nullptr);
  });
}

const char* StreamGetLastError(ArrowArrayStream* stream) {
  auto* owned = static_cast<ExportedStream*>(stream->private_data);
  return owned->last_error.empty() ? nullptr : owned->last_error.c_str();
}

void StreamRelease(ArrowArrayStream* stream) {
  delete static_cast<ExportedStream*>(stream->private_data);
  stream->release = nullptr;
}

// Import.

/// Copies `length` values of type From into a new Orbit buffer of To. Loads go through
/// memcpy, so the source needs no particular alignment.
template <typename From, typename To>
std::shared_ptr<Buffer> ConvertValues(const void* source, int64_t length) {
  auto out = Buffer::Allocate(length * sizeof(To));
  auto* to = reinterpret_cast<To*>(out->mutable_data());
  const auto* from = static_cast<const uint8_t*>(source);
  for (int64_t i = 0; i < length; ++i) {
    From v;
    std::memcpy(&v, from + i * sizeof(From), sizeof(From));
    to[i] = static_cast<To>(v);  // NOLINT(bugprone-signed-char-misuse): int8 widens with its sign
  }
  return out;
}

using Converter = std::shared_ptr<Buffer> (*)(const void* source, int64_t length);

/// Arrow month_day_nano intervals (int32 months, int32 days, int64 nanoseconds) as Orbit's
/// INTERVAL: nanoseconds round down to microseconds, as timestamps' do.
std::shared_ptr<Buffer> ConvertMonthDayNano(const void* source, int64_t length) {
  auto out = Buffer::Allocate(length * sizeof(int128_t));
  auto* to = reinterpret_cast<int128_t*>(out->mutable_data());
  const auto* from = static_cast<const uint8_t*>(source);
  for (int64_t i = 0; i < length; ++i) {
    int32_t months, days;
    int64_t nanos;
    std::memcpy(&months, from + i * 16, 4);
    std::memcpy(&days, from + i * 16 + 4, 4);
    std::memcpy(&nanos, from + i * 16 + 8, 8);
    to[i] = PackInterval(IntervalValue{nanos / 1000 - (nanos % 1000 < 0), days, months});
  }
  return out;
}

/// Arrow timestamps of another unit as microseconds: nanoseconds round down (the digits below
/// a microsecond are dropped, as TIMESTAMP has none); seconds and milliseconds past the int64
/// range saturate, far outside the range a TIMESTAMP holds (and so an error wherever used).
template <int64_t kPerMicro, int64_t kMicrosPer>
std::shared_ptr<Buffer> ConvertTimestamps(const void* source, int64_t length) {
  auto out = Buffer::Allocate(length * sizeof(int64_t));
  auto* to = reinterpret_cast<int64_t*>(out->mutable_data());
  const auto* from = static_cast<const uint8_t*>(source);
  for (int64_t i = 0; i < length; ++i) {
    int64_t v;
    std::memcpy(&v, from + i * sizeof(int64_t), sizeof(int64_t));
    if constexpr (kPerMicro > 1) {
      to[i] = v / kPerMicro - (v % kPerMicro < 0);
    } else if (__builtin_mul_overflow(v, kMicrosPer, &to[i])) {
      to[i] = v < 0 ? INT64_MIN : INT64_MAX;
    }
  }
  return out;
}

// How the buffers of an Arrow column become an Orbit column of `type`.
enum class Layout : uint8_t {
  kNull,         // "n": no buffers
  kBits,         // "b": bit-packed values
  kFixed,        // same width as Orbit's type: wrapped in place
  kConvert,      // a narrower or wider Arrow type: copied through `convert`
  kString,       // "u": int32 offsets + chars, wrapped in place
  kLargeString,  // "U": int64 offsets narrowed to int32, chars wrapped in place
  kFixedList,    // "+w:n" over f, g, i or l: the child's values wrapped in place
  kList,         // "+l": int32 offsets (wrapped in place when they start at 0) and a child column
  kLargeList,    // "+L": int64 offsets narrowed to int32, and a child column
};

struct ColumnFormat {
  explicit ColumnFormat(DataType type = {}, Layout layout = Layout::kFixed, int source_width = 0,
                        Converter convert = nullptr)
      : type(type), layout(layout), source_width(source_width), convert(convert) {}

  DataType type;
  Layout layout = Layout::kFixed;
  int source_width = 0;  // bytes per value in the Arrow values buffer (kFixed, kConvert)
  Converter convert = nullptr;
  std::shared_ptr<const ColumnFormat> element;  // kList, kLargeList: how the child imports
};

/// Parses "d:p,s" or "d:p,s,bits" (decimal32/64/128/256).
Result<ColumnFormat> ParseDecimalFormat(std::string_view format, const std::string& column) {
  int numbers[3] = {0, 0, 128};
  int count = 0;
  const char* p = format.data() + 2;
  const char* end = format.data() + format.size();
  while (count < 3) {
    if (p < end && *p == '-') break;  // digits only: from_chars would take "-0" for a zero
    auto [next, error] = std::from_chars(p, end, numbers[count]);
    if (error != std::errc()) break;
    ++count;
    p = next;
    if (p == end || *p != ',') break;
    ++p;
  }
  // Every comma is followed by a number: "d:2,2," is malformed, not decimal128, since the
  // values buffer is sized by the width its producer meant.
  if (count < 2 || p != end || format.back() == ',') {
    return Status::InvalidData("column \"{}\": malformed Arrow decimal format \"{}\"", column, format);
  }
  auto [precision, scale, bits] = numbers;

  if (precision < 1 || precision > kMaxDecimalPrecision || scale < 0 || scale > precision) {
    return Status::NotSupported(
        "Arrow format \"{}\" (column \"{}\"): Orbit decimals have precision 1..{} and "
        "scale 0..precision",
        format, column, kMaxDecimalPrecision);
  }
  DataType type = DataType::Decimal(precision, scale);
  switch (bits) {
    case 32: return ColumnFormat{type, Layout::kConvert, 4, &ConvertValues<int32_t, int64_t>};
    case 64: return ColumnFormat{type, Layout::kFixed, 8};
    case 128:
      if (type.is_wide_decimal()) return ColumnFormat{type, Layout::kFixed, 16};
      // Orbit stores DECIMAL(p<=18) as int64, so a narrow-precision decimal128 is copied.
      return ColumnFormat{type, Layout::kConvert, 16, &ConvertValues<int128_t, int64_t>};
    default:
      return Status::NotSupported("Arrow format \"{}\" (column \"{}\"): {}-bit decimals; cast to decimal128", format,
                                  column, bits);
  }
}

Result<ColumnFormat> ParseColumnFormat(std::string_view format, const std::string& column) {
  // Zero-copy formats first, then the few that are copied into the nearest Orbit type.
  if (format == "n") return ColumnFormat{DataType::Null(), Layout::kNull};
  if (format == "b") return ColumnFormat{DataType::Boolean(), Layout::kBits};
  if (format == "i") return ColumnFormat{DataType::Int32(), Layout::kFixed, 4};
  if (format == "l") return ColumnFormat{DataType::Int64(), Layout::kFixed, 8};
  if (format == "g") return ColumnFormat{DataType::Double(), Layout::kFixed, 8};
  if (format == "tdD") return ColumnFormat{DataType::Date(), Layout::kFixed, 4};
  if (format == "tsu:") return ColumnFormat{DataType::Timestamp(), Layout::kFixed, 8};
  if (format == "tsn:") return ColumnFormat{DataType::Timestamp(), Layout::kConvert, 8, &ConvertTimestamps<1000, 1>};
  if (format == "tsm:") return ColumnFormat{DataType::Timestamp(), Layout::kConvert, 8, &ConvertTimestamps<1, 1000>};
  if (format == "tss:") {
    return ColumnFormat{DataType::Timestamp(), Layout::kConvert, 8, &ConvertTimestamps<1, kMicrosPerSecond>};
  }
  if (format.starts_with("ts") && format.size() > 4 && format[3] == ':') {
    return Status::NotSupported(
        "Arrow format \"{}\" (column \"{}\"): a timestamp with a time zone; Orbit has no TIMESTAMP WITH TIME "
        "ZONE yet; convert the column to UTC and drop its zone",
        format, column);
  }
  if (format == "u") return ColumnFormat{DataType::Varchar(), Layout::kString};
  if (format.starts_with("d:")) return ParseDecimalFormat(format, column);
  if (format == "U") return ColumnFormat{DataType::Varchar(), Layout::kLargeString};
  if (format == "c") return ColumnFormat{DataType::Int8(), Layout::kFixed, 1};
  // uint8 and uint16 widen to the next signed type that holds every value.
  if (format == "C") return ColumnFormat{DataType::Int16(), Layout::kConvert, 1, &ConvertValues<uint8_t, int16_t>};
  if (format == "s") return ColumnFormat{DataType::Int16(), Layout::kFixed, 2};
  if (format == "S") return ColumnFormat{DataType::Int32(), Layout::kConvert, 2, &ConvertValues<uint16_t, int32_t>};
  if (format == "I") return ColumnFormat{DataType::Int64(), Layout::kConvert, 4, &ConvertValues<uint32_t, int64_t>};
  if (format == "f") return ColumnFormat{DataType::Float(), Layout::kFixed, 4};
  if (format == "tin") return ColumnFormat{DataType::Interval(), Layout::kConvert, 16, &ConvertMonthDayNano};
  return Status::NotSupported(
      "Arrow format \"{}\" (column \"{}\"); Orbit imports n, b, c, C, s, S, i, I, l, f, g, tdD, tss:, tsm:, tsu:, "
      "tsn:, tin, u, U "
      "and "
      "d:p,s[,32|64|128]; cast the column to one of those first",
      format, column);
}

// The Orbit schema of an Arrow struct schema, and how to import each column.
struct ImportPlan {
  Schema schema;
  std::vector<ColumnFormat> formats;
};

// "+w:n" with a child of f, g, i or l: T[n].
Result<ColumnFormat> ParseFixedListFormat(const ArrowSchema& field, const std::string& column) {
  std::string_view format(field.format);
  int64_t n = 0;
  auto [end, error] = std::from_chars(format.data() + 3, format.data() + format.size(), n);
  if (error != std::errc() || end != format.data() + format.size() || n < 1 || n > kMaxArrayDimension) {
    return Status::NotSupported("Arrow format \"{}\" (column \"{}\"): fixed-size lists of 1 to {} elements", format,
                                column, kMaxArrayDimension);
  }
  const ArrowSchema* child = field.n_children == 1 && field.children != nullptr ? field.children[0] : nullptr;
  const std::string_view element = child != nullptr && child->format != nullptr ? child->format : "";
  static constexpr std::pair<std::string_view, TypeId> kElements[] = {
      {"f", TypeId::kFloat}, {"g", TypeId::kDouble}, {"i", TypeId::kInt32}, {"l", TypeId::kInt64}};
  for (const auto& [arrow, id] : kElements) {
    if (element == arrow) {
      const DataType type = DataType::Array(id, static_cast<uint32_t>(n));
      return ColumnFormat{type, Layout::kFixedList, type.element_type().byte_width()};
    }
  }
  return Status::NotSupported(
      "Arrow column \"{}\": a fixed-size list of \"{}\"; Orbit's arrays hold float32, float64, int32 or int64 "
      "(REAL, DOUBLE, INTEGER, BIGINT)",
      column, element);
}

// "+l" or "+L" whose child is a type T[] holds (one dimension: no list of lists).
Result<ColumnFormat> ParseListFormat(const ArrowSchema& field, const std::string& column) {
  const std::string_view format(field.format);
  const ArrowSchema* child = field.n_children == 1 && field.children != nullptr ? field.children[0] : nullptr;
  if (child == nullptr || child->format == nullptr) {
    return Status::InvalidData("Arrow list column \"{}\" has no element field", column);
  }
  if (child->dictionary != nullptr) {
    return Status::NotSupported("Arrow list column \"{}\" of dictionary-encoded elements; decode them first", column);
  }
  const std::string_view element_format(child->format);
  if (element_format.starts_with("+")) {
    return Status::NotSupported(
        "Arrow list column \"{}\" of \"{}\" elements: Orbit's arrays have one dimension of scalar elements", column,
        element_format);
  }
  ORBIT_ASSIGN_OR_RETURN(ColumnFormat element, ParseColumnFormat(element_format, column));
  if (!IsListElementType(element.type.id)) {
    return Status::NotSupported("Arrow list column \"{}\" of {} elements (format \"{}\"); cast them to {}", column,
                                element.type.ToString(), element_format,
                                element.type.id == TypeId::kInt8 ? "int16" : "a type Orbit's arrays hold");
  }
  ColumnFormat list{DataType::List(element.type), format == "+l" ? Layout::kList : Layout::kLargeList};
  list.element = std::make_shared<const ColumnFormat>(std::move(element));
  return list;
}

Result<ImportPlan> PlanImport(const ArrowSchema* schema) {
  if (schema == nullptr || schema->release == nullptr) {
    return Status::InvalidArgument("the Arrow schema is missing or was already released");
  }
  if (schema->format == nullptr || std::string_view(schema->format) != "+s") {
    return Status::InvalidArgument("expected an Arrow struct schema (\"+s\", a record batch), got format \"{}\"",
                                   schema->format ? schema->format : "");
  }
  if (schema->n_children > 0 && schema->children == nullptr) {
    return Status::InvalidArgument("the Arrow struct schema has {} fields but no children", schema->n_children);
  }
  ImportPlan plan;
  for (int64_t i = 0; i < schema->n_children; ++i) {
    const ArrowSchema* child = schema->children[i];
    if (child == nullptr) return Status::InvalidArgument("the Arrow struct schema lacks field {} (a null child)", i);
    std::string name = child->name != nullptr ? child->name : fmt::format("column{}", i);
    if (child->dictionary != nullptr) {
      return Status::NotSupported(
          "dictionary-encoded Arrow column \"{}\"; decode it (e.g. cast to its value "
          "type) before handing it to Orbit",
          name);
    }
    const std::string_view child_format = child->format ? child->format : "";
    ColumnFormat format;
    if (child_format == "+l" || child_format == "+L") {
      ORBIT_ASSIGN_OR_RETURN(format, ParseListFormat(*child, name));
    } else if (child_format.starts_with("+w:")) {
      ORBIT_ASSIGN_OR_RETURN(format, ParseFixedListFormat(*child, name));
    } else {
      ORBIT_ASSIGN_OR_RETURN(format, ParseColumnFormat(child_format, name));
    }
    plan.schema.push_back(Field{std::move(name), format.type});
    plan.formats.push_back(format);
  }
  return plan;
}

// Owns an imported ArrowArray (moved in, as the spec allows). Every Orbit buffer that
// wraps its memory holds a shared reference, so the producer's release callback runs
// exactly once, when the last of those buffers is destroyed.
class ReleaseGuard {
 public:
  explicit ReleaseGuard(ArrowArray* array) : array_(*array) { array->release = nullptr; }
  ~ReleaseGuard() {
    if (array_.release != nullptr) array_.release(&array_);
  }
  ReleaseGuard(const ReleaseGuard&) = delete;
  ReleaseGuard& operator=(const ReleaseGuard&) = delete;

  const ArrowArray& array() const { return array_; }

 private:
  ArrowArray array_;
};

using GuardPtr = std::shared_ptr<ReleaseGuard>;

/// Wraps foreign memory in place. Null addresses of empty buffers become empty Orbit
/// buffers, so Orbit code never sees a null data pointer.
std::shared_ptr<Buffer> WrapForeign(const GuardPtr& guard, const void* data, size_t size) {
  if (data == nullptr) return Buffer::Allocate(0);
  return Buffer::Wrap(data, size, [keep_alive = guard] {});
}

/// Copies bits [offset, offset+length) of `bits` to a fresh bitmap starting at bit 0.
std::shared_ptr<Buffer> CopyBits(const uint8_t* bits, int64_t offset, int64_t length) {
  auto out = Buffer::AllocateZeroed(bitmap::Bytes(length));
  for (int64_t i = 0; i < length; ++i) {
    if (bitmap::Get(bits, offset + i)) bitmap::Set(out->mutable_data(), i);
  }
  return out;
}

/// A bitmap starting at bit `offset`: wrapped in place when the offset is a whole number
/// of bytes, copied (shifted to bit 0) otherwise.
std::shared_ptr<Buffer> ImportBits(const GuardPtr& guard, const void* data, int64_t offset, int64_t length) {
  if (data == nullptr) return Buffer::Allocate(0);
  const auto* bits = static_cast<const uint8_t*>(data);
  if (offset % 8 == 0) return WrapForeign(guard, bits + offset / 8, bitmap::Bytes(length));
  return CopyBits(bits, offset, length);
}

/// Values of `width` bytes from index `offset`: wrapped in place when aligned for their
/// type, copied otherwise (Orbit reads values through typed pointers).
std::shared_ptr<Buffer> ImportValues(const GuardPtr& guard, const void* data, int width, int64_t offset,
                                     int64_t length) {
  if (data == nullptr) return Buffer::Allocate(0);
  const auto* start = static_cast<const uint8_t*>(data) + offset * width;
  size_t size = static_cast<size_t>(length) * width;
  if (reinterpret_cast<uintptr_t>(start) % width == 0) return WrapForeign(guard, start, size);
  auto copy = Buffer::Allocate(size);
  std::memcpy(copy->mutable_data(), start, size);
  return copy;
}

// One column's slice of the imported struct array: rows [offset, offset+length) of
// `array`, where offset already includes the parent's offset.
struct ColumnSlice {
  const ArrowArray& array;
  const std::string& name;
  int64_t offset;
  int64_t length;
};

const void* BufferAt(const ColumnSlice& slice, int i) { return slice.array.buffers[i]; }

// A producer's characters reach its array's last offset and no further, which bounds every
// offset only when they are in order over the whole array (its own offset and length), not
// just over the slice a record batch takes: a string of the slice could otherwise lie past
// the characters.
template <typename T>
Status CheckOffsetsInOrder(const ColumnSlice& s, const void* offsets_data) {
  const auto* base = static_cast<const uint8_t*>(offsets_data) + s.array.offset * sizeof(T);
  T previous;
  std::memcpy(&previous, base, sizeof(T));
  for (int64_t i = 1; i <= s.array.length && previous >= 0; ++i) {
    T next;
    std::memcpy(&next, base + i * sizeof(T), sizeof(T));
    if (next < previous) {
      return Status::InvalidData("Arrow string column \"{}\" has invalid offsets: {} after {} at position {}", s.name,
                                 next, previous, i);
    }
    previous = next;
  }
  if (previous < 0) return Status::InvalidData("Arrow string column \"{}\" has a negative offset", s.name);
  return Status::OK();
}

Status ImportStringBuffers(const GuardPtr& guard, const ColumnSlice& s, std::shared_ptr<Buffer>* offsets,
                           std::shared_ptr<Buffer>* chars) {
  const void* offsets_data = BufferAt(s, 1);
  const char* chars_data = static_cast<const char*>(BufferAt(s, 2));
  if (offsets_data == nullptr) {
    if (s.length > 0) return Status::InvalidData("Arrow string column \"{}\" has no offsets buffer", s.name);
    *offsets = Buffer::AllocateZeroed(sizeof(int32_t));
    *chars = Buffer::Allocate(0);
    return Status::OK();
  }
  ORBIT_RETURN_IF_ERROR(CheckOffsetsInOrder<int32_t>(s, offsets_data));
  // Orbit's offsets index into the characters absolutely, so a sliced string array keeps
  // its characters where they are and only the offsets pointer moves.
  const auto* o = static_cast<const int32_t*>(offsets_data) + s.offset;
  int32_t first = o[0];
  int32_t end = o[s.length];
  if (first < 0 || end < first || (chars_data == nullptr && end > 0)) {
    return Status::InvalidData("Arrow string column \"{}\" has invalid offsets ({}..{})", s.name, first, end);
  }
  // Every string must lie inside [first, end]: offsets that go back or beyond would read
  // outside the characters.
  for (int64_t i = 0; i < s.length; ++i) {
    if (o[i + 1] < o[i] || o[i + 1] > end) {
      return Status::InvalidData("Arrow string column \"{}\" has invalid offsets: row {} spans {}..{} outside {}..{}",
                                 s.name, i, o[i], o[i + 1], first, end);
    }
  }
  *offsets = ImportValues(guard, offsets_data, sizeof(int32_t), s.offset, s.length + 1);
  *chars = WrapForeign(guard, chars_data, end);
  return Status::OK();
}

/// Large strings: the int64 offsets are copied as int32 offsets rebased on the first
/// string, so the characters can still be wrapped in place.
Status ImportLargeStringBuffers(const GuardPtr& guard, const ColumnSlice& s, std::shared_ptr<Buffer>* offsets,
                                std::shared_ptr<Buffer>* chars) {
  const void* offsets_data = BufferAt(s, 1);
  const char* chars_data = static_cast<const char*>(BufferAt(s, 2));
  if (offsets_data == nullptr) {
    if (s.length > 0) return Status::InvalidData("Arrow string column \"{}\" has no offsets buffer", s.name);
    *offsets = Buffer::AllocateZeroed(sizeof(int32_t));
    *chars = Buffer::Allocate(0);
    return Status::OK();
  }
  ORBIT_RETURN_IF_ERROR(CheckOffsetsInOrder<int64_t>(s, offsets_data));
  const auto* o = static_cast<const uint8_t*>(offsets_data) + s.offset * sizeof(int64_t);
  int64_t first, end;
  std::memcpy(&first, o, sizeof(first));
  std::memcpy(&end, o + s.length * sizeof(int64_t), sizeof(end));
  if (first < 0 || end < first || (chars_data == nullptr && end > 0)) {
    return Status::InvalidData("Arrow string column \"{}\" has invalid offsets ({}..{})", s.name, first, end);
  }
  for (int64_t i = 0; i < s.length; ++i) {
    int64_t from, to;
    std::memcpy(&from, o + i * sizeof(int64_t), sizeof(from));
    std::memcpy(&to, o + (i + 1) * sizeof(int64_t), sizeof(to));
    if (to < from || to > end) {
      return Status::InvalidData("Arrow string column \"{}\" has invalid offsets: row {} spans {}..{} outside {}..{}",
                                 s.name, i, from, to, first, end);
    }
  }
  if (end - first > std::numeric_limits<int32_t>::max()) {
    return Status::OutOfRange(
        "Arrow large-string column \"{}\" holds {} bytes in one batch; an Orbit VARCHAR "
        "batch holds at most 2 GiB; split the data into smaller batches",
        s.name, end - first);
  }
  *offsets = Buffer::Allocate((s.length + 1) * sizeof(int32_t));
  auto* narrowed = reinterpret_cast<int32_t*>((*offsets)->mutable_data());
  for (int64_t i = 0; i <= s.length; ++i) {
    int64_t v;
    std::memcpy(&v, o + i * sizeof(int64_t), sizeof(v));
    narrowed[i] = static_cast<int32_t>(v - first);
  }
  *chars = WrapForeign(guard, chars_data == nullptr ? nullptr : chars_data + first, end - first);
  return Status::OK();
}

// A fixed-size list's values: rows [offset, offset+length) are child elements
// [(child offset + offset) * n, ...), wrapped in place. Elements may not be NULL.
Result<std::shared_ptr<Buffer>> ImportFixedListValues(const GuardPtr& guard, const ColumnSlice& s,
                                                      const ColumnFormat& format) {
  const ArrowArray* child = s.array.children != nullptr ? s.array.children[0] : nullptr;
  const int64_t n = format.type.dimension;
  if (child == nullptr || child->n_buffers != 2 || child->buffers == nullptr || child->offset < 0 ||
      child->length < (s.offset + s.length) * n - child->offset) {
    return Status::InvalidData("Arrow column \"{}\" ({}) has a malformed values child", s.name, format.type.ToString());
  }
  if (child->null_count != 0 && child->buffers[0] != nullptr) {
    // The elements of a NULL row may be NULL (pyarrow writes them so); those of a valid row not.
    const auto* bits = static_cast<const uint8_t*>(child->buffers[0]);
    const auto* rows = static_cast<const uint8_t*>(BufferAt(s, 0));
    for (int64_t i = 0; i < s.length * n; ++i) {
      if (rows != nullptr && !bitmap::Get(rows, s.offset + i / n)) continue;
      if (!bitmap::Get(bits, child->offset + s.offset * n + i)) {
        return Status::NotSupported("Arrow column \"{}\" has NULL elements inside an array; Orbit's {} has none",
                                    s.name, format.type.ToString());
      }
    }
  }
  if (child->buffers[1] == nullptr) {
    if (s.length > 0) return Status::InvalidData("Arrow column \"{}\" has no values buffer", s.name);
    return Buffer::Allocate(0);
  }
  return ImportValues(guard, child->buffers[1], format.source_width, child->offset + s.offset * n, s.length * n);
}

Result<ColumnPtr> ImportColumn(const GuardPtr& guard, const ColumnSlice& s, const ColumnFormat& format,
                               bool whole_array);

// The offsets of rows [offset, offset+length) of a list, read as int64 whatever their width.
int64_t ListOffsetAt(const void* offsets, bool large, int64_t i) {
  if (large) {
    int64_t v;
    std::memcpy(&v, static_cast<const uint8_t*>(offsets) + i * sizeof(int64_t), sizeof(v));
    return v;
  }
  int32_t v;
  std::memcpy(&v, static_cast<const uint8_t*>(offsets) + i * sizeof(int32_t), sizeof(v));
  return v;
}

// A List's rows: every offset checked against the child before any element is read, then
// the child imported as a column of its own (in place where its layout is).
Result<ColumnPtr> ImportList(const GuardPtr& guard, const ColumnSlice& s, const ColumnFormat& format,
                             std::shared_ptr<Buffer> validity) {
  const bool large = format.layout == Layout::kLargeList;
  const ArrowArray* child = s.array.children != nullptr ? s.array.children[0] : nullptr;
  const void* offsets = BufferAt(s, 1);
  if (child == nullptr || child->offset < 0 || child->length < 0) {
    return Status::InvalidData("Arrow list column \"{}\" has a malformed element child", s.name);
  }
  if (offsets == nullptr) {
    if (s.length > 0) return Status::InvalidData("Arrow list column \"{}\" has no offsets buffer", s.name);
    return std::make_shared<Column>(format.type, 0, Buffer::AllocateZeroed(sizeof(int32_t)), nullptr, nullptr, 0);
  }
  const int64_t first = ListOffsetAt(offsets, large, s.offset);
  const int64_t end = ListOffsetAt(offsets, large, s.offset + s.length);
  if (first < 0 || end < first || end > child->length) {
    return Status::InvalidData("Arrow list column \"{}\" has invalid offsets ({}..{}) for {} elements", s.name, first,
                               end, child->length);
  }
  for (int64_t i = 0; i < s.length; ++i) {
    const int64_t from = ListOffsetAt(offsets, large, s.offset + i),
                  to = ListOffsetAt(offsets, large, s.offset + i + 1);
    if (to < from || to > end || from < first) {
      return Status::InvalidData("Arrow list column \"{}\" has invalid offsets: row {} spans {}..{} outside {}..{}",
                                 s.name, i, from, to, first, end);
    }
  }
  if (end > std::numeric_limits<int32_t>::max()) {
    return Status::OutOfRange("Arrow list column \"{}\" holds {} elements in one batch; split it into smaller batches",
                              s.name, end);
  }
  if (child->offset > std::numeric_limits<int64_t>::max() - first) {
    return Status::InvalidData("Arrow list column \"{}\" has an element child offset out of range", s.name);
  }
  // The child is imported from its element 0, so int32 offsets index it as they are (as a
  // string's offsets index its characters): in place; int64 ones are narrowed into a copy.
  ColumnSlice elements{*child, s.name, child->offset, end};
  const bool whole_child = child->offset == 0 && end == child->length;
  ORBIT_ASSIGN_OR_RETURN(ColumnPtr values, ImportColumn(guard, elements, *format.element, whole_child));
  std::shared_ptr<Buffer> rebased;
  if (!large) {
    rebased = ImportValues(guard, offsets, sizeof(int32_t), s.offset, s.length + 1);
  } else {
    rebased = Buffer::Allocate(static_cast<size_t>(s.length + 1) * sizeof(int32_t));
    auto* o = reinterpret_cast<int32_t*>(rebased->mutable_data());
    for (int64_t i = 0; i <= s.length; ++i) o[i] = static_cast<int32_t>(ListOffsetAt(offsets, large, s.offset + i));
  }
  return std::make_shared<Column>(format.type, s.length, std::move(rebased), std::move(validity), nullptr,
                                  validity ? -1 : 0, std::move(values));
}

int ExpectedBuffers(Layout layout) {
  switch (layout) {
    case Layout::kNull: return 0;
    case Layout::kFixedList: return 1;
    case Layout::kList:
    case Layout::kLargeList: return 2;
    case Layout::kString:
    case Layout::kLargeString: return 3;
    default: return 2;
  }
}

Result<ColumnPtr> ImportColumn(const GuardPtr& guard, const ColumnSlice& s, const ColumnFormat& format,
                               bool whole_array) {
  const ArrowArray& a = s.array;
  // The layout of the schema's type fixes the number of buffers: an array of another type
  // (a string batch in a stream of integers) must not be read as this one.
  if (a.n_buffers != ExpectedBuffers(format.layout) && format.layout != Layout::kNull) {
    return Status::InvalidData(
        "Arrow column \"{}\" has {} buffers, but its schema's type ({}) has {}: the batch "
        "does not match the stream's schema",
        s.name, a.n_buffers, format.type.ToString(), ExpectedBuffers(format.layout));
  }
  const bool nested =
      format.layout == Layout::kFixedList || format.layout == Layout::kList || format.layout == Layout::kLargeList;
  const int64_t children = nested ? 1 : 0;
  if ((a.n_buffers > 0 && a.buffers == nullptr) || a.n_children != children || a.offset < 0 || a.length < 0 ||
      s.offset - a.offset + s.length > a.length) {
    return Status::InvalidData(
        "Arrow column \"{}\" ({}) is malformed: {} buffers, {} children, offset {}, "
        "length {}",
        s.name, format.type.ToString(), a.n_buffers, a.n_children, a.offset, a.length);
  }
  if (format.layout == Layout::kNull) return Column::AllNull(DataType::Null(), s.length);

  // The producer's null count describes the whole child; a parent offset makes it unknown.
  int64_t null_count = whole_array ? a.null_count : -1;
  std::shared_ptr<Buffer> validity;
  if (BufferAt(s, 0) != nullptr && null_count != 0) validity = ImportBits(guard, BufferAt(s, 0), s.offset, s.length);
  if (BufferAt(s, 0) == nullptr && null_count > 0) {
    return Status::InvalidData("Arrow column \"{}\" counts {} NULLs but has no validity bitmap", s.name, null_count);
  }
  if (format.layout == Layout::kFixedList) {
    ORBIT_ASSIGN_OR_RETURN(std::shared_ptr<Buffer> data, ImportFixedListValues(guard, s, format));
    return std::make_shared<Column>(format.type, s.length, std::move(data), std::move(validity), nullptr,
                                    validity ? -1 : 0);
  }
  if (format.layout == Layout::kList || format.layout == Layout::kLargeList) {
    return ImportList(guard, s, format, std::move(validity));
  }
  const void* values = BufferAt(s, 1);
  if (values == nullptr && s.length > 0 && format.layout != Layout::kString && format.layout != Layout::kLargeString) {
    return Status::InvalidData("Arrow column \"{}\" has no values buffer", s.name);
  }

  std::shared_ptr<Buffer> data, chars;
  switch (format.layout) {
    case Layout::kBits: data = ImportBits(guard, values, s.offset, s.length); break;
    case Layout::kFixed: data = ImportValues(guard, values, format.source_width, s.offset, s.length); break;
    case Layout::kConvert: {
      const auto* start = static_cast<const uint8_t*>(values);
      data = format.convert(start == nullptr ? nullptr : start + s.offset * format.source_width, s.length);
      break;
    }
    case Layout::kString: ORBIT_RETURN_IF_ERROR(ImportStringBuffers(guard, s, &data, &chars)); break;
    case Layout::kLargeString: ORBIT_RETURN_IF_ERROR(ImportLargeStringBuffers(guard, s, &data, &chars)); break;
    case Layout::kNull:
    case Layout::kFixedList:
    case Layout::kList:
    case Layout::kLargeList: break;
  }
  // The bitmap, not the producer's count, says which rows are NULL: a count that disagrees
  // with it (a producer's bug) must not make code that trusts null_count() skip a NULL.
  // Counted from the bitmap when first asked for (-1).
  return std::make_shared<Column>(format.type, s.length, std::move(data), std::move(validity), std::move(chars),
                                  validity ? -1 : 0);
}

/// True when any of the struct array's own rows is NULL (a record batch has none).
bool HasTopLevelNulls(const ArrowArray& array) {
  if (array.null_count == 0 || array.n_buffers < 1 || array.buffers == nullptr || array.buffers[0] == nullptr) {
    return false;
  }
  const auto* bits = static_cast<const uint8_t*>(array.buffers[0]);
  for (int64_t i = 0; i < array.length; ++i) {
    if (!bitmap::Get(bits, array.offset + i)) return true;
  }
  return false;
}

Result<Batch> ImportPlannedBatch(ArrowArray* array, const ImportPlan& plan) {
  if (array == nullptr || array->release == nullptr) {
    return Status::InvalidArgument("the Arrow array is missing or was already released");
  }
  auto guard = std::make_shared<ReleaseGuard>(array);
  const ArrowArray& parent = guard->array();
  if (parent.n_children != static_cast<int64_t>(plan.schema.size()) || parent.length < 0 || parent.offset < 0) {
    return Status::InvalidData("an Arrow record batch has {} columns (length {}, offset {}) but its schema has {}",
                               parent.n_children, parent.length, parent.offset, plan.schema.size());
  }
  if (parent.n_children > 0 && parent.children == nullptr) {
    return Status::InvalidData("an Arrow record batch has {} columns but no children", parent.n_children);
  }
  if (HasTopLevelNulls(parent)) {
    return Status::NotSupported("an Arrow struct array with NULL rows as a record batch; flatten it first");
  }
  Batch batch;
  batch.length = parent.length;
  for (size_t i = 0; i < plan.schema.size(); ++i) {
    if (parent.children[i] == nullptr) return Status::InvalidData("an Arrow record batch lacks column {}", i);
    const ArrowArray& child = *parent.children[i];
    // A record batch's offset and length slice its columns (the Arrow spec's struct rule), so
    // each column must hold that many rows; its buffers are only as long as its own length.
    if (child.offset < 0 || child.length < 0 || parent.offset > child.length ||
        parent.length > child.length - parent.offset ||
        child.offset > std::numeric_limits<int64_t>::max() - parent.offset) {
      return Status::InvalidData(
          "Arrow column \"{}\" has {} rows at offset {}, fewer than its record batch's offset {} and length {} need",
          plan.schema[i].name, child.length, child.offset, parent.offset, parent.length);
    }
    ColumnSlice slice{child, plan.schema[i].name, child.offset + parent.offset, parent.length};
    bool whole_array = parent.offset == 0 && parent.length == child.length;
    ORBIT_ASSIGN_OR_RETURN(ColumnPtr column, ImportColumn(guard, slice, plan.formats[i], whole_array));
    batch.columns.push_back(std::move(column));
  }
  return batch;
}

// Releases a stream or schema this module took ownership of, on every return path.
template <typename T>
struct ReleaseOnExit {
  T* object;
  ~ReleaseOnExit() {
    if (object->release != nullptr) object->release(object);
  }
};

Status StreamError(ArrowArrayStream* stream, int code, const char* what) {
  const char* message = stream->get_last_error ? stream->get_last_error(stream) : nullptr;
  return Status::IOError("the Arrow stream failed while {}: {}", what,
                         message != nullptr ? message : std::strerror(code));
}

}  // namespace

std::string ArrowFormat(const DataType& type) {
  switch (type.id) {
    case TypeId::kNull: return "n";
    case TypeId::kBoolean: return "b";
    case TypeId::kInt8: return "c";
    case TypeId::kInt16: return "s";
    case TypeId::kInt32: return "i";
    case TypeId::kInt64: return "l";
    case TypeId::kDouble: return "g";
    case TypeId::kDate: return "tdD";
    case TypeId::kVarchar: return "u";
    case TypeId::kTimestamp: return "tsu:";
    case TypeId::kDecimal:
      if (type.is_wide_decimal()) return fmt::format("d:{},{}", type.precision, type.scale);
      return fmt::format("d:{},{},64", type.precision, type.scale);
    case TypeId::kFloat: return "f";
    case TypeId::kArray: return fmt::format("+w:{}", type.dimension);
    case TypeId::kInterval: return "tin";
    case TypeId::kList: return "+l";
  }
  return "n";
}

namespace {

// A field's schema; an array's has its element as the child pyarrow names "item".
void FillFieldSchema(ArrowSchema* out, const DataType& type, std::string name, int64_t flags) {
  if (type.is_list()) {
    FillSchema(out, ArrowFormat(type), std::move(name), flags, 1);
    auto* owned = static_cast<ExportedSchema*>(out->private_data);
    FillSchema(&owned->children[0], ArrowFormat(type.element_type()), "item", ARROW_FLAG_NULLABLE, 0);
    return;
  }
  if (!type.is_array()) {
    FillSchema(out, ArrowFormat(type), std::move(name), flags, 0);
    return;
  }
  FillSchema(out, ArrowFormat(type), std::move(name), flags, 1);
  auto* owned = static_cast<ExportedSchema*>(out->private_data);
  FillSchema(&owned->children[0], ArrowFormat(type.element_type()), "item", ARROW_FLAG_NULLABLE, 0);
}

}  // namespace

Status ExportSchema(const Schema& schema, ArrowSchema* out) {
  FillSchema(out, "+s", "", 0, schema.size());
  auto* owned = static_cast<ExportedSchema*>(out->private_data);
  for (size_t i = 0; i < schema.size(); ++i) {
    FillFieldSchema(&owned->children[i], schema[i].type, schema[i].name, schema[i].not_null ? 0 : ARROW_FLAG_NULLABLE);
  }
  return Status::OK();
}

Status ExportBatch(const Schema& schema, const Batch& batch, ArrowArray* out, ArrowSchema* schema_out) {
  if (batch.columns.size() != schema.size()) {
    return Status::Internal("exporting a batch of {} columns under a schema of {}", batch.columns.size(),
                            schema.size());
  }
  for (size_t i = 0; i < schema.size(); ++i) {
    const ColumnPtr& column = batch.columns[i];
    if (column == nullptr || column->type() != schema[i].type || column->length() < batch.length) {
      return Status::Internal("exporting column \"{}\": it does not match its schema ({}, {} rows)", schema[i].name,
                              schema[i].type.ToString(), batch.length);
    }
  }
  // INTERVAL columns are converted first: that can fail, and nothing is exported then.
  std::vector<ColumnPtr> columns = batch.columns;
  for (ColumnPtr& column : columns) {
    if (column->type().is_interval()) {
      ORBIT_ASSIGN_OR_RETURN(column, MonthDayNanoColumn(*column));
    }
  }
  auto* owned = new ExportedArray{nullptr, {nullptr}, std::vector<ArrowArray>(schema.size()), {}};
  for (size_t i = 0; i < schema.size(); ++i) ExportColumn(columns[i], &owned->children[i]);
  FillArray(out, owned, batch.length, 0);
  if (schema_out != nullptr) return ExportSchema(schema, schema_out);
  return Status::OK();
}

Status ExportTable(const TablePtr& table, ArrowArrayStream* out) {
  if (table == nullptr) return Status::Internal("exporting a null table");
  auto* owned = new ExportedStream{table->schema(), table->batches(), 0, {}};
  *out = ArrowArrayStream{&StreamGetSchema, &StreamGetNext, &StreamGetLastError, &StreamRelease, owned};
  return Status::OK();
}

Result<Schema> ImportSchema(const ArrowSchema* schema) {
  ORBIT_ASSIGN_OR_RETURN(ImportPlan plan, PlanImport(schema));
  return std::move(plan.schema);
}

Result<Batch> ImportBatch(ArrowArray* array, const ArrowSchema* schema) {
  auto plan = PlanImport(schema);
  if (!plan.ok()) {
    if (array != nullptr && array->release != nullptr) array->release(array);
    return plan.status();
  }
  return ImportPlannedBatch(array, *plan);
}

namespace {
constexpr int64_t kMaxImportedRows = int64_t{1} << 48;
}  // namespace

Result<TablePtr> ImportStream(ArrowArrayStream* stream, std::string name) {
  if (stream == nullptr || stream->release == nullptr) {
    return Status::InvalidArgument("the Arrow stream is missing or was already released");
  }
  ArrowArrayStream owned_stream = *stream;  // moved in: the caller's copy is now released
  stream->release = nullptr;
  ReleaseOnExit<ArrowArrayStream> release_stream{&owned_stream};

  ArrowSchema schema{};
  if (int code = owned_stream.get_schema(&owned_stream, &schema); code != 0) {
    return StreamError(&owned_stream, code, "reading its schema");
  }
  ImportPlan plan;
  {
    ReleaseOnExit<ArrowSchema> release_schema{&schema};
    ORBIT_ASSIGN_OR_RETURN(plan, PlanImport(&schema));
  }
  auto table = std::make_shared<Table>(std::move(name), plan.schema);
  int64_t rows = 0;
  while (true) {
    ArrowArray array{};
    if (int code = owned_stream.get_next(&owned_stream, &array); code != 0) {
      return StreamError(&owned_stream, code, "reading a batch");
    }
    if (array.release == nullptr) break;  // end of stream
    ORBIT_ASSIGN_OR_RETURN(Batch batch, ImportPlannedBatch(&array, plan));
    // Batches without columns need no memory to claim any length; the engine's row
    // arithmetic (vectors, morsels, sums over batches) needs headroom below int64_t.
    if (batch.length > kMaxImportedRows - rows) {
      return Status::InvalidData("the Arrow stream holds more than {} rows, the most Orbit imports", kMaxImportedRows);
    }
    rows += batch.length;
    if (batch.length > 0) table->Append(std::move(batch));  // empty batches carry nothing
  }
  return table;
}

}  // namespace orbit
