#include "main/unique_keys.h"

#include <fmt/format.h>

#include "exec/expression/expression_evaluator.h"
#include "main/internal_query.h"

namespace orbit {

std::string DuplicateKeyQuery(const std::string& table, const UniqueKey& key) {
  std::vector<std::string> columns, present;
  for (const std::string& c : key.columns) {
    columns.push_back(QuotedIdentifier(c));
    present.push_back(QuotedIdentifier(c) + " IS NOT NULL");
  }
  return fmt::format("SELECT {0} FROM {1} WHERE {2} GROUP BY {0} HAVING count(*) > 1 LIMIT 1", fmt::join(columns, ", "),
                     QuotedRelation(table), fmt::join(present, " AND "));
}

Status CheckUniqueKeys(const TablePtr& table, const UniqueKeys& keys, const ExecutionOptions& options) {
  if (keys.empty() || table->num_rows() < 2) return Status::OK();
  Catalog scratch;  // the table's next version alone, under its own name
  ORBIT_RETURN_IF_ERROR(scratch.CreateTable(table));
  for (const UniqueKey& key : keys) {
    ORBIT_ASSIGN_OR_RETURN(TablePtr duplicate,
                           RunInternalQuery(DuplicateKeyQuery(table->name(), key), scratch, options));
    for (const Batch& batch : duplicate->batches()) {
      if (batch.length == 0) continue;
      std::vector<std::string> values;
      for (const ColumnPtr& column : batch.columns) values.push_back(ValueAt(column->view(), 0).ToString());
      return Status::UniqueViolation(
          "duplicate key value violates unique constraint \"{}\": Key ({})=({}) already exists", key.name,
          fmt::join(key.columns, ", "), fmt::join(values, ", "));
    }
  }
  return Status::OK();
}

}  // namespace orbit
