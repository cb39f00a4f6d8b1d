// Builders of bound expression nodes that fold at bind time whatever has only constant
// inputs. The filter kernels compare a column with a constant, so casts, negations, date
// shifts and arithmetic over constants never reach the executor. Casts fold through the
// executor's own cast (exec/cast.h), so a folded constant is what execution would produce.
#pragma once

#include "common/status.h"
#include "plan/expression.h"
#include "plan/expression_rewrite.h"  // SameExpr

namespace orbit {

inline bool IsConstant(const ExprPtr& e) { return e->kind == ExprKind::kConstant; }

/// CAST(value AS type) with the executor's semantics; fails on text that does not parse
/// and on values out of the target's range.
Result<Value> CastValue(const Value& value, const DataType& type);

/// `child` as `type`: the child itself when it has that type already, a constant when it is
/// one, else a kCast node.
Result<ExprPtr> CastExpr(ExprPtr child, const DataType& type);

/// left <op> right over operands of one type.
Result<ExprPtr> CompareExpr(CompareOp op, ExprPtr left, ExprPtr right);

/// -child (kNegate).
Result<ExprPtr> NegateExpr(ExprPtr child);

/// left <op> right with the given result type; both children already have the operand
/// types the executor expects (see plan/expression.h).
Result<ExprPtr> ArithmeticExpr(ArithmeticKind op, const DataType& type, ExprPtr left, ExprPtr right);

/// kDateAddDays / kDateAddMonths (DATE, INTEGER), kDateDiff (DATE, DATE),
/// kTimestampAddMonths (TIMESTAMP, INTEGER) or kTimestampAddMicros (TIMESTAMP, BIGINT).
Result<ExprPtr> DateExpr(ExprKind kind, ExprPtr left, ExprPtr right);

}  // namespace orbit
