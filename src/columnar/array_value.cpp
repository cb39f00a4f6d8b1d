#include "columnar/array_value.h"

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <type_traits>

#include "columnar/value_format.h"

namespace orbit {

namespace {

template <typename T>
T Load(const void* row, uint32_t i) {
  T v;
  std::memcpy(&v, static_cast<const uint8_t*>(row) + static_cast<size_t>(i) * sizeof(T), sizeof(T));
  return v;
}

template <typename T>
void Store(void* row, uint32_t i, T v) {
  std::memcpy(static_cast<uint8_t*>(row) + static_cast<size_t>(i) * sizeof(T), &v, sizeof(T));
}

template <typename T>
Status StoreInteger(void* row, uint32_t i, double value, const DataType& array) {
  const double rounded = std::round(value);
  // 2^31 and 2^63 are exact doubles; the range check must run before the conversion.
  constexpr double kLimit = std::numeric_limits<T>::max() == INT32_MAX ? 2147483648.0 : 9223372036854775808.0;
  if (!(rounded >= -kLimit && rounded < kLimit)) {
    return Status::OutOfRange("{} is out of range for an element of {}", FormatDouble(value), array.ToString());
  }
  Store<T>(row, i, static_cast<T>(rounded));
  return Status::OK();
}

}  // namespace

std::string FormatReal(float value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  // PostgreSQL's float4out: the shortest digits that read back, in exponent form when the
  // decimal exponent is below -4 or above 5 ("1.234567e+06", "1e-05"), else plain ("123456").
  char buf[48];
  auto r = std::to_chars(buf, buf + sizeof(buf), value, std::chars_format::scientific);
  const std::string_view scientific(buf, static_cast<size_t>(r.ptr - buf));
  const char* e = scientific.data() + scientific.find('e') + 1;
  int exponent = 0;
  std::from_chars(*e == '+' ? e + 1 : e, r.ptr, exponent);
  if (exponent < -4 || exponent > 5) return std::string(scientific);
  r = std::to_chars(buf, buf + sizeof(buf), value, std::chars_format::fixed);
  return std::string(buf, r.ptr);
}

namespace {

std::string FormatElement(const DataType& array, const void* row, uint32_t i) {
  switch (array.element) {
    case TypeId::kFloat: return FormatReal(Load<float>(row, i));
    case TypeId::kDouble: {
      const double v = Load<double>(row, i);
      if (std::isnan(v)) return "NaN";
      if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
      return FormatDouble(v);
    }
    case TypeId::kInt32: return std::to_string(Load<int32_t>(row, i));
    case TypeId::kInt64: return std::to_string(Load<int64_t>(row, i));
    default: return "?";
  }
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool IsNullElement(std::string_view s) {
  return s.size() == 4 && (s[0] == 'n' || s[0] == 'N') && (s[1] == 'u' || s[1] == 'U') &&
         (s[2] == 'l' || s[2] == 'L') && (s[3] == 'l' || s[3] == 'L');
}

// One element's text; integers are read exactly, not through a double.
Status ParseElement(const DataType& array, std::string_view element, std::string_view whole, uint8_t* row, uint32_t i) {
  if (array.element == TypeId::kInt32 || array.element == TypeId::kInt64) {
    if (std::optional<int64_t> v = ParseInt64(element)) {
      if (array.element == TypeId::kInt64) {
        Store<int64_t>(row, i, *v);
        return Status::OK();
      }
      if (*v >= INT32_MIN && *v <= INT32_MAX) {
        Store<int32_t>(row, i, static_cast<int32_t>(*v));
        return Status::OK();
      }
      return Status::OutOfRange("{} is out of range for an element of {} in '{}'", element, array.ToString(), whole);
    }
  }
  std::optional<double> v = ParseDouble(element);
  if (!v) {
    return Status::InvalidData("invalid element \"{}\" of {} in '{}'", element, array.ToString(), whole);
  }
  return SetArrayElement(array, row, i, *v);
}

}  // namespace

double ArrayElementAsDouble(const DataType& array, const void* row, uint32_t i) {
  switch (array.element) {
    case TypeId::kFloat: return Load<float>(row, i);
    case TypeId::kDouble: return Load<double>(row, i);
    case TypeId::kInt32: return Load<int32_t>(row, i);
    case TypeId::kInt64: return static_cast<double>(Load<int64_t>(row, i));
    default: return 0;
  }
}

Status SetArrayElement(const DataType& array, void* row, uint32_t i, double value) {
  switch (array.element) {
    case TypeId::kFloat:
      if (std::isfinite(value) && std::fabs(value) > std::numeric_limits<float>::max()) {
        return Status::OutOfRange("{} is out of range for an element of {}", FormatDouble(value), array.ToString());
      }
      Store<float>(row, i, static_cast<float>(value));
      return Status::OK();
    case TypeId::kDouble: Store<double>(row, i, value); return Status::OK();
    case TypeId::kInt32: return StoreInteger<int32_t>(row, i, value, array);
    case TypeId::kInt64: return StoreInteger<int64_t>(row, i, value, array);
    default: return Status::Internal("array element type {}", array.element_type().ToString());
  }
}

namespace {

template <typename T>
int CompareElements(const void* a, const void* b, uint32_t n) {
  for (uint32_t i = 0; i < n; ++i) {
    const T x = Load<T>(a, i), y = Load<T>(b, i);
    if constexpr (std::is_floating_point_v<T>) {
      const bool xn = std::isnan(x), yn = std::isnan(y);
      if (xn || yn) {
        if (xn != yn) return xn ? 1 : -1;
        continue;
      }
    }
    if (x < y) return -1;
    if (y < x) return 1;
  }
  return 0;
}

}  // namespace

int CompareArrayRows(const DataType& array, const void* a, const void* b) {
  switch (array.element) {
    case TypeId::kFloat: return CompareElements<float>(a, b, array.dimension);
    case TypeId::kDouble: return CompareElements<double>(a, b, array.dimension);
    case TypeId::kInt32: return CompareElements<int32_t>(a, b, array.dimension);
    case TypeId::kInt64: return CompareElements<int64_t>(a, b, array.dimension);
    default: return 0;
  }
}

std::string FormatArrayRow(const DataType& array, const void* row) {
  std::string out = "{";
  for (uint32_t i = 0; i < array.dimension; ++i) {
    if (i > 0) out += ',';
    out += FormatElement(array, row, i);
  }
  return out + "}";
}

Result<std::vector<uint8_t>> ParseArrayRow(const DataType& array, std::string_view text) {
  std::string_view body = Trim(text);
  const bool braces = body.size() >= 2 && body.front() == '{' && body.back() == '}';
  const bool brackets = body.size() >= 2 && body.front() == '[' && body.back() == ']';
  if (!braces && !brackets) {
    return Status::InvalidData("malformed array literal '{}' for {}: write {{1,2,3}} or [1, 2, 3]", text,
                               array.ToString());
  }
  body = Trim(body.substr(1, body.size() - 2));
  std::vector<uint8_t> row(static_cast<size_t>(array.byte_width()));
  uint32_t count = 0;
  while (!body.empty()) {
    const size_t comma = body.find(',');
    std::string_view element = Trim(body.substr(0, comma));
    if (element.empty() || element.front() == '{' || element.front() == '[') {
      return Status::InvalidData("malformed array literal '{}' for {} (one dimension, no empty elements)", text,
                                 array.ToString());
    }
    if (IsNullElement(element)) {
      return Status::InvalidData("array elements cannot be NULL in {}: '{}'", array.ToString(), text);
    }
    if (count < array.dimension) ORBIT_RETURN_IF_ERROR(ParseElement(array, element, text, row.data(), count));
    ++count;
    if (comma == std::string_view::npos) break;
    body.remove_prefix(comma + 1);
    if (Trim(body).empty()) {
      return Status::InvalidData("malformed array literal '{}' for {} (an element after the last comma)", text,
                                 array.ToString());
    }
  }
  if (count != array.dimension) {
    return Status::InvalidData("array '{}' has {} elements; {} has {}", text, count, array.ToString(), array.dimension);
  }
  return row;
}

}  // namespace orbit
