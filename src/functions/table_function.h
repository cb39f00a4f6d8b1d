// A table function as the registry holds it: its names, parameters and documentation, and
// how a call binds. Binding checks the arguments and determines the columns, cheaply
// (read_csv sniffs the header and a sample at the start of the file); the rows come from
// the TableSource the bind returns, when the query's scan of it runs (exec's TableScan).
// So EXPLAIN reads no file, and neither does a query that fails before it runs. A new
// table function (read_parquet, ...) is one registry entry with a bind and a source.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "columnar/table.h"
#include "common/status.h"
#include "functions/scalar_function.h"
#include "io/scan_filter.h"

namespace orbit {

/// What a table function's rows come from. Sources are immutable once bound, apart from the
/// table they produce, which they keep: two scans of one call (a rewrite may clone a scan)
/// read its file once.
class TableSource {
 public:
  virtual ~TableSource() = default;
  /// What EXPLAIN shows: "read_csv('lineitem.tbl')".
  virtual std::string name() const = 0;
  /// The columns the rows will have, known at bind time.
  virtual const Schema& schema() const = 0;
  /// Rows expected, for the optimizer and placement before the rows exist (never negative).
  virtual double estimated_rows() const = 0;
  /// A source that reads only `columns` (positions in schema(), in that order: its schema
  /// is theirs) and may skip data where no row passes `filters` (over schema()'s positions;
  /// the query still filters every row read). Null when the source reads every column
  /// whatever the query uses. The optimizer asks once it knows what the query reads.
  virtual std::shared_ptr<const TableSource> WithScan(const std::vector<int>& columns,
                                                      const std::vector<ScanFilter>& filters) const {
    return nullptr;
  }
  /// What EXPLAIN adds to the scan: the data it may skip and, after a run, what it read
  /// ("row groups: 2 read, 3 skipped by l_quantity < 5"). Empty: nothing to say.
  virtual std::string scan_report() const { return ""; }
  /// The rows, made by Produce the first time; later calls return the same table. Runs on
  /// the caller's TBB arena.
  Result<TablePtr> Table() const;

 protected:
  /// Makes the rows: reads the file (its errors name the file, line and column), or builds
  /// the table. The table must have schema()'s column types.
  virtual Result<TablePtr> Produce() const = 0;

 private:
  mutable std::mutex mutex_;
  mutable TablePtr table_;
};

using TableSourcePtr = std::shared_ptr<const TableSource>;

/// A source whose table a function builds when the scan runs (orbit_functions()).
class GeneratedTableSource final : public TableSource {
 public:
  GeneratedTableSource(std::string name, Schema schema, double estimated_rows, std::function<TablePtr()> generate)
      : name_(std::move(name)),
        schema_(std::move(schema)),
        estimated_rows_(estimated_rows),
        generate_(std::move(generate)) {}
  std::string name() const override { return name_; }
  const Schema& schema() const override { return schema_; }
  double estimated_rows() const override { return estimated_rows_; }

 protected:
  Result<TablePtr> Produce() const override { return generate_(); }

 private:
  std::string name_;
  Schema schema_;
  double estimated_rows_;
  std::function<TablePtr()> generate_;
};

/// How the binder reads an argument: the constant it must be and what it becomes.
enum class TableParameterKind : uint8_t {
  kText,         // a string
  kCharacter,    // a string of one byte
  kBoolean,      // true/false, 1/0 or a string PostgreSQL reads as a boolean
  kColumns,      // a string of column definitions, 'a INTEGER, b DECIMAL(15,2)'
  kInteger,      // a constant integer expression (1, -5, 10 * 1000)
  kTextList,     // a string, or a list of strings: ['a', 'b'] or ARRAY['a', 'b']
  kSeriesValue,  // a constant integer, DATE or TIMESTAMP (or a literal read as one), or an INTERVAL literal
  kIntegerList,  // a constant integer, or a list of them: [1, 2] or ARRAY[1, 2]
  kDouble,       // a constant number (0.5, 1, 1e-3), read as a double
  kArrayValue,   // a constant array, T[] or T[n] (ARRAY[1, 2], '{a,b}'::VARCHAR[]), read as a T[] value
};

struct TableParameter {
  std::string name;  // named: what the call writes before =>; positional: what it is ("file path")
  std::vector<std::string> aliases;
  TableParameterKind kind = TableParameterKind::kText;
  bool optional = false;  // positional only: it and every positional one after it may be left out
};

/// One argument of a call, as its parameter's kind reads it.
struct TableArgument {
  std::string text;                // kText, kCharacter
  std::vector<std::string> texts;  // kTextList
  std::vector<int64_t> integers;   // kIntegerList
  double number = 0;               // kDouble
  bool boolean = false;            // kBoolean
  Schema columns;                  // kColumns
  int64_t integer = 0;             // kInteger; kSeriesValue: the integer, the timestamp's or interval's micros
  /// kSeriesValue: BIGINT, TIMESTAMP (a DATE becomes its midnight) or, for an INTERVAL, NULL
  /// with `months` and `integer` (its days and time in microseconds) set.
  DataType type;
  int64_t months = 0;
  Value value;  // kArrayValue: a T[] (or a NULL of one)
};

struct TableFunctionArguments {
  /// One per positional parameter given, in order (every one up to the first optional one).
  std::vector<TableArgument> positional;
  /// The named ones the call gave, in its order, with the parameter each one names.
  std::vector<std::pair<const TableParameter*, TableArgument>> named;
};

/// What a bind may need of the layers above functions; the binder fills it in.
struct TableFunctionEnvironment {
  /// orbit_devices(): the device table placement keeps.
  std::function<TableSourcePtr()> device_status;
  /// The catalog's table of that name as it is now (an immutable snapshot), or the binder's
  /// error naming it; graph functions read their edge tables through it. Only during the bind:
  /// a source keeps the table it was given, never this function.
  std::function<Result<TablePtr>(const std::string& name)> find_table;
};

/// Checks a call's arguments and returns what its scan will read; errors are the user's.
using TableFunctionBind =
    std::function<Result<TableSourcePtr>(const TableFunctionArguments&, const TableFunctionEnvironment&)>;

struct TableFunction {
  std::string name;
  std::vector<std::string> aliases;
  std::vector<TableParameter> positional;
  std::vector<TableParameter> named;
  /// A call to show where a positional argument is missing: "read_csv('file.csv')".
  std::string example;
  std::vector<Signature> signatures;
  std::string description;
  TableFunctionBind bind;
  /// Rows of one scalar value: the FROM item's alias names the column when it names no
  /// columns, as PostgreSQL names a function's base-type result (FROM generate_series(1, 3)
  /// AS g reads g).
  bool column_named_by_alias = false;
};

}  // namespace orbit
