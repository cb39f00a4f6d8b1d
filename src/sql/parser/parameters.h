// Statement parameters ($1, $2, ... and `?`): the values a caller gives with a statement
// (the APIs' params, EXECUTE's arguments) and the syntax tree with those values in place.
// Values go in as constants before binding, so a parameter is typed, folded and pushed
// down exactly as the literal it stands for would be.
#pragma once

#include <string>
#include <vector>

#include "columnar/value.h"
#include "common/status.h"
#include "sql/parser/ast.h"

namespace orbit {

struct ParameterValue {
  Value value;           // a typed value (or NULL); unused when `untyped`
  bool untyped = false;  // text of no type yet, as a quoted literal: it takes the type its place needs
  std::string text;      // the untyped text

  static ParameterValue Typed(Value value) { return {std::move(value), false, {}}; }
  static ParameterValue Untyped(std::string text) { return {Value{}, true, std::move(text)}; }
};

/// `statement` with each $n replaced by values[n - 1], cast to declared[n - 1] where the
/// statement declares its types (PREPARE name (types)). Fails unless there is exactly one
/// value per parameter.
Result<ast::Statement> SubstituteParameters(const ast::Statement& statement, const std::vector<ParameterValue>& values,
                                            const std::vector<ast::TypeName>& declared = {});

/// The error for a statement with parameters that was given no values.
Status MissingParameterValues(const ast::Statement& statement);

}  // namespace orbit
