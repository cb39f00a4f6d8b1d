// SHOW TABLES: every table and view of a database, without reading a stored table's rows.
#pragma once

#include "columnar/table.h"
#include "sql/catalog/catalog.h"

namespace orbit {

/// name, kind ('table' or 'view'), column_count, row_count (NULL for a view) and storage:
/// 'stored' (kept in the database folder), 'memory' (an in-memory database's) or
/// 'registered' (from Arrow, never stored). In name order.
TablePtr TableListTable(const CatalogState& state, bool persistent);

}  // namespace orbit
