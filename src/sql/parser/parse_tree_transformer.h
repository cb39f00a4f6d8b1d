// Turns libpg_query's JSON parse tree into Orbit's syntax tree (ast.h). Internal to the
// parser. Every parse tree node is an object with one key, its type: {"A_Const": {...}}.
// Constructs Orbit does not run yet become NotSupported errors naming them, so nothing in
// a statement is ever silently ignored.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/status.h"
#include "sql/parser/ast.h"

namespace orbit {

class ParseTreeTransformer {
 public:
  using Json = nlohmann::json;

  /// `sql` is the text the tree was parsed from; a few values are read back from it.
  explicit ParseTreeTransformer(std::string_view sql) : sql_(sql) {}

  Result<ast::Statement> TransformStatement(const Json& node);
  Result<ast::ColumnDefinition> TransformColumnDefinition(const Json& node);
  Result<ast::ExprPtr> TransformExpr(const Json& node);

  /// The highest n of the $n parameters transformed so far (0: none).
  int max_parameter() const { return max_parameter_; }

  /// The node's type ("SelectStmt") and its fields.
  static const std::string& NodeType(const Json& node);
  static const Json& NodeBody(const Json& node);

 private:
  Result<ast::SelectStatement> TransformSelect(const Json& body);
  /// The select list, FROM, WHERE, GROUP BY and HAVING of a SELECT without set operation.
  Status TransformSelectCore(const Json& body, ast::SelectStatement* out);
  /// A targetList or returningList: expressions with their AS names.
  Result<std::vector<ast::SelectItem>> TransformTargets(const Json& list);
  Status TransformSetOperation(const Json& body, const std::string& op, ast::SelectStatement* select);
  Result<std::vector<ast::CommonTableExpr>> TransformWith(const Json& with);
  Result<ast::Statement> TransformCreateView(const Json& body);
  Result<ast::TableRef> TransformFromItem(const Json& node);
  Result<ast::TableRef> TransformJoin(const Json& body);
  Result<ast::OrderItem> TransformSortBy(const Json& body);
  Status TransformGroupBy(const Json& items, ast::SelectStatement& select);  // transform_grouping.cpp
  Result<ast::Statement> TransformExplain(const Json& body);
  Result<ast::Statement> TransformCreateTable(const Json& body);
  /// A CONSTR_CHECK Constraint's body (column or table constraint, ALTER ... ADD CONSTRAINT).
  Result<ast::CheckDefinition> TransformCheck(const Json& constraint);
  Result<ast::Statement> TransformCreateTableAs(const Json& body);
  Result<ast::Statement> TransformCopy(const Json& body);
  Result<ast::Statement> TransformInsert(const Json& body);
  Result<ast::Statement> TransformDrop(const Json& body);
  Result<ast::Statement> TransformSet(const Json& body);
  /// FROM a, b, c as (a CROSS JOIN b) CROSS JOIN c; nullopt for an empty list.
  Result<std::optional<ast::TableRef>> TransformFromList(const Json& list);
  // transform_update_delete.cpp
  Result<ast::Statement> TransformUpdate(const Json& body);
  Result<std::vector<ast::UpdateStatement::Assignment>> TransformAssignments(const Json& list);
  Result<std::shared_ptr<const ast::OnConflict>> TransformOnConflict(const Json& body);
  Result<ast::Statement> TransformDelete(const Json& body);
  // transform_alter.cpp
  Result<ast::Statement> TransformAlterTable(const Json& body);
  Result<ast::Statement> TransformRename(const Json& body);
  Result<ast::Statement> TransformTruncate(const Json& body);
  // transform_prepared.cpp
  Result<ast::Statement> TransformPrepare(const Json& body);
  Result<ast::Statement> TransformExecute(const Json& body);
  Result<ast::Statement> TransformDeallocate(const Json& body);
  Result<ast::Statement> TransformTransaction(const Json& body);  // transform_transaction.cpp
  Result<std::string> TransformRelationName(const Json& range_var);
  /// A NotSupported error for a relation or schema name holding a '.' (search_path.h).
  static Status CheckUndottedName(const std::string& name, const char* what);
  // transform_schema.cpp: CREATE, DROP and ALTER SCHEMA; ALTER TABLE ... SET SCHEMA
  Result<ast::Statement> TransformCreateSchema(const Json& body);
  Result<ast::Statement> TransformDropSchema(const Json& body);
  Result<ast::Statement> TransformRenameSchema(const Json& body);
  Result<ast::Statement> TransformSetSchema(const Json& body);
  Result<std::string> ConstantText(const Json& node);

  Result<ast::ExprPtr> TransformColumnRef(const Json& body);
  Result<ast::ExprPtr> TransformCollate(const Json& body);
  Result<ast::ExprPtr> TransformConstant(const Json& body);
  Result<ast::ExprPtr> TransformTypeCast(const Json& body);
  Result<ast::ExprPtr> TransformAExpr(const Json& body);
  Result<ast::ExprPtr> TransformIndirection(const Json& body);
  Result<ast::ExprPtr> TransformBoolExpr(const Json& body);
  Result<ast::ExprPtr> TransformNullTest(const Json& body);
  Result<ast::ExprPtr> TransformFuncCall(const Json& body);
  Result<ast::ExprPtr> TransformNamedArg(const Json& body);
  Result<ast::ExprPtr> TransformCase(const Json& body);
  Result<ast::ExprPtr> TransformSubLink(const Json& body);  // transform_subquery.cpp
  // transform_window.cpp: f(...) OVER (...) and the WINDOW clause
  Result<ast::ExprPtr> TransformWindowCall(const Json& over, std::shared_ptr<ast::Expr> call);
  struct WindowParts;
  Result<WindowParts> ResolveWindowDefinition(const Json& definition, int depth);
  // transform_conditional.cpp: rewritten into CASE, comparisons and LIKE
  Result<ast::ExprPtr> TransformCoalesce(const Json& body);
  Result<ast::ExprPtr> TransformNullIf(const Json& body);
  Result<ast::ExprPtr> TransformGreatestLeast(const Json& body);
  Result<ast::ExprPtr> TransformDistinctFrom(const Json& body, const std::string& kind);
  Result<ast::ExprPtr> TransformBooleanTest(const Json& body);
  Result<ast::ExprPtr> TransformILike(const Json& body, const std::string& op);
  Result<ast::ExprPtr> TransformLikePattern(const Json& node);  // LIKE's right side, with ESCAPE
  Result<ast::TypeName> TransformTypeName(const Json& body);
  Result<std::vector<ast::ExprPtr>> TransformExprList(const Json& list);

  /// libpg_query 15's JSON output drops the value of integer constants that are zero or
  /// negative (pganalyze/libpg_query#243, fixed upstream in #249): the A_Const holds an
  /// empty "ival". The value is read back from the statement text at the constant's location.
  int64_t RecoverIntegerLiteral(int location) const;

  std::string_view sql_;
  int max_parameter_ = 0;
  // The WINDOW clause of the SELECT being transformed (name -> its WindowDef): OVER w in its
  // select list and ORDER BY reads it; a subquery has its own.
  std::map<std::string, const Json*> windows_;

 public:
  /// Sets windows_ to a SELECT's WINDOW clause for its lifetime, then puts the enclosing one back.
  class WindowClauseScope {
   public:
    WindowClauseScope(ParseTreeTransformer& transformer, const Json& select_body);
    ~WindowClauseScope() { transformer_.windows_ = std::move(saved_); }
    WindowClauseScope(const WindowClauseScope&) = delete;
    WindowClauseScope& operator=(const WindowClauseScope&) = delete;

   private:
    ParseTreeTransformer& transformer_;
    std::map<std::string, const Json*> saved_;
  };
};

}  // namespace orbit
