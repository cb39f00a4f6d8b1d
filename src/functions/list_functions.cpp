// Variable-length arrays (T[]): ARRAY[...] when it makes a T[], cardinality, a[i]
// (array_extract), a[i:j] (array_slice) and x op ANY/ALL (a), with PostgreSQL's rules.
// Editing functions are list_edit_functions.cpp's, text ones list_text_functions.cpp's.
#include "functions/list_functions.h"

#include <algorithm>

#include <fmt/format.h>

#include "columnar/list_value.h"

namespace orbit {

std::optional<DataType> AsListType(const DataType& t) {
  if (t.is_list()) return t;
  if (t.is_array()) return DataType::List(t.element_type());
  return std::nullopt;
}

namespace {

// Digits before the point a number type holds, for the DECIMAL that holds two types.
int IntegerDigits(const DataType& t) {
  switch (t.id) {
    case TypeId::kInt8:
    case TypeId::kInt16: return 5;
    case TypeId::kInt32: return 10;
    case TypeId::kInt64: return 19;
    default: return t.precision - t.scale;
  }
}

std::optional<DataType> CommonOfTwo(const DataType& a, const DataType& b) {
  if (a == b) return a;
  if (a.is_temporal() && b.is_temporal()) return DataType::Timestamp();
  if (!a.is_numeric() || !b.is_numeric()) return std::nullopt;
  if (a.is_float() || b.is_float()) return a.id == TypeId::kFloat && b.id == TypeId::kFloat ? a : DataType::Double();
  if (a.is_integer() && b.is_integer()) {
    auto rank = [](const DataType& t) { return t.id == TypeId::kInt64 ? 3 : t.id == TypeId::kInt32 ? 2 : 1; };
    return rank(a) >= rank(b) ? a : b;
  }
  const int scale = std::max(a.is_decimal() ? a.scale : 0, b.is_decimal() ? b.scale : 0);
  const int precision = std::min(kMaxDecimalPrecision, std::max(IntegerDigits(a), IntegerDigits(b)) + scale);
  return DataType::Decimal(precision, scale);
}

}  // namespace

std::optional<DataType> CommonElementType(std::span<const CallArgument> arguments) {
  std::optional<DataType> common;
  for (const CallArgument& argument : arguments) {
    if (argument.type.id == TypeId::kNull || argument.string_literal) continue;
    common = common ? CommonOfTwo(*common, argument.type) : argument.type;
    if (!common) return std::nullopt;
  }
  // Only NULLs and '...' literals: text, as PostgreSQL's ARRAY['a', NULL] is text[].
  if (!common) return DataType::Varchar();
  if (common->id == TypeId::kInt8) return DataType::Int16();  // no TINYINT[]: SMALLINT holds it
  return common;
}

Result<Resolution> BindListValue(const CallSite& call) {
  std::optional<DataType> element = CommonElementType(call.arguments);
  if (!element) {
    std::string types;
    for (const CallArgument& a : call.arguments) types += (types.empty() ? "" : ", ") + a.type.ToString();
    return Status::TypeError("ARRAY elements have no common type ({}) in {}", types, call.text);
  }
  if (!IsListElementType(element->id)) {
    return Status::NotSupported("arrays of {} in {}", element->ToString(), call.text);
  }
  return Resolution::Call(DataType::List(*element), std::vector<DataType>(call.arguments.size(), *element));
}

Result<ColumnPtr> ListValue(const ScalarCall& call) {
  ColumnBuilder out(call.type, call.rows);
  ColumnBuilder& elements = out.ListElements();
  for (int64_t i = 0; i < call.rows; ++i) {
    for (const ColumnView& argument : call.arguments) elements.AppendFrom(argument, i);
    out.FinishListRow();
  }
  return out.Finish();
}

namespace {

Result<Resolution> ListArgumentError(const CallSite& call, const DataType& t) {
  return Status::TypeError("function {}({}) does not exist (it takes an array), in {}", call.name, t.ToString(),
                           call.text);
}

Result<Resolution> BindCardinality(const CallSite& call) {
  const DataType& t = call.arguments[0].type;
  if (t.id == TypeId::kNull) return Resolution::Null(DataType::Int32());
  std::optional<DataType> list = AsListType(t);
  if (!list) return ListArgumentError(call, t);
  return Resolution::Call(DataType::Int32(), {*list});
}

Result<ColumnPtr> Cardinality(const ScalarCall& call) {
  const ColumnView& a = call.arguments[0];
  ColumnBuilder out(DataType::Int32(), call.rows);
  for (int64_t i = 0; i < call.rows; ++i) {
    if (a.IsValid(i)) {
      out.AppendInt32(ListLength(a, i));
    } else {
      out.AppendNull();
    }
  }
  return out.Finish();
}

// a[i] and a[i:j] take BIGINT positions; the result of a[i] is the element type.
Result<Resolution> BindExtract(const CallSite& call) {
  const DataType& t = call.arguments[0].type;
  std::optional<DataType> list = AsListType(t);
  if (t.id == TypeId::kNull) return Resolution::Null(DataType::Null());
  if (!list) {
    return Status::TypeError("cannot subscript type {} because it does not support subscripting, in {}", t.ToString(),
                             call.text);
  }
  for (size_t k = 1; k < call.arguments.size(); ++k) {
    const DataType& p = call.arguments[k].type;
    if (!p.is_integer() && p.id != TypeId::kNull && !call.arguments[k].string_literal) {
      return Status::TypeError("array subscript must have type INTEGER, not {}, in {}", p.ToString(), call.text);
    }
  }
  const DataType result = call.arguments.size() == 2 ? list->element_type() : *list;
  std::vector<DataType> types{*list};
  for (size_t k = 1; k < call.arguments.size(); ++k) types.push_back(DataType::Int64());
  return Resolution::Call(result, std::move(types));
}

Result<ColumnPtr> Extract(const ScalarCall& call) {
  const ColumnView& a = call.arguments[0];
  const ColumnView& index = call.arguments[1];
  const ColumnView elements = a.ChildView();
  ColumnBuilder out(call.type, call.rows);
  for (int64_t i = 0; i < call.rows; ++i) {
    if (!a.IsValid(i) || !index.IsValid(i)) {
      out.AppendNull();
      continue;
    }
    const int64_t k = index.values<int64_t>()[i];
    if (k < 1 || k > ListLength(a, i)) {
      out.AppendNull();
    } else {
      out.AppendFrom(elements, ListBegin(a, i) + k - 1);
    }
  }
  return out.Finish();
}

// a[lo:hi], PostgreSQL's: the bounds clamped to the array, empty when lo > hi.
Result<ColumnPtr> Slice(const ScalarCall& call) {
  const ColumnView& a = call.arguments[0];
  const ColumnView& lo = call.arguments[1];
  const ColumnView& hi = call.arguments[2];
  const ColumnView elements = a.ChildView();
  ColumnBuilder out(call.type, call.rows);
  for (int64_t i = 0; i < call.rows; ++i) {
    if (!a.IsValid(i) || !lo.IsValid(i) || !hi.IsValid(i)) {
      out.AppendNull();
      continue;
    }
    const int64_t first = std::max<int64_t>(lo.values<int64_t>()[i], 1);
    const int64_t last = std::min<int64_t>(hi.values<int64_t>()[i], ListLength(a, i));
    ColumnBuilder& e = out.ListElements();
    for (int64_t k = first; k <= last; ++k) e.AppendFrom(elements, ListBegin(a, i) + k - 1);
    out.FinishListRow();
  }
  return out.Finish();
}

std::string ShowExtract(std::string_view, int, const std::vector<std::string>& arguments) {
  if (arguments.size() == 2) return fmt::format("{}[{}]", arguments[0], arguments[1]);
  return fmt::format("{}[{}:{}]", arguments[0], arguments[1], arguments[2]);
}

// x op ANY (a) and x op ALL (a): the operator is the call's third argument, a constant.
constexpr const char* kQuantifiedOperators[] = {"=", "<>", "<", "<=", ">", ">="};

Result<Resolution> BindQuantified(const CallSite& call) {
  const CallArgument& op = call.arguments[2];
  int variant = -1;
  for (int k = 0; k < 6; ++k) {
    if (op.constant && op.constant->string_value == kQuantifiedOperators[k]) variant = k;
  }
  if (variant < 0)
    return Status::NotSupported("operator {} with ANY or ALL, in {}", op.constant->ToString(), call.text);
  const DataType& t = call.arguments[1].type;
  if (t.id == TypeId::kNull) return Resolution::Null(DataType::Boolean());
  std::optional<DataType> list = AsListType(t);
  if (!list && call.arguments[1].string_literal) {
    // 1 = ANY ('{1,2}'): the literal is an array of the left side's type.
    std::vector<CallArgument> left{call.arguments[0]};
    list = DataType::List(*CommonElementType(left));
  }
  if (!list) {
    return Status::TypeError("op ANY/ALL (array) requires an array on the right, not {}, in {}", t.ToString(),
                             call.text);
  }
  CallArgument element{list->element_type(), std::nullopt, false};
  std::vector<CallArgument> both{call.arguments[0], element};
  std::optional<DataType> common = CommonElementType(both);
  if (!common || !IsListElementType(common->id)) {
    return Status::TypeError("operator does not exist: {} {} {}, in {}", call.arguments[0].type.ToString(),
                             op.constant->string_value, t.ToString(), call.text);
  }
  Resolution r = Resolution::Call(DataType::Boolean(), {*common, DataType::List(*common)}, variant);
  r.arguments = {0, 1};
  return r;
}

bool Holds(int variant, int c) {
  switch (variant) {
    case 0: return c == 0;
    case 1: return c != 0;
    case 2: return c < 0;
    case 3: return c <= 0;
    case 4: return c > 0;
    default: return c >= 0;
  }
}

// Three-valued: ANY is true when one element satisfies the operator, else NULL when a NULL
// took part, else false; ALL the other way round (an empty array: ANY false, ALL true).
Result<ColumnPtr> Quantified(const ScalarCall& call, bool any) {
  const ColumnView& x = call.arguments[0];
  const ColumnView& a = call.arguments[1];
  const ColumnView elements = a.ChildView();
  ColumnBuilder out(DataType::Boolean(), call.rows);
  for (int64_t i = 0; i < call.rows; ++i) {
    if (!a.IsValid(i)) {
      out.AppendNull();
      continue;
    }
    bool decided = false, unknown = false;
    for (int32_t k = ListBegin(a, i); k < ListEnd(a, i) && !decided; ++k) {
      if (!x.IsValid(i) || !elements.IsValid(k)) {
        unknown = true;
        continue;
      }
      decided = Holds(call.variant, CompareElements(x, i, elements, k)) == any;
    }
    if (decided) {
      out.AppendBool(any);
    } else if (unknown) {
      out.AppendNull();
    } else {
      out.AppendBool(!any);
    }
  }
  return out.Finish();
}

Result<ColumnPtr> QuantifiedAny(const ScalarCall& call) { return Quantified(call, true); }
Result<ColumnPtr> QuantifiedAll(const ScalarCall& call) { return Quantified(call, false); }

std::string ShowQuantified(std::string_view name, int variant, const std::vector<std::string>& arguments) {
  return fmt::format("({} {} {} ({}))", arguments[0], kQuantifiedOperators[variant], name, arguments[1]);
}

ScalarFunction QuantifiedFunction(const char* name, ScalarImplementation implementation) {
  ScalarFunction f;
  f.name = name;
  f.operator_only = true;
  f.takes_narrow_types = true;
  f.signatures = {{"T, T[]", "BOOLEAN"}};
  f.description = fmt::format("x op {} (a): whether x op e holds for {} element e of the array a (NULL rules of SQL)",
                              name, std::string_view(name) == "ANY" ? "some" : "every");
  f.min_arguments = f.max_arguments = 3;
  f.bind = BindQuantified;
  f.implementation = implementation;
  f.display = ShowQuantified;
  return f;
}

}  // namespace

Status RegisterListFunctions(FunctionRegistry& registry) {
  ScalarFunction cardinality;
  cardinality.name = "cardinality";
  cardinality.signatures = {{"T[]", "INTEGER"}};
  cardinality.description = "the number of elements of an array (0 for an empty one)";
  cardinality.min_arguments = cardinality.max_arguments = 1;
  cardinality.usage = "takes one array";
  cardinality.bind = BindCardinality;
  cardinality.implementation = Cardinality;
  ORBIT_RETURN_IF_ERROR(registry.Add(std::move(cardinality)));

  ScalarFunction extract;
  extract.name = "array_extract";
  extract.takes_narrow_types = true;
  extract.signatures = {{"T[], BIGINT i", "T"}};
  extract.description = "a[i]: element i (from 1) of the array, NULL when there is none";
  extract.min_arguments = extract.max_arguments = 2;
  extract.usage = "takes an array and a position";
  extract.bind = BindExtract;
  extract.implementation = Extract;
  extract.display = ShowExtract;
  ORBIT_RETURN_IF_ERROR(registry.Add(std::move(extract)));

  ScalarFunction slice;
  slice.name = "array_slice";
  slice.takes_narrow_types = true;
  slice.signatures = {{"T[], BIGINT lo, BIGINT hi", "T[]"}};
  slice.description = "a[lo:hi]: elements lo to hi (from 1, clamped to the array) as an array";
  slice.min_arguments = slice.max_arguments = 3;
  slice.usage = "takes an array and two positions";
  slice.bind = BindExtract;
  slice.implementation = Slice;
  slice.display = ShowExtract;
  ORBIT_RETURN_IF_ERROR(registry.Add(std::move(slice)));

  ORBIT_RETURN_IF_ERROR(registry.Add(QuantifiedFunction("ANY", QuantifiedAny)));
  ORBIT_RETURN_IF_ERROR(registry.Add(QuantifiedFunction("ALL", QuantifiedAll)));
  ORBIT_RETURN_IF_ERROR(RegisterListEditFunctions(registry));
  return RegisterListTextFunctions(registry);
}

}  // namespace orbit
