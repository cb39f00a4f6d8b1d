#include "columnar/value.h"

#include "columnar/array_value.h"
#include "columnar/list_text.h"
#include "columnar/list_value.h"
#include "columnar/timestamp.h"
#include "columnar/value_format.h"

namespace orbit {

Value Value::Null(DataType type) {
  Value v;
  v.type = type;
  return v;
}

Value Value::Boolean(bool b) {
  Value v;
  v.type = DataType::Boolean();
  v.is_null = false;
  v.bool_value = b;
  return v;
}

Value Value::Int8(int8_t i) {
  Value v;
  v.type = DataType::Int8();
  v.is_null = false;
  v.int_value = i;
  return v;
}

Value Value::Int16(int16_t i) {
  Value v;
  v.type = DataType::Int16();
  v.is_null = false;
  v.int_value = i;
  return v;
}

Value Value::Float(float f) {
  Value v;
  v.type = DataType::Float();
  v.is_null = false;
  v.double_value = f;
  return v;
}

Value Value::Int32(int32_t i) {
  Value v;
  v.type = DataType::Int32();
  v.is_null = false;
  v.int_value = i;
  return v;
}

Value Value::Int64(int64_t i) {
  Value v;
  v.type = DataType::Int64();
  v.is_null = false;
  v.int_value = i;
  return v;
}

Value Value::Double(double d) {
  Value v;
  v.type = DataType::Double();
  v.is_null = false;
  v.double_value = d;
  return v;
}

Value Value::Date(int32_t days) {
  Value v;
  v.type = DataType::Date();
  v.is_null = false;
  v.int_value = days;
  return v;
}

Value Value::Timestamp(int64_t micros) {
  Value v;
  v.type = DataType::Timestamp();
  v.is_null = false;
  v.int_value = micros;
  return v;
}

Value Value::Varchar(std::string s) {
  Value v;
  v.type = DataType::Varchar();
  v.is_null = false;
  v.string_value = std::move(s);
  return v;
}

Value Value::Interval(const IntervalValue& interval) {
  Value v;
  v.type = DataType::Interval();
  v.is_null = false;
  v.wide_value = PackInterval(interval);
  return v;
}

Value Value::Array(DataType type, std::vector<uint8_t> data) {
  Value v;
  v.type = type;
  v.is_null = false;
  v.array_data = std::move(data);
  return v;
}

Value Value::List(DataType type, std::vector<Value> elements) {
  Value v;
  v.type = type;
  v.is_null = false;
  v.elements = std::move(elements);
  return v;
}

namespace {

// array_out: NULL elements unquoted, booleans as t and f, the rest quoted where needed.
std::string FormatList(const Value& list) {
  std::string out = "{";
  for (size_t i = 0; i < list.elements.size(); ++i) {
    if (i > 0) out += ',';
    const Value& e = list.elements[i];
    if (e.is_null) {
      out += "NULL";
    } else if (e.type.id == TypeId::kBoolean) {
      out += e.bool_value ? 't' : 'f';
    } else if (e.type.id == TypeId::kDouble) {
      out += FormatListDouble(e.double_value);
    } else {
      AppendListElementText(e.ToString(), &out);
    }
  }
  return out + "}";
}

}  // namespace

Value Value::Decimal(int128_t scaled, int precision, int scale) {
  Value v;
  v.type = DataType::Decimal(precision, scale);
  v.is_null = false;
  if (v.type.is_wide_decimal()) {
    v.wide_value = scaled;
  } else {
    v.int_value = static_cast<int64_t>(scaled);
  }
  return v;
}

std::string Value::ToString() const {
  if (is_null) return "NULL";
  switch (type.id) {
    case TypeId::kNull: return "NULL";
    case TypeId::kBoolean: return bool_value ? "true" : "false";
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64: return std::to_string(int_value);
    case TypeId::kDouble: return FormatDouble(double_value);
    case TypeId::kDecimal: return FormatDecimal(AsInt128(), type.scale);
    case TypeId::kDate: return FormatDate(static_cast<int32_t>(int_value));
    case TypeId::kVarchar: return string_value;
    case TypeId::kTimestamp: return FormatTimestamp(int_value);
    case TypeId::kFloat: return FormatReal(static_cast<float>(double_value));
    case TypeId::kArray: return FormatArrayRow(type, array_data.data());
    case TypeId::kInterval: return FormatInterval(AsInterval());
    case TypeId::kList: return FormatList(*this);
  }
  return "?";
}

std::string Value::ToSql() const {
  if (is_null) return "NULL";
  switch (type.id) {
    case TypeId::kDate: return "DATE '" + ToString() + "'";
    case TypeId::kTimestamp: return "TIMESTAMP '" + ToString() + "'";
    case TypeId::kInterval: return "INTERVAL '" + ToString() + "'";
    case TypeId::kArray: {
      // A query vector of hundreds of elements would drown EXPLAIN: its first few stand for it.
      constexpr uint32_t kShown = 8;
      if (type.dimension <= 2 * kShown) return "'" + ToString() + "'::" + type.ToString();
      DataType head = DataType::Array(type.element, kShown);
      std::string text = FormatArrayRow(head, array_data.data());
      text.insert(text.size() - 1, ",...");
      return "'" + text + "'::" + type.ToString();
    }
    case TypeId::kList: {
      std::string out = "'";
      for (char c : ToString()) {
        out += c;
        if (c == '\'') out += '\'';
      }
      return out + "'::" + type.ToString();
    }
    case TypeId::kVarchar: {
      std::string out = "'";
      for (char c : string_value) {
        out += c;
        if (c == '\'') out += '\'';
      }
      return out + "'";
    }
    default: return ToString();
  }
}

}  // namespace orbit
