// The logical plan: a tree of relational operators the binder builds and the physical
// planner turns into pipelines. Each operator's output is a list of typed, named columns;
// expressions in an operator refer to its child's output columns by position.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "columnar/table.h"
#include "functions/aggregate_function.h"  // AggregateKind
#include "functions/table_function.h"      // TableSource
#include "functions/window_function.h"     // WindowKind, FrameUnit, FrameBoundKind
#include "plan/expression.h"

namespace orbit {

enum class LogicalKind : uint8_t {
  kGet,                // scan `table`, producing the columns `column_ids` (positions in the table)
  kTableFunctionScan,  // scan a table function's `source` (its rows made when the scan runs),
                       // producing the columns `column_ids` (positions in source->schema())
  kDummyScan,          // one row, no columns: the input of SELECT without FROM
  kFilter,             // rows of the child where `predicate` is true
  kProjection,         // `expressions` evaluated over the child
  kAggregate,          // output = group keys, then aggregates
  kOrder,              // child's rows sorted by `sort_keys`
  kLimit,              // `limit` rows of the child after skipping `offset`
  kJoin,               // children[0] (left) joined with children[1] (right); output = left ++ right
  kUnionAll,           // the rows of every child, which all have the output's column types
  kWindow,             // output = the child's columns, then one per window call (`windows`)
  kUnnest,             // output = the child's columns, then one per array of `expressions`: each
                       // child row once per element, the arrays side by side (the shorter
                       // padded with NULLs); a row without elements goes, or stays once with
                       // NULL elements when `unnest_keeps_empty` (LEFT JOIN LATERAL unnest)
  kEmptyResult,        // no rows, of the columns `output`: a part of the plan proven to produce none
                       // (optimizer/empty_results.h), of which nothing is computed
};

enum class JoinKind : uint8_t {
  kInner,  // pairs of rows where the keys are equal and the predicate is true
  kLeft,   // kInner, plus every left row without such a pair, its right columns NULL
  kRight,  // kInner, plus every right row without such a pair, its left columns NULL
  kFull,   // kLeft and kRight together
  // The subquery joins (decorrelated subqueries; the right side is the subquery):
  kSemi,    // each left row that has a pair, once; output = left
  kAnti,    // each left row that has none; output = left
  kMark,    // every left row plus a BOOLEAN "has a pair"; output = left ++ [mark]
  kSingle,  // kLeft, but a left row with more than one pair is an error (scalar subquery)
  // Only in physical plans: a semi or anti join run the other way round, building its
  // (smaller) left input and probing with the subquery's rows; the output is the build
  // rows that found a pair (kRightSemi) or none (kRightAnti).
  kRightSemi,
  kRightAnti,
};

/// "LEFT", "RIGHT", "FULL", "SEMI", "ANTI", "MARK", "SINGLE" or "" (inner), for plans and
/// EXPLAIN.
const char* JoinKindName(JoinKind kind);

/// Whether the join's output holds the right side's columns (else only the left's, plus
/// the mark column for kMark).
inline bool JoinOutputsRight(JoinKind kind) {
  return kind == JoinKind::kInner || kind == JoinKind::kLeft || kind == JoinKind::kRight || kind == JoinKind::kFull ||
         kind == JoinKind::kSingle;
}

struct SortKey {
  ExprPtr expression;  // over the child's output
  bool descending = false;
  bool nulls_first = false;  // PostgreSQL default: NULLS LAST for ASC, NULLS FIRST for DESC
};

struct AggregateCall {
  AggregateKind kind = AggregateKind::kCountStar;
  ExprPtr argument;       // over the aggregate's child; null for COUNT(*)
  ExprPtr second;         // a two-argument aggregate's second (covar_pop(y, x)'s x, string_agg's
                          // separator); else null
  double fraction = 0.5;  // the quantile of kQuantileCont / kQuantileDisc, in [0, 1]
  // ORDER BY inside the call (string_agg(s, ',' ORDER BY t)), over the aggregate's child;
  // WITHIN GROUP (ORDER BY x) gives the ordered-set aggregates their one key, x, which is
  // also `argument`. Read by the ordered aggregates only.
  std::vector<SortKey> order_by;
  bool within_group = false;  // written as percentile_cont(f) WITHIN GROUP (ORDER BY x)
  // kGrouping: the group keys GROUPING(...) names (positions in group_keys) and their text.
  std::vector<int> grouping_keys;
  std::vector<std::string> grouping_names;
  bool distinct = false;  // COUNT(DISTINCT argument); planned as a grouping below (distinct_aggregates.h)
  DataType type;          // result type: SUM(INTEGER)=BIGINT, SUM(BIGINT)=DECIMAL(38,0),
                          // SUM(DECIMAL(p,s))=DECIMAL(38,s), SUM(DOUBLE)=DOUBLE, AVG=DOUBLE,
                          // MIN/MAX=argument type, COUNT=BIGINT, variances and
                          // deviations DOUBLE, BOOL_AND/BOOL_OR BOOLEAN, the two-argument
                          // statistics DOUBLE (regr_count BIGINT)
  std::string ToString() const;
};

/// One end of a window frame. `offset` is n of n PRECEDING / n FOLLOWING: a BIGINT, not
/// negative, for ROWS and GROUPS; for RANGE a value of the ORDER BY key's type.
struct FrameBound {
  FrameBoundKind kind = FrameBoundKind::kUnboundedPreceding;
  Value offset;
};

struct WindowFrame {
  FrameUnit unit = FrameUnit::kRange;
  FrameBound start{FrameBoundKind::kUnboundedPreceding, {}};
  FrameBound end{FrameBoundKind::kCurrentRow, {}};
  FrameExclusion exclusion = FrameExclusion::kNoOthers;
  /// "ROWS BETWEEN 2 PRECEDING AND CURRENT ROW", for EXPLAIN.
  std::string ToString() const;
};

/// A window function call: `kind` (an aggregate's in `aggregate`) over the rows of the
/// current row's partition, ordered by `order_by`; the frame functions read `frame`. Every
/// expression is over the Window operator's child.
struct WindowCall {
  WindowKind kind = WindowKind::kRowNumber;
  std::string name;                // the window function's name (an aggregate's is its call's)
  AggregateCall aggregate;         // kAggregate: the aggregate and its arguments
  std::vector<ExprPtr> arguments;  // the others: lag's value, offset and default; ntile's count; ...
  std::vector<ExprPtr> partition_by;
  std::vector<SortKey> order_by;
  WindowFrame frame;
  DataType type;  // the result's
  /// "rank() OVER (PARTITION BY a ORDER BY b DESC)", for EXPLAIN and column names.
  std::string ToString() const;
};

struct LogicalOperator;
using LogicalPtr = std::unique_ptr<LogicalOperator>;

struct LogicalOperator {
  LogicalKind kind;
  std::vector<LogicalPtr> children;
  Schema output;  // names and types of the columns this operator produces

  TablePtr table;                         // kGet
  TableSourcePtr source;                  // kTableFunctionScan
  std::vector<int> column_ids;            // kGet, kTableFunctionScan
  ExprPtr predicate;                      // kFilter; kJoin: the condition besides the keys, over
                                          // left ++ right (null: none)
  JoinKind join_kind = JoinKind::kInner;  // kJoin
  std::vector<ExprPtr> left_keys;         // kJoin: equality keys over the left child (NULL never
  std::vector<ExprPtr> right_keys;        // matches); right_keys over the right child, same types
  bool null_aware = false;                // kAnti / kMark of [NOT] IN: one key, and SQL's NULL rules
                                          // (a NULL on either side makes "no pair" unknown, not false)
  std::vector<ExprPtr> expressions;       // kProjection; kUnnest: the arrays, over the child
  bool unnest_keeps_empty = false;        // kUnnest
  std::vector<ExprPtr> group_keys;        // kAggregate
  std::vector<AggregateCall> aggregates;  // kAggregate
  // kAggregate with GROUPING SETS, ROLLUP, CUBE or GROUPING(): each set's keys (positions in
  // group_keys); the output is every set's groups, a key outside the row's set NULL. Empty:
  // one set of every key.
  std::vector<std::vector<int>> grouping_sets;
  std::vector<SortKey> sort_keys;   // kOrder
  std::vector<WindowCall> windows;  // kWindow
  std::optional<int64_t> limit;     // kLimit
  int64_t offset = 0;               // kLimit
  double estimated_rows = -1;       // the optimizer's estimate of the output rows; -1 unknown

  explicit LogicalOperator(LogicalKind k) : kind(k) {}
  // A field added here is copied in CloneLogicalPlan too.
  const LogicalOperator& child() const { return *children.at(0); }

  /// Indented tree, one operator per line, for debugging and tests.
  std::string ToString(int indent = 0) const;
};

/// A deep copy of `op` and its subtree (expressions too), for a plan that runs more than once
/// (each iteration of WITH RECURSIVE optimizes a copy of its step); tables and table
/// sources are shared.
LogicalPtr CloneLogicalPlan(const LogicalOperator& op);

}  // namespace orbit
