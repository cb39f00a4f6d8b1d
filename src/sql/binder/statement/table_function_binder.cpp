// Table functions in FROM, looked up in the registry (functions/table_function.h): the
// call's constant arguments are read as its parameters declare (a string, one character,
// a boolean, a list of column definitions), and the function's bind says what the scan
// will read. Nothing is read here beyond what the columns need:
//   read_csv('file.csv', delim => '|', header => true, quote => '"', nullstr => 'NULL',
//            columns => 'a INTEGER, b DECIMAL(15,2)');
//   read_parquet('f.parquet' | 'dir/*.parquet' | ['a.parquet', 'b.parquet']);
//   orbit_devices(): every device, its calibration, history and circuit breaker.
//   orbit_functions(): every function of the registry.
//   spread_activation('edges', seeds => ARRAY[42, 7], decay => 0.5): edge tables read from
//   the catalog (TableFunctionEnvironment::find_table).
#include <algorithm>

#include <fmt/format.h>

#include "columnar/timestamp.h"
#include "columnar/value_format.h"
#include "common/check.h"
#include "functions/function_registry.h"
#include "placement/device_status.h"
#include "sql/binder/constant_folding.h"
#include "sql/binder/expression/expression_binder.h"
#include "sql/binder/expression/interval_literal.h"
#include "sql/binder/statement/statement_binders.h"
#include "sql/binder/type_resolution.h"
#include "sql/parser/parser.h"

namespace orbit {

namespace {

struct NamedArgument {
  std::string name;  // lower-case
  const ast::Expr* value;
};

// Options come as name => value, name := value, or DuckDB's name = value.
std::optional<NamedArgument> AsNamedArgument(const ast::Expr& e) {
  if (e.kind == ast::ExprKind::kNamedArgument) return NamedArgument{ToLower(e.name), e.children[0].get()};
  if (e.kind == ast::ExprKind::kBinaryOp && e.name == "=" && e.children[0]->kind == ast::ExprKind::kColumnRef &&
      e.children[0]->names.size() == 1) {
    return NamedArgument{ToLower(e.children[0]->names[0]), e.children[1].get()};
  }
  return std::nullopt;
}

// "a, b and c".
std::string NameList(std::vector<std::string> names) {
  if (names.size() < 2) return fmt::format("{}", fmt::join(names, ""));
  std::string last = names.back();
  names.pop_back();
  return fmt::format("{} and {}", fmt::join(names, ", "), last);
}

// The registered table functions, for the error naming an unknown one.
std::string TableFunctionNames(const FunctionRegistry& registry) {
  std::vector<std::string> names;
  for (const TableFunction& f : registry.tables()) names.push_back(f.name);
  return NameList(std::move(names));
}

// columns => 'a INTEGER, b DECIMAL(15,2)'
Result<Schema> ColumnList(const std::string& text) {
  ORBIT_ASSIGN_OR_RETURN(std::vector<ast::ColumnDefinition> definitions, ParseColumnDefinitions(text));
  Schema schema;
  for (const auto& d : definitions) {
    if (d.not_null || d.default_value || d.primary_key || d.unique) {
      return Status::InvalidArgument("column definitions in columns => '{}' take no constraints", text);
    }
    ORBIT_ASSIGN_OR_RETURN(DataType type, ResolveTypeName(d.type));
    schema.push_back({d.name, type});
  }
  return schema;
}

// `value` read as `kind`; `what` names it in errors ("read_csv option delim").
Result<TableArgument> ReadArgument(const ast::Expr& value, TableParameterKind kind, const std::string& what) {
  TableArgument argument;
  const ast::Constant& c = value.constant;
  if (kind == TableParameterKind::kInteger) {
    ExpressionBinder binder(nullptr, what);
    ORBIT_ASSIGN_OR_RETURN(ExprPtr bound, binder.Bind(value));
    const bool integer = bound->type.id == TypeId::kInt32 || bound->type.id == TypeId::kInt64;
    if (!IsConstant(bound) || !integer || bound->constant.is_null) {
      return Status::InvalidArgument("{} must be a constant integer, not {}", what, value.ToString());
    }
    argument.integer = bound->constant.int_value;
    return argument;
  }
  if (kind == TableParameterKind::kSeriesValue) {
    if (IsIntervalLiteral(value)) {
      ORBIT_ASSIGN_OR_RETURN(IntervalParts interval, ParseIntervalLiteral(value));
      argument.type = DataType::Null();
      argument.months = interval.months;
      argument.integer = interval.FixedMicros();
      return argument;
    }
    ExpressionBinder binder(nullptr, what);
    ORBIT_ASSIGN_OR_RETURN(ExprPtr bound, binder.Bind(value));
    if (value.IsStringLiteral() || bound->type.id == TypeId::kDate) {
      ORBIT_ASSIGN_OR_RETURN(bound, CastExpr(std::move(bound), DataType::Timestamp()));
    }
    const bool usable = bound->type.is_integer() || bound->type.id == TypeId::kTimestamp;
    if (!IsConstant(bound) || !usable || bound->constant.is_null) {
      return Status::InvalidArgument("{} must be a constant integer or timestamp, not {}", what, value.ToString());
    }
    argument.type = bound->type.is_integer() ? DataType::Int64() : DataType::Timestamp();
    argument.integer = bound->constant.int_value;
    return argument;
  }
  if (kind == TableParameterKind::kIntegerList) {
    const bool list = value.kind == ast::ExprKind::kArray;
    std::vector<const ast::Expr*> items;
    if (list) {
      for (const auto& child : value.children) items.push_back(child.get());
    } else {
      items.push_back(&value);
    }
    for (const ast::Expr* item : items) {
      ExpressionBinder binder(nullptr, what);
      Result<ExprPtr> bound = binder.Bind(*item);
      const bool integer =
          bound.ok() && IsConstant(*bound) && (*bound)->type.is_integer() && !(*bound)->constant.is_null;
      if (!integer) {
        return Status::InvalidArgument("{} must be an integer or a list of integers (ARRAY[1, 2]), not {}", what,
                                       value.ToString());
      }
      argument.integers.push_back((*bound)->constant.int_value);
    }
    if (argument.integers.empty()) return Status::InvalidArgument("{} must list at least one integer", what);
    return argument;
  }
  if (kind == TableParameterKind::kArrayValue) {
    ExpressionBinder binder(nullptr, what);
    ORBIT_ASSIGN_OR_RETURN(ExprPtr bound, binder.Bind(value));
    if (bound->type.is_array()) {
      const DataType list = DataType::List(bound->type.element_type());
      ORBIT_ASSIGN_OR_RETURN(bound, CastExpr(std::move(bound), list));
    }
    if (!IsConstant(bound) || !bound->type.is_list()) {
      return Status::InvalidArgument(
          "{} must be a constant array (ARRAY[1, 2] or '{{a,b}}'::VARCHAR[]), not {}; unnest in the select list or "
          "of a column is not supported yet",
          what, value.ToString());
    }
    argument.value = bound->constant;
    return argument;
  }
  if (kind == TableParameterKind::kDouble) {
    ExpressionBinder binder(nullptr, what);
    Result<ExprPtr> bound = binder.Bind(value);
    if (bound.ok() && IsConstant(*bound) && (*bound)->type.is_numeric() && !(*bound)->constant.is_null) {
      ORBIT_ASSIGN_OR_RETURN(ExprPtr number, CastExpr(std::move(*bound), DataType::Double()));
      if (IsConstant(number) && !number->constant.is_null) {
        argument.number = number->constant.double_value;
        return argument;
      }
    }
    return Status::InvalidArgument("{} must be a constant number, not {}", what, value.ToString());
  }
  if (kind == TableParameterKind::kTextList) {
    if (value.IsStringLiteral()) {
      argument.texts = {c.text};
      return argument;
    }
    const bool list = value.kind == ast::ExprKind::kArray && !value.children.empty();
    for (size_t i = 0; list && i < value.children.size(); ++i) {
      if (!value.children[i]->IsStringLiteral()) break;
      argument.texts.push_back(value.children[i]->constant.text);
    }
    if (!list || argument.texts.size() != value.children.size()) {
      return Status::InvalidArgument("{} must be a string or a list of strings, not {}", what, value.ToString());
    }
    return argument;
  }
  if (kind == TableParameterKind::kBoolean) {
    std::optional<bool> b;
    if (value.kind == ast::ExprKind::kConstant) {
      if (c.kind == ast::ConstantKind::kBoolean) b = c.boolean;
      if (c.kind == ast::ConstantKind::kInteger && (c.integer == 0 || c.integer == 1)) b = c.integer == 1;
      if (c.kind == ast::ConstantKind::kString) b = ParseBool(c.text);
    }
    if (!b) return Status::InvalidArgument("{} must be true or false, not {}", what, value.ToString());
    argument.boolean = *b;
    return argument;
  }
  if (!value.IsStringLiteral()) return Status::InvalidArgument("{} must be a string, not {}", what, value.ToString());
  argument.text = c.text;
  if (kind == TableParameterKind::kCharacter && argument.text.size() != 1) {
    return Status::InvalidArgument("{} must be a single one-byte character, not '{}'", what, argument.text);
  }
  if (kind == TableParameterKind::kColumns) {
    ORBIT_ASSIGN_OR_RETURN(argument.columns, ColumnList(argument.text));
  }
  return argument;
}

const TableParameter* FindParameter(const TableFunction& function, const std::string& name) {
  for (const TableParameter& p : function.named) {
    if (p.name == name || std::find(p.aliases.begin(), p.aliases.end(), name) != p.aliases.end()) return &p;
  }
  return nullptr;
}

Status UnknownOption(const TableFunction& function, const std::string& name) {
  std::vector<std::string> names, spellings;
  for (const TableParameter& p : function.named) {
    names.push_back(p.name);
    spellings.push_back(p.name);
    spellings.insert(spellings.end(), p.aliases.begin(), p.aliases.end());
  }
  std::string suggestion = ClosestMatch(name, spellings);
  std::string hint =
      suggestion.empty() ? fmt::format("its options are {}", NameList(names)) : "did you mean \"" + suggestion + "\"?";
  return Status::InvalidArgument("{} has no option \"{}\"; {}", function.name, name, hint);
}

// "read_csv takes the file path as a string, then named options".
std::string Usage(const TableFunction& function) {
  std::vector<std::string> parts;
  for (const TableParameter& p : function.positional) {
    const char* as = p.kind == TableParameterKind::kBoolean       ? " as a boolean"
                     : p.kind == TableParameterKind::kInteger     ? " as an integer"
                     : p.kind == TableParameterKind::kSeriesValue ? " as an integer, timestamp or INTERVAL"
                     : p.kind == TableParameterKind::kTextList    ? " as a string or a list of strings"
                     : p.kind == TableParameterKind::kIntegerList ? " as an integer or a list of integers"
                     : p.kind == TableParameterKind::kDouble      ? " as a number"
                     : p.kind == TableParameterKind::kArrayValue  ? " as an array"
                                                                  : " as a string";
    parts.push_back((p.optional ? "optionally the " : "the ") + p.name + as);
  }
  std::string usage = fmt::format("{} takes {}", function.name, NameList(parts));
  if (!function.named.empty()) usage += ", then named options";
  return usage;
}

Result<TableFunctionArguments> ReadArguments(const TableFunction& function, const ast::TableRef& ref) {
  if (function.positional.empty() && function.named.empty() && !ref.arguments.empty()) {
    return Status::InvalidArgument("{}() takes no arguments", function.name);
  }
  TableFunctionArguments arguments;
  for (const auto& argument : ref.arguments) {
    if (auto named = AsNamedArgument(*argument)) {
      const TableParameter* parameter = FindParameter(function, named->name);
      if (parameter == nullptr) return UnknownOption(function, named->name);
      ORBIT_ASSIGN_OR_RETURN(
          TableArgument value,
          ReadArgument(*named->value, parameter->kind, fmt::format("{} option {}", function.name, named->name)));
      arguments.named.emplace_back(parameter, std::move(value));
      continue;
    }
    const size_t index = arguments.positional.size();
    Result<TableArgument> value = Status::InvalidArgument("too many arguments");
    if (index < function.positional.size()) {
      value = ReadArgument(*argument, function.positional[index].kind, function.positional[index].name);
    }
    if (!value.ok()) return Status::InvalidArgument("{}; got {}", Usage(function), argument->ToString());
    arguments.positional.push_back(std::move(*value));
  }
  if (arguments.positional.size() < function.positional.size() &&
      !function.positional[arguments.positional.size()].optional) {
    return Status::InvalidArgument("{} needs a {}: {}", function.name,
                                   function.positional[arguments.positional.size()].name, function.example);
  }
  return arguments;
}

}  // namespace

Result<TableSourcePtr> BindTableFunction(const ast::TableRef& ref, const Catalog& catalog) {
  const FunctionRegistry& registry = BuiltinFunctions();
  const TableFunction* function = registry.FindTable(ref.name);
  if (!function) {
    return Status::NotSupported("table function {} (there are {})", ref.name, TableFunctionNames(registry));
  }
  ORBIT_CHECK(function->bind != nullptr, "table function {} has no bind", function->name);
  ORBIT_ASSIGN_OR_RETURN(TableFunctionArguments arguments, ReadArguments(*function, ref));
  TableFunctionEnvironment environment;
  environment.device_status = DeviceStatusSource;
  environment.find_table = [&catalog](const std::string& name) { return catalog.GetTable(catalog.Resolve(name)); };
  return function->bind(arguments, environment);
}

}  // namespace orbit
