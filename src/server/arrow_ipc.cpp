#include "server/arrow_ipc.h"

#include <algorithm>
#include <cstring>
#include <optional>

namespace orbit::server {

// ---------------------------------------------------------------------------------------
// FlatBufferBuilder

void FlatBufferBuilder::Align(size_t bytes, size_t alignment) {
  max_alignment_ = std::max(max_alignment_, alignment);
  const size_t pad = (alignment - (reversed_.size() + bytes) % alignment) % alignment;
  reversed_.insert(reversed_.end(), pad, 0);
}

void FlatBufferBuilder::Prepend(const void* data, size_t size) {
  const auto* bytes = static_cast<const uint8_t*>(data);
  for (size_t i = size; i > 0; --i) reversed_.push_back(bytes[i - 1]);
}

void FlatBufferBuilder::Patch32(Offset offset, uint32_t value) {
  // The byte at distance d from the end is reversed_[d - 1]; the value's first (lowest,
  // little-endian) byte is the one furthest from the end.
  for (size_t i = 0; i < 4; ++i) reversed_[offset - 1 - i] = static_cast<uint8_t>(value >> (8 * i));
}

FlatBufferBuilder::Offset FlatBufferBuilder::CreateString(std::string_view text) {
  Align(text.size() + 1, 4);
  const uint8_t terminator = 0;
  Prepend(&terminator, 1);
  Prepend(text.data(), text.size());
  const auto length = static_cast<uint32_t>(text.size());
  Prepend(&length, 4);
  return Size();
}

FlatBufferBuilder::Offset FlatBufferBuilder::CreateOffsetVector(const std::vector<Offset>& elements) {
  Align(4 * elements.size(), 4);
  for (size_t i = elements.size(); i > 0; --i) {
    // An offset counts from where it is stored to its target, further on in the buffer.
    const uint32_t relative = Size() + 4 - elements[i - 1];
    Prepend(&relative, 4);
  }
  const auto length = static_cast<uint32_t>(elements.size());
  Prepend(&length, 4);
  return Size();
}

FlatBufferBuilder::Offset FlatBufferBuilder::CreateStructVector(const void* data, size_t count, size_t struct_size,
                                                                size_t alignment) {
  Align(count * struct_size, std::max<size_t>(alignment, 4));
  Prepend(data, count * struct_size);
  const auto length = static_cast<uint32_t>(count);
  Prepend(&length, 4);
  return Size();
}

void FlatBufferBuilder::StartTable() {
  fields_.clear();
  table_start_ = Size();
}

void FlatBufferBuilder::AddOffset(int slot, Offset target) {
  Align(4, 4);
  const uint32_t relative = Size() + 4 - target;
  Prepend(&relative, 4);
  fields_.emplace_back(slot, Size());
}

FlatBufferBuilder::Offset FlatBufferBuilder::EndTable() {
  // The table starts with the signed distance back to its vtable, patched in below.
  Align(4, 4);
  const int32_t placeholder = 0;
  Prepend(&placeholder, 4);
  const Offset table = Size();
  int slots = 0;
  for (const auto& [slot, offset] : fields_) slots = std::max(slots, slot + 1);
  std::vector<uint16_t> field_offsets(static_cast<size_t>(slots), 0);
  for (const auto& [slot, offset] : fields_)
    field_offsets[static_cast<size_t>(slot)] = static_cast<uint16_t>(table - offset);
  for (size_t i = field_offsets.size(); i > 0; --i) Prepend(&field_offsets[i - 1], 2);
  const auto table_size = static_cast<uint16_t>(table - table_start_);
  const auto vtable_size = static_cast<uint16_t>(4 + 2 * slots);
  Prepend(&table_size, 2);
  Prepend(&vtable_size, 2);
  const Offset vtable = Size();
  // The vtable lies before the table: table position - soffset = vtable position.
  Patch32(table, vtable - table);
  fields_.clear();
  return table;
}

std::string FlatBufferBuilder::Finish(Offset root) {
  Align(4, max_alignment_);
  const uint32_t relative = Size() + 4 - root;
  Prepend(&relative, 4);
  return std::string(reversed_.rbegin(), reversed_.rend());
}

// ---------------------------------------------------------------------------------------
// The IPC stream

namespace {

// Schema.fbs's Type union and its tables' enums.
enum TypeId : uint8_t {
  kTypeNull = 1,
  kTypeInt = 2,
  kTypeFloatingPoint = 3,
  kTypeUtf8 = 5,
  kTypeBool = 6,
  kTypeDecimal = 7,
  kTypeDate = 8,
  kTypeTimestamp = 10,
  kTypeFixedSizeList = 16,
};
constexpr int16_t kPrecisionSingle = 1;
constexpr int16_t kPrecisionDouble = 2;
constexpr int16_t kDateUnitDay = 0;
constexpr int16_t kTimeUnitMicrosecond = 2;
// Message.fbs.
constexpr int16_t kMetadataV5 = 4;
constexpr uint8_t kHeaderSchema = 1;
constexpr uint8_t kHeaderRecordBatch = 3;
constexpr uint32_t kContinuation = 0xFFFFFFFF;

Error Unsupported(std::string_view format) {
  return Error(ErrorCode::kNotSupported,
               "a column of Arrow format \"" + std::string(format) + "\" cannot be written as Arrow IPC");
}

// A column's layout, from its Arrow C format string.
struct Column {
  enum class Layout { kNull, kBits, kFixed, kUtf8, kDecimal64, kFixedList } layout = Layout::kNull;
  int width = 0;  ///< bytes per value (kFixed; 16 for a decimal)
  int list_size = 0;
};

std::optional<Column> ColumnOf(std::string_view format) {
  using Layout = Column::Layout;
  if (format == "n") return Column{Layout::kNull};
  if (format == "b") return Column{Layout::kBits};
  if (format == "i" || format == "f" || format == "tdD") return Column{Layout::kFixed, 4};
  if (format == "l" || format == "g" || format == "tsu:") return Column{Layout::kFixed, 8};
  if (format == "u") return Column{Layout::kUtf8};
  if (format.starts_with("d:")) {
    // "d:p,s" is 128 bits, "d:p,s,64" 64 bits (written as 128); other widths are not Orbit's.
    const size_t first = format.find(',');
    const size_t second = first == std::string_view::npos ? first : format.find(',', first + 1);
    if (second == std::string_view::npos) return Column{Layout::kFixed, 16};
    if (format.substr(second + 1) == "64") return Column{Layout::kDecimal64, 16};
    if (format.substr(second + 1) == "128") return Column{Layout::kFixed, 16};
    return std::nullopt;
  }
  if (format.starts_with("+w:")) {
    const int size = std::atoi(std::string(format.substr(3)).c_str());
    if (size <= 0) return std::nullopt;
    return Column{Layout::kFixedList, 0, size};
  }
  return std::nullopt;
}

// Decimal's precision and scale from "d:p,s[,bits]".
std::pair<int, int> DecimalOf(std::string_view format) {
  const std::string text(format.substr(2));
  int precision = 0;
  int scale = 0;
  std::sscanf(text.c_str(), "%d,%d", &precision, &scale);  // NOLINT(cert-err34-c): checked by the format's maker
  return {precision, scale};
}

Expected<FlatBufferBuilder::Offset> WriteField(FlatBufferBuilder& fb, const ArrowSchema& schema) {
  const std::string_view format = schema.format != nullptr ? schema.format : "";
  const std::optional<Column> column = ColumnOf(format);
  if (!column) return Unsupported(format);
  std::vector<FlatBufferBuilder::Offset> children;
  if (column->layout == Column::Layout::kFixedList) {
    if (schema.n_children != 1) return Unsupported(format);
    Expected<FlatBufferBuilder::Offset> child = WriteField(fb, *schema.children[0]);
    if (!child.ok()) return child.error();
    children.push_back(*child);
  }
  const FlatBufferBuilder::Offset name = fb.CreateString(schema.name != nullptr ? schema.name : "");
  uint8_t type_id = kTypeNull;
  fb.StartTable();
  if (format == "b") {
    type_id = kTypeBool;
  } else if (format == "i" || format == "l") {
    type_id = kTypeInt;
    fb.AddInt32(0, format == "i" ? 32 : 64);
    fb.AddBool(1, true);
  } else if (format == "f" || format == "g") {
    type_id = kTypeFloatingPoint;
    fb.AddInt16(0, format == "f" ? kPrecisionSingle : kPrecisionDouble);
  } else if (format == "tdD") {
    type_id = kTypeDate;
    fb.AddInt16(0, kDateUnitDay);
  } else if (format == "tsu:") {
    type_id = kTypeTimestamp;
    fb.AddInt16(0, kTimeUnitMicrosecond);
  } else if (format == "u") {
    type_id = kTypeUtf8;
  } else if (format.starts_with("d:")) {
    type_id = kTypeDecimal;
    const auto [precision, scale] = DecimalOf(format);
    fb.AddInt32(0, precision);
    fb.AddInt32(1, scale);
    fb.AddInt32(2, 128);
  } else if (column->layout == Column::Layout::kFixedList) {
    type_id = kTypeFixedSizeList;
    fb.AddInt32(0, column->list_size);
  }
  const FlatBufferBuilder::Offset type = fb.EndTable();
  // Every field has a children vector, empty but for a list (readers expect one).
  const FlatBufferBuilder::Offset child_vector = fb.CreateOffsetVector(children);
  fb.StartTable();
  fb.AddOffset(0, name);
  fb.AddBool(1, (schema.flags & ARROW_FLAG_NULLABLE) != 0);
  fb.AddUint8(2, type_id);
  fb.AddOffset(3, type);
  fb.AddOffset(5, child_vector);
  return fb.EndTable();
}

// One message: the continuation marker, the metadata's size, the metadata (its size a
// multiple of 8), then the body.
void AppendMessage(std::string* out, const std::string& metadata, const std::string& body) {
  const uint32_t continuation = kContinuation;
  const auto size = static_cast<int32_t>(metadata.size());
  out->append(reinterpret_cast<const char*>(&continuation), 4);
  out->append(reinterpret_cast<const char*>(&size), 4);
  out->append(metadata);
  out->append(body);
}

std::string MessageOf(FlatBufferBuilder& fb, uint8_t header_type, FlatBufferBuilder::Offset header,
                      int64_t body_length) {
  fb.StartTable();
  fb.AddInt64(3, body_length);
  fb.AddOffset(2, header);
  fb.AddInt16(0, kMetadataV5);
  fb.AddUint8(1, header_type);
  return fb.Finish(fb.EndTable());
}

Expected<std::string> SchemaMessage(const ArrowSchema& schema) {
  FlatBufferBuilder fb;
  std::vector<FlatBufferBuilder::Offset> fields;
  for (int64_t i = 0; i < schema.n_children; ++i) {
    Expected<FlatBufferBuilder::Offset> field = WriteField(fb, *schema.children[i]);
    if (!field.ok()) return field.error();
    fields.push_back(*field);
  }
  const FlatBufferBuilder::Offset field_vector = fb.CreateOffsetVector(fields);
  fb.StartTable();
  fb.AddOffset(1, field_vector);
  fb.AddInt16(0, 0);  // little-endian
  const FlatBufferBuilder::Offset root = fb.EndTable();
  return MessageOf(fb, kHeaderSchema, root, 0);
}

// The offsets buffer of an empty string column: one offset, 0.
constexpr std::string_view kZeroOffset("\0\0\0\0", 4);

bool BitAt(const uint8_t* bits, int64_t i) { return ((bits[i >> 3] >> (i & 7)) & 1) != 0; }

struct FieldNode {
  int64_t length;
  int64_t null_count;
};
struct BufferSpec {
  int64_t offset;
  int64_t length;
};

// A record batch's field nodes, buffer list and body, gathered column by column.
class BatchWriter {
 public:
  Expected<void> Append(const ArrowSchema& schema, const ArrowArray& array, int64_t offset, int64_t length) {
    const std::string_view format = schema.format != nullptr ? schema.format : "";
    const std::optional<Column> column = ColumnOf(format);
    if (!column) return Unsupported(format);
    const int64_t first = array.offset + offset;  // the physical index of the first value
    const auto* validity = array.n_buffers > 0 ? static_cast<const uint8_t*>(array.buffers[0]) : nullptr;
    if (column->layout == Column::Layout::kNull) {
      nodes_.push_back({length, length});
      return {};  // a null column has no buffers
    }
    int64_t nulls = 0;
    if (validity != nullptr && array.null_count != 0) {
      for (int64_t i = 0; i < length; ++i) nulls += BitAt(validity, first + i) ? 0 : 1;
    }
    nodes_.push_back({length, nulls});
    if (length == 0 && column->layout != Column::Layout::kFixedList) {
      // No values: empty buffers, whatever the array's pointers are (they may be null).
      const int buffers = column->layout == Column::Layout::kUtf8 ? 3 : 2;
      for (int i = 0; i < buffers; ++i) AddBuffer(column->layout == Column::Layout::kUtf8 && i == 1 ? kZeroOffset : "");
      return {};
    }
    if (nulls == 0) {
      AddBuffer("");
    } else {
      AddBuffer(Bits(validity, first, length));
    }
    switch (column->layout) {
      case Column::Layout::kBits: AddBuffer(Bits(static_cast<const uint8_t*>(array.buffers[1]), first, length)); break;
      case Column::Layout::kFixed: {
        const auto* data = static_cast<const char*>(array.buffers[1]);
        AddBuffer(std::string_view(data + first * column->width, static_cast<size_t>(length * column->width)));
        break;
      }
      case Column::Layout::kDecimal64: {
        const auto* data = static_cast<const int64_t*>(array.buffers[1]);
        std::string wide(static_cast<size_t>(length) * 16, '\0');
        for (int64_t i = 0; i < length; ++i) {
          const int64_t low = data[first + i];
          const int64_t high = low < 0 ? -1 : 0;  // the sign, extended
          std::memcpy(&wide[static_cast<size_t>(i) * 16], &low, 8);
          std::memcpy(&wide[static_cast<size_t>(i) * 16 + 8], &high, 8);
        }
        AddBuffer(wide);
        break;
      }
      case Column::Layout::kUtf8: {
        const auto* offsets = static_cast<const int32_t*>(array.buffers[1]);
        const auto* chars = static_cast<const char*>(array.buffers[2]);
        const int32_t base = length > 0 ? offsets[first] : 0;
        std::string rebased(static_cast<size_t>(length + 1) * 4, '\0');
        for (int64_t i = 0; i <= length; ++i) {
          const int32_t value = length > 0 ? offsets[first + i] - base : 0;
          std::memcpy(&rebased[static_cast<size_t>(i) * 4], &value, 4);
        }
        AddBuffer(rebased);
        const int32_t end = length > 0 ? offsets[first + length] : 0;
        AddBuffer(std::string_view(chars + base, static_cast<size_t>(end - base)));
        break;
      }
      case Column::Layout::kFixedList: {
        if (schema.n_children != 1 || array.n_children != 1) return Unsupported(format);
        // The list's values i..i+n are its child's values from (offset + i) * n on.
        const int64_t n = column->list_size;
        return Append(*schema.children[0], *array.children[0], first * n, length * n);
      }
      case Column::Layout::kNull: break;
    }
    return {};
  }

  /// The RecordBatch message with its body.
  std::string Finish(int64_t length) {
    FlatBufferBuilder fb;
    const FlatBufferBuilder::Offset nodes = fb.CreateStructVector(nodes_.data(), nodes_.size(), sizeof(FieldNode), 8);
    const FlatBufferBuilder::Offset buffers =
        fb.CreateStructVector(buffers_.data(), buffers_.size(), sizeof(BufferSpec), 8);
    fb.StartTable();
    fb.AddInt64(0, length);
    fb.AddOffset(1, nodes);
    fb.AddOffset(2, buffers);
    const FlatBufferBuilder::Offset batch = fb.EndTable();
    std::string out;
    AppendMessage(&out, MessageOf(fb, kHeaderRecordBatch, batch, static_cast<int64_t>(body_.size())), body_);
    return out;
  }

 private:
  // A bitmap of `length` bits starting at bit `first` of `bits`, moved to bit 0.
  static std::string Bits(const uint8_t* bits, int64_t first, int64_t length) {
    std::string out(static_cast<size_t>((length + 7) / 8), '\0');
    for (int64_t i = 0; i < length; ++i) {
      if (BitAt(bits, first + i)) out[static_cast<size_t>(i >> 3)] |= static_cast<char>(1 << (i & 7));
    }
    return out;
  }

  void AddBuffer(std::string_view bytes) {
    buffers_.push_back({static_cast<int64_t>(body_.size()), static_cast<int64_t>(bytes.size())});
    body_.append(bytes);
    body_.append((8 - body_.size() % 8) % 8, '\0');
  }

  std::vector<FieldNode> nodes_;
  std::vector<BufferSpec> buffers_;
  std::string body_;
};

template <typename T>
struct Released {
  T value{};
  ~Released() {
    if (value.release != nullptr) value.release(&value);
  }
};

Error StreamFailed(ArrowArrayStream* stream, const char* what) {
  const char* message = stream->get_last_error != nullptr ? stream->get_last_error(stream) : nullptr;
  return Error(ErrorCode::kInternal, std::string("the result's Arrow stream failed ") + what +
                                         (message != nullptr ? ": " : "") + (message != nullptr ? message : ""));
}

}  // namespace

Expected<std::string> WriteArrowIpcStream(ArrowArrayStream* stream) {
  if (stream == nullptr || stream->release == nullptr) return Error(ErrorCode::kInternal, "no Arrow stream to write");
  Released<ArrowArrayStream> owned;
  owned.value = *stream;
  stream->release = nullptr;
  Released<ArrowSchema> schema;
  if (owned.value.get_schema(&owned.value, &schema.value) != 0) return StreamFailed(&owned.value, "reading its schema");
  if (schema.value.format == nullptr || std::string_view(schema.value.format) != "+s") {
    return Error(ErrorCode::kInternal, "the result's Arrow stream is not of record batches");
  }
  Expected<std::string> schema_message = SchemaMessage(schema.value);
  if (!schema_message.ok()) return schema_message.error();
  std::string out;
  AppendMessage(&out, *schema_message, "");
  while (true) {
    Released<ArrowArray> batch;
    if (owned.value.get_next(&owned.value, &batch.value) != 0) return StreamFailed(&owned.value, "reading a batch");
    if (batch.value.release == nullptr) break;
    if (batch.value.n_children != schema.value.n_children) {
      return Error(ErrorCode::kInternal, "an Arrow batch's columns do not match its schema");
    }
    BatchWriter writer;
    for (int64_t i = 0; i < schema.value.n_children; ++i) {
      Expected<void> appended =
          writer.Append(*schema.value.children[i], *batch.value.children[i], batch.value.offset, batch.value.length);
      if (!appended.ok()) return appended.error();
    }
    out += writer.Finish(batch.value.length);
  }
  const uint32_t end[2] = {kContinuation, 0};
  out.append(reinterpret_cast<const char*>(end), sizeof(end));
  return out;
}

}  // namespace orbit::server
