// information_schema.tables, .columns, .table_constraints, .check_constraints and .schemata
// (the SQL standard's, as PostgreSQL has them, in its columns' names; the constraint views
// hold the columns Orbit can fill): the catalog's schemas, tables and views, their columns
// and constraints, as a table read when a query names them. The catalog is "orbit".
#pragma once

#include <string>

#include "columnar/table.h"
#include "sql/catalog/catalog.h"

namespace orbit {

/// The view `name` ("information_schema.tables", ... any case)
/// over `catalog` as it is now; null for any other name.
TablePtr InformationSchemaTable(const std::string& name, const Catalog& catalog);

}  // namespace orbit
