#include "functions/text_call.h"

#include <cctype>

#include <fmt/format.h>

namespace orbit::text {

Result<Resolution> BindKinds(const CallSite& call, const std::vector<Kind>& kinds, DataType result) {
  std::vector<DataType> types;
  bool null = false;
  for (size_t i = 0; i < call.arguments.size() && i < kinds.size(); ++i) {
    const DataType& type = call.arguments[i].type;
    const bool text = kinds[i] == Kind::kText;
    if (type.id == TypeId::kNull) {
      null = true;
    } else if (text ? type.id != TypeId::kVarchar : !type.is_integer()) {
      if (!call.name.empty() && std::isalpha(static_cast<unsigned char>(call.name[0])) == 0) {
        // An operator (~): PostgreSQL's wording.
        return Status::TypeError("operator does not exist: {} {} {} (it takes VARCHAR), in {}",
                                 call.arguments[0].type.ToString(), call.name, call.arguments[1].type.ToString(),
                                 call.text);
      }
      std::string list;
      for (const CallArgument& a : call.arguments) list += (list.empty() ? "" : ", ") + a.type.ToString();
      return Status::TypeError("function {}({}) does not exist: argument {} must be {}, in {}", call.name, list, i + 1,
                               text ? "VARCHAR" : "an integer", call.text);
    }
    types.push_back(text ? DataType::Varchar() : DataType::Int64());
  }
  if (null) return Resolution::Null(result);
  return Resolution::Call(result, std::move(types));
}

ScalarFunction Function(std::string name, std::vector<std::string> aliases, std::vector<Signature> signatures,
                        std::string description, int required, int arguments, ScalarBindRule bind,
                        ScalarImplementation implementation) {
  ScalarFunction f;
  f.name = std::move(name);
  f.aliases = std::move(aliases);
  f.signatures = std::move(signatures);
  f.description = std::move(description);
  f.min_arguments = required;
  f.max_arguments = arguments;
  static const char* kCounts[] = {"no", "one", "two", "three", "four", "five"};
  if (arguments < 0) {
    f.usage = fmt::format("takes at least {} argument{}", kCounts[required], required == 1 ? "" : "s");
  } else if (required == arguments) {
    f.usage = fmt::format("takes {} argument{}", kCounts[arguments], arguments == 1 ? "" : "s");
  } else {
    f.usage = fmt::format("takes {} to {} arguments", kCounts[required], kCounts[arguments]);
  }
  f.bind = bind;
  f.implementation = implementation;
  return f;
}

}  // namespace orbit::text
