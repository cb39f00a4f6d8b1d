// Functions that build an array from another (T[]): array_append, array_prepend, array_cat
// (and `a || b` on arrays), array_remove, and array_position, with PostgreSQL's NULL rules:
// a NULL array appends as an empty one, elements match as IS NOT DISTINCT FROM.
#include <fmt/format.h>

#include "columnar/list_value.h"
#include "functions/infix_display.h"
#include "functions/list_functions.h"

namespace orbit {

namespace {

enum Variant : uint8_t { kAppend, kPrepend, kCat };

// The array type of an (array, element) pair: the element's type joins the array's.
Result<DataType> ArrayWithElement(const CallSite& call, const CallArgument& array, const CallArgument& element) {
  std::optional<DataType> list = AsListType(array.type);
  if (!list && array.type.id != TypeId::kNull) {
    return Status::TypeError("function {}({}) does not exist (it takes an array), in {}", call.name,
                             array.type.ToString(), call.text);
  }
  if (!list) {
    if (element.type.id == TypeId::kNull) return DataType::List(DataType::Varchar());
    std::vector<CallArgument> one{element};
    return DataType::List(*CommonElementType(one));
  }
  std::vector<CallArgument> both{element, {list->element_type(), std::nullopt, false}};
  std::optional<DataType> common = CommonElementType(both);
  if (!common || !IsListElementType(common->id)) {
    return Status::TypeError("{} cannot join {} and {}, in {}", call.name, list->ToString(), element.type.ToString(),
                             call.text);
  }
  return DataType::List(*common);
}

Result<Resolution> BindAppend(const CallSite& call) {
  ORBIT_ASSIGN_OR_RETURN(DataType type, ArrayWithElement(call, call.arguments[0], call.arguments[1]));
  return Resolution::Call(type, {type, type.element_type()}, kAppend);
}

Result<Resolution> BindPrepend(const CallSite& call) {
  ORBIT_ASSIGN_OR_RETURN(DataType type, ArrayWithElement(call, call.arguments[1], call.arguments[0]));
  return Resolution::Call(type, {type.element_type(), type}, kPrepend);
}

Result<Resolution> BindCat(const CallSite& call) {
  const CallArgument& a = call.arguments[0];
  const CallArgument& b = call.arguments[1];
  std::optional<DataType> la = AsListType(a.type), lb = AsListType(b.type);
  // An untyped '{...}' literal takes the other side's type.
  if (!la && a.string_literal) la = lb;
  if (!lb && b.string_literal) lb = la;
  if ((!la && a.type.id != TypeId::kNull) || (!lb && b.type.id != TypeId::kNull)) {
    return Status::TypeError("function {}({}, {}) does not exist (it takes two arrays), in {}", call.name,
                             a.type.ToString(), b.type.ToString(), call.text);
  }
  if (!la && !lb) return Resolution::Null(DataType::List(DataType::Varchar()));
  std::vector<CallArgument> both{{(la ? *la : *lb).element_type(), std::nullopt, false},
                                 {(lb ? *lb : *la).element_type(), std::nullopt, false}};
  std::optional<DataType> common = CommonElementType(both);
  if (!common || !IsListElementType(common->id)) {
    return Status::TypeError("{} cannot join {} and {}, in {}", call.name, a.type.ToString(), b.type.ToString(),
                             call.text);
  }
  const DataType type = DataType::List(*common);
  return Resolution::Call(type, {type, type}, kCat);
}

void AppendElements(const ColumnView& list, int64_t i, ColumnBuilder& elements) {
  if (!list.IsValid(i)) return;
  const ColumnView e = list.ChildView();
  for (int32_t k = ListBegin(list, i); k < ListEnd(list, i); ++k) elements.AppendFrom(e, k);
}

// All three variants: a NULL array counts as empty; the result is NULL only when
// array_cat gets two NULL arrays.
Result<ColumnPtr> Join(const ScalarCall& call) {
  const ColumnView& a = call.arguments[0];
  const ColumnView& b = call.arguments[1];
  ColumnBuilder out(call.type, call.rows);
  ColumnBuilder& elements = out.ListElements();
  for (int64_t i = 0; i < call.rows; ++i) {
    switch (call.variant) {
      case kAppend:
        AppendElements(a, i, elements);
        elements.AppendFrom(b, i);
        break;
      case kPrepend:
        elements.AppendFrom(a, i);
        AppendElements(b, i, elements);
        break;
      default:
        if (!a.IsValid(i) && !b.IsValid(i)) {
          out.AppendNull();
          continue;
        }
        AppendElements(a, i, elements);
        AppendElements(b, i, elements);
    }
    out.FinishListRow();
  }
  return out.Finish();
}

// Row i's element k against x's row i, as IS NOT DISTINCT FROM.
bool SameElement(const ColumnView& elements, int64_t k, const ColumnView& x, int64_t i) {
  const bool ve = elements.IsValid(k), vx = x.IsValid(i);
  if (!ve || !vx) return ve == vx;
  return CompareElements(elements, k, x, i) == 0;
}

Result<Resolution> BindSearch(const CallSite& call) {
  const CallArgument& array = call.arguments[0];
  if (array.type.id == TypeId::kNull) {
    return Resolution::Null(call.name == "array_remove" ? DataType::List(DataType::Varchar()) : DataType::Int32());
  }
  ORBIT_ASSIGN_OR_RETURN(DataType type, ArrayWithElement(call, array, call.arguments[1]));
  if (call.name == "array_remove") return Resolution::Call(type, {type, type.element_type()});
  std::vector<DataType> types{type, type.element_type()};
  if (call.arguments.size() == 3) types.push_back(DataType::Int32());
  return Resolution::Call(DataType::Int32(), std::move(types));
}

Result<ColumnPtr> Remove(const ScalarCall& call) {
  const ColumnView& a = call.arguments[0];
  const ColumnView& x = call.arguments[1];
  const ColumnView e = a.ChildView();
  ColumnBuilder out(call.type, call.rows);
  for (int64_t i = 0; i < call.rows; ++i) {
    if (!a.IsValid(i)) {
      out.AppendNull();
      continue;
    }
    ColumnBuilder& elements = out.ListElements();
    for (int32_t k = ListBegin(a, i); k < ListEnd(a, i); ++k) {
      if (!SameElement(e, k, x, i)) elements.AppendFrom(e, k);
    }
    out.FinishListRow();
  }
  return out.Finish();
}

// array_position(a, x [, start]): the first position (from 1) at or after start holding x.
Result<ColumnPtr> Position(const ScalarCall& call) {
  const ColumnView& a = call.arguments[0];
  const ColumnView& x = call.arguments[1];
  const ColumnView e = a.ChildView();
  ColumnBuilder out(DataType::Int32(), call.rows);
  for (int64_t i = 0; i < call.rows; ++i) {
    int32_t start = 1;
    if (call.arguments.size() == 3) {
      if (!call.arguments[2].IsValid(i)) {
        return Status::InvalidData("initial position must not be null");
      }
      start = std::max(1, call.arguments[2].values<int32_t>()[i]);
    }
    int32_t found = 0;
    if (a.IsValid(i)) {
      for (int32_t k = ListBegin(a, i) + start - 1; k < ListEnd(a, i) && found == 0; ++k) {
        if (SameElement(e, k, x, i)) found = k - ListBegin(a, i) + 1;
      }
    }
    if (found > 0) {
      out.AppendInt32(found);
    } else {
      out.AppendNull();
    }
  }
  return out.Finish();
}

ScalarFunction Function(const char* name, std::vector<Signature> signatures, const char* description, int arity,
                        ScalarBindRule bind, ScalarImplementation implementation) {
  ScalarFunction f;
  f.name = name;
  f.takes_narrow_types = true;
  f.signatures = std::move(signatures);
  f.description = description;
  f.min_arguments = f.max_arguments = arity;
  f.usage = fmt::format("takes {} arguments", arity);
  f.bind = bind;
  f.implementation = implementation;
  return f;
}

}  // namespace

bool IsListConcat(const DataType& a, const DataType& b) {
  return a.is_list() || b.is_list() || a.is_array() || b.is_array();
}

Result<Resolution> BindListConcatOperator(const CallSite& call) {
  const CallArgument& a = call.arguments[0];
  const CallArgument& b = call.arguments[1];
  const bool array_a = AsListType(a.type) || a.string_literal, array_b = AsListType(b.type) || b.string_literal;
  if (array_a && array_b) return BindCat(call);
  if (AsListType(a.type)) return BindAppend(call);
  return BindPrepend(call);
}

Result<ColumnPtr> ListConcatOperator(const ScalarCall& call) { return Join(call); }

Status RegisterListEditFunctions(FunctionRegistry& registry) {
  ORBIT_RETURN_IF_ERROR(registry.Add(Function("array_append", {{"T[], T", "T[]"}},
                                              "the array with the element added at its end", 2, BindAppend, Join)));
  ORBIT_RETURN_IF_ERROR(registry.Add(Function("array_prepend", {{"T, T[]", "T[]"}},
                                              "the array with the element added at its start", 2, BindPrepend, Join)));
  ORBIT_RETURN_IF_ERROR(
      registry.Add(Function("array_cat", {{"T[], T[]", "T[]"}},
                            "the elements of both arrays, the first's first (a || b)", 2, BindCat, Join)));
  ORBIT_RETURN_IF_ERROR(registry.Add(Function("array_remove", {{"T[], T", "T[]"}},
                                              "the array without the elements equal to the value (NULL removes NULLs)",
                                              2, BindSearch, Remove)));
  ScalarFunction position =
      Function("array_position", {{"T[], T", "INTEGER"}, {"T[], T, INTEGER start", "INTEGER"}},
               "the position (from 1) of the first element equal to the value, at or after start; NULL if none", 2,
               BindSearch, Position);
  position.max_arguments = 3;
  position.usage = "takes an array, a value and optionally a start position";
  return registry.Add(std::move(position));
}

}  // namespace orbit
