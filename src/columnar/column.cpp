#include "columnar/column.h"

#include <cstring>

#include "common/check.h"

namespace orbit {

ColumnView ColumnView::Slice(int64_t begin, int64_t length) const {
  ORBIT_DCHECK(begin % 8 == 0);  // validity bitmaps are sliced at byte boundaries
  ColumnView v = *this;
  v.length = length;
  if (validity != nullptr) v.validity = validity + begin / 8;
  switch (physical_type(type)) {
    case PhysicalType::kBit: v.data = static_cast<const uint8_t*>(data) + begin / 8; break;
    case PhysicalType::kString:
    case PhysicalType::kList: v.data = offsets() + begin; break;
    case PhysicalType::kNone: break;
    default: v.data = static_cast<const uint8_t*>(data) + begin * type.byte_width(); break;
  }
  return v;
}

ColumnView ColumnView::ChildView() const {
  ORBIT_DCHECK(child != nullptr);
  return child->view();
}

Column::Column(DataType type, int64_t length, std::shared_ptr<Buffer> data, std::shared_ptr<Buffer> validity,
               std::shared_ptr<Buffer> chars, int64_t null_count, std::shared_ptr<Column> child)
    : type_(type),
      length_(length),
      data_(std::move(data)),
      validity_(std::move(validity)),
      chars_(std::move(chars)),
      child_(std::move(child)),
      null_count_(validity_ ? null_count : 0) {
  // Every T[] column has a child, even an empty one, so readers never test for it.
  if (type_.is_list() && child_ == nullptr) child_ = Column::Allocate(type_.element_type(), 0);
}

namespace {
size_t DataBytes(const DataType& type, int64_t length) {
  switch (physical_type(type)) {
    case PhysicalType::kBit: return bitmap::Bytes(length);
    case PhysicalType::kString:
    case PhysicalType::kList: return (length + 1) * sizeof(int32_t);
    case PhysicalType::kNone: return 0;
    default: return length * type.byte_width();
  }
}
}  // namespace

ColumnPtr Column::Allocate(DataType type, int64_t length) {
  auto data = Buffer::Allocate(DataBytes(type, length));
  std::shared_ptr<Buffer> chars;
  if (type.id == TypeId::kVarchar || type.is_list()) std::memset(data->mutable_data(), 0, data->size());
  if (type.id == TypeId::kVarchar) chars = Buffer::Allocate(0);
  return std::make_shared<Column>(type, length, std::move(data), nullptr, std::move(chars), 0);
}

ColumnPtr Column::AllNull(DataType type, int64_t length) {
  auto data = Buffer::AllocateZeroed(DataBytes(type, length));
  std::shared_ptr<Buffer> chars = type.id == TypeId::kVarchar ? Buffer::Allocate(0) : nullptr;
  auto validity = Buffer::AllocateZeroed(bitmap::Bytes(length));
  return std::make_shared<Column>(type, length, std::move(data), std::move(validity), std::move(chars), length);
}

int64_t Column::null_count() const {
  if (null_count_ < 0) {
    null_count_ = length_ - static_cast<int64_t>(bitmap::CountSet(validity_->data(), length_));
  }
  return null_count_;
}

uint8_t* Column::mutable_validity() {
  if (!validity_) {
    validity_ = Buffer::Allocate(bitmap::Bytes(length_));
    std::memset(validity_->mutable_data(), 0xff, validity_->size());
    null_count_ = 0;
  }
  return validity_->mutable_data();
}

void Column::SetNull(int64_t i) {
  uint8_t* bits = mutable_validity();
  if (bitmap::Get(bits, i)) {
    bitmap::Clear(bits, i);
    if (null_count_ >= 0) ++null_count_;
  }
}

ColumnView Column::view() const {
  ColumnView v;
  v.type = type_;
  v.length = length_;
  v.validity = validity();
  v.data = data_ ? data_->data() : nullptr;
  v.chars = chars();
  v.child = child_.get();
  return v;
}

ColumnBuilder::ColumnBuilder(DataType type, int64_t expected_rows) : type_(type) {
  int64_t rows = std::max<int64_t>(expected_rows, 16);
  const bool offsets = type.id == TypeId::kVarchar || type.is_list();
  data_ = Buffer::Allocate(offsets ? (rows + 1) * sizeof(int32_t) : std::max<size_t>(DataBytes(type, rows), 8));
  data_->Resize(0);
  if (type.is_list()) elements_ = std::make_shared<ColumnBuilder>(type.element_type(), rows);
  if (offsets) {
    if (type.id == TypeId::kVarchar) {
      chars_ = Buffer::Allocate(rows * 8);
      chars_->Resize(0);
    }
    int32_t zero = 0;
    data_->Resize(sizeof(int32_t));
    std::memcpy(data_->mutable_data(), &zero, sizeof(zero));
  }
}

void ColumnBuilder::MarkValid() {
  if (validity_) {
    validity_->Resize(bitmap::Bytes(length_ + 1));
    bitmap::Set(validity_->mutable_data(), length_);
  }
}

template <typename T>
void ColumnBuilder::AppendFixed(T v) {
  MarkValid();
  size_t at = static_cast<size_t>(length_) * sizeof(T);
  data_->Resize(at + sizeof(T));
  std::memcpy(data_->mutable_data() + at, &v, sizeof(T));
  ++length_;
}

void ColumnBuilder::AppendNull() {
  if (!validity_) {
    validity_ = Buffer::Allocate(bitmap::Bytes(length_ + 1));
    std::memset(validity_->mutable_data(), 0xff, validity_->size());
  }
  validity_->Resize(bitmap::Bytes(length_ + 1));
  bitmap::Clear(validity_->mutable_data(), length_);
  ++null_count_;
  switch (physical_type(type_)) {
    case PhysicalType::kBit: {
      data_->Resize(bitmap::Bytes(length_ + 1));
      bitmap::Clear(data_->mutable_data(), length_);
      ++length_;
      break;
    }
    case PhysicalType::kString:
    case PhysicalType::kList: {
      data_->Resize((length_ + 2) * sizeof(int32_t));
      auto* o = reinterpret_cast<int32_t*>(data_->mutable_data());
      o[length_ + 1] = o[length_];
      ++length_;
      break;
    }
    case PhysicalType::kNone: ++length_; break;
    default: {
      size_t w = type_.byte_width();
      data_->Resize((length_ + 1) * w);
      std::memset(data_->mutable_data() + length_ * w, 0, w);
      ++length_;
      break;
    }
  }
}

void ColumnBuilder::AppendBool(bool v) {
  MarkValid();
  data_->Resize(bitmap::Bytes(length_ + 1));
  bitmap::SetTo(data_->mutable_data(), length_, v);
  ++length_;
}
void ColumnBuilder::AppendInt8(int8_t v) { AppendFixed(v); }
void ColumnBuilder::AppendInt16(int16_t v) { AppendFixed(v); }
void ColumnBuilder::AppendInt32(int32_t v) { AppendFixed(v); }
void ColumnBuilder::AppendInt64(int64_t v) { AppendFixed(v); }
void ColumnBuilder::AppendInt128(int128_t v) { AppendFixed(v); }
void ColumnBuilder::AppendDouble(double v) { AppendFixed(v); }
void ColumnBuilder::AppendFloat(float v) { AppendFixed(v); }

void ColumnBuilder::AppendArrayRow(const void* row) {
  MarkValid();
  const auto width = static_cast<size_t>(type_.byte_width());
  const size_t at = static_cast<size_t>(length_) * width;
  data_->Resize(at + width);
  std::memcpy(data_->mutable_data() + at, row, width);
  ++length_;
}

void ColumnBuilder::AppendString(std::string_view v) {
  MarkValid();
  size_t at = chars_length_;
  chars_->Resize(at + v.size());
  if (!v.empty()) std::memcpy(chars_->mutable_data() + at, v.data(), v.size());
  chars_length_ += static_cast<int64_t>(v.size());
  data_->Resize((length_ + 2) * sizeof(int32_t));
  reinterpret_cast<int32_t*>(data_->mutable_data())[length_ + 1] = static_cast<int32_t>(chars_length_);
  ++length_;
}

void ColumnBuilder::AppendFrom(const ColumnView& source, int64_t i) {
  if (!source.IsValid(i)) {
    AppendNull();
    return;
  }
  switch (physical_type(type_)) {
    case PhysicalType::kBit: AppendBool(source.GetBool(i)); break;
    case PhysicalType::kInt8: AppendInt8(source.values<int8_t>()[i]); break;
    case PhysicalType::kInt16: AppendInt16(source.values<int16_t>()[i]); break;
    case PhysicalType::kInt32: AppendInt32(source.values<int32_t>()[i]); break;
    case PhysicalType::kInt64: AppendInt64(source.values<int64_t>()[i]); break;
    case PhysicalType::kInt128: AppendInt128(source.values<int128_t>()[i]); break;
    case PhysicalType::kDouble: AppendDouble(source.values<double>()[i]); break;
    case PhysicalType::kString: AppendString(source.GetString(i)); break;
    case PhysicalType::kFloat: AppendFloat(source.values<float>()[i]); break;
    case PhysicalType::kFixedArray:
      AppendArrayRow(static_cast<const uint8_t*>(source.data) + static_cast<size_t>(i) * type_.byte_width());
      break;
    case PhysicalType::kList: {
      const ColumnView elements = source.ChildView();
      ColumnBuilder& out = ListElements();
      for (int32_t k = source.offsets()[i]; k < source.offsets()[i + 1]; ++k) out.AppendFrom(elements, k);
      FinishListRow();
      break;
    }
    case PhysicalType::kNone: AppendNull(); break;
  }
}

ColumnBuilder& ColumnBuilder::ListElements() {
  ORBIT_DCHECK(elements_ != nullptr);
  return *elements_;
}

void ColumnBuilder::FinishListRow() {
  MarkValid();
  data_->Resize((length_ + 2) * sizeof(int32_t));
  reinterpret_cast<int32_t*>(data_->mutable_data())[length_ + 1] = static_cast<int32_t>(elements_->length());
  ++length_;
}

ColumnPtr ColumnBuilder::Finish() {
  if (validity_) validity_->Resize(bitmap::Bytes(length_));
  ColumnPtr child = elements_ ? elements_->Finish() : nullptr;
  auto column = std::make_shared<Column>(type_, length_, std::move(data_), std::move(validity_), std::move(chars_),
                                         null_count_, std::move(child));
  *this = ColumnBuilder(type_);
  return column;
}

}  // namespace orbit
