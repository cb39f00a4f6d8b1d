// The text of window calls and frames (plan/logical_plan.h), for EXPLAIN and plans.
#include <fmt/format.h>

#include "plan/logical_plan.h"

namespace orbit {

namespace {

std::string BoundText(const FrameBound& bound) {
  switch (bound.kind) {
    case FrameBoundKind::kUnboundedPreceding: return "UNBOUNDED PRECEDING";
    case FrameBoundKind::kPreceding: return bound.offset.ToString() + " PRECEDING";
    case FrameBoundKind::kCurrentRow: return "CURRENT ROW";
    case FrameBoundKind::kFollowing: return bound.offset.ToString() + " FOLLOWING";
    case FrameBoundKind::kUnboundedFollowing: return "UNBOUNDED FOLLOWING";
  }
  return "";
}

const char* ExclusionText(FrameExclusion exclusion) {
  switch (exclusion) {
    case FrameExclusion::kNoOthers: return "";
    case FrameExclusion::kCurrentRow: return " EXCLUDE CURRENT ROW";
    case FrameExclusion::kGroup: return " EXCLUDE GROUP";
    case FrameExclusion::kTies: return " EXCLUDE TIES";
  }
  return "";
}

}  // namespace

std::string WindowFrame::ToString() const {
  return fmt::format("{} BETWEEN {} AND {}{}", FrameUnitName(unit), BoundText(start), BoundText(end),
                     ExclusionText(exclusion));
}

std::string WindowCall::ToString() const {
  std::string out;
  if (kind == WindowKind::kAggregate) {
    out = aggregate.ToString();
  } else {
    out = name + "(";
    for (size_t i = 0; i < arguments.size(); ++i) out += (i ? ", " : "") + arguments[i]->ToString();
    out += ")";
  }
  std::string inside;
  for (size_t i = 0; i < partition_by.size(); ++i) inside += (i ? ", " : "PARTITION BY ") + partition_by[i]->ToString();
  for (size_t i = 0; i < order_by.size(); ++i) {
    inside += i ? ", " : (inside.empty() ? "ORDER BY " : " ORDER BY ");
    inside += order_by[i].expression->ToString() + (order_by[i].descending ? " DESC" : " ASC");
    inside += order_by[i].nulls_first ? " NULLS FIRST" : " NULLS LAST";
  }
  if (UsesFrame(kind)) inside += (inside.empty() ? "" : " ") + frame.ToString();
  return out + " OVER (" + inside + ")";
}

}  // namespace orbit
