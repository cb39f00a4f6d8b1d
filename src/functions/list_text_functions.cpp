// Arrays and text: array_to_string(a, sep [, null_text]) and string_to_array(s, sep
// [, null_text]), PostgreSQL's: NULL elements are skipped unless null_text is given, a NULL
// separator splits into characters, an empty string is an empty array.
#include <string>

#include <fmt/format.h>

#include "columnar/list_value.h"
#include "functions/list_functions.h"

namespace orbit {

namespace {

Result<Resolution> BindArrayToString(const CallSite& call) {
  const DataType& t = call.arguments[0].type;
  if (t.id == TypeId::kNull) return Resolution::Null(DataType::Varchar());
  std::optional<DataType> list = AsListType(t);
  if (!list) {
    return Status::TypeError("function {}({}) does not exist (it takes an array), in {}", call.name, t.ToString(),
                             call.text);
  }
  std::vector<DataType> types{*list, DataType::Varchar()};
  if (call.arguments.size() == 3) types.push_back(DataType::Varchar());
  return Resolution::Call(DataType::Varchar(), std::move(types));
}

Result<ColumnPtr> ArrayToString(const ScalarCall& call) {
  const ColumnView& a = call.arguments[0];
  const ColumnView& separator = call.arguments[1];
  const ColumnView* null_text = call.arguments.size() == 3 ? &call.arguments[2] : nullptr;
  const ColumnView e = a.ChildView();
  ColumnBuilder out(DataType::Varchar(), call.rows);
  for (int64_t i = 0; i < call.rows; ++i) {
    if (!a.IsValid(i) || !separator.IsValid(i)) {
      out.AppendNull();
      continue;
    }
    const bool show_nulls = null_text != nullptr && null_text->IsValid(i);
    std::string text;
    bool first = true;
    for (int32_t k = ListBegin(a, i); k < ListEnd(a, i); ++k) {
      if (!e.IsValid(k) && !show_nulls) continue;
      if (!first) text += separator.GetString(i);
      first = false;
      text += e.IsValid(k) ? ElementText(e, k) : std::string(null_text->GetString(i));
    }
    out.AppendString(text);
  }
  return out.Finish();
}

Result<Resolution> BindStringToArray(const CallSite& call) {
  std::vector<DataType> types(call.arguments.size(), DataType::Varchar());
  return Resolution::Call(DataType::List(DataType::Varchar()), std::move(types));
}

void AppendPiece(std::string_view piece, const ColumnView* null_text, int64_t i, ColumnBuilder& elements) {
  if (null_text != nullptr && null_text->IsValid(i) && piece == null_text->GetString(i)) {
    elements.AppendNull();
  } else {
    elements.AppendString(piece);
  }
}

Result<ColumnPtr> StringToArray(const ScalarCall& call) {
  const ColumnView& s = call.arguments[0];
  const ColumnView& separator = call.arguments[1];
  const ColumnView* null_text = call.arguments.size() == 3 ? &call.arguments[2] : nullptr;
  ColumnBuilder out(call.type, call.rows);
  for (int64_t i = 0; i < call.rows; ++i) {
    if (!s.IsValid(i)) {
      out.AppendNull();
      continue;
    }
    const std::string_view text = s.GetString(i);
    ColumnBuilder& elements = out.ListElements();
    if (text.empty()) {
      // an empty string is an empty array
    } else if (!separator.IsValid(i)) {
      for (size_t k = 0; k < text.size(); ++k) AppendPiece(text.substr(k, 1), null_text, i, elements);
    } else if (separator.GetString(i).empty()) {
      AppendPiece(text, null_text, i, elements);
    } else {
      const std::string_view sep = separator.GetString(i);
      size_t at = 0;
      while (true) {
        const size_t next = text.find(sep, at);
        AppendPiece(text.substr(at, next == std::string_view::npos ? std::string_view::npos : next - at), null_text, i,
                    elements);
        if (next == std::string_view::npos) break;
        at = next + sep.size();
      }
    }
    out.FinishListRow();
  }
  return out.Finish();
}

}  // namespace

Status RegisterListTextFunctions(FunctionRegistry& registry) {
  ScalarFunction to_string;
  to_string.name = "array_to_string";
  to_string.takes_narrow_types = true;
  to_string.signatures = {{"T[], VARCHAR separator [, VARCHAR null_text]", "VARCHAR"}};
  to_string.description =
      "the elements as text joined by the separator; NULL elements are left out, or written as null_text";
  to_string.min_arguments = 2;
  to_string.max_arguments = 3;
  to_string.usage = "takes an array, a separator and optionally the text for NULL";
  to_string.bind = BindArrayToString;
  to_string.implementation = ArrayToString;
  ORBIT_RETURN_IF_ERROR(registry.Add(std::move(to_string)));

  ScalarFunction to_array;
  to_array.name = "string_to_array";
  to_array.signatures = {{"VARCHAR s, VARCHAR separator [, VARCHAR null_text]", "VARCHAR[]"}};
  to_array.description =
      "the pieces of s between separators as an array (a NULL separator: each character; pieces equal to null_text "
      "are NULL)";
  to_array.min_arguments = 2;
  to_array.max_arguments = 3;
  to_array.usage = "takes a text, a separator and optionally the text that means NULL";
  to_array.bind = BindStringToArray;
  to_array.implementation = StringToArray;
  return registry.Add(std::move(to_array));
}

}  // namespace orbit
