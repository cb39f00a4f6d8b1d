#include "plan/expression_errors.h"

#include <algorithm>

namespace orbit {

namespace {

// Casts that cannot fail: to text, to the same type, and widening ones that always fit.
bool CastCannotFail(const DataType& from, const DataType& to) {
  if (to.id == TypeId::kVarchar || from == to || from.id == TypeId::kNull) return true;
  if (to.id == TypeId::kDouble) return from.is_integer() || from.is_decimal() || from.is_float();
  if (from.id == TypeId::kInt32 && to.id == TypeId::kInt64) return true;
  // TINYINT and SMALLINT widen to any wider integer, as the binder's arithmetic does.
  if (from.is_small_integer() && to.is_integer()) return from.byte_width() <= to.byte_width();
  return false;
}

bool NodeCanRaiseError(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kColumnRef:
    case ExprKind::kOuterColumnRef:
    case ExprKind::kConstant:
    case ExprKind::kCompare:
    case ExprKind::kAnd:
    case ExprKind::kOr:
    case ExprKind::kNot:
    case ExprKind::kIsNull:
    case ExprKind::kIsNotNull:
    case ExprKind::kBetween:
    case ExprKind::kInList:
    case ExprKind::kCase:
    case ExprKind::kLike:
    case ExprKind::kCoalesce:
    case ExprKind::kGreatest:
    case ExprKind::kLeast:
    case ExprKind::kIsDistinct: return false;
    case ExprKind::kNullIf:  // children[0] is converted to the comparison type
      return !CastCannotFail(e.children[0]->type, e.children[1]->type);
    case ExprKind::kCast: return !CastCannotFail(e.children[0]->type, e.type);
    case ExprKind::kArithmetic:
      // DOUBLE +, - and * give infinities rather than errors; / and % fail on zero.
      return e.type.id != TypeId::kDouble || e.arithmetic == ArithmeticKind::kDiv ||
             e.arithmetic == ArithmeticKind::kMod;
    case ExprKind::kNegate: return e.type.id != TypeId::kDouble;
    case ExprKind::kFunction: {
      // The registry does not say which functions fail: these, known not to, may move.
      static const char* const kNeverFail[] = {"upper",  "lower", "btrim", "ltrim",  "rtrim",
                                               "length", "round", "||",    "concat", "extract"};
      const std::string name = e.function != nullptr ? e.function->name : e.name;
      return std::none_of(std::begin(kNeverFail), std::end(kNeverFail), [&](const char* n) { return name == n; });
    }
    default: return true;
  }
}

}  // namespace

bool CanRaiseError(const Expr& expr) {
  if (NodeCanRaiseError(expr)) return true;
  return std::any_of(expr.children.begin(), expr.children.end(), [](const ExprPtr& c) { return CanRaiseError(*c); });
}

}  // namespace orbit
