// Decorrelation: joins a bound subquery to the plan of the query around it, so that it runs
// once, as the build side of a hash join, never once per outer row. The subquery's plan may
// read the outer query's columns (kOuterColumnRef, positions in the outer plan's output);
// those references must sit in the conjuncts of the subquery's WHERE, where they become the
// join's condition: an equality between outer and inner columns a key, anything else the
// residual condition tested per candidate pair.
//   EXISTS / IN           -> kSemi (WHERE conjunct), kAnti (NOT ...), kMark (elsewhere)
//   NOT IN / IN as a value -> null-aware kAnti / kMark (SQL's NULL rules; uncorrelated only)
//   scalar, uncorrelated  -> kSingle with no keys (more than one row is an error at run time)
//   scalar with an aggregate, correlated by equalities -> the subquery grouped by its
//       correlated columns, joined back (kSingle: one group per key); COUNT over no rows
//       still gives 0
// Other shapes are NotSupported errors that name them.
#pragma once

#include "common/status.h"
#include "plan/logical_plan.h"

namespace orbit {

enum class SubqueryTest : uint8_t {
  kExists,  // EXISTS (subquery)
  kIn,      // probe IN (subquery)
  kScalar,  // (subquery) as a value
};

struct SubqueryJoinSpec {
  SubqueryTest test = SubqueryTest::kScalar;
  JoinKind kind = JoinKind::kSingle;  // kSemi, kAnti or kMark for kExists and kIn; kSingle for kScalar
  ExprPtr probe;                      // kIn: over the outer plan's output
  DataType compare_type;              // kIn: the type probe and the subquery's column compare in
  LogicalPtr subquery;
  /// Where each outer column (kOuterColumnRef's column_index) sits in the outer plan, -1
  /// where it is not there (grouped away); empty: at the same position.
  std::vector<int> outer_columns;
};

struct JoinedSubquery {
  LogicalPtr plan;  // the outer plan with the subquery joined: its columns, then maybe more
  ExprPtr value;    // kMark and kScalar: the subquery's value over `plan`'s output
};

/// Joins `spec.subquery` to `outer` as described above.
Result<JoinedSubquery> JoinSubquery(LogicalPtr outer, SubqueryJoinSpec spec);

/// Whether some expression of `plan` reads an outer query's column.
bool ReadsOuterColumns(const LogicalOperator& plan);

}  // namespace orbit
