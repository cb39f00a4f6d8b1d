#include "sql/catalog/search_path.h"

#include <cctype>

namespace orbit {

namespace {

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool IsSpace(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

const std::vector<std::string>& DefaultSearchPath() {
  static const std::vector<std::string> path = {"$user", kPublicSchema};
  return path;
}

thread_local const std::vector<std::string>* current_path = nullptr;

}  // namespace

std::string RelationKey(const std::string& schema, const std::string& name) {
  const std::string lower = Lower(schema);
  return lower == kPublicSchema ? name : lower + "." + name;
}

std::string SchemaOfKey(const std::string& key) {
  const size_t dot = key.find('.');
  return dot == std::string::npos ? std::string(kPublicSchema) : Lower(key.substr(0, dot));
}

std::string NameOfKey(const std::string& key) {
  const size_t dot = key.find('.');
  return dot == std::string::npos ? key : key.substr(dot + 1);
}

std::string QualifiedName(const std::string& key) { return SchemaOfKey(key) + "." + NameOfKey(key); }

bool IsSystemSchema(const std::string& name) {
  const std::string lower = Lower(name);
  return lower == "pg_catalog" || lower == "information_schema";
}

Result<std::vector<std::string>> ParseSearchPath(const std::string& text) {
  std::vector<std::string> schemas;
  size_t i = 0;
  auto skip_spaces = [&] {
    while (i < text.size() && IsSpace(text[i])) ++i;
  };
  skip_spaces();
  if (i == text.size()) return schemas;
  while (true) {
    skip_spaces();
    std::string name;
    if (i < text.size() && text[i] == '"') {
      // A quoted name keeps its case and may hold commas; "" is one quote.
      for (++i;; ++i) {
        if (i >= text.size()) return Status::InvalidArgument("invalid list syntax in search_path: {}", text);
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            name += '"';
            ++i;
            continue;
          }
          ++i;
          break;
        }
        name += text[i];
      }
    } else {
      while (i < text.size() && text[i] != ',' && !IsSpace(text[i])) name += text[i++];
      if (name.empty()) return Status::InvalidArgument("invalid list syntax in search_path: {}", text);
      name = Lower(name);
    }
    schemas.push_back(std::move(name));
    skip_spaces();
    if (i == text.size()) return schemas;
    if (text[i] != ',') return Status::InvalidArgument("invalid list syntax in search_path: {}", text);
    ++i;
  }
}

std::string QuoteIdentifier(const std::string& name) {
  bool plain = !name.empty() && (std::islower(static_cast<unsigned char>(name[0])) || name[0] == '_');
  for (char c : name) {
    if (!std::islower(static_cast<unsigned char>(c)) && !std::isdigit(static_cast<unsigned char>(c)) && c != '_') {
      plain = false;
    }
  }
  if (plain) return name;
  std::string quoted = "\"";
  for (char c : name) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

std::string FormatSearchPath(const std::vector<std::string>& schemas) {
  std::string text;
  for (const std::string& schema : schemas) text += (text.empty() ? "" : ", ") + QuoteIdentifier(schema);
  return text;
}

SearchPathScope::SearchPathScope(const std::vector<std::string>& schemas) : previous_(current_path) {
  current_path = &schemas;
}

SearchPathScope::~SearchPathScope() { current_path = previous_; }

const std::vector<std::string>& CurrentSearchPath() {
  return current_path != nullptr ? *current_path : DefaultSearchPath();
}

}  // namespace orbit
