// The binders of the individual statements, behind BindStatement (binder.h).
#pragma once

#include <optional>

#include "functions/table_function.h"
#include "sql/binder/bound_statement.h"
#include "sql/binder/cte_scope.h"
#include "sql/binder/expression/expression_binder.h"
#include "sql/catalog/catalog.h"
#include "sql/parser/ast.h"

namespace orbit {

/// SELECT -> logical plan: Get / DummyScan -> Filter -> [Aggregate -> Filter] -> Projection
/// -> Order -> Limit -> Projection (dropping ORDER BY columns that are not selected).
/// Called while another query is being bound (a subquery in an expression), it sees that
/// query's CTEs; otherwise none.
Result<LogicalPtr> BindSelect(const ast::SelectStatement& select, const Catalog& catalog);
/// A subquery's SELECT, whose WHERE may read the columns of outer[0], the scope of the
/// query around it (kOuterColumnRef); outer[1..] are the queries further out.
Result<LogicalPtr> BindSubquerySelect(const ast::SelectStatement& select, const Catalog& catalog,
                                      std::vector<const BindScope*> outer);
/// BindSelect with the CTEs of enclosing queries visible (`ctes` may be null). A set
/// operation or a WITH on the statement itself is handled here too.
Result<LogicalPtr> BindQuery(const ast::SelectStatement& select, const Catalog& catalog, const CteScope* ctes);

/// UNION [ALL] / INTERSECT / EXCEPT, then the statement's ORDER BY and LIMIT over the
/// combined rows (set_operation_binder.cpp).
Result<LogicalPtr> BindSetOperation(const ast::SelectStatement& select, const Catalog& catalog, const CteScope* ctes);

/// The FROM item `ref` when it names a CTE in `ctes` or a view of the catalog: the bound
/// query with its column names; null when it names neither (named_query_binder.cpp).
Result<LogicalPtr> BindNamedQueryRef(const ast::TableRef& ref, const Catalog& catalog, const CteScope* ctes);

/// A constant LIMIT or OFFSET; nullopt for NULL (no limit).
Result<std::optional<int64_t>> BindLimitValue(const ast::Expr& e, const char* clause);

Result<BoundStatement> BindCreateView(const ast::CreateViewStatement& create, const Catalog& catalog);

/// A table function in FROM, such as read_csv('f.csv', delim => '|'): its arguments checked
/// and its columns known, the rows to come from the returned source when the scan runs.
Result<TableSourcePtr> BindTableFunction(const ast::TableRef& ref, const Catalog& catalog);

/// A VALUES list in FROM: its constant rows, typed per column (values_binder.cpp).
Result<TableSourcePtr> BindValues(const std::vector<std::vector<ast::ExprPtr>>& rows);

Result<BoundStatement> BindCopy(const ast::CopyStatement& copy, const Catalog& catalog);
Result<BoundStatement> BindInsert(const ast::InsertStatement& insert, const Catalog& catalog);
/// A constant for `column` from an INSERT value (or the DEFAULT keyword: the column's
/// default in `defaults`, else NULL): a quoted literal is read as the column's type, other
/// values need an assignment cast.
Result<Value> BindColumnValue(const ast::Expr& item, const Field& column, const ColumnDefaults& defaults);
/// UPDATE / DELETE: a plan producing the table's next contents (update_delete_binder.cpp).
/// RETURNING items over the rows of `target` (a table, with its alias) into bound->returning
/// and bound->returning_schema: the select list as SELECT binds it over that table alone
/// (no aggregates, windows or subqueries, as PostgreSQL forbids the first two).
Status BindReturning(const std::vector<ast::SelectItem>& items, const ast::TableRef& target, const Catalog& catalog,
                     BoundStatement* bound);
/// A CHECK of table `table` (with `columns`) as the catalog keeps it: a BOOLEAN over the
/// table's columns without subqueries, aggregates or window calls, named as PostgreSQL names
/// it when unnamed (t_a_check for one column read, else t_check; a number added while
/// `taken`, the table's other constraints' names, has it). check_binder.cpp.
Result<CheckConstraint> BindCheck(const ast::CheckDefinition& definition, const std::string& table,
                                  const Schema& columns, const std::vector<std::string>& taken);
/// A kept CHECK's condition over rows with the table's columns.
Result<ExprPtr> BindCheckCondition(const CheckConstraint& check, const std::string& table, const Schema& columns);
Result<BoundStatement> BindUpdate(const ast::UpdateStatement& statement, const Catalog& catalog);
Result<BoundStatement> BindDelete(const ast::DeleteStatement& del, const Catalog& catalog);

}  // namespace orbit
