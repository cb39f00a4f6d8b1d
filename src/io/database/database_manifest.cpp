#include "io/database/database_manifest.h"

#include <cstdio>
#include <optional>

#include <nlohmann/json.hpp>

namespace orbit {

namespace {

using Json = nlohmann::json;

constexpr const char* kFormat = "orbit-database";
constexpr int kVersion = 1;

// Every type a stored column can have, by its SQL spelling (DataType::ToString), except
// DECIMAL(p,s), which carries its precision and scale.
const std::vector<DataType>& StorableTypes() {
  static const std::vector<DataType> types = {
      DataType::Boolean(), DataType::Int8(),   DataType::Int16(), DataType::Int32(),   DataType::Int64(),
      DataType::Float(),   DataType::Double(), DataType::Date(),  DataType::Varchar(), DataType::Timestamp()};
  return types;
}

// "REAL[384]": a fixed-size array.
std::optional<DataType> ArrayTypeFromText(const std::string& text) {
  const size_t open = text.find('[');
  if (open == std::string::npos || text.back() != ']') return std::nullopt;
  unsigned dimension = 0;
  char end = 0;
  if (std::sscanf(text.c_str() + open, "[%u%c", &dimension, &end) != 2 || end != ']' || dimension < 1 ||
      dimension > kMaxArrayDimension) {
    return std::nullopt;
  }
  for (TypeId element : {TypeId::kFloat, TypeId::kDouble, TypeId::kInt32, TypeId::kInt64}) {
    if (DataType{element}.ToString() == text.substr(0, open)) return DataType::Array(element, dimension);
  }
  return std::nullopt;
}

Result<DataType> TypeFromText(const std::string& text) {
  for (const DataType& type : StorableTypes()) {
    if (type.ToString() == text) return type;
  }
  // "INTEGER[]", "DECIMAL(10,2)[]": a variable-length array of a storable element type.
  if (text.size() > 2 && text.ends_with("[]")) {
    Result<DataType> element = TypeFromText(text.substr(0, text.size() - 2));
    if (element.ok() && IsListElementType(element->id)) return DataType::List(*element);
    return Status::IOError("unknown column type \"{}\"", text);
  }
  if (std::optional<DataType> array = ArrayTypeFromText(text)) return *array;
  int precision = 0, scale = 0;
  char end = 0;
  if (std::sscanf(text.c_str(), "DECIMAL(%d,%d%c", &precision, &scale, &end) == 3 && end == ')' && precision >= 1 &&
      precision <= kMaxDecimalPrecision && scale >= 0 && scale <= precision) {
    return DataType::Decimal(precision, scale);
  }
  return Status::IOError("unknown column type \"{}\"", text);
}

Json SchemaToJson(const Schema& schema) {
  Json columns = Json::array();
  for (const Field& field : schema) {
    columns.push_back({{"name", field.name}, {"type", field.type.ToString()}, {"not_null", field.not_null}});
  }
  return columns;
}

// Reading: every access is checked, and a mismatch is an IOError naming the source.
class ManifestReader {
 public:
  explicit ManifestReader(std::string source) : source_(std::move(source)) {}

  Result<DatabaseManifest> Read(const Json& root) {
    if (!root.is_object() || root.value("format", "") != kFormat) return Damaged("not an Orbit database catalog");
    if (!root.contains("version") || !root["version"].is_number_integer() || root["version"] != kVersion) {
      return Damaged("catalog version is not " + std::to_string(kVersion));
    }
    DatabaseManifest manifest;
    ORBIT_ASSIGN_OR_RETURN(manifest.generation, Unsigned(root, "generation"));
    ORBIT_ASSIGN_OR_RETURN(manifest.next_file, Unsigned(root, "next_file"));
    ORBIT_ASSIGN_OR_RETURN(const Json* tables, Array(root, "tables"));
    for (const Json& table : *tables) {
      ORBIT_ASSIGN_OR_RETURN(StoredTable stored, ReadTable(table));
      manifest.tables.push_back(std::move(stored));
    }
    ORBIT_ASSIGN_OR_RETURN(const Json* views, Array(root, "views"));
    for (const Json& view : *views) {
      StoredView stored;
      ORBIT_ASSIGN_OR_RETURN(stored.name, String(view, "name"));
      ORBIT_ASSIGN_OR_RETURN(stored.sql, String(view, "sql"));
      ORBIT_ASSIGN_OR_RETURN(stored.columns, ReadSchema(view));
      manifest.views.push_back(std::move(stored));
    }
    if (root.contains("schemas")) {
      ORBIT_ASSIGN_OR_RETURN(const Json* schemas, Array(root, "schemas"));
      manifest.schemas.clear();
      for (const Json& schema : *schemas) {
        if (!schema.is_string() || schema.get<std::string>().empty()) return Damaged("a schema is not a name");
        manifest.schemas.push_back(schema.get<std::string>());
      }
    }
    return manifest;
  }

 private:
  Result<StoredTable> ReadTable(const Json& table) {
    StoredTable stored;
    ORBIT_ASSIGN_OR_RETURN(stored.name, String(table, "name"));
    ORBIT_ASSIGN_OR_RETURN(stored.schema, ReadSchema(table));
    ORBIT_ASSIGN_OR_RETURN(uint64_t rows, Unsigned(table, "rows"));
    stored.rows = static_cast<int64_t>(rows);
    ORBIT_ASSIGN_OR_RETURN(const Json* files, Array(table, "files"));
    for (const Json& file : *files) {
      if (!file.is_string() || file.get<std::string>().find('/') != std::string::npos) {
        return Damaged("a file of table \"" + stored.name + "\" is not a file name");
      }
      stored.files.push_back(file.get<std::string>());
    }
    ORBIT_ASSIGN_OR_RETURN(const Json* defaults, Array(table, "defaults"));
    for (const Json& entry : *defaults) {
      ORBIT_ASSIGN_OR_RETURN(std::string column, String(entry, "column"));
      ORBIT_ASSIGN_OR_RETURN(stored.defaults[column], String(entry, "sql"));
    }
    ORBIT_ASSIGN_OR_RETURN(const Json* keys, Array(table, "keys"));
    for (const Json& entry : *keys) {
      StoredKey key;
      ORBIT_ASSIGN_OR_RETURN(key.name, String(entry, "name"));
      ORBIT_ASSIGN_OR_RETURN(key.primary, Boolean(entry, "primary"));
      ORBIT_ASSIGN_OR_RETURN(const Json* columns, Array(entry, "columns"));
      for (const Json& column : *columns) {
        if (!column.is_string()) return Damaged("a key column of table \"" + stored.name + "\" is not a name");
        key.columns.push_back(column.get<std::string>());
      }
      stored.keys.push_back(std::move(key));
    }
    if (table.contains("checks")) {  // catalogs written before CHECK constraints have none
      ORBIT_ASSIGN_OR_RETURN(const Json* checks, Array(table, "checks"));
      for (const Json& entry : *checks) {
        StoredCheck check;
        ORBIT_ASSIGN_OR_RETURN(check.name, String(entry, "name"));
        ORBIT_ASSIGN_OR_RETURN(check.sql, String(entry, "sql"));
        stored.checks.push_back(std::move(check));
      }
    }
    return stored;
  }

  Result<Schema> ReadSchema(const Json& object) {
    ORBIT_ASSIGN_OR_RETURN(const Json* columns, Array(object, "columns"));
    Schema schema;
    for (const Json& column : *columns) {
      Field field;
      ORBIT_ASSIGN_OR_RETURN(field.name, String(column, "name"));
      ORBIT_ASSIGN_OR_RETURN(std::string type, String(column, "type"));
      Result<DataType> parsed = TypeFromText(type);
      if (!parsed.ok()) return Damaged(parsed.status().message());
      field.type = *parsed;
      ORBIT_ASSIGN_OR_RETURN(field.not_null, Boolean(column, "not_null"));
      schema.push_back(std::move(field));
    }
    return schema;
  }

  Result<std::string> String(const Json& object, const char* key) {
    if (!object.is_object() || !object.contains(key) || !object[key].is_string()) return Missing(key);
    return object[key].get<std::string>();
  }
  Result<bool> Boolean(const Json& object, const char* key) {
    if (!object.is_object() || !object.contains(key) || !object[key].is_boolean()) return Missing(key);
    return object[key].get<bool>();
  }
  Result<uint64_t> Unsigned(const Json& object, const char* key) {
    if (!object.is_object() || !object.contains(key) || !object[key].is_number_unsigned()) return Missing(key);
    return object[key].get<uint64_t>();
  }
  Result<const Json*> Array(const Json& object, const char* key) {
    if (!object.is_object() || !object.contains(key) || !object[key].is_array()) return Missing(key);
    return &object[key];
  }
  Status Missing(const char* key) { return Damaged(std::string("\"") + key + "\" is missing or of the wrong kind"); }
  Status Damaged(const std::string& why) { return Status::IOError("{}: damaged database catalog: {}", source_, why); }

  std::string source_;
};

}  // namespace

std::string ManifestToJson(const DatabaseManifest& manifest) {
  Json tables = Json::array();
  for (const StoredTable& table : manifest.tables) {
    Json defaults = Json::array();
    for (const auto& [column, sql] : table.defaults) defaults.push_back({{"column", column}, {"sql", sql}});
    Json keys = Json::array();
    for (const StoredKey& key : table.keys) {
      keys.push_back({{"name", key.name}, {"columns", key.columns}, {"primary", key.primary}});
    }
    Json checks = Json::array();
    for (const StoredCheck& check : table.checks) checks.push_back({{"name", check.name}, {"sql", check.sql}});
    tables.push_back({{"name", table.name},
                      {"columns", SchemaToJson(table.schema)},
                      {"rows", static_cast<uint64_t>(table.rows)},
                      {"files", table.files},
                      {"defaults", std::move(defaults)},
                      {"keys", std::move(keys)},
                      {"checks", std::move(checks)}});
  }
  Json views = Json::array();
  for (const StoredView& view : manifest.views) {
    views.push_back({{"name", view.name}, {"sql", view.sql}, {"columns", SchemaToJson(view.columns)}});
  }
  Json root = {{"format", kFormat},
               {"version", kVersion},
               {"generation", manifest.generation},
               {"next_file", manifest.next_file},
               {"tables", std::move(tables)},
               {"views", std::move(views)},
               {"schemas", manifest.schemas}};
  return root.dump(1) + "\n";
}

Result<DatabaseManifest> ManifestFromJson(const std::string& text, const std::string& source) {
  Json root = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded()) return Status::IOError("{}: damaged database catalog: not JSON", source);
  return ManifestReader(source).Read(root);
}

}  // namespace orbit
