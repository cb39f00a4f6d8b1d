// generate_series(start, stop [, step]) (PostgreSQL: stop included) and range(start, stop
// [, step]) (DuckDB: stop left out): a BIGINT column of the integers from start by step.
// As in DuckDB, a single argument is the stop and the series starts at 0.
#include <fmt/format.h>

#include "columnar/column.h"
#include "functions/function_registry.h"

namespace orbit {

namespace {

constexpr int64_t kBatchRows = 64 * 1024;

// The number of values, counted in 128 bits so that no bound overflows.
int64_t SeriesLength(int64_t start, int64_t stop, int64_t step, bool inclusive) {
  const __int128 span = static_cast<__int128>(stop) - start;
  if ((step > 0 && span < 0) || (step < 0 && span > 0)) return 0;
  __int128 count = span / step;
  const bool exact = span % step == 0;
  if (inclusive || !exact) count += 1;
  return count > INT64_MAX ? INT64_MAX : static_cast<int64_t>(count);
}

Result<TableSourcePtr> BindSeries(const TableFunctionArguments& arguments, const char* name, bool inclusive) {
  const bool only_stop = arguments.positional.size() == 1;
  const int64_t start = only_stop ? 0 : arguments.positional.at(0).integer;
  const int64_t stop = only_stop ? arguments.positional[0].integer : arguments.positional.at(1).integer;
  const int64_t step = arguments.positional.size() > 2 ? arguments.positional[2].integer : 1;
  if (step == 0) return Status::InvalidArgument("step size cannot equal zero");
  const int64_t rows = SeriesLength(start, stop, step, inclusive);
  Schema schema{{name, DataType::Int64()}};
  auto generate = [=]() -> TablePtr {
    auto table = std::make_shared<Table>(name, schema);
    for (int64_t begin = 0; begin < rows; begin += kBatchRows) {
      const int64_t length = std::min(kBatchRows, rows - begin);
      auto column = Column::Allocate(DataType::Int64(), length);
      int64_t* values = column->mutable_values<int64_t>();
      for (int64_t i = 0; i < length; ++i) {
        values[i] = static_cast<int64_t>(start + static_cast<__int128>(step) * (begin + i));
      }
      Batch batch;
      batch.length = length;
      batch.columns.push_back(std::move(column));
      table->Append(std::move(batch));
    }
    return table;
  };
  std::string text = arguments.positional.size() > 2 ? fmt::format("{}({}, {}, {})", name, start, stop, step)
                                                     : fmt::format("{}({}, {})", name, start, stop);
  return TableSourcePtr(
      std::make_shared<GeneratedTableSource>(std::move(text), schema, static_cast<double>(rows), generate));
}

TableFunction SeriesFunction(const char* name, bool inclusive) {
  TableFunction f;
  f.name = name;
  f.positional = {{"start", {}, TableParameterKind::kInteger},
                  {"stop", {}, TableParameterKind::kInteger, /*optional=*/true},
                  {"step", {}, TableParameterKind::kInteger, /*optional=*/true}};
  f.example = fmt::format("{}(1, 10)", name);
  f.signatures = {{"BIGINT, BIGINT [, BIGINT]", "TABLE"}, {"BIGINT", "TABLE"}};
  f.description = inclusive ? "the integers from start (default 0) to stop (included) by step (default 1)"
                            : "the integers from start (default 0) up to stop (left out) by step (default 1)";
  f.bind = [name, inclusive](const TableFunctionArguments& arguments, const TableFunctionEnvironment&) {
    return BindSeries(arguments, name, inclusive);
  };
  return f;
}

}  // namespace

Status RegisterSeriesFunctions(FunctionRegistry& registry) {
  ORBIT_RETURN_IF_ERROR(registry.Add(SeriesFunction("generate_series", /*inclusive=*/true)));
  return registry.Add(SeriesFunction("range", /*inclusive=*/false));
}

}  // namespace orbit
