#include "plan/optimizer/optimizer.h"

#include "plan/optimizer/cardinality.h"
#include "plan/optimizer/column_pruning.h"
#include "plan/optimizer/conjunct_order.h"
#include "plan/optimizer/empty_results.h"
#include "plan/optimizer/join_planner.h"
#include "plan/optimizer/scan_pushdown.h"

namespace orbit {

Result<LogicalPtr> Optimize(LogicalPtr plan) {
  PruneEmptyResults(plan);
  ORBIT_ASSIGN_OR_RETURN(plan, PlanJoins(std::move(plan)));
  PruneColumns(*plan);
  PushDownIntoScans(*plan);
  EstimateRows(*plan);
  OrderConjuncts(*plan);
  return plan;
}

}  // namespace orbit
