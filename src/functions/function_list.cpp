#include "functions/function_list.h"

#include <fmt/format.h>

namespace orbit {

namespace {

struct Rows {
  ColumnBuilder name{DataType::Varchar()}, kind{DataType::Varchar()}, signature{DataType::Varchar()},
      result{DataType::Varchar()}, aliases{DataType::Varchar()}, description{DataType::Varchar()};

  void Add(const std::string& n, const char* k, const std::vector<Signature>& signatures,
           const std::vector<std::string>& alias_list, const std::string& text, bool infix = false) {
    for (const Signature& s : signatures) {
      name.AppendString(n);
      kind.AppendString(k);
      // An operator's signature is "left, right", or written out whole ("INTERVAL * DOUBLE")
      // when one entry stands for several operators.
      const size_t comma = s.arguments.find(", ");
      signature.AppendString(!infix                       ? fmt::format("{}({})", n, s.arguments)
                             : comma == std::string::npos ? s.arguments
                                                          : fmt::format("{} {} {}", s.arguments.substr(0, comma), n,
                                                                        s.arguments.substr(comma + 2)));
      result.AppendString(s.result);
      aliases.AppendString(fmt::format("{}", fmt::join(alias_list, ", ")));
      description.AppendString(text);
    }
  }
};

}  // namespace

Schema FunctionListSchema() {
  Schema schema;
  for (const char* column : {"name", "kind", "signature", "result_type", "aliases", "description"}) {
    schema.push_back({column, DataType::Varchar()});
  }
  return schema;
}

int64_t FunctionListRows(const FunctionRegistry& registry) {
  size_t rows = 0;
  for (const ScalarFunction& f : registry.scalars()) rows += f.signatures.size();
  for (const AggregateFunction& f : registry.aggregates()) rows += f.signatures.size();
  for (const WindowFunction& f : registry.windows()) rows += f.signatures.size();
  for (const TableFunction& f : registry.tables()) rows += f.signatures.size();
  return static_cast<int64_t>(rows);
}

TablePtr FunctionListTable(const FunctionRegistry& registry) {
  Rows rows;
  for (const ScalarFunction& f : registry.scalars()) {
    rows.Add(f.name, f.operator_only ? "operator" : "scalar", f.signatures, f.aliases, f.description, f.operator_only);
  }
  for (const AggregateFunction& f : registry.aggregates()) {
    rows.Add(f.name, "aggregate", f.signatures, f.aliases, f.description);
  }
  for (const WindowFunction& f : registry.windows()) rows.Add(f.name, "window", f.signatures, {}, f.description);
  for (const TableFunction& f : registry.tables()) rows.Add(f.name, "table", f.signatures, f.aliases, f.description);
  Batch batch;
  batch.length = rows.name.length();
  batch.columns = {rows.name.Finish(),   rows.kind.Finish(),    rows.signature.Finish(),
                   rows.result.Finish(), rows.aliases.Finish(), rows.description.Finish()};
  auto table = std::make_shared<Table>("orbit_functions", FunctionListSchema());
  table->Append(std::move(batch));
  return table;
}

}  // namespace orbit
