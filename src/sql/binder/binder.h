// SQL statement text -> BoundStatement: parsed, names resolved against the catalog, types
// checked, queries turned into logical plans. A script's statements are bound one at a
// time (see SplitStatements in parser.h), each after the previous one has run, since a
// statement may use a table an earlier one created.
#pragma once

#include <string>

#include "common/status.h"
#include "sql/binder/bound_statement.h"
#include "sql/catalog/catalog.h"

namespace orbit {

/// Parses and binds exactly one statement. Errors: SyntaxError (with line and column),
/// BindError (unknown names, with a suggestion), TypeError (naming the expression and the
/// types), NotSupported ("not supported yet: <construct>"), InvalidArgument (bad options).
Result<BoundStatement> BindStatement(const std::string& statement_sql, const Catalog& catalog);

}  // namespace orbit
