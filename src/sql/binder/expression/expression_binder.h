// Binds syntax tree expressions (ast.h) to typed plan expressions (plan/expression.h) over
// one input: resolves column names, types every node by the rules of type_resolution.h,
// makes every implicit conversion an explicit cast and folds what is constant.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "columnar/table.h"
#include "common/status.h"
#include "plan/expression.h"
#include "plan/logical_plan.h"  // WindowFrame, SortKey
#include "sql/parser/ast.h"

namespace orbit {

class SubqueryBinder;
struct Windowing;
struct Unnesting;

/// One FROM item as seen by names: its qualifier and its columns' range in the scope.
struct ScopeRelation {
  std::string table_name;
  std::string alias;
  std::string schema;  // a catalog table's or view's (s of s.t.col); empty for other items
  int begin = 0;       // its columns are BindScope::columns[begin, end)
  int end = 0;

  /// What qualifies its columns: the alias when there is one, else the table name.
  const std::string& qualifier() const { return alias.empty() ? table_name : alias; }
};

/// What expressions can reference: the columns of every FROM item, in FROM order (none
/// without FROM). Column i of the scope is column i of the plan built from FROM.
struct BindScope {
  std::vector<ScopeRelation> relations;
  Schema columns;
  /// Per column: merged into an equal column of an earlier item by JOIN ... USING, so a
  /// bare name and * see only the earlier one (a qualified name still reaches it).
  std::vector<bool> merged;

  /// Adds a FROM item; a BindError if its qualifier is already taken.
  Status AddRelation(std::string table_name, std::string alias, const Schema& schema, std::string in_schema = "");
  /// The scope of the items whose columns start at `begin`, renumbered from 0 (a JOIN's
  /// ON condition sees only the two sides of its join).
  BindScope Suffix(int begin) const;
};

/// The FROM item `qualifier` (the t of t.col or t.*) names, or a BindError.
Result<const ScopeRelation*> FindRelation(const BindScope* scope, const std::string& qualifier);
/// The FROM item s.t names (the s.t of s.t.col or s.t.*): a table or view of schema s
/// that has no alias, or a BindError.
Result<const ScopeRelation*> FindQualifiedRelation(const BindScope* scope, const std::string& schema,
                                                   const std::string& table);

/// The position of the column `names` refers to ({"col"}, {"t", "col"}, {"s", "t", "col"} or
/// {"db", "s", "t", "col"}), or a BindError
/// naming it (ambiguous, or not there with the closest column suggested). `scope` may be
/// null (no columns).
Result<int> ResolveColumn(const BindScope* scope, const std::vector<std::string>& names);

/// Whether `name` calls an aggregate function of the registry (functions/).
bool IsAggregateFunction(const std::string& name);
/// Whether an aggregate is called in `expr`, also inside a window call's arguments and
/// window (rank() OVER (ORDER BY sum(x))); a window call itself is not one.
bool ContainsAggregate(const ast::Expr& expr);
/// Whether `expr` holds a window call (f(...) OVER (...)).
bool ContainsWindow(const ast::Expr& expr);
/// Whether `expr` calls unnest (a set-returning function) outside its subqueries.
bool ContainsSetReturningCall(const ast::Expr& expr);

class ExpressionBinder {
 public:
  /// `clause` names where the expression sits ("WHERE", "GROUP BY", ...), for errors.
  ExpressionBinder(const BindScope* scope, std::string clause) : scope_(scope), clause_(std::move(clause)) {}
  virtual ~ExpressionBinder() = default;

  Result<ExprPtr> Bind(const ast::Expr& expr) { return BindNode(expr); }
  /// A BOOLEAN condition (WHERE, HAVING); a NULL literal becomes a BOOLEAN NULL.
  Result<ExprPtr> BindCondition(const ast::Expr& expr) { return BindBoolean(expr, expr, clause_.c_str()); }
  /// Where subqueries met go (sql/subquery_binder.h); without one they are an error.
  void set_subqueries(SubqueryBinder* subqueries) { subqueries_ = subqueries; }
  /// The enclosing queries' columns, nearest first: a subquery's WHERE may read the
  /// nearest's (one level); a reference further out is a NotSupported error naming it.
  void set_outer_scopes(std::vector<const BindScope*> outer) { outer_scopes_ = std::move(outer); }
  /// Where window calls met go (window_binder.h); without it they are an error naming the
  /// clause, as PostgreSQL allows them only in the select list and ORDER BY.
  void set_windows(Windowing* windows) { windows_ = windows; }
  /// Where unnest(array) calls met go (unnest_binder.h); without it they are an error naming
  /// the clause, as PostgreSQL allows set-returning calls only in the select list.
  void set_unnests(Unnesting* unnests) { unnests_ = unnests; }

 protected:
  /// Every node, the root and each child, is bound through here, so a subclass can take
  /// over whole subtrees (the aggregate binder maps GROUP BY expressions to key columns).
  virtual Result<ExprPtr> BindNode(const ast::Expr& expr);
  virtual Result<ExprPtr> BindColumnRef(const ast::Expr& expr);
  /// sum(x), count(*), ...: an error by default, aggregates being allowed in few places.
  virtual Result<ExprPtr> BindAggregate(const ast::Expr& call);

  const BindScope* scope_;
  std::string clause_;
  SubqueryBinder* subqueries_ = nullptr;
  std::vector<const BindScope*> outer_scopes_;
  Windowing* windows_ = nullptr;
  Unnesting* unnests_ = nullptr;
  bool in_window_call_ = false;  // binding a window call's parts: another one is nested

 private:
  Result<ExprPtr> BindDispatch(const ast::Expr& expr);
  Result<ExprPtr> BindCast(const ast::Expr& expr);
  Result<ExprPtr> BindUnnest(const ast::Expr& call);
  Status RefuseSetReturningCall(const ast::Expr& expr, const std::string& where) const;
  Result<ExprPtr> BindUnary(const ast::Expr& expr);
  Result<ExprPtr> BindComparison(const ast::Expr& expr, CompareOp op);
  Result<ExprPtr> BindConjunction(const ast::Expr& expr);
  Result<ExprPtr> BindNot(const ast::Expr& expr);
  Result<ExprPtr> BindBetween(const ast::Expr& expr);
  Result<ExprPtr> BindInList(const ast::Expr& expr);
  // function_binder.cpp
  Result<ExprPtr> BindFunction(const ast::Expr& expr);
  Result<ExprPtr> BindOperatorCall(const ast::Expr& expr);
  Result<ExprPtr> BindCall(const ast::Expr& expr, const ScalarFunction& function);
  Result<ExprPtr> BindCase(const ast::Expr& expr);
  Result<ExprPtr> BindConditional(const ast::Expr& expr);   // conditional_binder.cpp
  Result<ExprPtr> BindDistinctFrom(const ast::Expr& expr);  // conditional_binder.cpp
  Result<ExprPtr> BindTruthTest(const ast::Expr& expr);     // conditional_binder.cpp
  Result<ExprPtr> BindLike(const ast::Expr& expr);
  Result<ExprPtr> BindSubquery(const ast::Expr& expr);
  // window_binder.cpp
  Result<ExprPtr> BindWindow(const ast::Expr& call);
  Result<WindowFrame> BindFrame(const ast::Expr& call, const std::vector<SortKey>& order_by);
  Result<Value> BindFrameOffset(const ast::Expr& call, int child, FrameUnit unit, const std::vector<SortKey>& order_by,
                                const char* which);
  // arithmetic_binder.cpp
  Result<ExprPtr> BindArithmetic(const ast::Expr& expr);
  Result<ExprPtr> BindNumericArithmetic(const ast::Expr& expr, ArithmeticKind op, ExprPtr left, ExprPtr right);
  Result<ExprPtr> BindDateArithmetic(const ast::Expr& expr, ExprPtr left, ExprPtr right);
  Result<ExprPtr> BindIntervalArithmetic(const ast::Expr& expr);
  // interval_arithmetic_binder.cpp: operators over INTERVAL values and TIMESTAMP - TIMESTAMP.
  static bool IsIntervalArithmetic(const ast::Expr& expr, const ExprPtr& left, const ExprPtr& right);
  Result<ExprPtr> BindIntervalOperator(const ast::Expr& expr, ExprPtr left, ExprPtr right);
  Result<ExprPtr> BindIntervalNegate(ExprPtr operand);

  /// Binds children[from..] of `expr`; an untyped string literal among them takes the type
  /// of the first child that is not one (PostgreSQL's "unknown" literals), so
  /// l_shipdate <= '1998-12-01' compares two DATEs.
  Result<std::vector<ExprPtr>> BindOperands(const ast::Expr& expr, size_t from = 0);
  /// `operands` all cast to their common comparison type, or a TypeError.
  Result<std::vector<ExprPtr>> CastToCommonType(const ast::Expr& expr, std::vector<ExprPtr> operands);
  /// A BOOLEAN operand of AND / OR / NOT, or a condition; `what` names it for errors.
  Result<ExprPtr> BindBoolean(const ast::Expr& operand, const ast::Expr& whole, const char* what);
};

/// The value of a numeric literal as written: INTEGER if it fits, else BIGINT, else
/// DECIMAL(38,0); "0.05" is DECIMAL(2,2) (scale = digits after the point, precision = the
/// significant digits, at least the scale); an exponent, or more than 38 digits, gives DOUBLE.
std::optional<Value> NumericLiteralValue(std::string_view text);

}  // namespace orbit
