#include "sql/catalog/catalog.h"

#include <algorithm>

namespace orbit {

std::string ToLower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

namespace {
size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}
}  // namespace

std::string ClosestMatch(const std::string& name, const std::vector<std::string>& candidates) {
  std::string best;
  size_t best_distance = std::max<size_t>(2, name.size() / 3) + 1;
  std::string lower = ToLower(name);
  for (const auto& c : candidates) {
    size_t d = EditDistance(lower, ToLower(c));
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

Result<TablePtr> Catalog::GetTable(const std::string& key) const {
  if (HasTable(key)) return Load(ToLower(key));
  // Resolve's ".t" for a search_path without an existing schema is the missing "t".
  if (key.starts_with('.')) return Status::BindError("table \"{}\" does not exist", key.substr(1));
  const std::string& name = key;
  if (FindView(name)) return Status::BindError("\"{}\" is a view, not a table", name);
  std::string suggestion = ClosestMatch(name, TableNames());
  if (!suggestion.empty()) {
    return Status::BindError("table \"{}\" does not exist; did you mean \"{}\"?", name, suggestion);
  }
  return Status::BindError("table \"{}\" does not exist", name);
}

TablePtr Catalog::FindTable(const std::string& name) const {
  Result<TablePtr> table = Load(ToLower(name));
  return table.ok() ? *table : nullptr;
}

bool Catalog::HasTable(const std::string& name) const {
  std::lock_guard lock(mutex_);
  return tables_.count(ToLower(name)) > 0;
}

Result<TablePtr> Catalog::Load(const std::string& key) const {
  std::shared_ptr<PendingTable> pending;
  {
    std::lock_guard lock(mutex_);
    auto it = tables_.find(key);
    if (it == tables_.end()) return Status::BindError("table \"{}\" does not exist", key);
    if (it->second.table) return it->second.table;
    pending = it->second.pending;
  }
  // Read outside the catalog's lock: other tables stay usable meanwhile.
  std::lock_guard loading(pending->mutex);
  if (!pending->loaded) {
    ORBIT_ASSIGN_OR_RETURN(pending->loaded, pending->loader());
  }
  std::lock_guard lock(mutex_);
  auto it = tables_.find(key);
  if (it != tables_.end() && it->second.pending == pending && !it->second.table) it->second.table = pending->loaded;
  return pending->loaded;
}

Status Catalog::CreateTable(TablePtr table, bool replace, bool temporary) {
  std::lock_guard lock(mutex_);
  std::string key = ToLower(table->name());
  auto existing = tables_.find(key);
  if (existing != tables_.end()) {
    if (!replace) return Status::BindError("table \"{}\" already exists", table->name());
    if (temporary && !existing->second.temporary) {
      return Status::BindError("table \"{}\" is stored in the database; DROP it first or register another name",
                               table->name());
    }
  }
  if (views_.count(key))
    return Status::BindError("\"{}\" is a view; DROP VIEW it first to create a table of that name", table->name());
  tables_[key] = CatalogTable{std::move(table), nullptr, temporary};
  constraints_.erase(key);
  return Status::OK();
}

void Catalog::AddPendingTable(std::shared_ptr<PendingTable> pending, TableConstraints constraints) {
  std::lock_guard lock(mutex_);
  std::string key = ToLower(pending->name);
  tables_[key] = CatalogTable{nullptr, std::move(pending), false};
  if (constraints.empty()) {
    constraints_.erase(key);
  } else {
    constraints_[key] = std::move(constraints);
  }
}

TableConstraints Catalog::Constraints(const std::string& table) const {
  std::lock_guard lock(mutex_);
  auto it = constraints_.find(ToLower(table));
  return it == constraints_.end() ? TableConstraints{} : it->second;
}

void Catalog::SetConstraints(const std::string& table, TableConstraints constraints) {
  std::lock_guard lock(mutex_);
  if (constraints.empty()) {
    constraints_.erase(ToLower(table));
  } else {
    constraints_[ToLower(table)] = std::move(constraints);
  }
}

Status Catalog::DropTable(const std::string& name, bool if_exists) {
  std::lock_guard lock(mutex_);
  if (views_.count(ToLower(name))) return Status::BindError("\"{}\" is not a table; use DROP VIEW", name);
  if (tables_.erase(ToLower(name)) == 0 && !if_exists) {
    return Status::BindError("table \"{}\" does not exist", name);
  }
  constraints_.erase(ToLower(name));
  return Status::OK();
}

void Catalog::ReplaceTable(TablePtr table) {
  std::lock_guard lock(mutex_);
  CatalogTable& entry = tables_[ToLower(table->name())];
  entry.table = std::move(table);
}

std::vector<std::string> Catalog::TableNames() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> names;
  for (const auto& [key, entry] : tables_) names.push_back(entry.table ? entry.table->name() : entry.pending->name);
  for (const auto& [key, view] : views_) names.push_back(view->name);
  return names;
}

CatalogState Catalog::State() const {
  std::lock_guard lock(mutex_);
  return CatalogState{tables_, views_, constraints_, schemas_};
}

void Catalog::Restore(CatalogState state) {
  std::lock_guard lock(mutex_);
  tables_ = std::move(state.tables);
  views_ = std::move(state.views);
  constraints_ = std::move(state.constraints);
  schemas_ = std::move(state.schemas);
}

ViewPtr Catalog::FindView(const std::string& name) const {
  std::lock_guard lock(mutex_);
  auto it = views_.find(ToLower(name));
  return it == views_.end() ? nullptr : it->second;
}

Status Catalog::CreateView(ViewPtr view, bool replace) {
  std::lock_guard lock(mutex_);
  std::string key = ToLower(view->name);
  if (tables_.count(key))
    return Status::BindError("\"{}\" is a table; a view cannot have the name of a table", view->name);
  if (!replace && views_.count(key)) return Status::BindError("view \"{}\" already exists", view->name);
  views_[key] = std::move(view);
  return Status::OK();
}

Status Catalog::DropView(const std::string& name, bool if_exists) {
  std::lock_guard lock(mutex_);
  std::string key = ToLower(name);
  if (tables_.count(key)) return Status::BindError("\"{}\" is not a view; use DROP TABLE", name);
  if (views_.erase(key) == 0 && !if_exists) return Status::BindError("view \"{}\" does not exist", name);
  return Status::OK();
}

}  // namespace orbit
