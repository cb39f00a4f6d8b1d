// CASE WHEN evaluation. Each result is computed only over the rows whose branch it is (a
// result may fail on other rows: CASE WHEN x <> 0 THEN 1 / x END), and the rows are then
// assembled in order from the branches' columns.
#include <algorithm>
#include <iterator>
#include <numeric>

#include "exec/expression/expression_evaluator.h"
#include "exec/pipeline/gather.h"
#include "plan/expression_rewrite.h"

namespace orbit {

Result<Vector> ExpressionEvaluator::EvaluateCase(const Expr& expr, const Chunk& chunk) {
  const int64_t n = chunk.size;
  const size_t branches = expr.children.size() / 2;  // WHEN/THEN pairs; the ELSE is last
  // Per row: the branch that produced it and its position in that branch's result.
  std::vector<uint32_t> branch_of(n, static_cast<uint32_t>(branches));
  std::vector<uint32_t> position(n, 0);
  std::vector<Vector> results(branches + 1);

  std::vector<uint32_t> remaining(n);
  std::iota(remaining.begin(), remaining.end(), 0u);
  std::vector<uint32_t> taken(n);
  for (size_t b = 0; b <= branches && !remaining.empty(); ++b) {
    std::vector<uint32_t> rows;
    if (b < branches) {
      ORBIT_ASSIGN_OR_RETURN(
          size_t hits, SelectOnRows(*expr.children[2 * b], chunk, remaining.data(), remaining.size(), taken.data()));
      rows.assign(taken.begin(), taken.begin() + hits);
      std::vector<uint32_t> rest;
      std::set_difference(remaining.begin(), remaining.end(), rows.begin(), rows.end(), std::back_inserter(rest));
      remaining = std::move(rest);
    } else {
      rows = std::move(remaining);
      remaining.clear();
    }
    if (rows.empty()) continue;
    const Expr& result = b < branches ? *expr.children[2 * b + 1] : *expr.children.back();
    if (rows.size() == static_cast<size_t>(n)) {
      ORBIT_ASSIGN_OR_RETURN(results[b], Evaluate(result, chunk));
    } else {
      Chunk sub = GatherRows(kernels_, chunk, ReferencedColumns(result), rows.data(), rows.size());
      ORBIT_ASSIGN_OR_RETURN(results[b], Evaluate(result, sub));
    }
    for (size_t k = 0; k < rows.size(); ++k) {
      branch_of[rows[k]] = static_cast<uint32_t>(b);
      position[rows[k]] = static_cast<uint32_t>(k);
    }
  }
  return Vector::Of(InterleaveRows(expr.type, results, branch_of.data(), position.data(), n));
}

}  // namespace orbit
