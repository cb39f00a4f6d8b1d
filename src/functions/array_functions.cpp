// Fixed-size array functions: array_value (what ARRAY[...] binds to) and array_length, which
// take T[] too. The similarity functions over arrays are vector_functions.cpp's; the other
// variable-length array functions are list_functions.cpp's.
#include "columnar/array_value.h"
#include "functions/function_registry.h"
#include "functions/list_functions.h"

namespace orbit {

namespace {

// ARRAY[1, 2] is INTEGER[2], ARRAY[1, 2::BIGINT] BIGINT[2]; any other number makes DOUBLE
// elements, and a REAL[n] comes from a cast (ARRAY[0.5, 1]::REAL[2]). Elements that are
// not all numbers, or a NULL among them, make a variable-length T[] (list_functions.cpp).
Result<Resolution> BindArrayValue(const CallSite& call) {
  bool any_bigint = false, all_integer = true;
  for (const CallArgument& argument : call.arguments) {
    if (argument.type.id == TypeId::kNull || !argument.type.is_numeric()) return BindListValue(call);
  }
  for (size_t i = 0; i < call.arguments.size(); ++i) {
    const DataType& t = call.arguments[i].type;
    any_bigint = any_bigint || t.id == TypeId::kInt64;
    all_integer = all_integer && t.is_integer();
  }
  if (call.arguments.size() > kMaxArrayDimension) {
    return Status::NotSupported("arrays of more than {} elements: {}", kMaxArrayDimension, call.text);
  }
  const DataType element = !all_integer ? DataType::Double() : any_bigint ? DataType::Int64() : DataType::Int32();
  const DataType type = DataType::Array(element.id, static_cast<uint32_t>(call.arguments.size()));
  return Resolution::Call(type, std::vector<DataType>(call.arguments.size(), element));
}

template <typename T>
void PackElements(const ScalarCall& call, T* out) {
  const auto n = static_cast<size_t>(call.arguments.size());
  for (size_t e = 0; e < n; ++e) {
    const T* values = call.arguments[e].values<T>();
    for (int64_t i = 0; i < call.rows; ++i) out[static_cast<size_t>(i) * n + e] = values[i];
  }
}

Result<ColumnPtr> ArrayValue(const ScalarCall& call) {
  if (call.type.is_list()) return ListValue(call);
  for (size_t e = 0; e < call.arguments.size(); ++e) {
    const ColumnView& element = call.arguments[e];
    for (int64_t i = 0; i < call.rows; ++i) {
      if (!element.IsValid(i)) {
        return Status::InvalidData("array elements cannot be NULL: {} is NULL in a row", call.argument_sql(e));
      }
    }
  }
  auto out = Column::Allocate(call.type, call.rows);
  switch (call.type.element) {
    case TypeId::kInt32: PackElements(call, out->mutable_values<int32_t>()); break;
    case TypeId::kInt64: PackElements(call, out->mutable_values<int64_t>()); break;
    default: PackElements(call, out->mutable_values<double>()); break;
  }
  return out;
}

Result<Resolution> BindArrayLength(const CallSite& call) {
  const DataType& t = call.arguments[0].type;
  if (t.id == TypeId::kNull) return Resolution::Null(DataType::Int32());
  if (!t.is_array() && !t.is_list()) {
    return Status::TypeError("function {}({}) does not exist (it takes an array), in {}", call.name, t.ToString(),
                             call.text);
  }
  // PostgreSQL's array_length(a, 1): the only dimension there is.
  if (call.arguments.size() == 2) {
    const std::optional<Value>& d = call.arguments[1].constant;
    if (!call.arguments[1].type.is_integer() || !d || d->is_null) {
      return Status::TypeError("the dimension of {} must be the constant 1 (arrays have one dimension)", call.text);
    }
    if (d->int_value != 1) return Resolution::Null(DataType::Int32());
  }
  return Resolution::Call(DataType::Int32(), {t});
}

Result<ColumnPtr> ArrayLength(const ScalarCall& call) {
  const ColumnView& a = call.arguments[0];
  if (a.type.is_list()) {
    // PostgreSQL's: an empty array has no dimension, so its length is NULL.
    ColumnBuilder out(DataType::Int32(), call.rows);
    for (int64_t i = 0; i < call.rows; ++i) {
      const int32_t n = a.IsValid(i) ? a.offsets()[i + 1] - a.offsets()[i] : 0;
      if (n > 0) {
        out.AppendInt32(n);
      } else {
        out.AppendNull();
      }
    }
    return out.Finish();
  }
  auto out = Column::Allocate(DataType::Int32(), call.rows);
  std::fill_n(out->mutable_values<int32_t>(), call.rows, static_cast<int32_t>(a.type.dimension));
  for (int64_t i = 0; i < call.rows; ++i) {
    if (!a.IsValid(i)) out->SetNull(i);
  }
  return out;
}

}  // namespace

Status RegisterArrayFunctions(FunctionRegistry& registry) {
  ScalarFunction value;
  value.name = "array_value";
  value.signatures = {{"numeric, ...", "INTEGER[n], BIGINT[n] or DOUBLE[n]"}, {"T, ...", "T[]"}};
  value.description =
      "an array of its arguments (what ARRAY[a, b, ...] means): T[n] when every element is a number, else "
      "(a NULL element, text, dates, ...) the variable-length T[] of their common type";
  value.takes_narrow_types = true;
  value.min_arguments = 1;
  value.usage = "takes at least one element";
  value.bind = BindArrayValue;
  value.implementation = ArrayValue;
  ORBIT_RETURN_IF_ERROR(registry.Add(std::move(value)));

  ScalarFunction length;
  length.name = "array_length";
  length.signatures = {
      {"T[n]", "INTEGER"}, {"T[n], INTEGER dimension", "INTEGER"}, {"T[], INTEGER dimension", "INTEGER"}};
  length.description =
      "the number of elements: n of a T[n]; of a T[] its length, NULL when empty (PostgreSQL's); NULL for a NULL "
      "array or a dimension other than 1";
  length.min_arguments = 1;
  length.max_arguments = 2;
  length.usage = "takes an array and optionally the dimension 1";
  length.bind = BindArrayLength;
  length.implementation = ArrayLength;
  ORBIT_RETURN_IF_ERROR(registry.Add(std::move(length)));
  // Arrays start at 1, so the upper bound of the one dimension is the length.
  ScalarFunction upper;
  upper.name = "array_upper";
  upper.signatures = {{"T[n], INTEGER dimension", "INTEGER"}, {"T[], INTEGER dimension", "INTEGER"}};
  upper.description =
      "the last position of the dimension: the length (arrays start at 1), NULL when empty, for a NULL array or a "
      "dimension other than 1";
  upper.min_arguments = upper.max_arguments = 2;
  upper.usage = "takes an array and the dimension 1";
  upper.bind = BindArrayLength;
  upper.implementation = ArrayLength;
  ORBIT_RETURN_IF_ERROR(registry.Add(std::move(upper)));
  // The variable-length arrays' functions come right after (list_functions.cpp).
  return RegisterListFunctions(registry);
}

}  // namespace orbit
