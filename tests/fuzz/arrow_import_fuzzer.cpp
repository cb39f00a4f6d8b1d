// libFuzzer target for the Arrow C Data / C Stream import (columnar/arrow_c_data.h): the
// input describes a stream (a struct schema and its batches: format strings, lengths,
// offsets, null counts, buffers, children) that is imported with ImportStream, or, when
// the first byte says so, registered through the public API and selected back.
//
// The C Data Interface does not carry buffer sizes, so no importer can check them: each
// buffer here is exactly as long as a producer of the array's own type, offset and length
// would make it (the Arrow spec's layout of its format string). What an importer can see
// is its to check: lengths, offsets and null counts; string offsets; a batch whose buffers
// do not fit the stream's schema; missing buffers and children. Whatever it accepts is read
// back whole (read_every_value.h), so a read outside those buffers is a sanitizer report.
#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <vector>

#include "columnar/arrow_c_data.h"
#include "common/check.h"
#include "orbit/orbit.h"
#include "read_every_value.h"

namespace {

// A buffer larger than this is never made: a claim that needs one is an impossible array
// (the negative and overflowing lengths and offsets), which the import must reject.
constexpr int64_t kMaxBufferBytes = 1 << 16;

class Input {
 public:
  Input(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  uint8_t Byte() {
    if (size_ == 0) return 0;
    --size_;
    return *data_++;
  }
  int32_t Int32() {
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v = (v << 8) | Byte();
    return static_cast<int32_t>(v);
  }
  /// Mostly small counts; now and then one of the extremes.
  int64_t Count() {
    const uint8_t b = Byte();
    constexpr int64_t kExtremes[] = {-1,
                                     std::numeric_limits<int64_t>::min(),
                                     std::numeric_limits<int64_t>::max(),
                                     int64_t{1} << 62,
                                     std::numeric_limits<int64_t>::max() - 7,
                                     1 << 20};
    if (b >= 250) return kExtremes[b - 250];
    return b % 40;
  }
  void Fill(uint8_t* out, size_t n) {
    for (size_t i = 0; i < n; ++i) out[i] = Byte();
  }
  bool empty() const { return size_ == 0; }

 private:
  const uint8_t* data_;
  size_t size_;
};

// The buffers of an array of a format, as the Arrow spec lays them out.
enum class Kind : uint8_t { kNull, kBits, kFixed, kString32, kString64, kNested, kUnknown };
struct SpecLayout {
  Kind kind = Kind::kUnknown;
  int width = 0;  // bytes per value, kFixed
  int buffers = 0;
};

// Parses "d:P,S" or "d:P,S,BITS" (digits only) into its bits; 0 when malformed.
int DecimalBits(std::string_view format) {
  int numbers[3] = {0, 0, 128};
  int count = 0;
  const char* p = format.data() + 2;
  const char* end = format.data() + format.size();
  while (count < 3 && p < end) {
    auto [next, error] = std::from_chars(p, end, numbers[count]);
    if (error != std::errc() || *p == '-') return 0;
    ++count;
    p = next;
    if (p == end) break;
    if (*p != ',') return 0;
    ++p;
  }
  if (count < 2 || p != end) return 0;
  return numbers[2];
}

SpecLayout LayoutOf(std::string_view f) {
  if (f == "n") return {Kind::kNull, 0, 0};
  if (f == "b") return {Kind::kBits, 0, 2};
  if (f == "c" || f == "C") return {Kind::kFixed, 1, 2};
  if (f == "s" || f == "S" || f == "e") return {Kind::kFixed, 2, 2};
  if (f == "i" || f == "I" || f == "f" || f == "tdD" || f == "tts" || f == "ttm" || f == "tiM") {
    return {Kind::kFixed, 4, 2};
  }
  if (f == "l" || f == "L" || f == "g" || f == "tdm" || f == "ttu" || f == "ttn" || f == "tDs" || f == "tDm" ||
      f == "tDu" || f == "tDn" || f == "tiD" || f.starts_with("tss:") || f.starts_with("tsm:") ||
      f.starts_with("tsu:") || f.starts_with("tsn:")) {
    return {Kind::kFixed, 8, 2};
  }
  if (f == "tin") return {Kind::kFixed, 16, 2};
  if (f == "u" || f == "z") return {Kind::kString32, 0, 3};
  if (f == "U" || f == "Z") return {Kind::kString64, 0, 3};
  if (f.starts_with("d:")) {
    const int bits = DecimalBits(f);
    if (bits == 32 || bits == 64 || bits == 128 || bits == 256) return {Kind::kFixed, bits / 8, 2};
    return {};
  }
  if (f == "+s" || f.starts_with("+w:")) return {Kind::kNested, 0, 1};
  if (f == "+l" || f == "+L" || f == "+m") return {Kind::kNested, 0, 2};
  return {};
}

constexpr const char* kFormats[] = {
    "n",         "b",        "c",       "C",      "s",          "S",          "i",      "I",   "l",    "L",
    "f",         "g",        "e",       "u",      "U",          "z",          "tdD",    "tdm", "tsu:", "d:10,2",
    "d:18,4,64", "d:5,2,32", "d:38,10", "d:19,0", "d:30,2,128", "d:10,2,256", "d:40,2", "+s",  "+l",   "w:4"};

// Everything one input allocates; freed when the stream and every array are released.
struct Arena {
  std::vector<std::unique_ptr<uint8_t[]>> blocks;
  std::vector<std::unique_ptr<std::string>> strings;
  uint8_t* Allocate(int64_t bytes) {
    blocks.push_back(std::make_unique<uint8_t[]>(static_cast<size_t>(std::max<int64_t>(bytes, 1))));
    return blocks.back().get();
  }
  const char* Keep(std::string text) {
    strings.push_back(std::make_unique<std::string>(std::move(text)));
    return strings.back()->c_str();
  }
};

// Bytes for `count` items of `bits_each` bits; -1 when the claim is impossible.
int64_t BytesFor(int64_t count, int64_t bits_each) {
  if (count < 0 || count > (kMaxBufferBytes * 8) / std::max<int64_t>(bits_each, 1)) return -1;
  return (count * bits_each + 7) / 8;
}

struct Batch {
  Arena arena;
  ArrowArray parent{};
  std::vector<ArrowArray> children;
  std::vector<ArrowArray*> child_pointers;
  std::vector<const void*> parent_buffers;
  std::vector<std::vector<const void*>> child_buffers;
  bool impossible = false;  // some claim needed a buffer that was not made
};

void NoRelease(ArrowArray* array) { array->release = nullptr; }
void ReleaseBatch(ArrowArray* array) {
  delete static_cast<Batch*>(array->private_data);
  array->release = nullptr;
}

// Fills one array of format `format` (its own, which may differ from the schema's).
// `schema_buffers`: for a batch whose format is not its schema's, the buffer count of the
// schema's layout, which the batch's claimed count must not take: a misfit would then show
// in nothing the import can see (a 1-byte bitmap read as the 8-byte offsets of the schema's
// large strings). -1: the batch fits its schema.
void MakeArray(Input& in, Batch& batch, const std::string& format, ArrowArray* out, std::vector<const void*>* buffers,
               int64_t min_length, int schema_buffers = -1) {
  const SpecLayout layout = LayoutOf(format);
  const uint8_t flags = in.Byte();
  out->offset = in.Count();
  out->length = (flags & 1) != 0 ? in.Count() : min_length + (flags >> 6) - 1;  // mostly just long enough
  // Values the buffers hold: offset + length, or -1 for a claim no buffer can meet.
  const int64_t items =
      out->offset < 0 || out->length < 0 || out->length > kMaxBufferBytes || out->offset > kMaxBufferBytes
          ? -1
          : out->offset + out->length;
  const int buffer_count = layout.kind == Kind::kUnknown ? 3 : layout.buffers;
  buffers->assign(static_cast<size_t>(buffer_count), nullptr);
  out->n_buffers = (flags & 2) != 0 ? buffer_count + static_cast<int>(in.Byte() % 3) - 1 : buffer_count;
  if (out->n_buffers == schema_buffers) out->n_buffers = buffer_count;
  if (out->n_buffers > buffer_count) buffers->resize(static_cast<size_t>(out->n_buffers), nullptr);
  out->buffers = buffers->empty() ? nullptr : buffers->data();
  out->n_children = 0;
  out->children = nullptr;
  out->dictionary = nullptr;
  out->release = &NoRelease;
  out->private_data = nullptr;

  auto make = [&](int64_t bytes) -> uint8_t* {
    if (bytes < 0) {
      batch.impossible = true;
      return nullptr;
    }
    uint8_t* block = batch.arena.Allocate(bytes);
    in.Fill(block, static_cast<size_t>(bytes));
    return block;
  };
  int64_t nulls = 0;
  if (buffer_count > 0 && (flags & 4) != 0) {
    uint8_t* validity = make(BytesFor(items, 1));
    (*buffers)[0] = validity;
    if (validity != nullptr) {
      for (int64_t i = out->offset; i < items; ++i) nulls += (validity[i / 8] >> (i % 8) & 1) == 0 ? 1 : 0;
    }
  }
  // The producer's null count: right, unknown, or made up.
  switch ((flags >> 3) & 3) {
    case 0: out->null_count = (*buffers).empty() || (*buffers)[0] == nullptr ? 0 : nulls; break;
    case 1: out->null_count = -1; break;
    default: out->null_count = in.Count(); break;
  }
  switch (layout.kind) {
    case Kind::kNull:
    case Kind::kNested: break;
    case Kind::kBits: (*buffers)[1] = make(BytesFor(items, 1)); break;
    case Kind::kFixed: (*buffers)[1] = make(BytesFor(items, layout.width * 8)); break;
    case Kind::kString32:
    case Kind::kString64: {
      const bool wide = layout.kind == Kind::kString64;
      const int64_t count = items < 0 || items == std::numeric_limits<int64_t>::max() ? -1 : items + 1;
      const int64_t bytes = BytesFor(count, wide ? 64 : 32);
      if (bytes < 0) {
        batch.impossible = true;
        break;
      }
      uint8_t* offsets = batch.arena.Allocate(bytes);
      const bool raw = (flags & 32) != 0;
      int64_t at = in.Byte() % 4;
      for (int64_t i = 0; i < count; ++i) {
        const int64_t value = raw ? in.Int32() : at;
        at += in.Byte() % 6;
        if (wide) {
          std::memcpy(offsets + i * 8, &value, 8);
        } else {
          const auto narrow = static_cast<int32_t>(value);
          std::memcpy(offsets + i * 4, &narrow, 4);
        }
      }
      (*buffers)[1] = offsets;
      int64_t last = 0;
      if (count > 0) {
        if (wide) {
          std::memcpy(&last, offsets + (count - 1) * 8, 8);
        } else {
          int32_t narrow;
          std::memcpy(&narrow, offsets + (count - 1) * 4, 4);
          last = narrow;
        }
      }
      // As many characters as the last offset says (none when it is negative).
      (*buffers)[2] = make(last > kMaxBufferBytes ? -1 : std::max<int64_t>(last, 0));
      break;
    }
    case Kind::kUnknown:
      for (auto& buffer : *buffers) buffer = make(kMaxBufferBytes);
      break;
  }
  // Now and then a buffer the layout needs is left out.
  if ((flags & 128) != 0 && !buffers->empty()) (*buffers)[in.Byte() % buffers->size()] = nullptr;
}

struct Stream {
  Arena arena;
  ArrowSchema schema{};
  std::vector<ArrowSchema> fields;
  std::vector<ArrowSchema*> field_pointers;
  std::vector<std::string> formats;
  std::vector<std::unique_ptr<Batch>> batches;
  size_t next = 0;
  int fail_at = -1;  // get_next fails at this batch
};

void NoReleaseSchema(ArrowSchema* schema) { schema->release = nullptr; }

int GetSchema(ArrowArrayStream* stream, ArrowSchema* out) {
  *out = static_cast<Stream*>(stream->private_data)->schema;
  return 0;
}
int GetNext(ArrowArrayStream* stream, ArrowArray* out) {
  auto* s = static_cast<Stream*>(stream->private_data);
  if (static_cast<int>(s->next) == s->fail_at) return 5;  // EIO
  if (s->next == s->batches.size()) {
    std::memset(out, 0, sizeof(*out));
    return 0;
  }
  Batch* batch = s->batches[s->next++].release();
  batch->parent.private_data = batch;
  *out = batch->parent;
  return 0;
}
const char* GetLastError(ArrowArrayStream* /*stream*/) { return "the fuzzer's stream failed on purpose"; }
void ReleaseStream(ArrowArrayStream* stream) {
  delete static_cast<Stream*>(stream->private_data);
  stream->release = nullptr;
}

std::string TakeFormat(Input& in) {
  const uint8_t b = in.Byte();
  if (b < 240) return kFormats[b % std::size(kFormats)];
  std::string raw;
  for (int i = in.Byte() % 8; i > 0; --i) raw.push_back(static_cast<char>(in.Byte()));
  return raw;
}

std::unique_ptr<Stream> MakeStream(Input& in) {
  auto stream = std::make_unique<Stream>();
  const uint8_t flags = in.Byte();
  const int columns = in.Byte() % 5;
  stream->fields.resize(static_cast<size_t>(columns));
  for (int c = 0; c < columns; ++c) {
    ArrowSchema& field = stream->fields[static_cast<size_t>(c)];
    const uint8_t field_flags = in.Byte();
    stream->formats.push_back(TakeFormat(in));
    field.format = stream->arena.Keep(stream->formats.back());
    field.name = (field_flags & 1) != 0 ? nullptr : stream->arena.Keep("c" + std::to_string(c));
    field.flags = ARROW_FLAG_NULLABLE;
    field.release = &NoReleaseSchema;
    field.dictionary = (field_flags & 2) != 0 ? &stream->fields[0] : nullptr;
    stream->field_pointers.push_back((field_flags & 4) != 0 ? nullptr : &field);
  }
  stream->schema.format = (flags & 1) != 0 ? "+l" : "+s";
  stream->schema.name = "";
  stream->schema.n_children = columns;
  stream->schema.children = columns == 0 ? nullptr : stream->field_pointers.data();
  stream->schema.release = &NoReleaseSchema;
  stream->fail_at = (flags & 2) != 0 ? in.Byte() % 4 : -1;

  const int batches = in.Byte() % 4;
  for (int b = 0; b < batches && !in.empty(); ++b) {
    auto batch = std::make_unique<Batch>();
    const uint8_t batch_flags = in.Byte();
    const size_t children = (batch_flags & 1) != 0 ? in.Byte() % 5 : static_cast<size_t>(columns);
    batch->parent_buffers.assign(1, nullptr);
    ArrowArray& parent = batch->parent;
    parent.offset = (batch_flags & 2) != 0 ? in.Count() : 0;
    parent.length = in.Count();
    if (parent.offset >= 0 && parent.length >= 0 && parent.offset <= kMaxBufferBytes &&
        parent.length <= kMaxBufferBytes && (batch_flags & 4) != 0) {
      const int64_t bytes = BytesFor(parent.offset + parent.length, 1);
      if (bytes >= 0) {
        uint8_t* validity = batch->arena.Allocate(bytes);
        in.Fill(validity, static_cast<size_t>(bytes));
        batch->parent_buffers[0] = validity;
      }
    }
    parent.null_count = (batch_flags & 8) != 0 ? in.Count() : 0;
    parent.n_buffers = 1;
    parent.buffers = batch->parent_buffers.data();
    batch->children.resize(children);
    batch->child_buffers.resize(children);
    const int64_t needed =
        parent.offset >= 0 && parent.length >= 0 && parent.length < kMaxBufferBytes && parent.offset < kMaxBufferBytes
            ? parent.offset + parent.length
            : 0;
    for (size_t c = 0; c < children; ++c) {
      // Mostly the schema's format; now and then another (a batch that does not fit it) — but
      // only one whose misfit shows in what the import can see (its number of buffers), or
      // one laid out the same: a batch of 8-byte values under a 16-byte schema has the same
      // buffers with nothing to tell their sizes apart, in any producer's stream.
      std::string format = c < stream->formats.size() ? stream->formats[c] : "i";
      int schema_buffers = -1;
      if ((in.Byte() & 7) == 0) {
        std::string other = TakeFormat(in);
        const SpecLayout mine = LayoutOf(format), theirs = LayoutOf(other);
        const bool same_layout = mine.kind == theirs.kind && mine.width == theirs.width;
        if (!same_layout && mine.buffers != theirs.buffers) schema_buffers = mine.buffers;
        if (same_layout || mine.buffers != theirs.buffers) format = std::move(other);
      }
      MakeArray(in, *batch, format, &batch->children[c], &batch->child_buffers[c], needed, schema_buffers);
      batch->child_pointers.push_back((in.Byte() & 15) == 0 ? nullptr : &batch->children[c]);
    }
    parent.n_children = static_cast<int64_t>(children);
    parent.children = children == 0 ? nullptr : batch->child_pointers.data();
    parent.dictionary = nullptr;
    parent.release = &ReleaseBatch;
    stream->batches.push_back(std::move(batch));
  }
  return stream;
}

bool Impossible(const Stream& stream) {
  return std::any_of(stream.batches.begin(), stream.batches.end(), [](const auto& b) { return b->impossible; });
}

[[noreturn]] void Fail(const std::string& what) {
  std::fprintf(stderr, "arrow_import_fuzzer: %s\n", what.c_str());
  std::abort();
}

void ThroughConnection(ArrowArrayStream* stream) {
  auto database = orbit::Database::Open();
  auto connection = database->Connect();
  for (const auto& [name, value] :
       {std::pair{"threads", "1"}, {"device", "cpu"}, {"statement_timeout", "1s"}, {"memory_limit", "64MB"}}) {
    if (auto set = connection->Set(name, value); !set.ok()) Fail(set.error().ToString());
  }
  auto registered = connection->RegisterArrow("a", stream);
  if (!registered.ok()) {
    if (registered.error().code() == orbit::ErrorCode::kInternal) Fail(registered.error().ToString());
    return;
  }
  auto result = connection->Query("SELECT * FROM a");
  if (!result.ok()) {
    if (result.error().code() == orbit::ErrorCode::kInternal) Fail(result.error().ToString());
    return;
  }
  for (int c = 0; c < result->num_columns(); ++c) {
    for (int64_t r = 0; r < std::min<int64_t>(result->num_rows(), 10000); ++r) (void)result->GetText(c, r);
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  orbit::SetCheckFailuresAbort(true);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 16 * 1024) return -1;
  Input in(data, size);
  const bool through_connection = (in.Byte() & 1) != 0;
  std::unique_ptr<Stream> owned = MakeStream(in);
  const bool impossible = Impossible(*owned);
  ArrowArrayStream stream{&GetSchema, &GetNext, &GetLastError, &ReleaseStream, owned.release()};
  if (through_connection && !impossible) {
    ThroughConnection(&stream);
    return 0;
  }
  // Allocation failures are std::bad_alloc inside the engine, made errors where a client
  // calls in (as the public API does).
  orbit::Result<orbit::TablePtr> table = orbit::Status::OutOfMemory("not imported");
  try {
    table = orbit::ImportStream(&stream, "fuzz");
  } catch (const std::bad_alloc&) {
    return 0;
  }
  if (stream.release != nullptr) Fail("ImportStream did not take the stream");
  if (!table.ok()) {
    if (table.status().code() == orbit::StatusCode::kInternal) Fail(table.status().ToString());
    return 0;
  }
  // An accepted array that claims more than its buffers hold cannot be read back here.
  if (impossible) return 0;
  volatile uint64_t sum = orbit::fuzz::ReadEveryValue(**table);
  (void)sum;
  return 0;
}
