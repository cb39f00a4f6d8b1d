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

Result<TablePtr> Catalog::GetTable(const std::string& name) const {
  if (TablePtr t = FindTable(name)) return t;
  if (FindView(name)) return Status::BindError("\"{}\" is a view, not a table", name);
  std::string suggestion = ClosestMatch(name, TableNames());
  if (!suggestion.empty()) {
    return Status::BindError("table \"{}\" does not exist; did you mean \"{}\"?", name, suggestion);
  }
  return Status::BindError("table \"{}\" does not exist", name);
}

TablePtr Catalog::FindTable(const std::string& name) const {
  std::lock_guard lock(mutex_);
  auto it = tables_.find(ToLower(name));
  return it == tables_.end() ? nullptr : it->second;
}

Status Catalog::CreateTable(TablePtr table, bool replace) {
  std::lock_guard lock(mutex_);
  std::string key = ToLower(table->name());
  if (!replace && tables_.count(key)) return Status::BindError("table \"{}\" already exists", table->name());
  if (views_.count(key))
    return Status::BindError("\"{}\" is a view; DROP VIEW it first to create a table of that name", table->name());
  tables_[key] = std::move(table);
  constraints_.erase(key);
  return Status::OK();
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
  tables_[ToLower(table->name())] = std::move(table);
}

std::vector<std::string> Catalog::TableNames() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> names;
  for (const auto& [key, table] : tables_) names.push_back(table->name());
  for (const auto& [key, view] : views_) names.push_back(view->name);
  return names;
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
