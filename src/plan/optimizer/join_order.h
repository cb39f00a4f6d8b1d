// Join ordering for a set of inner-joined relations: greedy operator ordering (Fegaras,
// "A New Heuristic for Optimizing Large Queries", 1998) over cardinality estimates —
// repeatedly join the two connected inputs whose join is estimated smallest. The result
// may be bushy, which suits hash joins: every join's smaller input is its build side.
#pragma once

#include <cstdint>
#include <vector>

#include "common/status.h"

namespace orbit {

/// At most this many relations in one join (relation sets are 64-bit masks).
constexpr int kMaxJoinRelations = 64;

/// An equality predicate between two disjoint sets of relations (bit i = relation i), with
/// the number of distinct key values on each side as far as it is known (the unfiltered
/// size of the relation the key comes from; 0 = unknown).
struct JoinEdge {
  uint64_t left = 0;
  uint64_t right = 0;
  double left_distinct = 0;
  double right_distinct = 0;
};

/// One node of a join tree: a relation (a leaf) or the hash join of two earlier nodes.
struct JoinStep {
  uint64_t relations = 0;
  double rows = 0;    // estimated output rows
  int relation = -1;  // leaf: the relation's index
  int probe = -1;     // join: the larger input (index into the steps)
  int build = -1;     // join: the smaller input, built into the hash table
};

/// The estimated rows of joining a and b: |a| |b| / the largest distinct count among the
/// edges connecting them (each side's count capped at its input's rows); |a| |b| when no
/// edge connects them.
double EstimateJoinRows(const JoinStep& a, const JoinStep& b, const std::vector<JoinEdge>& edges);

/// A join tree over relations with the given estimated rows: the leaves first (step i is
/// relation i), then the joins; the last step joins everything. Inputs no edge connects
/// are cross-joined last, smallest first. At most kMaxJoinRelations relations.
Result<std::vector<JoinStep>> OrderJoins(const std::vector<double>& rows, const std::vector<JoinEdge>& edges);

}  // namespace orbit
