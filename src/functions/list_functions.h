// Variable-length arrays (T[], data_type.h) in the function registry: what ARRAY[...] and
// `||` bind to when their operands make a T[], and the helpers the array function families
// share (list_functions.cpp, list_edit_functions.cpp, list_text_functions.cpp).
#pragma once

#include <optional>
#include <span>

#include "functions/function_registry.h"

namespace orbit {

/// The T[] an argument of type `t` is read as: T[] itself, T[n] as T[]; nullopt for others.
std::optional<DataType> AsListType(const DataType& t);
/// The element type of T[] that holds every argument's type (NULLs and untyped literals
/// take it), or nullopt when they have none in common.
std::optional<DataType> CommonElementType(std::span<const CallArgument> arguments);

/// ARRAY[a, b, ...] as a T[] (a NULL element, or elements that are not all numbers).
Result<Resolution> BindListValue(const CallSite& call);
Result<ColumnPtr> ListValue(const ScalarCall& call);

/// a || b where one side is an array: array_cat, array_append or array_prepend.
Result<Resolution> BindListConcatOperator(const CallSite& call);
Result<ColumnPtr> ListConcatOperator(const ScalarCall& call);

/// Whether a || b with these operand types is array concatenation.
bool IsListConcat(const DataType& a, const DataType& b);

Status RegisterListFunctions(FunctionRegistry& registry);      // list_functions.cpp
Status RegisterListEditFunctions(FunctionRegistry& registry);  // list_edit_functions.cpp
Status RegisterListTextFunctions(FunctionRegistry& registry);  // list_text_functions.cpp
Status RegisterUnnest(FunctionRegistry& registry);             // unnest.cpp (a table function)

}  // namespace orbit
