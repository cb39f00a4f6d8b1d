// SQL text -> syntax tree, through libpg_query (PostgreSQL's own grammar). Syntax errors
// carry the line and column of the offending token; valid SQL that Orbit cannot run yet is
// rejected here as "not supported yet: <construct>".
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "sql/parser/ast.h"

namespace orbit {

/// Splits a script into its statements' own texts (trimmed), dropping empty ones and
/// comment-only ones. Every other byte lands in a statement: text that is not SQL, and the
/// rest of a script after an unterminated quote or comment, fail when that statement is
/// parsed (statement_splitter.cpp). Later statements of a script may depend on earlier ones
/// having run, so callers bind and run them one at a time.
Result<std::vector<std::string>> SplitStatements(const std::string& sql);

/// Parses exactly one statement. Its parameters are $1, $2, ... or `?`, numbered in order
/// (ast::Statement::parameter_count says how many; SubstituteParameters gives them values).
Result<ast::Statement> ParseStatement(const std::string& statement_sql);

/// The text libpg_query parses for `statement_sql`: each `?` outside quotes and comments
/// written as $1, $2, ... in order (error positions past a `?` shift by the added digits),
/// and a list literal [...] after ( or , written ARRAY[...] (DuckDB's read_parquet([...])).
/// Fails when the statement mixes `?` with $n, and when it nests parentheses deeper than
/// the parser can take.
Result<std::string> TextForParser(const std::string& statement_sql);

/// Parses a column definition list such as "a INTEGER, b DECIMAL(15,2)" (read_csv's
/// `columns` option).
Result<std::vector<ast::ColumnDefinition>> ParseColumnDefinitions(const std::string& text);

}  // namespace orbit
