#include "sql/catalog/table_alteration.h"

#include <algorithm>

#include "columnar/column.h"
#include "sql/catalog/catalog.h"
#include "sql/catalog/search_path.h"

namespace orbit {

namespace {

int FindColumn(const Schema& schema, const std::string& name) {
  for (size_t i = 0; i < schema.size(); ++i) {
    if (ToLower(schema[i].name) == ToLower(name)) return static_cast<int>(i);
  }
  return -1;
}

Status NoSuchColumn(const Table& table, const std::string& name) {
  return Status::BindError("column \"{}\" of relation \"{}\" does not exist", name, table.name());
}

Result<TablePtr> AddColumn(const TablePtr& table, const TableAlteration& add) {
  if (FindColumn(table->schema(), add.column.name) >= 0) {
    if (add.missing_ok) return table;
    return Status::BindError("column \"{}\" of relation \"{}\" already exists", add.column.name, table->name());
  }
  if (add.column.not_null && table->num_rows() > 0) {
    return Status::Constraint("column \"{}\" of relation \"{}\" contains null values", add.column.name, table->name());
  }
  Schema schema = table->schema();
  schema.push_back(add.column);
  auto next = std::make_shared<Table>(table->name(), std::move(schema));
  for (const Batch& batch : table->batches()) {
    ColumnBuilder nulls(add.column.type, batch.length);
    for (int64_t i = 0; i < batch.length; ++i) nulls.AppendNull();
    Batch extended = batch;
    extended.columns.push_back(nulls.Finish());
    next->Append(std::move(extended));
  }
  return next;
}

Result<TablePtr> DropColumn(const TablePtr& table, const TableAlteration& drop) {
  const int column = FindColumn(table->schema(), drop.name);
  if (column < 0) return drop.missing_ok ? Result<TablePtr>(table) : NoSuchColumn(*table, drop.name);
  if (table->num_columns() == 1) {
    return Status::NotSupported("dropping the only column of \"{}\" (tables without columns)", table->name());
  }
  Schema schema = table->schema();
  schema.erase(schema.begin() + column);
  auto next = std::make_shared<Table>(table->name(), std::move(schema));
  for (const Batch& batch : table->batches()) {
    Batch narrowed = batch;
    narrowed.columns.erase(narrowed.columns.begin() + column);
    next->Append(std::move(narrowed));
  }
  return next;
}

// A new name for a column or the table, over the same batches.
Result<TablePtr> Rename(const TablePtr& table, const TableAlteration& rename) {
  Schema schema = table->schema();
  std::string name = table->name();
  if (rename.kind == TableAlteration::Kind::kRenameTable) {
    name = RelationKey(SchemaOfKey(name), rename.new_name);  // RENAME TO keeps the schema
  } else if (rename.kind == TableAlteration::Kind::kSetSchema) {
    name = RelationKey(rename.new_name, NameOfKey(name));
  } else {
    const int column = FindColumn(schema, rename.name);
    if (column < 0) return NoSuchColumn(*table, rename.name);
    if (FindColumn(schema, rename.new_name) >= 0 && ToLower(rename.new_name) != ToLower(rename.name)) {
      return Status::BindError("column \"{}\" of relation \"{}\" already exists", rename.new_name, table->name());
    }
    schema[column].name = rename.new_name;
  }
  auto next = std::make_shared<Table>(name, std::move(schema));
  for (const Batch& batch : table->batches()) next->Append(batch);
  return next;
}

Result<TablePtr> Apply(const TablePtr& table, const TableAlteration& alteration) {
  switch (alteration.kind) {
    case TableAlteration::Kind::kAddColumn: return AddColumn(table, alteration);
    case TableAlteration::Kind::kDropColumn: return DropColumn(table, alteration);
    case TableAlteration::Kind::kRenameColumn:
    case TableAlteration::Kind::kRenameTable:
    case TableAlteration::Kind::kSetSchema: return Rename(table, alteration);
    case TableAlteration::Kind::kAddCheck:
    case TableAlteration::Kind::kDropConstraint: return table;  // constraints only: AlterConstraints
  }
  return Status::Internal("unknown table alteration");
}

}  // namespace

Result<TablePtr> AlterTable(const TablePtr& table, const std::vector<TableAlteration>& alterations) {
  TablePtr next = table;
  for (const TableAlteration& alteration : alterations) {
    ORBIT_ASSIGN_OR_RETURN(next, Apply(next, alteration));
  }
  return next;
}

namespace {

bool Reads(const CheckConstraint& check, const std::string& column) {
  return std::find(check.columns.begin(), check.columns.end(), column) != check.columns.end();
}

bool NameTaken(const TableConstraints& constraints, const std::string& name) {
  auto same = [&](const std::string& other) { return ToLower(other) == ToLower(name); };
  return std::any_of(constraints.keys.begin(), constraints.keys.end(),
                     [&](const UniqueKey& k) { return same(k.name); }) ||
         std::any_of(constraints.checks.begin(), constraints.checks.end(),
                     [&](const CheckConstraint& c) { return same(c.name); });
}

// DROP CONSTRAINT name: a CHECK or a key.
Status DropConstraint(TableConstraints& constraints, const TableAlteration& drop, const std::string& table) {
  auto same = [&](const std::string& other) { return ToLower(other) == ToLower(drop.name); };
  const size_t before = constraints.checks.size() + constraints.keys.size();
  std::erase_if(constraints.checks, [&](const CheckConstraint& c) { return same(c.name); });
  std::erase_if(constraints.keys, [&](const UniqueKey& k) { return same(k.name); });
  if (before == constraints.checks.size() + constraints.keys.size() && !drop.missing_ok) {
    return Status::BindError("constraint \"{}\" of relation \"{}\" does not exist", drop.name, table);
  }
  return Status::OK();
}

}  // namespace

Result<TableConstraints> AlterConstraints(TableConstraints constraints, const std::vector<TableAlteration>& alterations,
                                          const std::string& table) {
  ColumnDefaults& defaults = constraints.defaults;
  UniqueKeys& keys = constraints.keys;
  for (const TableAlteration& alteration : alterations) {
    const std::string column = ToLower(alteration.name);
    auto names = [&](const UniqueKey& key) {
      return std::any_of(key.columns.begin(), key.columns.end(),
                         [&](const std::string& c) { return ToLower(c) == column; });
    };
    auto default_value = defaults.find(column);
    if (alteration.kind == TableAlteration::Kind::kAddCheck) {
      if (NameTaken(constraints, alteration.check.name)) {
        return Status::BindError("constraint \"{}\" for relation \"{}\" already exists", alteration.check.name, table);
      }
      constraints.checks.push_back(alteration.check);
    } else if (alteration.kind == TableAlteration::Kind::kDropConstraint) {
      ORBIT_RETURN_IF_ERROR(DropConstraint(constraints, alteration, table));
    } else if (alteration.kind == TableAlteration::Kind::kDropColumn) {
      if (default_value != defaults.end()) defaults.erase(default_value);
      keys.erase(std::remove_if(keys.begin(), keys.end(), names), keys.end());
      std::erase_if(constraints.checks, [&](const CheckConstraint& c) { return Reads(c, column); });
    } else if (alteration.kind == TableAlteration::Kind::kRenameColumn) {
      for (const CheckConstraint& check : constraints.checks) {
        if (Reads(check, column) && column != ToLower(alteration.new_name)) {
          return Status::NotSupported(
              "renaming column \"{}\" of relation \"{}\": check constraint \"{}\" reads it (drop the constraint, "
              "rename, then add it again)",
              alteration.name, table, check.name);
        }
      }
      if (default_value != defaults.end()) {
        ColumnDefault value = default_value->second;
        defaults.erase(default_value);
        defaults[ToLower(alteration.new_name)] = std::move(value);
      }
      for (UniqueKey& key : keys) {
        for (std::string& c : key.columns) {
          if (ToLower(c) == column) c = alteration.new_name;
        }
      }
    }
  }
  return constraints;
}

}  // namespace orbit
