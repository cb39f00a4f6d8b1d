#include "columnar/list_value.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "columnar/array_value.h"
#include "columnar/interval.h"
#include "columnar/list_text.h"
#include "columnar/timestamp.h"
#include "columnar/value_format.h"
#include "common/check.h"

namespace orbit {

namespace {

template <typename T>
int Order(T x, T y) {
  return x < y ? -1 : (x > y ? 1 : 0);
}

template <typename F>
int OrderFloats(F x, F y) {
  const bool xn = std::isnan(x), yn = std::isnan(y);
  if (xn || yn) return Order<int>(xn, yn);
  return Order(x, y);
}

template <typename T>
void AppendBytes(T v, std::string* out) {
  out->append(reinterpret_cast<const char*>(&v), sizeof(T));
}

template <typename T>
T ReadBytes(std::string_view key, size_t* at) {
  T v;
  ORBIT_DCHECK(*at + sizeof(T) <= key.size());
  std::memcpy(&v, key.data() + *at, sizeof(T));
  *at += sizeof(T);
  return v;
}

// Floats are keyed by a canonical value: -0 as 0 and every NaN as one NaN.
template <typename F>
F CanonicalFloat(F v) {
  if (std::isnan(v)) return std::numeric_limits<F>::quiet_NaN();
  return v == 0 ? static_cast<F>(0) : v;
}

}  // namespace

std::string FormatListDouble(double v) {
  // float8out's words inside an array (Orbit prints a DOUBLE NaN alone as nan).
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  return FormatDouble(v);
}

int CompareElements(const ColumnView& a, int64_t k, const ColumnView& b, int64_t l) {
  switch (physical_type(a.type)) {
    case PhysicalType::kBit: return Order<int>(a.GetBool(k), b.GetBool(l));
    case PhysicalType::kInt8: return Order(a.values<int8_t>()[k], b.values<int8_t>()[l]);
    case PhysicalType::kInt16: return Order(a.values<int16_t>()[k], b.values<int16_t>()[l]);
    case PhysicalType::kInt32: return Order(a.values<int32_t>()[k], b.values<int32_t>()[l]);
    case PhysicalType::kInt64: return Order(a.values<int64_t>()[k], b.values<int64_t>()[l]);
    case PhysicalType::kInt128: return Order(a.values<int128_t>()[k], b.values<int128_t>()[l]);
    case PhysicalType::kDouble: return OrderFloats(a.values<double>()[k], b.values<double>()[l]);
    case PhysicalType::kFloat: return OrderFloats(a.values<float>()[k], b.values<float>()[l]);
    case PhysicalType::kString: {
      const int c = a.GetString(k).compare(b.GetString(l));
      return Order(c, 0);
    }
    case PhysicalType::kList: return CompareListRows(a, k, b, l);
    case PhysicalType::kFixedArray:
    case PhysicalType::kNone: return 0;
  }
  return 0;
}

int CompareListRows(const ColumnView& a, int64_t i, const ColumnView& b, int64_t j) {
  const ColumnView ea = a.ChildView(), eb = b.ChildView();
  const int32_t na = ListLength(a, i), nb = ListLength(b, j);
  const int32_t ba = ListBegin(a, i), bb = ListBegin(b, j);
  for (int32_t k = 0; k < std::min(na, nb); ++k) {
    const bool va = ea.IsValid(ba + k), vb = eb.IsValid(bb + k);
    if (!va || !vb) {
      if (va != vb) return va ? -1 : 1;
      continue;
    }
    const int c = CompareElements(ea, ba + k, eb, bb + k);
    if (c != 0) return c;
  }
  return Order(na, nb);
}

void AppendListKey(const ColumnView& c, int64_t i, std::string* out) {
  const ColumnView e = c.ChildView();
  const int32_t begin = ListBegin(c, i), end = ListEnd(c, i);
  AppendBytes<int32_t>(end - begin, out);
  for (int32_t k = begin; k < end; ++k) {
    const bool valid = e.IsValid(k);
    out->push_back(valid ? 1 : 0);
    if (!valid) continue;
    switch (physical_type(e.type)) {
      case PhysicalType::kBit: out->push_back(e.GetBool(k) ? 1 : 0); break;
      case PhysicalType::kInt8: AppendBytes(e.values<int8_t>()[k], out); break;
      case PhysicalType::kInt16: AppendBytes(e.values<int16_t>()[k], out); break;
      case PhysicalType::kInt32: AppendBytes(e.values<int32_t>()[k], out); break;
      case PhysicalType::kInt64: AppendBytes(e.values<int64_t>()[k], out); break;
      case PhysicalType::kInt128: AppendBytes(e.values<int128_t>()[k], out); break;
      case PhysicalType::kDouble: AppendBytes(CanonicalFloat(e.values<double>()[k]), out); break;
      case PhysicalType::kFloat: AppendBytes(CanonicalFloat(e.values<float>()[k]), out); break;
      case PhysicalType::kString: {
        const std::string_view s = e.GetString(k);
        AppendBytes(static_cast<uint32_t>(s.size()), out);
        out->append(s);
        break;
      }
      case PhysicalType::kList:
      case PhysicalType::kFixedArray:
      case PhysicalType::kNone: break;  // no array has such elements
    }
  }
}

std::string ElementText(const ColumnView& e, int64_t k) {
  switch (e.type.id) {
    case TypeId::kBoolean: return e.GetBool(k) ? "t" : "f";
    case TypeId::kInt8: return std::to_string(e.values<int8_t>()[k]);
    case TypeId::kInt16: return std::to_string(e.values<int16_t>()[k]);
    case TypeId::kInt32: return std::to_string(e.values<int32_t>()[k]);
    case TypeId::kInt64: return std::to_string(e.values<int64_t>()[k]);
    case TypeId::kDouble: return FormatListDouble(e.values<double>()[k]);
    case TypeId::kFloat: return FormatReal(e.values<float>()[k]);
    case TypeId::kDecimal:
      return FormatDecimal(e.type.is_wide_decimal() ? e.values<int128_t>()[k] : e.values<int64_t>()[k], e.type.scale);
    case TypeId::kDate: return FormatDate(e.values<int32_t>()[k]);
    case TypeId::kTimestamp: return FormatTimestamp(e.values<int64_t>()[k]);
    case TypeId::kVarchar: return std::string(e.GetString(k));
    case TypeId::kArray: return FormatArrayRow(e.type, ArrayRowAt(e, k));
    case TypeId::kInterval: return FormatInterval(UnpackInterval(e.values<int128_t>()[k]));
    case TypeId::kList:
    case TypeId::kNull: return "NULL";
  }
  return "";
}

std::string FormatListRow(const ColumnView& c, int64_t i) {
  const ColumnView elements = c.ChildView();
  std::string out = "{";
  for (int32_t k = ListBegin(c, i); k < ListEnd(c, i); ++k) {
    if (k > ListBegin(c, i)) out += ',';
    if (elements.IsValid(k)) {
      AppendListElementText(ElementText(elements, k), &out);
    } else {
      out += "NULL";
    }
  }
  return out + "}";
}

void AppendListFromKey(std::string_view key, ColumnBuilder& out) {
  size_t at = 0;
  const auto n = ReadBytes<int32_t>(key, &at);
  ColumnBuilder& e = out.ListElements();
  for (int32_t k = 0; k < n; ++k) {
    if (ReadBytes<uint8_t>(key, &at) == 0) {
      e.AppendNull();
      continue;
    }
    switch (physical_type(e.type())) {
      case PhysicalType::kBit: e.AppendBool(ReadBytes<uint8_t>(key, &at) != 0); break;
      case PhysicalType::kInt8: e.AppendInt8(ReadBytes<int8_t>(key, &at)); break;
      case PhysicalType::kInt16: e.AppendInt16(ReadBytes<int16_t>(key, &at)); break;
      case PhysicalType::kInt32: e.AppendInt32(ReadBytes<int32_t>(key, &at)); break;
      case PhysicalType::kInt64: e.AppendInt64(ReadBytes<int64_t>(key, &at)); break;
      case PhysicalType::kInt128: e.AppendInt128(ReadBytes<int128_t>(key, &at)); break;
      case PhysicalType::kDouble: e.AppendDouble(ReadBytes<double>(key, &at)); break;
      case PhysicalType::kFloat: e.AppendFloat(ReadBytes<float>(key, &at)); break;
      case PhysicalType::kString: {
        const auto size = ReadBytes<uint32_t>(key, &at);
        ORBIT_DCHECK(at + size <= key.size());
        e.AppendString(key.substr(at, size));
        at += size;
        break;
      }
      case PhysicalType::kList:
      case PhysicalType::kFixedArray:
      case PhysicalType::kNone: break;  // no array has such elements
    }
  }
  out.FinishListRow();
}

}  // namespace orbit
