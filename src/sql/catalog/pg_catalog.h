// The pg_catalog tables psql's \dn, \dt and \d read: pg_namespace (the schemas), pg_class
// (the tables and views, relkind 'r' and 'v'), pg_attribute (their columns), pg_attrdef (the
// DEFAULTs), pg_type (the types Orbit's columns can have), pg_collation and pg_am (heap),
// each a table read from the catalog when a query names it. OIDs are numbered afresh for each statement, the same way
// in every table of it: PostgreSQL's fixed ones for pg_catalog (11), public (2200) and
// information_schema (13000), then the other schemas and the relations in name order.
#pragma once

#include <string>
#include <vector>

#include "columnar/table.h"
#include "sql/catalog/catalog.h"

namespace orbit {

/// The table `name` ("pg_catalog.pg_class", or bare "pg_class": pg_catalog is searched
/// first, as in PostgreSQL) over `catalog` as it is now; null for any other name.
TablePtr PgCatalogTable(const std::string& name, const Catalog& catalog);

/// The pg_class OIDs of the relations an unqualified name reaches through the search path
/// (what pg_table_is_visible(oid) is true for).
std::vector<int32_t> VisibleRelationOids(const Catalog& catalog);

}  // namespace orbit
