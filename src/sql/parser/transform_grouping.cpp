// GROUP BY: plain expressions, and GROUPING SETS, ROLLUP and CUBE expanded into their sets
// as PostgreSQL does (ROLLUP (a, b) = ((a, b), (a), ()); CUBE (a, b) = ((a, b), (a), (b), ());
// a parenthesised list is one element; items side by side multiply).
#include <functional>

#include "sql/parser/parse_tree_transformer.h"

namespace orbit {

namespace {

constexpr size_t kMaxGroupingSets = 4096;  // PostgreSQL's limit

using Sets = std::vector<std::vector<size_t>>;

}  // namespace

Status ParseTreeTransformer::TransformGroupBy(const Json& items, ast::SelectStatement& select) {
  bool any_set = false;
  // One element's expressions (a RowExpr is a parenthesised list), as positions in group_by.
  std::function<Result<std::vector<size_t>>(const Json&)> element =
      [&](const Json& node) -> Result<std::vector<size_t>> {
    std::vector<size_t> out;
    if (NodeType(node) == "RowExpr") {
      const Json& body = NodeBody(node);
      if (body.contains("args")) {
        for (const Json& arg : body["args"]) {
          ORBIT_ASSIGN_OR_RETURN(std::vector<size_t> inner, element(arg));
          out.insert(out.end(), inner.begin(), inner.end());
        }
      }
      return out;
    }
    ORBIT_ASSIGN_OR_RETURN(ast::ExprPtr e, TransformExpr(node));
    select.group_by.push_back(std::move(e));
    out.push_back(select.group_by.size() - 1);
    return out;
  };
  std::function<Result<Sets>(const Json&)> sets_of = [&](const Json& node) -> Result<Sets> {
    if (NodeType(node) != "GroupingSet") {
      ORBIT_ASSIGN_OR_RETURN(std::vector<size_t> keys, element(node));
      return Sets{keys};
    }
    any_set = true;
    const Json& body = NodeBody(node);
    const std::string kind = body.value("kind", std::string());
    std::vector<const Json*> content;
    if (body.contains("content")) {
      for (const Json& c : body["content"]) content.push_back(&c);
    }
    if (kind == "GROUPING_SET_EMPTY") return Sets{{}};
    if (kind == "GROUPING_SET_SIMPLE") {
      std::vector<size_t> keys;
      for (const Json* c : content) {
        ORBIT_ASSIGN_OR_RETURN(std::vector<size_t> inner, element(*c));
        keys.insert(keys.end(), inner.begin(), inner.end());
      }
      return Sets{keys};
    }
    if (kind == "GROUPING_SET_SETS") {
      Sets out;
      for (const Json* c : content) {
        ORBIT_ASSIGN_OR_RETURN(Sets inner, sets_of(*c));
        out.insert(out.end(), inner.begin(), inner.end());
      }
      return out;
    }
    std::vector<std::vector<size_t>> elements;
    for (const Json* c : content) {
      ORBIT_ASSIGN_OR_RETURN(std::vector<size_t> e, element(*c));
      elements.push_back(std::move(e));
    }
    Sets out;
    if (kind == "GROUPING_SET_ROLLUP") {
      for (size_t n = elements.size() + 1; n-- > 0;) {
        std::vector<size_t> keys;
        for (size_t i = 0; i < n; ++i) keys.insert(keys.end(), elements[i].begin(), elements[i].end());
        out.push_back(std::move(keys));
      }
      return out;
    }
    if (kind == "GROUPING_SET_CUBE") {
      if (elements.size() > 12)
        return Status::BindError("too many grouping sets present (maximum {})", kMaxGroupingSets);
      // From every element to none, the first element the highest bit: PostgreSQL's order.
      const size_t all = (size_t{1} << elements.size()) - 1;
      for (size_t mask = all + 1; mask-- > 0;) {
        std::vector<size_t> keys;
        for (size_t i = 0; i < elements.size(); ++i) {
          if (mask & (size_t{1} << (elements.size() - 1 - i)))
            keys.insert(keys.end(), elements[i].begin(), elements[i].end());
        }
        out.push_back(std::move(keys));
      }
      return out;
    }
    return Status::NotSupported("GROUP BY {}", kind);
  };
  Sets product{{}};
  for (const Json& item : items) {
    ORBIT_ASSIGN_OR_RETURN(Sets sets, sets_of(item));
    Sets next;
    for (const auto& left : product) {
      for (const auto& right : sets) {
        std::vector<size_t> keys = left;
        keys.insert(keys.end(), right.begin(), right.end());
        next.push_back(std::move(keys));
      }
    }
    if (next.size() > kMaxGroupingSets) {
      return Status::BindError("too many grouping sets present (maximum {})", kMaxGroupingSets);
    }
    product = std::move(next);
  }
  if (any_set) select.grouping_sets = std::move(product);
  return Status::OK();
}

}  // namespace orbit
