// unnest(a [, b, ...]) in FROM: one row per element of constant arrays, PostgreSQL's: several
// arrays zip side by side (the shorter ones padded with NULLs), a NULL array has no rows.
// The column is called unnest, as PostgreSQL calls it. (unnest of columns, in the select list
// or LATERAL in FROM, is the Unnest operator: sql/binder/expression/unnest_binder.h.)
#include <algorithm>

#include <fmt/format.h>

#include "columnar/value_rows.h"
#include "functions/function_registry.h"

namespace orbit {

namespace {

Result<TableSourcePtr> BindUnnest(const TableFunctionArguments& arguments) {
  Schema schema;
  size_t rows = 0;
  std::vector<std::string> shown;
  for (const TableArgument& argument : arguments.positional) {
    schema.push_back({"unnest", argument.value.type.element_type()});
    if (!argument.value.is_null) rows = std::max(rows, argument.value.elements.size());
    shown.push_back(argument.value.ToSql());
  }
  std::vector<Value> arrays;
  for (const TableArgument& argument : arguments.positional) arrays.push_back(argument.value);
  auto generate = [schema, arrays, rows]() -> TablePtr {
    auto table = std::make_shared<Table>("unnest", schema);
    std::vector<std::vector<Value>> values(rows);
    for (size_t r = 0; r < rows; ++r) {
      for (size_t c = 0; c < arrays.size(); ++c) {
        const std::vector<Value>& elements = arrays[c].elements;
        values[r].push_back(r < elements.size() && !arrays[c].is_null ? elements[r] : Value::Null(schema[c].type));
      }
    }
    if (rows > 0) table->Append(RowsToBatch(schema, values));
    return table;
  };
  return TableSourcePtr(std::make_shared<GeneratedTableSource>(fmt::format("unnest({})", fmt::join(shown, ", ")),
                                                               schema, static_cast<double>(rows), generate));
}

}  // namespace

Status RegisterUnnest(FunctionRegistry& registry) {
  TableFunction f;
  f.name = "unnest";
  f.positional = {{"array", {}, TableParameterKind::kArrayValue}};
  for (int k = 2; k <= 8; ++k) {
    f.positional.push_back({fmt::format("array {}", k), {}, TableParameterKind::kArrayValue, /*optional=*/true});
  }
  f.example = "unnest(ARRAY[1, 2, 3])";
  f.signatures = {{"T[] [, U[], ...]", "TABLE"}};
  f.description =
      "one row per element of the arrays, side by side (the shorter padded with NULLs); in FROM (LATERAL over "
      "columns) and, of one array, in the select list";
  f.column_named_by_alias = true;
  f.bind = [](const TableFunctionArguments& arguments, const TableFunctionEnvironment&) {
    return BindUnnest(arguments);
  };
  return registry.Add(std::move(f));
}

}  // namespace orbit
