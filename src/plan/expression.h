// Bound expressions: the binder's output and the executor's input. Every node has its
// result type resolved; column references point at a column of the operator's input by
// position. Implicit conversions are explicit kCast nodes, so the executor never guesses
// a type: both sides of a comparison or of +/- have the same type, and DECIMAL * DECIMAL
// carries its own result precision (scale = s1 + s2).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "columnar/value.h"
#include "functions/scalar_function.h"
#include "kernels/kernel_table.h"

namespace orbit {

enum class ExprKind : uint8_t {
  kColumnRef,   // input column `column_index`
  kConstant,    // `constant`
  kCast,        // children[0] converted to `type` (checked: out of range is an error)
  kArithmetic,  // children[0] <arithmetic_op> children[1]
  kNegate,      // -children[0]
  kCompare,     // children[0] <compare_op> children[1], same types, result BOOLEAN
  kAnd,         // children[0] AND children[1] AND ... (SQL three-valued logic)
  kOr,
  kNot,
  kIsNull,  // children[0] IS NULL (never NULL itself)
  kIsNotNull,
  kBetween,             // children[1] <= children[0] <= children[2]
  kInList,              // children[0] IN (children[1..]) ; children[1..] are constants of children[0]'s type
  kDateAddDays,         // DATE children[0] + INTEGER children[1] days
  kDateAddMonths,       // DATE children[0] + INTEGER children[1] months (end-of-month clamped)
  kDateDiff,            // DATE children[0] - DATE children[1] = INTEGER days
  kTimestampAddMonths,  // TIMESTAMP children[0] + INTEGER children[1] months (end-of-month clamped)
  kTimestampAddMicros,  // TIMESTAMP children[0] + BIGINT children[1] microseconds
  kCase,                // CASE WHEN children[0] THEN children[1] ... ELSE children.back() END: pairs of a
                        // BOOLEAN condition and a result of `type`, then the ELSE result (always present)
  kLike,                // VARCHAR children[0] LIKE VARCHAR children[1] (% any text, _ one character)
  kOuterColumnRef,      // a subquery's reference to column `column_index` of the enclosing query's
                        // scope; only between binding and decorrelation, never executed
  kFunction,            // a registered scalar function (`function`) of children..., which are already cast
                        // to the types its bind rule chose (functions/scalar_function.h)
  // Each argument once (as CASE they would repeat it, doubling nested ones per level):
  kCoalesce,    // the first of children (all of `type`) that is not NULL; each only on the rows still NULL
  kNullIf,      // children[0] (of `type`), NULL where it equals children[1] (of the comparison type)
  kGreatest,    // the largest of children (all of `type`) that is not NULL; NULL when all are
  kLeast,       // the smallest likewise
  kIsDistinct,  // children[0] IS DISTINCT FROM children[1] (same type): never NULL
};

enum class ArithmeticKind : uint8_t { kAdd, kSub, kMul, kDiv, kMod };

struct Expr;
using ExprPtr = std::shared_ptr<Expr>;

struct Expr {
  ExprKind kind = ExprKind::kConstant;
  DataType type;
  std::vector<ExprPtr> children;
  int column_index = -1;                             // kColumnRef
  Value constant;                                    // kConstant
  ArithmeticKind arithmetic = ArithmeticKind::kAdd;  // kArithmetic
  CompareOp compare = CompareOp::kEq;                // kCompare
  std::string name;                                  // kColumnRef: the column's name, for EXPLAIN
  const ScalarFunction* function = nullptr;          // kFunction: the registry's entry
  int variant = 0;                                   // kFunction: its bind rule's choice (EXTRACT's field)
  std::shared_ptr<const void> function_state;        // kFunction: what its bind rule prepared (Resolution::state)

  static ExprPtr ColumnRef(int index, DataType type, std::string name);
  static ExprPtr Constant(Value value);
  static ExprPtr Cast(ExprPtr child, DataType type);
  static ExprPtr Make(ExprKind kind, DataType type, std::vector<ExprPtr> children);
  static ExprPtr Arithmetic(ArithmeticKind op, DataType type, ExprPtr left, ExprPtr right);
  static ExprPtr Compare(CompareOp op, ExprPtr left, ExprPtr right);
  static ExprPtr Function(const ScalarFunction& function, int variant, DataType type, std::vector<ExprPtr> children);

  /// SQL-like text for EXPLAIN: "(l_extendedprice * (1 - l_discount))".
  std::string ToString() const;
};

}  // namespace orbit
