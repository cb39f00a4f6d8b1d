#include "exec/pipeline/gather.h"

#include <cstring>
#include <vector>

#include "devices/device_session.h"

namespace orbit {

namespace {

/// A gather that ran on a device leaves its output there too: keep it for later kernels.
void KeepDeviceOutput(const std::shared_ptr<Buffer>& data) {
  if (DeviceSession* session = DeviceSession::Current()) session->KeepOutput(data);
}

std::shared_ptr<Buffer> GatherValidity(const uint8_t* validity, const uint32_t* sel, size_t count, int64_t* nulls) {
  *nulls = 0;
  if (validity == nullptr) return nullptr;
  auto out = Buffer::AllocateZeroed(bitmap::Bytes(count));
  for (size_t k = 0; k < count; ++k) {
    if (bitmap::Get(validity, sel[k])) {
      bitmap::Set(out->mutable_data(), k);
    } else {
      ++*nulls;
    }
  }
  return out;
}

/// A slice of a VARCHAR column as a column of its own: its characters in one copy, its
/// offsets moved to start at 0 (a slice's offsets index into its source's characters).
ColumnPtr CopyStrings(const ColumnView& v) {
  const int32_t* in = v.offsets();
  const int32_t first = in[0];
  const auto bytes = static_cast<size_t>(in[v.length] - first);
  auto offsets = Buffer::Allocate(static_cast<size_t>(v.length + 1) * sizeof(int32_t));
  auto* o = reinterpret_cast<int32_t*>(offsets->mutable_data());
  for (int64_t i = 0; i <= v.length; ++i) o[i] = in[i] - first;
  auto chars = Buffer::Allocate(bytes);
  if (bytes > 0) std::memcpy(chars->mutable_data(), v.chars + first, bytes);
  std::shared_ptr<Buffer> validity;
  if (v.validity) {
    validity = Buffer::Allocate(bitmap::Bytes(v.length));
    std::memcpy(validity->mutable_data(), v.validity, bitmap::Bytes(v.length));
  }
  return std::make_shared<Column>(v.type, v.length, offsets, validity, chars, -1);
}

}  // namespace

Chunk GatherRows(const KernelTable& kernels, const Chunk& chunk, const std::vector<int>& columns, const uint32_t* sel,
                 size_t count) {
  Chunk sub;
  sub.size = static_cast<int64_t>(count);
  sub.columns.resize(chunk.columns.size());
  for (int c : columns) sub.columns[c] = Vector::Of(GatherColumn(kernels, chunk.columns[c].view, sel, count));
  return sub;
}

namespace {

// TINYINT and SMALLINT rows: a host loop (the selection kernels move 4, 8 and 16 bytes).
template <typename T>
ColumnPtr GatherNarrow(const ColumnView& input, const uint32_t* sel, size_t count, std::shared_ptr<Buffer> validity,
                       int64_t nulls) {
  auto data = Buffer::Allocate(count * sizeof(T));
  const T* in = input.values<T>();
  T* out = reinterpret_cast<T*>(data->mutable_data());
  for (size_t k = 0; k < count; ++k) out[k] = in[sel[k]];
  return std::make_shared<Column>(input.type, count, data, std::move(validity), nullptr, nulls);
}

// T[] rows: new offsets, and the elements gathered by the selection of their positions.
ColumnPtr GatherList(const ColumnView& input, const uint32_t* sel, size_t count, std::shared_ptr<Buffer> validity,
                     int64_t nulls) {
  auto offsets = Buffer::Allocate((count + 1) * sizeof(int32_t));
  auto* o = reinterpret_cast<int32_t*>(offsets->mutable_data());
  const int32_t* in = input.offsets();
  std::vector<uint32_t> elements;
  o[0] = 0;
  for (size_t k = 0; k < count; ++k) {
    for (int32_t e = in [sel[k]]; e < in[sel[k] + 1]; ++e) elements.push_back(static_cast<uint32_t>(e));
    o[k + 1] = static_cast<int32_t>(elements.size());
  }
  // Elements are host memory: the reference kernels move them whatever device runs the rows.
  ColumnPtr child = GatherColumn(ReferenceKernels(), input.ChildView(), elements.data(), elements.size());
  return std::make_shared<Column>(input.type, count, offsets, std::move(validity), nullptr, nulls, std::move(child));
}

}  // namespace

ColumnPtr GatherColumn(const KernelTable& kernels, const ColumnView& input, const uint32_t* sel, size_t count) {
  int64_t nulls = 0;
  auto validity = GatherValidity(input.validity, sel, count, &nulls);
  const DataType& type = input.type;
  switch (physical_type(type)) {
    case PhysicalType::kInt32:
    case PhysicalType::kFloat: {
      auto data = Buffer::Allocate(count * 4);
      kernels.selection.gather32(input.values<uint32_t>(), sel, count,
                                 reinterpret_cast<uint32_t*>(data->mutable_data()));
      KeepDeviceOutput(data);
      return std::make_shared<Column>(type, count, data, validity, nullptr, nulls);
    }
    case PhysicalType::kInt64:
    case PhysicalType::kDouble: {
      auto data = Buffer::Allocate(count * 8);
      kernels.selection.gather64(input.values<uint64_t>(), sel, count,
                                 reinterpret_cast<uint64_t*>(data->mutable_data()));
      KeepDeviceOutput(data);
      return std::make_shared<Column>(type, count, data, validity, nullptr, nulls);
    }
    case PhysicalType::kInt128: {
      auto data = Buffer::Allocate(count * 16);
      kernels.selection.gather128(input.values<int128_t>(), sel, count,
                                  reinterpret_cast<int128_t*>(data->mutable_data()));
      KeepDeviceOutput(data);
      return std::make_shared<Column>(type, count, data, validity, nullptr, nulls);
    }
    case PhysicalType::kFixedArray: {
      // A row of an array is a few hundred bytes: one memcpy each.
      const auto width = static_cast<size_t>(type.byte_width());
      auto data = Buffer::Allocate(count * width);
      const auto* in = static_cast<const uint8_t*>(input.data);
      uint8_t* out = data->mutable_data();
      for (size_t k = 0; k < count; ++k) std::memcpy(out + k * width, in + static_cast<size_t>(sel[k]) * width, width);
      return std::make_shared<Column>(type, count, data, validity, nullptr, nulls);
    }
    case PhysicalType::kInt16: return GatherNarrow<int16_t>(input, sel, count, validity, nulls);
    case PhysicalType::kInt8: return GatherNarrow<int8_t>(input, sel, count, validity, nulls);
    case PhysicalType::kBit: {
      auto data = Buffer::AllocateZeroed(bitmap::Bytes(count));
      for (size_t k = 0; k < count; ++k) {
        if (input.GetBool(sel[k])) bitmap::Set(data->mutable_data(), k);
      }
      return std::make_shared<Column>(type, count, data, validity, nullptr, nulls);
    }
    case PhysicalType::kString: {
      auto offsets = Buffer::Allocate((count + 1) * 4);
      auto* o = reinterpret_cast<int32_t*>(offsets->mutable_data());
      const int32_t* in = input.offsets();
      size_t bytes = 0;
      for (size_t k = 0; k < count; ++k) bytes += static_cast<size_t>(in[sel[k] + 1] - in[sel[k]]);
      // kWordCopy bytes of slack let short strings be copied as one fixed-size word (the
      // next string overwrites the excess); rows whose word would read past the input's
      // last character take the exact memcpy.
      constexpr size_t kWordCopy = 16;
      auto chars = Buffer::Allocate(bytes + kWordCopy);
      char* out = reinterpret_cast<char*>(chars->mutable_data());
      const int32_t input_end = in[input.length];
      size_t at = 0;
      o[0] = 0;
      for (size_t k = 0; k < count; ++k) {
        const int32_t begin = in[sel[k]];
        const auto size = static_cast<size_t>(in[sel[k] + 1] - begin);
        if (size <= kWordCopy && begin + static_cast<int32_t>(kWordCopy) <= input_end) {
          std::memcpy(out + at, input.chars + begin, kWordCopy);
        } else if (size > 0) {
          std::memcpy(out + at, input.chars + begin, size);
        }
        at += size;
        o[k + 1] = static_cast<int32_t>(at);
      }
      return std::make_shared<Column>(type, count, offsets, validity, chars, nulls);
    }
    case PhysicalType::kList: return GatherList(input, sel, count, validity, nulls);
    case PhysicalType::kNone: return Column::AllNull(type, count);
  }
  return nullptr;
}

ColumnPtr MaterializeVector(const Vector& vector) {
  const ColumnView& v = vector.view;
  if (vector.owner && vector.owner->length() == v.length && vector.owner->view().data == v.data &&
      vector.owner->type() == v.type) {
    return vector.owner;
  }
  ColumnBuilder builder(v.type, v.length);
  if (v.type.is_fixed_width() && v.type.id != TypeId::kNull) {
    size_t width = v.type.byte_width();
    auto data = Buffer::Allocate(v.length * width);
    std::memcpy(data->mutable_data(), v.data, v.length * width);
    std::shared_ptr<Buffer> validity;
    if (v.validity) {
      validity = Buffer::Allocate(bitmap::Bytes(v.length));
      std::memcpy(validity->mutable_data(), v.validity, bitmap::Bytes(v.length));
    }
    return std::make_shared<Column>(v.type, v.length, data, validity, nullptr, -1);
  }
  if (physical_type(v.type) == PhysicalType::kString) return CopyStrings(v);
  for (int64_t i = 0; i < v.length; ++i) builder.AppendFrom(v, i);
  return builder.Finish();
}

namespace {

template <typename T>
void InterleaveValues(const std::vector<Vector>& sources, const uint32_t* source_of, const uint32_t* position,
                      int64_t n, T* out) {
  for (int64_t i = 0; i < n; ++i) out[i] = sources[source_of[i]].view.values<T>()[position[i]];
}

}  // namespace

ColumnPtr InterleaveRows(const DataType& type, const std::vector<Vector>& sources, const uint32_t* source_of,
                         const uint32_t* position, int64_t n) {
  const PhysicalType physical = physical_type(type);
  bool typed_alike = true;
  bool any_validity = false;
  for (const Vector& source : sources) {
    if (source.view.length == 0) continue;  // no row comes from it
    typed_alike = typed_alike && source.view.type == type;
    any_validity = any_validity || source.view.validity != nullptr;
  }
  const bool fast = typed_alike && (physical == PhysicalType::kInt32 || physical == PhysicalType::kInt64 ||
                                    physical == PhysicalType::kInt128 || physical == PhysicalType::kDouble ||
                                    physical == PhysicalType::kFloat || physical == PhysicalType::kString);
  if (!fast) {
    ColumnBuilder builder(type, n);
    for (int64_t i = 0; i < n; ++i) builder.AppendFrom(sources[source_of[i]].view, position[i]);
    return builder.Finish();
  }
  std::shared_ptr<Buffer> validity;
  int64_t nulls = 0;
  if (any_validity) {
    validity = Buffer::AllocateZeroed(bitmap::Bytes(n));
    for (int64_t i = 0; i < n; ++i) {
      if (sources[source_of[i]].view.IsValid(position[i])) {
        bitmap::Set(validity->mutable_data(), i);
      } else {
        ++nulls;
      }
    }
  }
  if (physical == PhysicalType::kString) {
    size_t bytes = 0;
    for (int64_t i = 0; i < n; ++i) bytes += sources[source_of[i]].view.GetString(position[i]).size();
    auto offsets = Buffer::Allocate(static_cast<size_t>(n + 1) * sizeof(int32_t));
    auto chars = Buffer::Allocate(bytes);
    auto* o = reinterpret_cast<int32_t*>(offsets->mutable_data());
    char* out = reinterpret_cast<char*>(chars->mutable_data());
    size_t at = 0;
    o[0] = 0;
    for (int64_t i = 0; i < n; ++i) {
      const std::string_view text = sources[source_of[i]].view.GetString(position[i]);
      if (!text.empty()) std::memcpy(out + at, text.data(), text.size());
      at += text.size();
      o[i + 1] = static_cast<int32_t>(at);
    }
    return std::make_shared<Column>(type, n, offsets, validity, chars, nulls);
  }
  auto data = Buffer::Allocate(static_cast<size_t>(n) * type.byte_width());
  void* out = data->mutable_data();
  switch (physical) {
    case PhysicalType::kInt32: InterleaveValues(sources, source_of, position, n, static_cast<int32_t*>(out)); break;
    case PhysicalType::kInt64: InterleaveValues(sources, source_of, position, n, static_cast<int64_t*>(out)); break;
    case PhysicalType::kInt128: InterleaveValues(sources, source_of, position, n, static_cast<int128_t*>(out)); break;
    case PhysicalType::kDouble: InterleaveValues(sources, source_of, position, n, static_cast<double*>(out)); break;
    case PhysicalType::kFloat: InterleaveValues(sources, source_of, position, n, static_cast<float*>(out)); break;
    default: break;  // not fast: handled above
  }
  return std::make_shared<Column>(type, n, data, validity, nullptr, nulls);
}

std::vector<ColumnPtr> FlattenColumns(const Table& table) {
  std::vector<ColumnPtr> columns;
  for (int c = 0; c < table.num_columns(); ++c) {
    std::vector<ColumnPtr> parts;
    for (const Batch& batch : table.batches()) parts.push_back(batch.columns[c]);
    columns.push_back(parts.empty() ? Column::AllNull(table.schema()[c].type, 0)
                                    : ConcatenateColumns(parts, table.schema()[c].type));
  }
  return columns;
}

ColumnPtr ConcatenateColumns(const std::vector<ColumnPtr>& parts, const DataType& type) {
  if (parts.size() == 1) return parts[0];
  std::vector<ColumnView> views;
  views.reserve(parts.size());
  for (const auto& p : parts) views.push_back(p->view());
  return ConcatenateViews(views, type);
}

ColumnPtr ConcatenateViews(const std::vector<ColumnView>& parts, const DataType& type) {
  int64_t total = 0;
  bool any_nulls = false;
  for (const auto& p : parts) {
    total += p.length;
    any_nulls = any_nulls || p.validity != nullptr;
  }
  const PhysicalType physical = physical_type(type);
  if (physical == PhysicalType::kNone) return Column::AllNull(type, total);
  if (physical == PhysicalType::kList) {
    ColumnBuilder builder(type, total);
    for (const ColumnView& v : parts) {
      for (int64_t i = 0; i < v.length; ++i) builder.AppendFrom(v, i);
    }
    return builder.Finish();
  }
  // Values are copied part by part with memcpy; only validity and BOOLEAN bits go bit by bit.
  std::shared_ptr<Buffer> validity = any_nulls ? Buffer::AllocateZeroed(bitmap::Bytes(total)) : nullptr;
  std::shared_ptr<Buffer> data, chars;
  if (physical == PhysicalType::kBit) {
    data = Buffer::AllocateZeroed(bitmap::Bytes(total));
  } else if (physical == PhysicalType::kString) {
    data = Buffer::Allocate((total + 1) * 4);
    size_t bytes = 0;
    for (const auto& p : parts) bytes += p.length > 0 ? p.offsets()[p.length] - p.offsets()[0] : 0;
    chars = Buffer::Allocate(bytes);
    reinterpret_cast<int32_t*>(data->mutable_data())[0] = 0;
  } else {
    data = Buffer::Allocate(total * type.byte_width());
  }
  int64_t row = 0;
  int64_t char_at = 0;
  for (const ColumnView& v : parts) {
    if (validity) {
      for (int64_t i = 0; i < v.length; ++i) {
        if (v.IsValid(i)) bitmap::Set(validity->mutable_data(), row + i);
      }
    }
    switch (physical) {
      case PhysicalType::kBit:
        for (int64_t i = 0; i < v.length; ++i) {
          if (v.GetBool(i)) bitmap::Set(data->mutable_data(), row + i);
        }
        break;
      case PhysicalType::kString: {
        const int32_t* o = v.offsets();
        int32_t* out = reinterpret_cast<int32_t*>(data->mutable_data());
        const int64_t bytes = v.length > 0 ? o[v.length] - o[0] : 0;
        if (bytes > 0) std::memcpy(chars->mutable_data() + char_at, v.chars + o[0], bytes);
        for (int64_t i = 0; i < v.length; ++i) out[row + i + 1] = static_cast<int32_t>(char_at + o[i + 1] - o[0]);
        char_at += bytes;
        break;
      }
      default: {
        const size_t width = type.byte_width();
        if (v.length > 0) std::memcpy(data->mutable_data() + row * width, v.data, v.length * width);
      }
    }
    row += v.length;
  }
  return std::make_shared<Column>(type, total, data, validity, chars, -1);
}

}  // namespace orbit
