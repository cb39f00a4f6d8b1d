#include "sql/catalog/pg_catalog.h"

#include <map>

namespace orbit {

namespace {

constexpr int32_t kOwnerOid = 10;  // the bootstrap superuser's, as PostgreSQL numbers it
constexpr int32_t kHeapOid = 2;    // pg_am's heap
constexpr int32_t kFirstSchemaOid = 16000;
constexpr int32_t kFirstRelationOid = 16384;

// Every schema with its OID, the system ones first.
std::vector<std::pair<std::string, int32_t>> Namespaces(const CatalogState& state) {
  std::vector<std::pair<std::string, int32_t>> namespaces = {{"pg_catalog", 11}, {"information_schema", 13000}};
  int32_t next = kFirstSchemaOid;
  for (const std::string& schema : state.schemas) {
    namespaces.emplace_back(schema, schema == kPublicSchema ? 2200 : next++);
  }
  return namespaces;
}

struct ClassRow {
  std::string key;
  char kind;  // 'r' or 'v'
  int32_t oid;
};

// Tables, then views, each in key order: the numbering every table of a statement shares.
std::vector<ClassRow> Classes(const CatalogState& state) {
  std::vector<ClassRow> rows;
  int32_t next = kFirstRelationOid;
  for (const auto& [key, entry] : state.tables) rows.push_back({key, 'r', next++});
  for (const auto& [key, view] : state.views) rows.push_back({key, 'v', next++});
  return rows;
}

TablePtr Build(const std::string& name, Schema schema, std::vector<ColumnBuilder>& out) {
  auto table = std::make_shared<Table>(name, std::move(schema));
  Batch batch;
  batch.length = out[0].length();
  for (ColumnBuilder& b : out) batch.columns.push_back(b.Finish());
  if (batch.length > 0) table->Append(batch);
  return table;
}

std::vector<ColumnBuilder> Builders(const Schema& schema) {
  std::vector<ColumnBuilder> out;
  for (const Field& f : schema) out.emplace_back(f.type);
  return out;
}

TablePtr PgNamespace(const CatalogState& state) {
  Schema schema{{"oid", DataType::Int32()}, {"nspname", DataType::Varchar()}, {"nspowner", DataType::Int32()}};
  std::vector<ColumnBuilder> out = Builders(schema);
  for (const auto& [name, oid] : Namespaces(state)) {
    out[0].AppendInt32(oid);
    out[1].AppendString(name);
    out[2].AppendInt32(kOwnerOid);
  }
  return Build("pg_namespace", std::move(schema), out);
}

TablePtr PgClass(const CatalogState& state) {
  std::map<std::string, int32_t> namespace_oids;
  for (const auto& [name, oid] : Namespaces(state)) namespace_oids[name] = oid;
  Schema schema{{"oid", DataType::Int32()},       {"relname", DataType::Varchar()}, {"relnamespace", DataType::Int32()},
                {"relkind", DataType::Varchar()}, {"relowner", DataType::Int32()},  {"relam", DataType::Int32()}};
  std::vector<ColumnBuilder> out = Builders(schema);
  for (const ClassRow& row : Classes(state)) {
    const auto found = namespace_oids.find(SchemaOfKey(row.key));
    out[0].AppendInt32(row.oid);
    out[1].AppendString(NameOfKey(row.key));
    if (found == namespace_oids.end()) {
      out[2].AppendNull();
    } else {
      out[2].AppendInt32(found->second);
    }
    out[3].AppendString(std::string(1, row.kind));
    out[4].AppendInt32(kOwnerOid);
    out[5].AppendInt32(row.kind == 'r' ? kHeapOid : 0);
  }
  return Build("pg_class", std::move(schema), out);
}

TablePtr PgAm(const CatalogState&) {
  Schema schema{{"oid", DataType::Int32()}, {"amname", DataType::Varchar()}, {"amtype", DataType::Varchar()}};
  std::vector<ColumnBuilder> out = Builders(schema);
  out[0].AppendInt32(kHeapOid);
  out[1].AppendString("heap");
  out[2].AppendString("t");
  return Build("pg_am", std::move(schema), out);
}

}  // namespace

TablePtr PgCatalogTable(const std::string& name, const Catalog& catalog) {
  using Builder = TablePtr (*)(const CatalogState&);
  static const std::map<std::string, Builder> kTables = {
      {"pg_namespace", &PgNamespace},
      {"pg_class", &PgClass},
      {"pg_am", &PgAm},
  };
  std::string lower = ToLower(name);
  if (lower.starts_with("pg_catalog.")) lower = lower.substr(std::string("pg_catalog.").size());
  if (lower.find('.') != std::string::npos) return nullptr;
  auto it = kTables.find(lower);
  return it == kTables.end() ? nullptr : it->second(catalog.State());
}

std::vector<int32_t> VisibleRelationOids(const Catalog& catalog) {
  std::vector<int32_t> visible;
  for (const ClassRow& row : Classes(catalog.State())) {
    // Visible: the relation its bare name resolves to is this one.
    if (ToLower(catalog.Resolve(NameOfKey(row.key))) == row.key) visible.push_back(row.oid);
  }
  return visible;
}

}  // namespace orbit
