// The common table expressions (WITH) visible where a query is bound: a chain from the
// innermost WITH outwards, one CTE per link, so each CTE sees only those defined before it
// (a non-recursive CTE does not see itself; the recursive term of a WITH RECURSIVE query
// sees it as its working table) and a nested WITH shadows an outer one.
#pragma once

#include <string>

#include "functions/table_function.h"
#include "sql/catalog/catalog.h"
#include "sql/parser/ast.h"

namespace orbit {

struct CteScope {
  const ast::CommonTableExpr* cte = nullptr;
  const CteScope* parent = nullptr;  // where `cte` was defined: the scope its query is bound in
  // While the recursive term of WITH RECURSIVE is bound: the table its references to the
  // query itself read (each round's rows), and how many there are.
  TablePtr working_table;
  mutable int working_references = 0;
  // A MATERIALIZED or recursive CTE's one result, made at its first reference and read by
  // every other.
  mutable TableSourcePtr shared_result;

  /// The link defining `name` (case-insensitive), innermost first; null when none does.
  static const CteScope* Find(const CteScope* scope, const std::string& name) {
    for (; scope != nullptr; scope = scope->parent) {
      if (ToLower(scope->cte->name) == ToLower(name)) return scope;
    }
    return nullptr;
  }
};

}  // namespace orbit
