#include "sql/catalog/pg_catalog.h"

#include <map>

#include "functions/pg_type_info.h"

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
  Schema columns;
  bool temporary = false;
};

// A table's columns without reading a pending one's rows.
Schema ColumnsOf(const CatalogTable& entry) {
  if (entry.table) return entry.table->schema();
  return entry.pending ? entry.pending->schema : Schema{};
}

// Tables, then views, each in key order: the numbering every table of a statement shares.
std::vector<ClassRow> Classes(const CatalogState& state) {
  std::vector<ClassRow> rows;
  int32_t next = kFirstRelationOid;
  for (const auto& [key, entry] : state.tables) rows.push_back({key, 'r', next++, ColumnsOf(entry), entry.temporary});
  for (const auto& [key, view] : state.views) rows.push_back({key, 'v', next++, view->columns});
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
  // What psql's \d reads. No indexes, rules, triggers, row security, partitions or TOAST:
  // those columns say so; CHECK constraints are not listed yet (relchecks 0).
  Schema schema{{"oid", DataType::Int32()},
                {"relname", DataType::Varchar()},
                {"relnamespace", DataType::Int32()},
                {"relkind", DataType::Varchar()},
                {"relowner", DataType::Int32()},
                {"relam", DataType::Int32()},
                {"relnatts", DataType::Int16()},
                {"relchecks", DataType::Int16()},
                {"relhasindex", DataType::Boolean()},
                {"relhasrules", DataType::Boolean()},
                {"relhastriggers", DataType::Boolean()},
                {"relrowsecurity", DataType::Boolean()},
                {"relforcerowsecurity", DataType::Boolean()},
                {"relispartition", DataType::Boolean()},
                {"relpersistence", DataType::Varchar()},
                {"relreplident", DataType::Varchar()},
                {"reltablespace", DataType::Int32()},
                {"reloftype", DataType::Int32()},
                {"reltoastrelid", DataType::Int32()},
                {"reloptions", DataType::List(DataType::Varchar())}};
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
    out[6].AppendInt16(static_cast<int16_t>(row.columns.size()));
    out[7].AppendInt16(0);
    for (int c = 8; c <= 13; ++c) out[c].AppendBool(false);
    out[14].AppendString(row.temporary ? "t" : "p");
    out[15].AppendString(row.kind == 'r' ? "d" : "n");
    for (int c = 16; c <= 18; ++c) out[c].AppendInt32(0);
    out[19].AppendNull();
  }
  return Build("pg_class", std::move(schema), out);
}

// One row per column of every relation, numbered from 1 as PostgreSQL's attnum.
TablePtr PgAttribute(const CatalogState& state) {
  Schema schema{{"attrelid", DataType::Int32()},       {"attname", DataType::Varchar()},
                {"atttypid", DataType::Int32()},       {"atttypmod", DataType::Int32()},
                {"attnum", DataType::Int16()},         {"attlen", DataType::Int16()},
                {"attnotnull", DataType::Boolean()},   {"atthasdef", DataType::Boolean()},
                {"attisdropped", DataType::Boolean()}, {"attidentity", DataType::Varchar()},
                {"attgenerated", DataType::Varchar()}, {"attcollation", DataType::Int32()}};
  std::vector<ColumnBuilder> out = Builders(schema);
  for (const ClassRow& row : Classes(state)) {
    const auto constraints = state.constraints.find(row.key);
    for (size_t i = 0; i < row.columns.size(); ++i) {
      const Field& f = row.columns[i];
      const int32_t type = PgTypeOid(f.type);
      const bool has_default =
          constraints != state.constraints.end() && constraints->second.defaults.count(ToLower(f.name)) > 0;
      out[0].AppendInt32(row.oid);
      out[1].AppendString(f.name);
      out[2].AppendInt32(type);
      out[3].AppendInt32(PgTypeModifier(f.type));
      out[4].AppendInt16(static_cast<int16_t>(i + 1));
      const PgTypeInfo* info = FindPgType(type);
      out[5].AppendInt16(info ? info->length : int16_t{-1});
      out[6].AppendBool(f.not_null);
      out[7].AppendBool(has_default);
      out[8].AppendBool(false);
      out[9].AppendString("");
      out[10].AppendString("");
      out[11].AppendInt32(info && info->collatable ? kPgDefaultCollation : 0);
    }
  }
  return Build("pg_attribute", std::move(schema), out);
}

// The DEFAULTs: adbin is the expression's SQL, which pg_get_expr gives back.
TablePtr PgAttrdef(const CatalogState& state) {
  Schema schema{{"oid", DataType::Int32()},
                {"adrelid", DataType::Int32()},
                {"adnum", DataType::Int16()},
                {"adbin", DataType::Varchar()}};
  std::vector<ColumnBuilder> out = Builders(schema);
  int32_t next = kFirstRelationOid + 1000000;  // beyond any relation's
  for (const ClassRow& row : Classes(state)) {
    const auto constraints = state.constraints.find(row.key);
    if (constraints == state.constraints.end()) continue;
    for (size_t i = 0; i < row.columns.size(); ++i) {
      const auto d = constraints->second.defaults.find(ToLower(row.columns[i].name));
      if (d == constraints->second.defaults.end()) continue;
      out[0].AppendInt32(next++);
      out[1].AppendInt32(row.oid);
      out[2].AppendInt16(static_cast<int16_t>(i + 1));
      out[3].AppendString(d->second.sql);
    }
  }
  return Build("pg_attrdef", std::move(schema), out);
}

TablePtr PgType(const CatalogState&) {
  Schema schema{
      {"oid", DataType::Int32()},           {"typname", DataType::Varchar()},    {"typnamespace", DataType::Int32()},
      {"typowner", DataType::Int32()},      {"typlen", DataType::Int16()},       {"typtype", DataType::Varchar()},
      {"typcategory", DataType::Varchar()}, {"typelem", DataType::Int32()},      {"typarray", DataType::Int32()},
      {"typcollation", DataType::Int32()},  {"typnotnull", DataType::Boolean()}, {"typbasetype", DataType::Int32()},
      {"typtypmod", DataType::Int32()},     {"typrelid", DataType::Int32()}};
  std::vector<ColumnBuilder> out = Builders(schema);
  for (const PgTypeInfo& t : PgTypes()) {
    out[0].AppendInt32(t.oid);
    out[1].AppendString(t.name);
    out[2].AppendInt32(11);  // pg_catalog
    out[3].AppendInt32(kOwnerOid);
    out[4].AppendInt16(t.length);
    out[5].AppendString("b");
    out[6].AppendString(std::string(1, t.category));
    out[7].AppendInt32(t.element);
    out[8].AppendInt32(t.array);
    out[9].AppendInt32(t.collatable ? kPgDefaultCollation : 0);
    out[10].AppendBool(false);
    out[11].AppendInt32(0);
    out[12].AppendInt32(-1);
    out[13].AppendInt32(0);
  }
  return Build("pg_type", std::move(schema), out);
}

// Orbit compares strings by their bytes: the default collation is C's.
TablePtr PgCollation(const CatalogState&) {
  Schema schema{{"oid", DataType::Int32()}, {"collname", DataType::Varchar()}, {"collnamespace", DataType::Int32()}};
  std::vector<ColumnBuilder> out = Builders(schema);
  for (const auto& [oid, name] : {std::pair{kPgDefaultCollation, "default"}, std::pair{950, "C"}}) {
    out[0].AppendInt32(oid);
    out[1].AppendString(name);
    out[2].AppendInt32(11);
  }
  return Build("pg_collation", std::move(schema), out);
}

TablePtr PgAm(const CatalogState&) {
  Schema schema{{"oid", DataType::Int32()}, {"amname", DataType::Varchar()}, {"amtype", DataType::Varchar()}};
  std::vector<ColumnBuilder> out = Builders(schema);
  out[0].AppendInt32(kHeapOid);
  out[1].AppendString("heap");
  out[2].AppendString("t");
  return Build("pg_am", std::move(schema), out);
}

// Orbit has one role, "orbit" (pg_get_userbyid's), which owns everything.
TablePtr PgRoles(const CatalogState&) {
  Schema schema{{"oid", DataType::Int32()}, {"rolname", DataType::Varchar()}, {"rolsuper", DataType::Boolean()}};
  std::vector<ColumnBuilder> out = Builders(schema);
  out[0].AppendInt32(kOwnerOid);
  out[1].AppendString("orbit");
  out[2].AppendBool(true);
  return Build("pg_roles", std::move(schema), out);
}

// Catalogs of what Orbit does not have (row security policies, extended statistics,
// publications, inheritance, triggers): no rows, the columns psql's \d reads.
TablePtr EmptyCatalog(const std::string& name, Schema schema) {
  return std::make_shared<Table>(name, std::move(schema));
}

TablePtr PgPolicy(const CatalogState&) {
  return EmptyCatalog("pg_policy", {{"oid", DataType::Int32()},
                                    {"polname", DataType::Varchar()},
                                    {"polrelid", DataType::Int32()},
                                    {"polcmd", DataType::Varchar()},
                                    {"polpermissive", DataType::Boolean()},
                                    {"polroles", DataType::List(DataType::Int32())},
                                    {"polqual", DataType::Varchar()},
                                    {"polwithcheck", DataType::Varchar()}});
}

TablePtr PgStatisticExt(const CatalogState&) {
  return EmptyCatalog("pg_statistic_ext", {{"oid", DataType::Int32()},
                                           {"stxrelid", DataType::Int32()},
                                           {"stxname", DataType::Varchar()},
                                           {"stxnamespace", DataType::Int32()},
                                           {"stxowner", DataType::Int32()},
                                           {"stxstattarget", DataType::Int32()},
                                           {"stxkeys", DataType::List(DataType::Int16())},
                                           {"stxkind", DataType::List(DataType::Varchar())},
                                           {"stxexprs", DataType::Varchar()}});
}

TablePtr PgPublication(const CatalogState&) {
  return EmptyCatalog("pg_publication", {{"oid", DataType::Int32()},
                                         {"pubname", DataType::Varchar()},
                                         {"pubowner", DataType::Int32()},
                                         {"puballtables", DataType::Boolean()},
                                         {"pubinsert", DataType::Boolean()},
                                         {"pubupdate", DataType::Boolean()},
                                         {"pubdelete", DataType::Boolean()},
                                         {"pubtruncate", DataType::Boolean()},
                                         {"pubviaroot", DataType::Boolean()}});
}

TablePtr PgPublicationRel(const CatalogState&) {
  return EmptyCatalog("pg_publication_rel", {{"oid", DataType::Int32()},
                                             {"prpubid", DataType::Int32()},
                                             {"prrelid", DataType::Int32()},
                                             {"prqual", DataType::Varchar()},
                                             {"prattrs", DataType::List(DataType::Int16())}});
}

TablePtr PgPublicationNamespace(const CatalogState&) {
  return EmptyCatalog("pg_publication_namespace",
                      {{"oid", DataType::Int32()}, {"pnpubid", DataType::Int32()}, {"pnnspid", DataType::Int32()}});
}

TablePtr PgInherits(const CatalogState&) {
  return EmptyCatalog("pg_inherits", {{"inhrelid", DataType::Int32()},
                                      {"inhparent", DataType::Int32()},
                                      {"inhseqno", DataType::Int32()},
                                      {"inhdetachpending", DataType::Boolean()}});
}

TablePtr PgTrigger(const CatalogState&) {
  return EmptyCatalog("pg_trigger", {{"oid", DataType::Int32()},
                                     {"tgrelid", DataType::Int32()},
                                     {"tgname", DataType::Varchar()},
                                     {"tgenabled", DataType::Varchar()},
                                     {"tgisinternal", DataType::Boolean()},
                                     {"tgparentid", DataType::Int32()}});
}

}  // namespace

TablePtr PgCatalogTable(const std::string& name, const Catalog& catalog) {
  using Builder = TablePtr (*)(const CatalogState&);
  static const std::map<std::string, Builder> kTables = {
      {"pg_namespace", &PgNamespace},
      {"pg_class", &PgClass},
      {"pg_am", &PgAm},
      {"pg_attribute", &PgAttribute},
      {"pg_attrdef", &PgAttrdef},
      {"pg_type", &PgType},
      {"pg_collation", &PgCollation},
      {"pg_roles", &PgRoles},
      {"pg_policy", &PgPolicy},
      {"pg_statistic_ext", &PgStatisticExt},
      {"pg_publication", &PgPublication},
      {"pg_publication_rel", &PgPublicationRel},
      {"pg_publication_namespace", &PgPublicationNamespace},
      {"pg_inherits", &PgInherits},
      {"pg_trigger", &PgTrigger},
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
