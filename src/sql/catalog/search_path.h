// Schemas and the names of the relations in them, as PostgreSQL has them: a relation of
// schema "public" is keyed by its bare name ("t", what databases made before schemas hold),
// one of another schema by "schema.name"; relation and schema names never hold a '.' (the
// parser refuses them), so a key says its schema. The session's search_path is in force on
// the thread binding a statement (SearchPathScope): the binder's many lookups read it there
// rather than each taking it as an argument.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"

namespace orbit {

/// The database every catalog is: information_schema's table_catalog, the db of db.s.t.
inline constexpr const char* kDatabaseName = "orbit";
/// The schema every database starts with, whose relations are keyed by their bare names.
inline constexpr const char* kPublicSchema = "public";

/// The catalog key of relation `name` of `schema`.
std::string RelationKey(const std::string& schema, const std::string& name);
/// The schema of a key (lower-case), and the relation's own name in it.
std::string SchemaOfKey(const std::string& key);
std::string NameOfKey(const std::string& key);
/// The key as a qualified name ("public.t" for "t"): what names it whatever the search_path.
std::string QualifiedName(const std::string& key);
/// pg_catalog and information_schema: always there, never created, dropped or renamed.
bool IsSystemSchema(const std::string& name);

/// A search_path value ("a, \"B\", public") as its schema names, unquoted; an
/// InvalidArgument error for a malformed list.
Result<std::vector<std::string>> ParseSearchPath(const std::string& text);
/// The list as SHOW writes it: names quoted where PostgreSQL's quote_ident would.
std::string FormatSearchPath(const std::vector<std::string>& schemas);
/// `name` in double quotes where it is not a plain lower-case identifier.
std::string QuoteIdentifier(const std::string& name);

/// Makes `schemas` the search path of the statement this thread binds, until destroyed.
class SearchPathScope {
 public:
  explicit SearchPathScope(const std::vector<std::string>& schemas);
  ~SearchPathScope();
  SearchPathScope(const SearchPathScope&) = delete;
  SearchPathScope& operator=(const SearchPathScope&) = delete;

 private:
  const std::vector<std::string>* previous_;
};

/// The search path in force on this thread (the default one outside a SearchPathScope).
const std::vector<std::string>& CurrentSearchPath();

}  // namespace orbit
