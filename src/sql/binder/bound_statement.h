// A statement after parsing and binding: names resolved against the catalog, types
// checked, queries turned into logical plans. The connection executes these.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "io/csv/csv_reader.h"
#include "io/parquet/parquet_writer.h"
#include "plan/logical_plan.h"
#include "sql/catalog/catalog.h"
#include "sql/catalog/table_alteration.h"
#include "sql/parser/ast.h"

namespace orbit {

enum class StatementKind : uint8_t {
  kSelect,         // plan
  kExplain,        // explained (a kSelect or kCreateTableAs), explain_analyze
  kCreateTable,    // table_name, columns, if_not_exists
  kCreateTableAs,  // table_name, plan, if_not_exists, or_replace
  kCopyFrom,       // table_name, path, csv_options (columns = the table's schema); a Parquet
                   // file's COPY FROM is a kInsertSelect of read_parquet
  kCopyTo,         // plan (the rows), path, copy_format, csv_options or parquet_options
  kInsertValues,   // table_name, rows (constants already cast to the table's column types)
  kInsertSelect,   // table_name, plan (producing every column of the table, in its types)
  kDropTable,      // table_name, if_exists
  kCreateView,     // table_name (the view's), view, or_replace
  kDropView,       // table_name (the view's), if_exists
  kSet,            // setting (lower-case), setting_value (text, unquoted)
  kShow,           // setting (lower-case; "all" for every setting)
  kUpdate,         // table_name, plan (the table's next rows, every column in its type), count_plan
  kDelete,         // table_name, plan (the rows kept)
  kAlterTable,     // table_name, if_exists, alterations (in order, all or none)
  kTruncate,       // table_names
  kSchema,         // schema_change: CREATE, DROP or ALTER SCHEMA
};

enum class CopyFormat : uint8_t { kText, kCsv, kParquet };

struct BoundStatement {
  StatementKind kind = StatementKind::kSelect;
  std::string sql;  // the statement's own text

  LogicalPtr plan;
  LogicalPtr count_plan;  // kUpdate: count(*) of the rows changed; null when every row changes
  // kUpdate without FROM: a projection over the table computing the match (TRUE for a row
  // that changes), then the next values of updated_columns (positions in the table), for
  // main/update_in_place.h, which keeps the other columns' buffers.
  LogicalPtr update_values;
  std::vector<int> updated_columns;
  // RETURNING of INSERT, UPDATE and DELETE: `returning` over rows with the table's columns
  // (the inserted rows; for UPDATE and DELETE those of returning_rows, the changed rows' new
  // values or the deleted rows, computed before the table is replaced), named as
  // returning_schema. Empty: no RETURNING.
  LogicalPtr returning_rows;
  std::vector<ExprPtr> returning;
  Schema returning_schema;
  // INSERT ... ON CONFLICT: the clause (its DO UPDATE is bound when the statement runs, over
  // the table and the proposed rows as "excluded") and the keys a proposed row may conflict on.
  std::shared_ptr<const ast::OnConflict> on_conflict;
  UniqueKeys conflict_keys;
  std::unique_ptr<BoundStatement> explained;
  bool explain_analyze = false;

  std::string table_name;
  Schema columns;
  TableConstraints constraints;  // kCreateTable: its DEFAULTs and keys
  bool if_not_exists = false;
  bool or_replace = false;
  bool if_exists = false;

  std::string path;
  CsvOptions csv_options;
  CopyFormat copy_format = CopyFormat::kText;
  ParquetWriteOptions parquet_options;

  std::vector<std::vector<Value>> rows;

  ViewPtr view;

  std::string setting;
  std::string setting_value;
  bool setting_to_default = false;  // SET ... TO DEFAULT, RESET (setting "all": RESET ALL)

  std::vector<TableAlteration> alterations;
  std::vector<std::string> table_names;
  ast::SchemaStatement schema_change;
};

}  // namespace orbit
