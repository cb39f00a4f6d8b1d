// The binders of the individual statements, behind BindStatement (binder.h).
#pragma once

#include "sql/ast.h"
#include "sql/bound_statement.h"
#include "sql/catalog.h"
#include "sql/expression_binder.h"

namespace orbit {

/// SELECT -> logical plan: Get / DummyScan -> Filter -> [Aggregate -> Filter] -> Projection
/// -> Order -> Limit -> Projection (dropping ORDER BY columns that are not selected).
Result<LogicalPtr> BindSelect(const ast::SelectStatement& select, const Catalog& catalog);
/// A subquery's SELECT, whose WHERE may read the columns of outer[0], the scope of the
/// query around it (kOuterColumnRef); outer[1..] are the queries further out.
Result<LogicalPtr> BindSubquerySelect(const ast::SelectStatement& select, const Catalog& catalog,
                                      std::vector<const BindScope*> outer);

/// A table function in FROM, such as read_csv('f.csv', delim => '|'), run at bind time into
/// a temporary table.
Result<TablePtr> BindTableFunction(const ast::TableRef& ref);

Result<BoundStatement> BindCopy(const ast::CopyStatement& copy, const Catalog& catalog);
Result<BoundStatement> BindInsert(const ast::InsertStatement& insert, const Catalog& catalog);

}  // namespace orbit
