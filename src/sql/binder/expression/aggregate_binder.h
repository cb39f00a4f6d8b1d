// Binding in an aggregating SELECT: the group keys and aggregate calls that make up the
// Aggregate operator, and the expressions evaluated over its output (select list, HAVING,
// ORDER BY), in which a GROUP BY expression becomes a reference to its key column and an
// aggregate call a reference to its result column.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "plan/logical_plan.h"
#include "sql/binder/expression/expression_binder.h"

namespace orbit {

/// The Aggregate operator being built: its output is the keys, then the aggregates.
struct Aggregation {
  std::vector<ExprPtr> group_keys;              // over the input
  std::vector<AggregateCall> aggregates;        // over the input
  std::vector<std::vector<int>> grouping_sets;  // GROUPING SETS / ROLLUP / CUBE: keys by position

  /// The key's position, or -1.
  int FindGroupKey(const Expr& expr) const;
  /// Adds a key unless an identical one exists.
  void AddGroupKey(ExprPtr key);
  /// The aggregate's output column (keys come first), adding it unless an identical one exists.
  ExprPtr AggregateColumn(AggregateCall call);
  ExprPtr KeyColumn(int key) const;
  Schema OutputSchema() const;
};

/// sum(x), avg(x), min(x), max(x), count(x), count(*) with the argument bound over `input`,
/// typed as documented on AggregateCall. A TINYINT, SMALLINT or REAL argument is
/// aggregated as INTEGER or DOUBLE; `narrowed` (when given) is then the type the result
/// must be cast back to (min and max keep their argument's type, sum(REAL) is REAL), else NULL.
Result<AggregateCall> BindAggregateCall(const ast::Expr& call, const BindScope* input, DataType* narrowed = nullptr);
/// The same with the arguments `arguments` (call.children, or a window call's first ones)
/// bound by `bind`: sum(sum(x)) OVER () reads its argument after aggregation.
Result<AggregateCall> BindAggregateArguments(const ast::Expr& call, const std::vector<ast::ExprPtr>& arguments,
                                             const std::function<Result<ExprPtr>(const ast::Expr&)>& bind,
                                             DataType* narrowed = nullptr);

/// Binds expressions over the output of `aggregation`; aggregate calls it meets are added.
class AggregateOutputBinder : public ExpressionBinder {
 public:
  AggregateOutputBinder(const BindScope* input, Aggregation* aggregation, std::string clause)
      : ExpressionBinder(input, std::move(clause)), aggregation_(aggregation) {}

 protected:
  Result<ExprPtr> BindNode(const ast::Expr& expr) override;
  Result<ExprPtr> BindColumnRef(const ast::Expr& expr) override;
  Result<ExprPtr> BindAggregate(const ast::Expr& call) override;

 private:
  Aggregation* aggregation_;
};

}  // namespace orbit
