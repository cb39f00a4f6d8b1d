#include "plan/optimizer/join_order.h"
#include "common/check.h"

#include <algorithm>
#include <limits>

namespace orbit {

namespace {

bool Connects(const JoinEdge& e, uint64_t a, uint64_t b) {
  return ((e.left & ~a) == 0 && (e.right & ~b) == 0) || ((e.left & ~b) == 0 && (e.right & ~a) == 0);
}

}  // namespace

double EstimateJoinRows(const JoinStep& a, const JoinStep& b, const std::vector<JoinEdge>& edges) {
  double divisor = 0;
  bool connected = false;
  for (const JoinEdge& e : edges) {
    if (!Connects(e, a.relations, b.relations)) continue;
    connected = true;
    bool left_in_a = (e.left & ~a.relations) == 0;
    double da = left_in_a ? e.left_distinct : e.right_distinct;
    double db = left_in_a ? e.right_distinct : e.left_distinct;
    // A side has no more distinct keys than rows; unknown counts default to its rows.
    da = da > 0 ? std::min(da, a.rows) : a.rows;
    db = db > 0 ? std::min(db, b.rows) : b.rows;
    // Several keys between the same inputs are usually one composite key (correlated), so
    // the most selective one alone is the estimate rather than their product.
    divisor = std::max(divisor, std::max(da, db));
  }
  double product = a.rows * b.rows;
  if (!connected || product == 0) return product;
  // At least one row from non-empty inputs, as PostgreSQL clamps its estimates.
  return divisor > 0 ? std::max(1.0, product / divisor) : 0;
}

Result<std::vector<JoinStep>> OrderJoins(const std::vector<double>& rows, const std::vector<JoinEdge>& edges) {
  ORBIT_CHECK(!rows.empty(), "OrderJoins needs at least one relation");
  if (rows.size() > static_cast<size_t>(kMaxJoinRelations)) {
    return Status::NotSupported("joins of more than {} tables", kMaxJoinRelations);
  }
  std::vector<JoinStep> steps;
  std::vector<int> open;  // steps not yet joined into another
  for (size_t i = 0; i < rows.size(); ++i) {
    steps.push_back({uint64_t{1} << i, rows[i], static_cast<int>(i), -1, -1});
    open.push_back(static_cast<int>(i));
  }
  while (open.size() > 1) {
    int best_a = -1, best_b = -1;
    double best_rows = std::numeric_limits<double>::infinity();
    double best_inputs = std::numeric_limits<double>::infinity();
    bool best_connected = false;
    for (size_t i = 0; i < open.size(); ++i) {
      for (size_t j = i + 1; j < open.size(); ++j) {
        const JoinStep& a = steps[open[i]];
        const JoinStep& b = steps[open[j]];
        bool connected = std::any_of(edges.begin(), edges.end(),
                                     [&](const JoinEdge& e) { return Connects(e, a.relations, b.relations); });
        double estimate = EstimateJoinRows(a, b, edges);
        double inputs = a.rows + b.rows;
        // Connected pairs always come before cross products; then the smallest result,
        // then the smallest inputs (cheapest to build and probe).
        bool better = connected != best_connected
                          ? connected
                          : (estimate < best_rows || (estimate == best_rows && inputs < best_inputs));
        if (best_a < 0 || better) {
          best_a = static_cast<int>(i);
          best_b = static_cast<int>(j);
          best_rows = estimate;
          best_inputs = inputs;
          best_connected = connected;
        }
      }
    }
    int a = open[best_a], b = open[best_b];
    // The smaller input is built into the hash table; ties keep FROM order (later builds).
    bool a_builds = steps[a].rows < steps[b].rows;
    JoinStep join;
    join.relations = steps[a].relations | steps[b].relations;
    join.rows = best_rows;
    join.probe = a_builds ? b : a;
    join.build = a_builds ? a : b;
    steps.push_back(join);
    open.erase(open.begin() + best_b);
    open[best_a] = static_cast<int>(steps.size() - 1);
  }
  return steps;
}

}  // namespace orbit
