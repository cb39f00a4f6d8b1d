// The catalog's schemas (CREATE, DROP and ALTER SCHEMA) and the resolution of written
// relation names to catalog keys through the session's search_path (search_path.h).
#include <algorithm>

#include "sql/catalog/catalog.h"
#include "sql/catalog/search_path.h"

namespace orbit {

namespace {

// The schema a written name ("s.t") gives, or empty for a bare one.
std::string WrittenSchema(const std::string& written) {
  const size_t dot = written.find('.');
  return dot == std::string::npos ? std::string() : ToLower(written.substr(0, dot));
}

bool InSchema(const std::string& key, const std::string& schema) { return SchemaOfKey(key) == schema; }

}  // namespace

bool Catalog::HasSchema(const std::string& name) const {
  std::lock_guard lock(mutex_);
  return schemas_.count(ToLower(name)) > 0;
}

std::vector<std::string> Catalog::SchemaNames() const {
  std::lock_guard lock(mutex_);
  return {schemas_.begin(), schemas_.end()};
}

void Catalog::SetSchemas(std::set<std::string> schemas) {
  std::lock_guard lock(mutex_);
  schemas_ = std::move(schemas);
}

Status Catalog::CreateSchema(const std::string& name, bool if_not_exists) {
  const std::string key = ToLower(name);
  std::lock_guard lock(mutex_);
  if (schemas_.count(key) || IsSystemSchema(key)) {
    if (if_not_exists) return Status::OK();
    return Status::BindError("schema \"{}\" already exists", name);
  }
  if (key.starts_with("pg_")) {
    return Status::BindError("unacceptable schema name \"{}\": the prefix \"pg_\" is reserved for system schemas",
                             name);
  }
  schemas_.insert(key);
  return Status::OK();
}

Status Catalog::DropSchemas(const std::vector<std::string>& names, bool if_exists, bool cascade) {
  std::lock_guard lock(mutex_);
  std::vector<std::string> dropped;
  for (const std::string& name : names) {
    const std::string schema = ToLower(name);
    if (IsSystemSchema(schema)) {
      return Status::BindError("cannot drop schema {} because it is required by the database system", name);
    }
    if (!schemas_.count(schema)) {
      if (if_exists) continue;
      return Status::BindError("schema \"{}\" does not exist", name);
    }
    if (!cascade) {
      std::vector<std::string> held;
      for (const auto& [key, entry] : tables_) {
        if (InSchema(key, schema)) held.push_back("table " + RelationKey(schema, NameOfKey(key)));
      }
      for (const auto& [key, view] : views_) {
        if (InSchema(key, schema)) held.push_back("view " + RelationKey(schema, NameOfKey(key)));
      }
      if (!held.empty()) {
        return Status::BindError(
            "cannot drop schema {} because other objects depend on it ({} depends on schema {}); use DROP ... "
            "CASCADE to drop the dependent objects too",
            name, held.front(), name);
      }
    }
    dropped.push_back(schema);
  }
  for (const std::string& schema : dropped) {
    std::erase_if(tables_, [&](const auto& entry) { return InSchema(entry.first, schema); });
    std::erase_if(views_, [&](const auto& entry) { return InSchema(entry.first, schema); });
    std::erase_if(constraints_, [&](const auto& entry) { return InSchema(entry.first, schema); });
    schemas_.erase(schema);
  }
  return Status::OK();
}

Status Catalog::RenameSchema(const std::string& from, const std::string& to) {
  const std::string old_schema = ToLower(from);
  const std::string new_schema = ToLower(to);
  if (IsSystemSchema(old_schema)) return Status::NotSupported("renaming the system schema \"{}\"", from);
  std::vector<std::string> keys;
  {
    std::lock_guard lock(mutex_);
    if (!schemas_.count(old_schema)) return Status::BindError("schema \"{}\" does not exist", from);
    if (schemas_.count(new_schema) || IsSystemSchema(new_schema)) {
      return Status::BindError("schema \"{}\" already exists", to);
    }
    for (const auto& [key, entry] : tables_) {
      if (InSchema(key, old_schema)) keys.push_back(key);
    }
  }
  if (new_schema.starts_with("pg_")) {
    return Status::BindError("unacceptable schema name \"{}\": the prefix \"pg_\" is reserved for system schemas", to);
  }
  // Read outside the lock (Load takes it); the renamed tables share the rows' buffers.
  std::vector<TablePtr> renamed;
  for (const std::string& key : keys) {
    ORBIT_ASSIGN_OR_RETURN(TablePtr table, Load(key));
    auto next = std::make_shared<Table>(RelationKey(new_schema, NameOfKey(table->name())), table->schema());
    for (const Batch& batch : table->batches()) next->Append(batch);
    renamed.push_back(std::move(next));
  }
  std::lock_guard lock(mutex_);
  for (size_t i = 0; i < keys.size(); ++i) {
    const std::string key = ToLower(renamed[i]->name());
    const bool temporary = tables_[keys[i]].temporary;
    tables_.erase(keys[i]);
    tables_[key] = CatalogTable{renamed[i], nullptr, temporary};
    auto constraints = constraints_.find(keys[i]);
    if (constraints != constraints_.end()) {
      TableConstraints moved = std::move(constraints->second);
      constraints_.erase(constraints);
      constraints_[key] = std::move(moved);
    }
  }
  std::map<std::string, ViewPtr> views;
  for (auto& [key, view] : views_) {
    if (!InSchema(key, old_schema)) {
      views[key] = view;
      continue;
    }
    auto moved = std::make_shared<ViewDefinition>(*view);
    moved->name = RelationKey(new_schema, NameOfKey(view->name));
    views[ToLower(moved->name)] = std::move(moved);
  }
  views_ = std::move(views);
  schemas_.erase(old_schema);
  schemas_.insert(new_schema);
  return Status::OK();
}

Status Catalog::ChangeSchemas(const ast::SchemaStatement& change) {
  switch (change.kind) {
    case ast::SchemaStatement::Kind::kCreate: return CreateSchema(change.names.at(0), change.if_not_exists);
    case ast::SchemaStatement::Kind::kDrop: return DropSchemas(change.names, change.if_exists, change.cascade);
    case ast::SchemaStatement::Kind::kRename: return RenameSchema(change.names.at(0), change.new_name);
  }
  return Status::Internal("unknown schema change");
}

std::vector<std::string> Catalog::ExistingSearchPath() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> existing;
  for (const std::string& schema : CurrentSearchPath()) {
    const std::string lower = ToLower(schema);
    if (schemas_.count(lower) && std::find(existing.begin(), existing.end(), lower) == existing.end()) {
      existing.push_back(lower);
    }
  }
  return existing;
}

std::string Catalog::Resolve(const std::string& written) const {
  const std::string schema = WrittenSchema(written);
  if (!schema.empty()) {
    // information_schema's views keep their qualified names (information_schema.h).
    if (schema == "information_schema") return ToLower(written);
    return RelationKey(schema, NameOfKey(written));
  }
  const std::vector<std::string> path = ExistingSearchPath();
  std::lock_guard lock(mutex_);
  for (const std::string& candidate : path) {
    const std::string key = ToLower(RelationKey(candidate, written));
    if (tables_.count(key) || views_.count(key)) return RelationKey(candidate, written);
  }
  // With no existing schema in the path, a key no relation has (names hold no '.').
  return path.empty() ? "." + written : RelationKey(path.front(), written);
}

Result<std::string> Catalog::CreationKey(const std::string& written) const {
  const std::string schema = WrittenSchema(written);
  if (!schema.empty()) {
    if (IsSystemSchema(schema)) {
      return Status::NotSupported("creating relations in the system schema \"{}\"", schema);
    }
    if (!HasSchema(schema)) return Status::BindError("schema \"{}\" does not exist", schema);
    return RelationKey(schema, NameOfKey(written));
  }
  const std::vector<std::string> path = ExistingSearchPath();
  if (path.empty()) return Status::BindError("no schema has been selected to create in");
  return RelationKey(path.front(), written);
}

}  // namespace orbit
