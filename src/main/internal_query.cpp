#include "main/internal_query.h"

#include "exec/physical_plan/physical_planner.h"
#include "plan/optimizer/optimizer.h"
#include "sql/binder/binder.h"

namespace orbit {

std::string QuotedIdentifier(const std::string& name) {
  std::string out = "\"";
  for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string QuotedRelation(const std::string& key) {
  return QuotedIdentifier(SchemaOfKey(key)) + "." + QuotedIdentifier(NameOfKey(key));
}

Result<TablePtr> RunPlan(LogicalPtr plan, const ExecutionOptions& options) {
  ORBIT_ASSIGN_OR_RETURN(plan, Optimize(std::move(plan)));
  ORBIT_ASSIGN_OR_RETURN(PhysicalPlan physical, PlanPhysical(*plan));
  return ExecutePlan(physical, options);
}

Result<TablePtr> RunInternalQuery(const std::string& sql, const Catalog& catalog, const ExecutionOptions& options) {
  ORBIT_ASSIGN_OR_RETURN(BoundStatement bound, BindStatement(sql, catalog));
  return RunPlan(std::move(bound.plan), options);
}

}  // namespace orbit
