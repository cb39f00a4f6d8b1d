// generate_series(start, stop [, step]) (PostgreSQL: stop included) and range(start, stop
// [, step]) (DuckDB: stop left out): a BIGINT column of the integers from start by step, or
// a TIMESTAMP column from a start timestamp (or date) by an INTERVAL step, each value the
// one before plus the step (so month steps clamp as they go, as PostgreSQL's). As in DuckDB,
// a single integer argument is the stop and the series starts at 0.
#include <algorithm>
#include <limits>

#include <fmt/format.h>

#include "columnar/column.h"
#include "columnar/interval.h"
#include "columnar/timestamp.h"
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

// The timestamps from start by a step of `months` and `micros` (not of opposite signs) up to
// stop; computed when the scan runs.
Result<TableSourcePtr> BindTimestampSeries(const TableFunctionArguments& arguments, const char* name, bool inclusive) {
  const auto& p = arguments.positional;
  if (p.size() != 3 || p[1].type.id != TypeId::kTimestamp || p[2].type.id != TypeId::kNull) {
    return Status::InvalidArgument(
        "{} of timestamps takes a start, a stop and an INTERVAL step: {}(TIMESTAMP "
        "'2024-01-01', TIMESTAMP '2024-01-02', INTERVAL '1 hour')",
        name, name);
  }
  const int64_t start = p[0].integer, stop = p[1].integer, months = p[2].months, micros = p[2].integer;
  if (months == 0 && micros == 0) return Status::InvalidArgument("step size cannot equal zero");
  if ((months > 0 && micros < 0) || (months < 0 && micros > 0)) {
    return Status::InvalidArgument("{}: an INTERVAL step whose months and days point in opposite directions", name);
  }
  const bool up = months > 0 || micros > 0;
  auto within = [=](int64_t v) { return up ? (inclusive ? v <= stop : v < stop) : (inclusive ? v >= stop : v > stop); };
  auto step = [=](int64_t v) -> std::optional<int64_t> {
    std::optional<int64_t> next = TimestampAddMonths(v, months);
    return next ? TimestampAddMicros(*next, micros) : std::nullopt;
  };
  // The count is known before any value is made: by division for a fixed step, else by
  // stepping (at least 28 days a step, so a few million steps at most).
  int64_t rows = 0;
  if (months == 0) {
    rows = SeriesLength(start, stop, micros, inclusive);
  } else {
    for (std::optional<int64_t> v = start; v && within(*v); v = step(*v)) ++rows;
  }
  Schema schema{{name, DataType::Timestamp()}};
  auto generate = [=]() -> TablePtr {
    auto table = std::make_shared<Table>(name, schema);
    int64_t value = start;
    for (int64_t begin = 0; begin < rows; begin += kBatchRows) {
      const int64_t length = std::min(kBatchRows, rows - begin);
      auto column = Column::Allocate(DataType::Timestamp(), length);
      int64_t* values = column->mutable_values<int64_t>();
      for (int64_t i = 0; i < length; ++i) {
        values[i] = value;
        value = step(value).value_or(value);  // past the last value only when the range ends
      }
      Batch batch;
      batch.length = length;
      batch.columns.push_back(std::move(column));
      table->Append(std::move(batch));
    }
    return table;
  };
  std::string text = fmt::format("{}(TIMESTAMP '{}', TIMESTAMP '{}', {} months {} microseconds)", name,
                                 FormatTimestamp(start), FormatTimestamp(stop), months, micros);
  return TableSourcePtr(
      std::make_shared<GeneratedTableSource>(std::move(text), schema, static_cast<double>(rows), generate));
}

Result<TableSourcePtr> BindSeries(const TableFunctionArguments& arguments, const char* name, bool inclusive) {
  if (arguments.positional.at(0).type.id == TypeId::kTimestamp) return BindTimestampSeries(arguments, name, inclusive);
  for (const TableArgument& argument : arguments.positional) {
    if (argument.type.id != TypeId::kInt64) {
      return Status::InvalidArgument("{} takes integers, or a start and stop timestamp and an INTERVAL step", name);
    }
  }
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
  f.positional = {{"start", {}, TableParameterKind::kSeriesValue},
                  {"stop", {}, TableParameterKind::kSeriesValue, /*optional=*/true},
                  {"step", {}, TableParameterKind::kSeriesValue, /*optional=*/true}};
  f.example = fmt::format("{}(1, 10)", name);
  f.signatures = {
      {"BIGINT, BIGINT [, BIGINT]", "TABLE"}, {"BIGINT", "TABLE"}, {"TIMESTAMP, TIMESTAMP, INTERVAL", "TABLE"}};
  f.description = inclusive ? "the integers from start (default 0) to stop (included) by step (default 1), or "
                              "the timestamps from start to stop by an INTERVAL"
                            : "the integers from start (default 0) up to stop (left out) by step (default 1), or "
                              "the timestamps from start up to stop by an INTERVAL";
  f.column_named_by_alias = true;
  f.bind = [name, inclusive](const TableFunctionArguments& arguments, const TableFunctionEnvironment&) {
    return BindSeries(arguments, name, inclusive);
  };
  return f;
}

// generate_series_array(start, stop [, step]): one row's series as an array, which the binder
// unnests where generate_series reads columns (FROM t, generate_series(1, t.n)) or stands in
// the select list. INTEGER elements when every bound is an INTEGER, else BIGINT; TIMESTAMPs
// from timestamps (or dates) by an INTERVAL step, each value the one before plus the step.
constexpr int kTimestampSeries = 1;  // Resolution::variant

Result<Resolution> BindSeriesArray(const CallSite& call) {
  if (call.arguments[0].type.is_temporal()) {
    if (call.arguments.size() != 3 || !call.arguments[1].type.is_temporal() ||
        (!call.arguments[2].type.is_interval() && call.arguments[2].type.id != TypeId::kNull)) {
      return Status::TypeError("{} of timestamps takes a start, a stop and an INTERVAL step, in {}", call.name,
                               call.text);
    }
    return Resolution::Call(DataType::List(DataType::Timestamp()),
                            {DataType::Timestamp(), DataType::Timestamp(), DataType::Interval()}, kTimestampSeries);
  }
  bool bigint = false;
  for (const CallArgument& a : call.arguments) {
    if (a.type.id != TypeId::kNull && !a.type.is_integer()) {
      return Status::TypeError("{} takes integers, or timestamps and an INTERVAL step, in {}", call.name, call.text);
    }
    bigint = bigint || a.type.id == TypeId::kInt64;
  }
  const DataType element = bigint ? DataType::Int64() : DataType::Int32();
  return Resolution::Call(DataType::List(element), std::vector<DataType>(call.arguments.size(), DataType::Int64()));
}

// The total elements of one call's rows: list offsets are 32-bit.
Status CheckSeriesTotal(int64_t total) {
  if (total <= std::numeric_limits<int32_t>::max()) return Status::OK();
  return Status::OutOfRange("generate_series over columns makes more than {} values in one vector of rows",
                            std::numeric_limits<int32_t>::max());
}

Result<ColumnPtr> TimestampSeriesArray(const ScalarCall& call) {
  ColumnBuilder out(call.type, call.rows);
  ColumnBuilder& elements = out.ListElements();
  int64_t total = 0;
  for (int64_t i = 0; i < call.rows; ++i) {
    bool null = false;
    for (const ColumnView& a : call.arguments) null = null || !a.IsValid(i);
    if (null) {
      out.AppendNull();
      continue;
    }
    const int64_t start = call.arguments[0].values<int64_t>()[i];
    const int64_t stop = call.arguments[1].values<int64_t>()[i];
    const IntervalValue step = UnpackInterval(call.arguments[2].values<int128_t>()[i]);
    const int128_t span = IntervalSpan(step);
    if (span == 0) return Status::InvalidArgument("step size cannot equal zero");
    const bool up = span > 0;
    for (std::optional<int64_t> v = start; v && (up ? *v <= stop : *v >= stop);) {
      ORBIT_RETURN_IF_ERROR(CheckSeriesTotal(++total));
      elements.AppendInt64(*v);
      const std::optional<int64_t> next = TimestampPlusInterval(*v, step);
      // '1 mon -29 days' from January 31 comes back to it: a step that does not advance.
      if (next && (up ? *next <= *v : *next >= *v)) {
        return Status::InvalidArgument("the step {} does not advance the series from {}", FormatInterval(step),
                                       FormatTimestamp(*v));
      }
      v = next;
    }
    out.FinishListRow();
  }
  return out.Finish();
}

Result<ColumnPtr> SeriesArray(const ScalarCall& call) {
  if (call.variant == kTimestampSeries) return TimestampSeriesArray(call);
  const bool bigint = call.type.element_type().id == TypeId::kInt64;
  ColumnBuilder out(call.type, call.rows);
  ColumnBuilder& elements = out.ListElements();
  int64_t total = 0;  // the elements of every row: list offsets are 32-bit
  for (int64_t i = 0; i < call.rows; ++i) {
    bool null = false;
    for (const ColumnView& a : call.arguments) null = null || !a.IsValid(i);
    if (null) {  // PostgreSQL's generate_series is strict: no rows
      out.AppendNull();
      continue;
    }
    const int64_t start = call.arguments[0].values<int64_t>()[i];
    const int64_t stop = call.arguments[1].values<int64_t>()[i];
    const int64_t step = call.arguments.size() > 2 ? call.arguments[2].values<int64_t>()[i] : 1;
    if (step == 0) return Status::InvalidArgument("step size cannot equal zero");
    const bool empty = step > 0 ? start > stop : start < stop;
    const int128_t count = empty ? 0 : (int128_t{stop} - start) / step + 1;
    total += static_cast<int64_t>(std::min<int128_t>(count, INT64_MAX / 2));
    ORBIT_RETURN_IF_ERROR(CheckSeriesTotal(total));
    for (int128_t k = 0; k < count; ++k) {
      const auto v = static_cast<int64_t>(start + k * step);
      if (bigint) {
        elements.AppendInt64(v);
      } else {
        elements.AppendInt32(static_cast<int32_t>(v));
      }
    }
    out.FinishListRow();
  }
  return out.Finish();
}

}  // namespace

Status RegisterSeriesFunctions(FunctionRegistry& registry) {
  ScalarFunction series;
  series.name = "generate_series_array";
  series.signatures = {{"INTEGER, INTEGER [, INTEGER]", "INTEGER[]"},
                       {"BIGINT, BIGINT [, BIGINT]", "BIGINT[]"},
                       {"TIMESTAMP, TIMESTAMP, INTERVAL", "TIMESTAMP[]"}};
  series.description =
      "the values generate_series gives, from start to stop (included) by step, as an array: integers, or "
      "timestamps by an INTERVAL";
  series.min_arguments = 2;
  series.max_arguments = 3;
  series.usage = "takes start, stop and optionally step";
  series.bind = BindSeriesArray;
  series.implementation = SeriesArray;
  ORBIT_RETURN_IF_ERROR(registry.Add(std::move(series)));
  ORBIT_RETURN_IF_ERROR(registry.Add(SeriesFunction("generate_series", /*inclusive=*/true)));
  return registry.Add(SeriesFunction("range", /*inclusive=*/false));
}

}  // namespace orbit
