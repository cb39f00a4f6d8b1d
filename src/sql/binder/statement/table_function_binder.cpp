// Table functions, looked up in the registry (functions/table_functions.cpp) and
// evaluated at bind time into a temporary table:
//   read_csv('file.csv', delim => '|', header => true, quote => '"', nullstr => 'NULL',
//            columns => 'a INTEGER, b DECIMAL(15,2)');
//   orbit_devices(): every device, its calibration, history and circuit breaker.
//   orbit_functions(): every function of the registry.
#include <fmt/format.h>

#include "columnar/value_format.h"
#include "functions/function_list.h"
#include "io/csv/csv_reader.h"
#include "placement/device_status.h"
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

Result<std::string> TextOption(const NamedArgument& arg) {
  if (!arg.value->IsStringLiteral()) {
    return Status::InvalidArgument("read_csv option {} must be a string, not {}", arg.name, arg.value->ToString());
  }
  return arg.value->constant.text;
}

Result<char> CharOption(const NamedArgument& arg) {
  ORBIT_ASSIGN_OR_RETURN(std::string text, TextOption(arg));
  if (text.size() != 1) {
    return Status::InvalidArgument("read_csv option {} must be a single one-byte character, not '{}'", arg.name, text);
  }
  return text[0];
}

Result<bool> BoolOption(const NamedArgument& arg) {
  const ast::Constant& c = arg.value->constant;
  if (arg.value->kind == ast::ExprKind::kConstant) {
    if (c.kind == ast::ConstantKind::kBoolean) return c.boolean;
    if (c.kind == ast::ConstantKind::kInteger && (c.integer == 0 || c.integer == 1)) return c.integer == 1;
    if (c.kind == ast::ConstantKind::kString) {
      if (auto b = ParseBool(c.text)) return *b;
    }
  }
  return Status::InvalidArgument("read_csv option {} must be true or false, not {}", arg.name, arg.value->ToString());
}

// columns => 'a INTEGER, b DECIMAL(15,2)'
Result<Schema> ColumnsOption(const NamedArgument& arg) {
  ORBIT_ASSIGN_OR_RETURN(std::string text, TextOption(arg));
  ORBIT_ASSIGN_OR_RETURN(std::vector<ast::ColumnDefinition> definitions, ParseColumnDefinitions(text));
  Schema schema;
  for (const auto& d : definitions) {
    ORBIT_ASSIGN_OR_RETURN(DataType type, ResolveTypeName(d.type));
    schema.push_back({d.name, type});
  }
  return schema;
}

Status ApplyOption(const NamedArgument& arg, CsvOptions* options) {
  static const std::vector<std::string> kOptions = {"delim", "delimiter", "sep",  "header",
                                                    "quote", "nullstr",   "null", "columns"};
  const std::string& name = arg.name;
  if (name == "delim" || name == "delimiter" || name == "sep") {
    ORBIT_ASSIGN_OR_RETURN(options->delimiter, CharOption(arg));
  } else if (name == "quote") {
    ORBIT_ASSIGN_OR_RETURN(options->quote, CharOption(arg));
  } else if (name == "header") {
    ORBIT_ASSIGN_OR_RETURN(options->header, BoolOption(arg));
  } else if (name == "nullstr" || name == "null") {
    ORBIT_ASSIGN_OR_RETURN(options->null_string, TextOption(arg));
  } else if (name == "columns") {
    ORBIT_ASSIGN_OR_RETURN(options->columns, ColumnsOption(arg));
  } else {
    std::string suggestion = ClosestMatch(name, kOptions);
    std::string hint = suggestion.empty() ? "its options are delim, header, quote, nullstr and columns"
                                          : "did you mean \"" + suggestion + "\"?";
    return Status::InvalidArgument("read_csv has no option \"{}\"; {}", name, hint);
  }
  return Status::OK();
}

std::string FileName(const std::string& path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// "a, b and c": the registered table functions, for the error naming an unknown one.
std::string TableFunctionNames(const FunctionRegistry& registry) {
  std::vector<std::string> names;
  for (const TableFunction& f : registry.tables()) names.push_back(f.name);
  if (names.size() < 2) return fmt::format("{}", fmt::join(names, ""));
  std::string last = names.back();
  names.pop_back();
  return fmt::format("{} and {}", fmt::join(names, ", "), last);
}

Result<TablePtr> BindReadCsv(const ast::TableRef& ref) {
  std::optional<std::string> path;
  CsvOptions options;
  for (const auto& argument : ref.arguments) {
    if (auto named = AsNamedArgument(*argument)) {
      ORBIT_RETURN_IF_ERROR(ApplyOption(*named, &options));
    } else if (!path && argument->IsStringLiteral()) {
      path = argument->constant.text;
    } else {
      return Status::InvalidArgument("read_csv takes the file path as a string, then named options; got {}",
                                     argument->ToString());
    }
  }
  if (!path) return Status::InvalidArgument("read_csv needs a file path: read_csv('file.csv')");
  return ReadCsv(*path, options, FileName(*path));
}

}  // namespace

Result<TablePtr> BindTableFunction(const ast::TableRef& ref) {
  const FunctionRegistry& registry = BuiltinFunctions();
  const TableFunction* function = registry.FindTable(ref.name);
  if (!function) {
    return Status::NotSupported("table function {} (there are {})", ref.name, TableFunctionNames(registry));
  }
  switch (function->id) {
    case TableFunctionId::kReadCsv: return BindReadCsv(ref);
    case TableFunctionId::kOrbitDevices:
      if (!ref.arguments.empty()) return Status::InvalidArgument("orbit_devices() takes no arguments");
      return DeviceStatusTable();
    case TableFunctionId::kOrbitFunctions:
      if (!ref.arguments.empty()) return Status::InvalidArgument("orbit_functions() takes no arguments");
      return FunctionListTable(registry);
  }
  return Status::Internal("table function {} has no binder", ref.name);
}

}  // namespace orbit
