// Binding unnest(array) in the select list (and ORDER BY): PostgreSQL's set-returning call.
// The array is bound like the expression around it (after GROUP BY when the query
// aggregates, so unnest(array_agg(x)) reads the aggregate), joins the Unnest operator being
// built, and the expression reads a placeholder column that the select binder points at
// the operator's element column once the operator exists, after the window calls.
#pragma once

#include <vector>

#include "plan/logical_plan.h"
#include "sql/parser/ast.h"

namespace orbit {

/// Placeholder columns of unnest elements count from here: beyond any real column, below
/// the window placeholders (kWindowPlaceholderBase).
constexpr int kUnnestPlaceholderBase = 1 << 21;

/// The Unnest operator being built: its arrays, in the order met.
struct Unnesting {
  std::vector<ExprPtr> arrays;

  /// The placeholder column of the elements of `array` (one per call: unnest(a), unnest(a)
  /// are two columns, zipped, as in PostgreSQL).
  ExprPtr Add(ExprPtr array);
  /// Every expression the arrays are, to rewrite them (subquery and window placeholders).
  std::vector<ExprPtr*> Expressions();
  /// `e` with each placeholder column pointing at the Unnest operator's output: array i's
  /// elements are column input_width + i.
  static ExprPtr Resolve(const ExprPtr& e, int input_width);
};

/// generate_series(start, stop [, step]) outside FROM's constants, as PostgreSQL's
/// set-returning call: unnest(generate_series_array(start, stop [, step])).
ast::ExprPtr SeriesAsUnnest(const ast::Expr& call);

}  // namespace orbit
