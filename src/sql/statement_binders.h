// The binders of the individual statements, behind BindStatement (binder.h).
#pragma once

#include "sql/ast.h"
#include "sql/bound_statement.h"
#include "sql/catalog.h"

namespace orbit {

/// SELECT -> logical plan: Get / DummyScan -> Filter -> [Aggregate -> Filter] -> Projection
/// -> Order -> Limit -> Projection (dropping ORDER BY columns that are not selected).
Result<LogicalPtr> BindSelect(const ast::SelectStatement& select, const Catalog& catalog);

/// A table function in FROM, such as read_csv('f.csv', delim => '|'), run at bind time into
/// a temporary table.
Result<TablePtr> BindTableFunction(const ast::TableRef& ref);

Result<BoundStatement> BindCopy(const ast::CopyStatement& copy, const Catalog& catalog);
Result<BoundStatement> BindInsert(const ast::InsertStatement& insert, const Catalog& catalog);

}  // namespace orbit
