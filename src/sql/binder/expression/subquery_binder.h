// Subqueries in expressions: binds each (SELECT ...), EXISTS (SELECT ...) and
// x [NOT] IN (SELECT ...) met while binding one stage of a SELECT, and later joins them
// to that stage's plan (plan/decorrelation.h). While binding, a subquery used as a value
// stands for a placeholder column; Attach replaces the placeholders by the joined values.
// A subquery's WHERE may read the enclosing query's columns (one level out).
#pragma once

#include <vector>

#include "plan/decorrelation.h"
#include "sql/binder/expression/expression_binder.h"
#include "sql/catalog/catalog.h"

namespace orbit {

class SubqueryBinder {
 public:
  /// `enclosing`: the scopes of the queries around this one, nearest first (kept, not copied).
  SubqueryBinder(const Catalog& catalog, const std::vector<const BindScope*>* enclosing)
      : catalog_(catalog), enclosing_(enclosing) {}

  /// A kSubquery expression as a value; `probe` is its bound children[0] for kIn; `scope`
  /// is what the enclosing query's columns are. Returns a placeholder column.
  Result<ExprPtr> BindValue(const ast::Expr& subquery, ExprPtr probe, const BindScope* scope);

  /// A WHERE conjunct that is [NOT] EXISTS (...) or x [NOT] IN (...): a semi or anti join
  /// filtering the rows. Returns false, binding nothing, for any other conjunct.
  Result<bool> BindFilter(const ast::Expr& conjunct, ExpressionBinder& binder, const BindScope* scope);

  /// Joins the subqueries to `plan` in the order they were bound, and replaces the
  /// placeholders in `expressions` (over `plan`'s output) by their values.
  /// `outer_columns`: where the enclosing scope's columns are in `plan` (see
  /// SubqueryJoinSpec), when not at the same positions.
  Result<LogicalPtr> Attach(LogicalPtr plan, const std::vector<ExprPtr*>& expressions,
                            const std::vector<int>& outer_columns = {});

  bool empty() const { return pending_.empty(); }

 private:
  Result<SubqueryJoinSpec> Prepare(const ast::Expr& subquery, ExprPtr probe, const BindScope* scope, JoinKind kind);

  const Catalog& catalog_;
  const std::vector<const BindScope*>* enclosing_;
  std::vector<SubqueryJoinSpec> pending_;
  std::vector<int> placeholder_of_;  // per pending: its placeholder id, -1 for a filter
  int placeholders_ = 0;
};

/// Placeholder columns count from here: far beyond any real column.
constexpr int kSubqueryPlaceholderBase = 1 << 24;

}  // namespace orbit
