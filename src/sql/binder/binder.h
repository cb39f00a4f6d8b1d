// SQL statement text -> BoundStatement: parsed, names resolved against the catalog, types
// checked, queries turned into logical plans. A script's statements are bound one at a
// time (see SplitStatements in parser.h), each after the previous one has run, since a
// statement may use a table an earlier one created.
#pragma once

#include <string>

#include "common/status.h"
#include "sql/binder/bound_statement.h"
#include "sql/catalog/catalog.h"
#include "sql/parser/ast.h"
#include "sql/parser/parameters.h"

namespace orbit {

/// Parses and binds exactly one statement. Errors: SyntaxError (with line and column),
/// BindError (unknown names, with a suggestion), TypeError (naming the expression and the
/// types), NotSupported ("not supported yet: <construct>"), InvalidArgument (bad options).
Result<BoundStatement> BindStatement(const std::string& statement_sql, const Catalog& catalog);
/// Binds a parsed statement whose parameters have their values (SubstituteParameters);
/// `statement_sql` is the text it was parsed from. PREPARE, EXECUTE and DEALLOCATE are the
/// session's to run, not bound here.
Result<BoundStatement> BindStatement(const ast::Statement& statement, const std::string& statement_sql,
                                     const Catalog& catalog);

/// EXECUTE's arguments as parameter values: each must be a constant expression; a quoted
/// literal stays untyped, taking the type its parameter's place needs.
Result<std::vector<ParameterValue>> BindParameterArguments(const std::vector<ast::ExprPtr>& arguments);

}  // namespace orbit
