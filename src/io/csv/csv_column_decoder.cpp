#include "io/csv/csv_column_decoder.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <optional>

#include "columnar/array_value.h"
#include "columnar/interval.h"
#include "columnar/list_text.h"
#include "columnar/value_format.h"
#include "io/csv/csv_value_parsing.h"

namespace orbit {
namespace {

size_t ValueBytes(const DataType& type, int64_t rows) {
  switch (physical_type(type)) {
    case PhysicalType::kBit: return bitmap::Bytes(rows);
    case PhysicalType::kString:
    case PhysicalType::kList: return (rows + 1) * sizeof(int32_t);
    default: return rows * type.byte_width();
  }
}

// A bigger copy of `old` keeping its first `used` bytes. The rest is left unwritten (and so
// uncommitted by the OS) until rows land there.
std::shared_ptr<Buffer> Enlarge(const Buffer& old, size_t used, size_t size) {
  auto buffer = Buffer::Allocate(size);
  std::memcpy(buffer->mutable_data(), old.data(), used);
  return buffer;
}

}  // namespace

CsvColumnDecoder::CsvColumnDecoder(DataType type, int64_t expected_rows, std::string_view null_string, char quote)
    : type_(type), null_string_(null_string), quote_(quote), capacity_(std::max<int64_t>(expected_rows, 64)) {
  values_ = Buffer::Allocate(ValueBytes(type_, capacity_));
  if (type_.id == TypeId::kVarchar || type_.is_list()) reinterpret_cast<int32_t*>(values_->mutable_data())[0] = 0;
  if (type_.id == TypeId::kVarchar) chars_ = Buffer::Allocate(static_cast<size_t>(capacity_) * 8);
  if (type_.is_list()) {
    elements_ = std::make_unique<CsvColumnDecoder>(type_.element_type(), expected_rows, null_string, quote);
  }
}

// '{1,2,NULL}' (PostgreSQL's array text, list_text.h): each element decoded as a field of
// the element type is.
bool CsvColumnDecoder::AppendList(std::string_view text) {
  Result<std::vector<std::optional<std::string>>> pieces = SplitListText(text);
  if (!pieces.ok()) return false;
  for (const std::optional<std::string>& piece : *pieces) {
    if (!piece) {
      elements_->AppendNull();
    } else if (!elements_->AppendText(*piece)) {
      return false;
    }
  }
  if (length_ == capacity_) Grow();
  reinterpret_cast<int32_t*>(values_->mutable_data())[length_ + 1] = static_cast<int32_t>(elements_->length_);
  ++length_;
  return true;
}

void CsvColumnDecoder::Grow() {
  int64_t capacity = capacity_ * 2;
  values_ = Enlarge(*values_, ValueBytes(type_, capacity_), ValueBytes(type_, capacity));
  if (validity_) {
    size_t used = bitmap::Bytes(capacity_);
    validity_ = Enlarge(*validity_, used, bitmap::Bytes(capacity));
    // Rows are valid unless cleared, so new validity bytes start all ones.
    std::memset(validity_->mutable_data() + used, 0xff, validity_->size() - used);
  }
  capacity_ = capacity;
}

template <typename T>
void CsvColumnDecoder::AppendFixed(T value) {
  if (length_ == capacity_) Grow();
  reinterpret_cast<T*>(values_->mutable_data())[length_++] = value;
}

void CsvColumnDecoder::AppendArrayRow(const uint8_t* row) {
  if (length_ == capacity_) Grow();
  const auto width = static_cast<size_t>(type_.byte_width());
  std::memcpy(values_->mutable_data() + static_cast<size_t>(length_) * width, row, width);
  ++length_;
}

void CsvColumnDecoder::AppendBool(bool value) {
  if (length_ == capacity_) Grow();
  bitmap::SetTo(values_->mutable_data(), length_, value);
  ++length_;
}

void CsvColumnDecoder::AppendString(std::string_view value) {
  if (length_ == capacity_) Grow();
  if (chars_length_ + value.size() > chars_->size()) {
    size_t size = std::max(chars_->size() * 2, chars_length_ + value.size());
    chars_ = Enlarge(*chars_, chars_length_, size);
  }
  std::memcpy(chars_->mutable_data() + chars_length_, value.data(), value.size());
  chars_length_ += value.size();
  reinterpret_cast<int32_t*>(values_->mutable_data())[length_ + 1] = static_cast<int32_t>(chars_length_);
  ++length_;
}

void CsvColumnDecoder::AppendNull() {
  if (length_ == capacity_) Grow();
  if (!validity_) {
    validity_ = Buffer::Allocate(bitmap::Bytes(capacity_));
    std::memset(validity_->mutable_data(), 0xff, validity_->size());
  }
  bitmap::Clear(validity_->mutable_data(), length_);
  ++null_count_;
  // NULL rows hold zero (an empty string), so buffers never expose stale memory.
  switch (physical_type(type_)) {
    case PhysicalType::kBit: bitmap::Clear(values_->mutable_data(), length_); break;
    case PhysicalType::kString:
    case PhysicalType::kList: {
      auto* offsets = reinterpret_cast<int32_t*>(values_->mutable_data());
      offsets[length_ + 1] = offsets[length_];
      break;
    }
    default: std::memset(values_->mutable_data() + length_ * type_.byte_width(), 0, type_.byte_width()); break;
  }
  ++length_;
}

bool CsvColumnDecoder::Append(const CsvField& field, std::string* scratch) {
  if (IsCsvNull(field, null_string_)) {
    AppendNull();
    return true;
  }
  // An empty field holds no value of any type but VARCHAR: NULL, quoted or not.
  if (field.size == 0 && type_.id != TypeId::kVarchar) {
    AppendNull();
    return true;
  }
  if (!field.quoted) return AppendText(field.raw());
  return AppendText(FieldText(field, quote_, scratch));
}

namespace {

// A SMALLINT or TINYINT field: an INTEGER in the type's range.
template <typename T>
bool ParseNarrowInteger(std::string_view text, T* out) {
  int32_t v;
  if (!ParseCsvInt32(text, &v) || v < std::numeric_limits<T>::min() || v > std::numeric_limits<T>::max()) return false;
  *out = static_cast<T>(v);
  return true;
}

}  // namespace

bool CsvColumnDecoder::AppendText(std::string_view text) {
  switch (type_.id) {
    case TypeId::kVarchar: AppendString(text); return true;
    case TypeId::kInt64: {
      int64_t v;
      if (!ParseCsvInt64(text, &v)) return false;
      AppendFixed(v);
      return true;
    }
    case TypeId::kInt32: {
      int32_t v;
      if (!ParseCsvInt32(text, &v)) return false;
      AppendFixed(v);
      return true;
    }
    case TypeId::kInt16: {
      int16_t v;
      if (!ParseNarrowInteger(text, &v)) return false;
      AppendFixed(v);
      return true;
    }
    case TypeId::kInt8: {
      int8_t v;
      if (!ParseNarrowInteger(text, &v)) return false;
      AppendFixed(v);
      return true;
    }
    case TypeId::kDecimal: {
      if (type_.is_wide_decimal()) {
        int128_t v;
        if (!ParseCsvDecimal128(text, type_.precision, type_.scale, &v)) return false;
        AppendFixed(v);
        return true;
      }
      int64_t v;
      if (!ParseCsvDecimal64(text, type_.precision, type_.scale, &v)) return false;
      AppendFixed(v);
      return true;
    }
    case TypeId::kDate: {
      int32_t v;
      if (!ParseCsvDate(text, &v)) return false;
      AppendFixed(v);
      return true;
    }
    case TypeId::kTimestamp: {
      int64_t v;
      if (!ParseCsvTimestamp(text, &v)) return false;
      AppendFixed(v);
      return true;
    }
    case TypeId::kDouble: {
      double v;
      if (!ParseCsvDouble(text, &v)) return false;
      AppendFixed(v);
      return true;
    }
    case TypeId::kBoolean: {
      bool v;
      if (!ParseCsvBool(text, &v)) return false;
      AppendBool(v);
      return true;
    }
    case TypeId::kInterval: {
      Result<IntervalValue> v = ParseInterval(text);
      if (!v.ok()) return false;
      AppendFixed(PackInterval(*v));
      return true;
    }
    case TypeId::kArray: {
      // "{1,2,3}" or "[1, 2, 3]", quoted in the file when the delimiter is a comma.
      Result<std::vector<uint8_t>> row = ParseArrayRow(type_, text);
      if (!row.ok()) return false;
      AppendArrayRow(row->data());
      return true;
    }
    case TypeId::kFloat: {
      std::optional<float> v = ParseFloat(text);
      if (!v) return false;
      AppendFixed(*v);
      return true;
    }
    case TypeId::kList: return AppendList(text);
    case TypeId::kNull:  // the reader rejects NULL-typed columns up front
      return false;
  }
  return false;
}

ColumnPtr CsvColumnDecoder::Finish() {
  values_->Resize(ValueBytes(type_, length_));
  if (validity_) validity_->Resize(bitmap::Bytes(length_));
  if (chars_) chars_->Resize(chars_length_);
  ColumnPtr child = elements_ ? elements_->Finish() : nullptr;
  return std::make_shared<Column>(type_, length_, std::move(values_), std::move(validity_), std::move(chars_),
                                  null_count_, std::move(child));
}

}  // namespace orbit
