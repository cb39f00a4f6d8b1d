#include "sql/catalog/information_schema.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <vector>

namespace orbit {

namespace {

constexpr const char* kCatalog = kDatabaseName;

// The type as information_schema.columns.data_type names it (PostgreSQL's spelling).
std::string StandardTypeName(const DataType& type) {
  switch (type.id) {
    case TypeId::kBoolean: return "boolean";
    case TypeId::kInt8: return "tinyint";  // DuckDB's; PostgreSQL has none
    case TypeId::kInt16: return "smallint";
    case TypeId::kInt32: return "integer";
    case TypeId::kInt64: return "bigint";
    case TypeId::kDouble: return "double precision";
    case TypeId::kDecimal: return "numeric";
    case TypeId::kDate: return "date";
    case TypeId::kVarchar: return "character varying";
    case TypeId::kTimestamp: return "timestamp without time zone";
    case TypeId::kFloat: return "real";
    case TypeId::kArray:
    case TypeId::kList: return "ARRAY";  // PostgreSQL's data_type for every array
    case TypeId::kInterval: return "interval";
    case TypeId::kNull: break;
  }
  return ToLower(type.ToString());
}

// Each relation's name, kind and columns, tables and views in name order.
struct Relation {
  std::string name;  // the catalog's key: "t", "s.t"
  bool view = false;
  Schema columns;

  std::string schema() const { return SchemaOfKey(name); }
  std::string table() const { return NameOfKey(name); }
};

std::vector<Relation> Relations(const CatalogState& state) {
  std::vector<Relation> relations;
  for (const auto& [key, entry] : state.tables) {
    const bool loaded = entry.table != nullptr;
    relations.push_back({loaded ? entry.table->name() : entry.pending->name, false,
                         loaded ? entry.table->schema() : entry.pending->schema});
  }
  for (const auto& [key, view] : state.views) relations.push_back({view->name, true, view->columns});
  std::sort(relations.begin(), relations.end(),
            [](const Relation& a, const Relation& b) { return ToLower(a.name) < ToLower(b.name); });
  return relations;
}

TablePtr Tables(const CatalogState& state) {
  Schema schema{{"table_catalog", DataType::Varchar()},
                {"table_schema", DataType::Varchar()},
                {"table_name", DataType::Varchar()},
                {"table_type", DataType::Varchar()}};
  std::vector<ColumnBuilder> out;
  for (const Field& f : schema) out.emplace_back(f.type);
  for (const Relation& r : Relations(state)) {
    out[0].AppendString(kCatalog);
    out[1].AppendString(r.schema());
    out[2].AppendString(r.table());
    out[3].AppendString(r.view ? "VIEW" : "BASE TABLE");
  }
  auto table = std::make_shared<Table>("tables", schema);
  Batch batch;
  batch.length = out[0].length();
  for (ColumnBuilder& b : out) batch.columns.push_back(b.Finish());
  if (batch.length > 0) table->Append(batch);
  return table;
}

TablePtr Columns(const CatalogState& state) {
  Schema schema{{"table_catalog", DataType::Varchar()},  {"table_schema", DataType::Varchar()},
                {"table_name", DataType::Varchar()},     {"column_name", DataType::Varchar()},
                {"ordinal_position", DataType::Int32()}, {"column_default", DataType::Varchar()},
                {"is_nullable", DataType::Varchar()},    {"data_type", DataType::Varchar()}};
  std::vector<ColumnBuilder> out;
  for (const Field& f : schema) out.emplace_back(f.type);
  for (const Relation& r : Relations(state)) {
    const auto constraints = state.constraints.find(ToLower(r.name));
    for (size_t i = 0; i < r.columns.size(); ++i) {
      const Field& column = r.columns[i];
      out[0].AppendString(kCatalog);
      out[1].AppendString(r.schema());
      out[2].AppendString(r.table());
      out[3].AppendString(column.name);
      out[4].AppendInt32(static_cast<int32_t>(i + 1));
      const ColumnDefaults* defaults = constraints != state.constraints.end() ? &constraints->second.defaults : nullptr;
      const auto found = defaults ? defaults->find(ToLower(column.name)) : ColumnDefaults::const_iterator();
      if (defaults && found != defaults->end()) {
        out[5].AppendString(found->second.sql);
      } else {
        out[5].AppendNull();
      }
      out[6].AppendString(column.not_null ? "NO" : "YES");
      out[7].AppendString(StandardTypeName(column.type));
    }
  }
  auto table = std::make_shared<Table>("columns", schema);
  Batch batch;
  batch.length = out[0].length();
  for (ColumnBuilder& b : out) batch.columns.push_back(b.Finish());
  if (batch.length > 0) table->Append(batch);
  return table;
}

// A table of VARCHAR columns named `names`, one row per entry of `rows`.
TablePtr TextTable(const std::string& name, const std::vector<std::string>& names,
                   const std::vector<std::vector<std::string>>& rows) {
  Schema schema;
  for (const std::string& column : names) schema.push_back({column, DataType::Varchar()});
  std::vector<ColumnBuilder> out;
  for (const Field& f : schema) out.emplace_back(f.type);
  for (const auto& row : rows) {
    for (size_t c = 0; c < row.size(); ++c) out[c].AppendString(row[c]);
  }
  auto table = std::make_shared<Table>(name, schema);
  Batch batch;
  batch.length = out[0].length();
  for (ColumnBuilder& b : out) batch.columns.push_back(b.Finish());
  if (batch.length > 0) table->Append(batch);
  return table;
}

// The name of the table whose constraints `key` (a lower-case name) holds.
std::string TableName(const CatalogState& state, const std::string& key) {
  auto it = state.tables.find(key);
  if (it == state.tables.end()) return key;
  return it->second.table ? it->second.table->name() : it->second.pending->name;
}

// PRIMARY KEY, UNIQUE and CHECK constraints, by table and name.
TablePtr TableConstraintRows(const CatalogState& state) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& [key, constraints] : state.constraints) {
    const std::string relation = TableName(state, key);
    const std::string schema = SchemaOfKey(relation);
    const std::string table = NameOfKey(relation);
    for (const UniqueKey& k : constraints.keys) {
      rows.push_back({kCatalog, schema, k.name, kCatalog, schema, table, k.primary ? "PRIMARY KEY" : "UNIQUE"});
    }
    for (const CheckConstraint& c : constraints.checks) {
      rows.push_back({kCatalog, schema, c.name, kCatalog, schema, table, "CHECK"});
    }
  }
  std::sort(rows.begin(), rows.end(),
            [](const auto& a, const auto& b) { return std::tie(a[5], a[4], a[2]) < std::tie(b[5], b[4], b[2]); });
  return TextTable("table_constraints",
                   {"constraint_catalog", "constraint_schema", "constraint_name", "table_catalog", "table_schema",
                    "table_name", "constraint_type"},
                   rows);
}

// Each CHECK's expression as written, in parentheses (PostgreSQL shows its own rendering).
TablePtr CheckConstraintRows(const CatalogState& state) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& [key, constraints] : state.constraints) {
    for (const CheckConstraint& c : constraints.checks) {
      rows.push_back({kCatalog, SchemaOfKey(key), c.name, "(" + c.sql + ")"});
    }
  }
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a[2] < b[2]; });
  return TextTable("check_constraints", {"constraint_catalog", "constraint_schema", "constraint_name", "check_clause"},
                   rows);
}

// Every schema: the catalog's and the two system ones, as PostgreSQL lists them (its
// pg_toast aside); Orbit has no roles, so each is owned by the database's owner.
TablePtr SchemataRows(const CatalogState& state) {
  std::set<std::string> names = state.schemas;
  names.insert("information_schema");
  names.insert("pg_catalog");
  std::vector<std::vector<std::string>> rows;
  for (const std::string& name : names) rows.push_back({kCatalog, name, "pg_database_owner"});
  return TextTable("schemata", {"catalog_name", "schema_name", "schema_owner"}, rows);
}

}  // namespace

TablePtr InformationSchemaTable(const std::string& name, const Catalog& catalog) {
  using Builder = TablePtr (*)(const CatalogState&);
  static const std::map<std::string, Builder> kViews = {
      {"information_schema.tables", &Tables},
      {"information_schema.columns", &Columns},
      {"information_schema.table_constraints", &TableConstraintRows},
      {"information_schema.check_constraints", &CheckConstraintRows},
      {"information_schema.schemata", &SchemataRows},
  };
  auto it = kViews.find(ToLower(name));
  return it == kViews.end() ? nullptr : it->second(catalog.State());
}

}  // namespace orbit
