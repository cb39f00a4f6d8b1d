// ALTER TABLE's changes as functions from a table to its next version: columns added (NULL
// in every existing row), dropped or renamed, or the table renamed. Tables are immutable
// snapshots, so the batches are shared, not copied, and queries running meanwhile keep the
// version they started with.
#pragma once

#include <string>
#include <vector>

#include "columnar/table.h"
#include "common/status.h"
#include "sql/catalog/catalog.h"

namespace orbit {

struct TableAlteration {
  // kAddCheck and kDropConstraint change only the constraints (AlterConstraints).
  enum class Kind : uint8_t {
    kAddColumn,
    kDropColumn,
    kRenameColumn,
    kRenameTable,
    kAddCheck,
    kDropConstraint,
    kSetSchema
  };
  Kind kind = Kind::kAddColumn;
  Field column;             // kAddColumn
  CheckConstraint check;    // kAddCheck (bound: its name is chosen)
  std::string name;         // kDropColumn, kRenameColumn; kDropConstraint: the constraint
  std::string new_name;     // kRenameColumn, kRenameTable; kSetSchema: the schema (it exists)
  bool missing_ok = false;  // DROP COLUMN IF EXISTS; ADD COLUMN IF NOT EXISTS
};

/// `table` with every alteration applied in order; the first that cannot apply fails the
/// whole list (PostgreSQL's messages: `column "x" of relation "t" already exists`, ...).
Result<TablePtr> AlterTable(const TablePtr& table, const std::vector<TableAlteration>& alterations);

/// The constraints after the same alterations: a dropped column's DEFAULT, keys and CHECKs go
/// (as PostgreSQL drops them), a renamed column's move to its new name; CHECKs are added and
/// constraints dropped by name. `table` names the table in errors: a constraint name taken
/// or unknown, a column renamed that a CHECK reads (its text would no longer bind).
Result<TableConstraints> AlterConstraints(TableConstraints constraints, const std::vector<TableAlteration>& alterations,
                                          const std::string& table);

}  // namespace orbit
