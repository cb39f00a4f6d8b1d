// Column: one array of values in the Arrow layout (see data_type.h), owning its buffers
// through shared pointers so that slices, batches and exported Arrow arrays share memory.
// ColumnView: a non-owning window onto a column's rows [begin, begin+length), the unit
// kernels and operators work on. Views start at a multiple of 8 rows so the validity
// bitmap of a view is byte-aligned.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "columnar/bitmap.h"
#include "columnar/buffer.h"
#include "columnar/data_type.h"

namespace orbit {

class Column;

struct ColumnView {
  DataType type;
  int64_t length = 0;
  const uint8_t* validity = nullptr;  // null when every row is valid
  const void* data = nullptr;         // values; for VARCHAR the int32 offsets
  const char* chars = nullptr;        // VARCHAR bytes (offsets index into it)
  const Column* child = nullptr;      // T[] elements (offsets index into it); owned by the column

  template <typename T>
  const T* values() const {
    return static_cast<const T*>(data);
  }
  const int32_t* offsets() const { return static_cast<const int32_t*>(data); }
  bool IsValid(int64_t i) const { return validity == nullptr || bitmap::Get(validity, i); }
  std::string_view GetString(int64_t i) const {
    const int32_t* o = offsets();
    return {chars + o[i], static_cast<size_t>(o[i + 1] - o[i])};
  }
  bool GetBool(int64_t i) const { return bitmap::Get(static_cast<const uint8_t*>(data), i); }
  /// Rows [begin, begin+length); begin must be a multiple of 8.
  ColumnView Slice(int64_t begin, int64_t length) const;
  /// T[]: the elements of every row (row i's are [offsets()[i], offsets()[i+1])).
  ColumnView ChildView() const;
};

class Column {
 public:
  Column(DataType type, int64_t length, std::shared_ptr<Buffer> data, std::shared_ptr<Buffer> validity = nullptr,
         std::shared_ptr<Buffer> chars = nullptr, int64_t null_count = -1, std::shared_ptr<Column> child = nullptr);

  /// A column of `length` rows with uninitialised values and no validity bitmap (all valid).
  static std::shared_ptr<Column> Allocate(DataType type, int64_t length);
  /// A column of `length` NULLs.
  static std::shared_ptr<Column> AllNull(DataType type, int64_t length);

  const DataType& type() const { return type_; }
  int64_t length() const { return length_; }
  /// Number of NULL rows (counted on first use when not known at construction).
  int64_t null_count() const;
  bool has_validity() const { return validity_ != nullptr; }

  template <typename T>
  T* mutable_values() {
    return reinterpret_cast<T*>(data_->mutable_data());
  }
  template <typename T>
  const T* values() const {
    return reinterpret_cast<const T*>(data_->data());
  }
  const int32_t* offsets() const { return values<int32_t>(); }
  const char* chars() const { return chars_ ? reinterpret_cast<const char*>(chars_->data()) : nullptr; }
  const uint8_t* validity() const { return validity_ ? validity_->data() : nullptr; }

  bool IsValid(int64_t i) const { return validity_ == nullptr || bitmap::Get(validity_->data(), i); }
  std::string_view GetString(int64_t i) const { return view().GetString(i); }

  /// Creates an all-valid bitmap if there is none, so rows can be marked NULL.
  uint8_t* mutable_validity();
  void SetNull(int64_t i);

  const std::shared_ptr<Buffer>& data_buffer() const { return data_; }
  const std::shared_ptr<Buffer>& validity_buffer() const { return validity_; }
  const std::shared_ptr<Buffer>& chars_buffer() const { return chars_; }
  /// T[]: the column of elements.
  const std::shared_ptr<Column>& child() const { return child_; }

  ColumnView view() const;

 private:
  DataType type_;
  int64_t length_;
  std::shared_ptr<Buffer> data_;
  std::shared_ptr<Buffer> validity_;
  std::shared_ptr<Buffer> chars_;
  std::shared_ptr<Column> child_;
  mutable int64_t null_count_;
};

using ColumnPtr = std::shared_ptr<Column>;

/// Appends values one by one; used by loaders and by operators producing variable-length
/// output. Fixed-width and VARCHAR types both supported.
class ColumnBuilder {
 public:
  explicit ColumnBuilder(DataType type, int64_t expected_rows = 0);

  void AppendNull();
  void AppendBool(bool v);
  void AppendInt8(int8_t v);
  void AppendInt16(int16_t v);
  void AppendInt32(int32_t v);
  void AppendInt64(int64_t v);
  void AppendInt128(int128_t v);
  void AppendDouble(double v);
  void AppendString(std::string_view v);
  void AppendFloat(float v);
  /// Appends one T[n] row: type().byte_width() bytes.
  void AppendArrayRow(const void* row);
  /// Appends row `i` of `source` (same type).
  void AppendFrom(const ColumnView& source, int64_t i);
  /// T[]: the builder of the elements; append a row's elements there, then FinishListRow().
  ColumnBuilder& ListElements();
  /// T[]: closes one row holding the elements appended since the last row.
  void FinishListRow();

  int64_t length() const { return length_; }
  const DataType& type() const { return type_; }
  ColumnPtr Finish();

 private:
  void MarkValid();
  template <typename T>
  void AppendFixed(T v);

  DataType type_;
  int64_t length_ = 0;
  int64_t null_count_ = 0;
  std::shared_ptr<Buffer> data_;
  std::shared_ptr<Buffer> validity_;
  std::shared_ptr<Buffer> chars_;
  int64_t chars_length_ = 0;
  std::shared_ptr<ColumnBuilder> elements_;  // T[] only
};

}  // namespace orbit
