// f(...) OVER (...) and the WINDOW clause: a named window is copied into each call that
// uses it, by PostgreSQL's rules (OVER w takes w whole; OVER (w ORDER BY ...) takes w's
// PARTITION BY and ORDER BY, and may add an ORDER BY and a frame), so the binder sees
// every call's window complete (ast::WindowSpec).
#include "sql/parser/parse_tree_transformer.h"

namespace orbit {

namespace {

// PostgreSQL's FRAMEOPTION_* bits (nodes/parsenodes.h), as WindowDef.frameOptions holds them.
constexpr int kFrameNonDefault = 0x00001;
constexpr int kFrameRange = 0x00002;
constexpr int kFrameRows = 0x00004;
constexpr int kFrameGroups = 0x00008;
constexpr int kStartUnboundedPreceding = 0x00020;
constexpr int kEndUnboundedPreceding = 0x00040;
constexpr int kStartUnboundedFollowing = 0x00080;
constexpr int kEndUnboundedFollowing = 0x00100;
constexpr int kEndCurrentRow = 0x00400;
constexpr int kStartOffsetPreceding = 0x00800;
constexpr int kEndOffsetPreceding = 0x01000;
constexpr int kStartOffsetFollowing = 0x02000;
constexpr int kEndOffsetFollowing = 0x04000;
constexpr int kExcludeCurrentRow = 0x08000;
constexpr int kExcludeGroup = 0x10000;
constexpr int kExcludeTies = 0x20000;
// The default frame: RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW.
constexpr int kFrameDefaults = kFrameRange | kStartUnboundedPreceding | kEndCurrentRow;

// A field typed as a WindowDef pointer comes as the bare body; a Node field wraps it.
const nlohmann::json& WindowBody(const nlohmann::json& node) {
  return node.contains("WindowDef") ? node["WindowDef"] : node;
}

// (FRAMEOPTION_START_CURRENT_ROW, 0x00200, is what is left when no other start bit is set.)
FrameBoundKind StartBound(int options) {
  if (options & kStartUnboundedPreceding) return FrameBoundKind::kUnboundedPreceding;
  if (options & kStartUnboundedFollowing) return FrameBoundKind::kUnboundedFollowing;
  if (options & kStartOffsetPreceding) return FrameBoundKind::kPreceding;
  if (options & kStartOffsetFollowing) return FrameBoundKind::kFollowing;
  return FrameBoundKind::kCurrentRow;
}

FrameBoundKind EndBound(int options) {
  if (options & kEndUnboundedPreceding) return FrameBoundKind::kUnboundedPreceding;
  if (options & kEndUnboundedFollowing) return FrameBoundKind::kUnboundedFollowing;
  if (options & kEndOffsetPreceding) return FrameBoundKind::kPreceding;
  if (options & kEndOffsetFollowing) return FrameBoundKind::kFollowing;
  return FrameBoundKind::kCurrentRow;
}

}  // namespace

// A window with the definitions it refers to resolved: the parse tree's lists, not yet
// transformed.
struct ParseTreeTransformer::WindowParts {
  const Json* partition = nullptr;  // PARTITION BY list, or null
  const Json* order = nullptr;      // ORDER BY list of SortBy nodes, or null
  int options = kFrameDefaults;
  const Json* start_offset = nullptr;
  const Json* end_offset = nullptr;
};

ParseTreeTransformer::WindowClauseScope::WindowClauseScope(ParseTreeTransformer& transformer, const Json& select_body)
    : transformer_(transformer), saved_(std::move(transformer.windows_)) {
  transformer_.windows_.clear();
  if (!select_body.contains("windowClause")) return;
  for (const Json& node : select_body["windowClause"]) {
    const Json& definition = WindowBody(node);
    // (A name defined twice is refused before: CheckSelectClauses.)
    transformer_.windows_.emplace(definition.value("name", std::string()), &definition);
  }
}

Result<ParseTreeTransformer::WindowParts> ParseTreeTransformer::ResolveWindowDefinition(const Json& definition,
                                                                                        int depth) {
  constexpr int kMaxReferences = 64;
  if (depth > kMaxReferences) return Status::BindError("window definitions refer to each other in a cycle");
  WindowParts own;
  if (definition.contains("partitionClause")) own.partition = &definition["partitionClause"];
  if (definition.contains("orderClause")) own.order = &definition["orderClause"];
  own.options = definition.value("frameOptions", kFrameDefaults);
  if (definition.contains("startOffset")) own.start_offset = &definition["startOffset"];
  if (definition.contains("endOffset")) own.end_offset = &definition["endOffset"];
  const std::string reference = definition.value("refname", std::string());
  if (reference.empty()) return own;
  auto it = windows_.find(reference);
  if (it == windows_.end()) return Status::BindError("window \"{}\" does not exist", reference);
  ORBIT_ASSIGN_OR_RETURN(WindowParts base, ResolveWindowDefinition(*it->second, depth + 1));
  // PostgreSQL's rules for OVER (w ...) and WINDOW x AS (w ...).
  if (own.partition) return Status::BindError("cannot override PARTITION BY clause of window \"{}\"", reference);
  own.partition = base.partition;
  if (base.order) {
    if (own.order) return Status::BindError("cannot override ORDER BY clause of window \"{}\"", reference);
    own.order = base.order;
  }
  if (base.options & kFrameNonDefault) {
    return Status::BindError("cannot copy window \"{}\" because it has a frame clause", reference);
  }
  return own;
}

Result<ast::ExprPtr> ParseTreeTransformer::TransformWindowCall(const Json& over_node, std::shared_ptr<ast::Expr> call) {
  const Json& over = WindowBody(over_node);
  WindowParts parts;
  const std::string name = over.value("name", std::string());
  if (!name.empty()) {
    // OVER w: the WINDOW clause's w, whole.
    auto it = windows_.find(name);
    if (it == windows_.end()) return Status::BindError("window \"{}\" does not exist", name);
    ORBIT_ASSIGN_OR_RETURN(parts, ResolveWindowDefinition(*it->second, 0));
  } else {
    ORBIT_ASSIGN_OR_RETURN(parts, ResolveWindowDefinition(over, 0));
  }
  auto window = std::make_shared<ast::WindowSpec>();
  window->arguments = call->children.size();
  if (parts.partition) {
    ORBIT_ASSIGN_OR_RETURN(std::vector<ast::ExprPtr> keys, TransformExprList(*parts.partition));
    window->partitions = keys.size();
    for (auto& k : keys) call->children.push_back(std::move(k));
  }
  if (parts.order) {
    for (const Json& item : *parts.order) {
      ORBIT_ASSIGN_OR_RETURN(ast::OrderItem order, TransformSortBy(NodeBody(item)));
      window->order.push_back({order.descending, order.nulls_first});
      call->children.push_back(std::move(order.expr));
    }
  }
  const int options = parts.options;
  window->has_frame = (options & kFrameNonDefault) != 0;
  window->unit =
      options & kFrameRows ? FrameUnit::kRows : (options & kFrameGroups ? FrameUnit::kGroups : FrameUnit::kRange);
  window->start = StartBound(options);
  window->end = EndBound(options);
  if (options & kExcludeCurrentRow) window->exclusion = FrameExclusion::kCurrentRow;
  if (options & kExcludeGroup) window->exclusion = FrameExclusion::kGroup;
  if (options & kExcludeTies) window->exclusion = FrameExclusion::kTies;
  if (parts.start_offset) {
    ORBIT_ASSIGN_OR_RETURN(ast::ExprPtr offset, TransformExpr(*parts.start_offset));
    window->start_offset = static_cast<int>(call->children.size());
    call->children.push_back(std::move(offset));
  }
  if (parts.end_offset) {
    ORBIT_ASSIGN_OR_RETURN(ast::ExprPtr offset, TransformExpr(*parts.end_offset));
    window->end_offset = static_cast<int>(call->children.size());
    call->children.push_back(std::move(offset));
  }
  call->kind = ast::ExprKind::kWindow;
  call->window = std::move(window);
  return ast::ExprPtr(call);
}

}  // namespace orbit
