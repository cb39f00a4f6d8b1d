#include "sql/binder/expression/window_binder.h"

#include "columnar/timestamp.h"
#include "functions/function_registry.h"
#include "plan/expression_rewrite.h"
#include "sql/binder/constant_folding.h"
#include "sql/binder/expression/aggregate_binder.h"
#include "sql/binder/expression/expression_binder.h"
#include "sql/binder/expression/interval_literal.h"
#include "sql/binder/expression/subquery_binder.h"
#include "sql/binder/type_resolution.h"

namespace orbit {

namespace {

bool SameOptionalExpr(const ExprPtr& a, const ExprPtr& b) {
  if (!a || !b) return !a && !b;
  return SameExpr(*a, *b);
}

bool SameExprs(const std::vector<ExprPtr>& a, const std::vector<ExprPtr>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!SameExpr(*a[i], *b[i])) return false;
  }
  return true;
}

bool SameWindowCall(const WindowCall& a, const WindowCall& b) {
  if (a.kind != b.kind || a.name != b.name || !(a.type == b.type)) return false;
  if (a.kind == WindowKind::kAggregate &&
      (a.aggregate.kind != b.aggregate.kind || !SameOptionalExpr(a.aggregate.argument, b.aggregate.argument) ||
       !SameOptionalExpr(a.aggregate.second, b.aggregate.second))) {
    return false;
  }
  if (!SameExprs(a.arguments, b.arguments) || !SameExprs(a.partition_by, b.partition_by)) return false;
  if (a.order_by.size() != b.order_by.size()) return false;
  for (size_t i = 0; i < a.order_by.size(); ++i) {
    const SortKey &x = a.order_by[i], &y = b.order_by[i];
    if (x.descending != y.descending || x.nulls_first != y.nulls_first || !SameExpr(*x.expression, *y.expression)) {
      return false;
    }
  }
  return a.frame.ToString() == b.frame.ToString();
}

bool IsIntegerType(const DataType& type) { return type.is_integer() || type.id == TypeId::kNull; }

// An argument that must be an integer (ntile's buckets, lag's offset, nth_value's n), as BIGINT.
Result<ExprPtr> IntegerArgument(ExprPtr e, const ast::Expr& call, const char* what) {
  if (!IsIntegerType(e->type)) {
    return Status::TypeError("the {} of {} must be an integer, not {}: {}", what, call.name, e->type.ToString(),
                             call.ToString());
  }
  if (e->type.id == TypeId::kNull) return Expr::Constant(Value::Null(DataType::Int64()));
  return CastExpr(std::move(e), DataType::Int64());
}

// A value argument: an untyped NULL is VARCHAR, as PostgreSQL resolves unknown to text.
ExprPtr ValueArgument(ExprPtr e) {
  if (e->type.id == TypeId::kNull) return Expr::Constant(Value::Null(DataType::Varchar()));
  return e;
}

// Sets a flag for as long as it lives.
class FlagScope {
 public:
  explicit FlagScope(bool& flag) : flag_(flag) { flag_ = true; }
  ~FlagScope() { flag_ = false; }
  FlagScope(const FlagScope&) = delete;
  FlagScope& operator=(const FlagScope&) = delete;

 private:
  bool& flag_;
};

}  // namespace

ExprPtr Windowing::Add(WindowCall call) {
  size_t i = 0;
  while (i < calls.size() && !SameWindowCall(calls[i], call)) ++i;
  if (i == calls.size()) calls.push_back(std::move(call));
  return Expr::ColumnRef(kWindowPlaceholderBase + static_cast<int>(i), calls[i].type, calls[i].ToString());
}

std::vector<ExprPtr*> Windowing::Expressions() {
  std::vector<ExprPtr*> out;
  for (WindowCall& w : calls) {
    if (w.aggregate.argument) out.push_back(&w.aggregate.argument);
    if (w.aggregate.second) out.push_back(&w.aggregate.second);
    for (auto& e : w.arguments) out.push_back(&e);
    for (auto& e : w.partition_by) out.push_back(&e);
    for (auto& k : w.order_by) out.push_back(&k.expression);
  }
  return out;
}

ExprPtr Windowing::Resolve(const ExprPtr& e, int input_width) {
  return RemapColumns(e, [&](int c) {
    return c >= kWindowPlaceholderBase && c < kSubqueryPlaceholderBase ? input_width + (c - kWindowPlaceholderBase) : c;
  });
}

namespace {

// A RANGE offset over a DATE or TIMESTAMP ORDER BY key: an INTERVAL of a fixed length, in the
// key's own unit (days or microseconds), so the frame search compares integers.
Result<Value> BindTemporalFrameOffset(const ast::Expr& call, const ast::Expr& offset, const DataType& key,
                                      const char* which) {
  if (!IsIntervalLiteral(offset)) {
    return Status::BindError("the frame {} offset over a {} ORDER BY column must be an INTERVAL: {}", which,
                             key.ToString(), call.ToString());
  }
  ORBIT_ASSIGN_OR_RETURN(IntervalParts interval, ParseIntervalLiteral(offset));
  if (interval.months != 0) {
    return Status::NotSupported(
        "a RANGE offset of months or years (their length varies; days, hours, minutes and seconds work): {}",
        call.ToString());
  }
  const int64_t micros = interval.FixedMicros();
  if (micros < 0) return Status::BindError("invalid preceding or following size in window function");
  if (key.id == TypeId::kTimestamp) return Value::Int64(micros);
  if (micros % kMicrosPerDay != 0) {
    return Status::NotSupported("a RANGE offset over a DATE column that is not a whole number of days: {}",
                                call.ToString());
  }
  return Value::Int64(micros / kMicrosPerDay);
}

}  // namespace

Result<Value> ExpressionBinder::BindFrameOffset(const ast::Expr& call, int child, FrameUnit unit,
                                                const std::vector<SortKey>& order_by, const char* which) {
  if (unit == FrameUnit::kRange) {
    if (order_by.size() != 1) {
      return Status::BindError("RANGE with offset PRECEDING/FOLLOWING requires exactly one ORDER BY column: {}",
                               call.ToString());
    }
    const DataType& key = order_by[0].expression->type;
    if (key.is_temporal()) return BindTemporalFrameOffset(call, *call.children[child], key, which);
  }
  // PostgreSQL evaluates the offset once: it may not read the row.
  ExpressionBinder binder(nullptr, "a window frame offset");
  ORBIT_ASSIGN_OR_RETURN(ExprPtr offset, binder.Bind(*call.children[child]));
  if (!IsConstant(offset)) {
    return Status::NotSupported("a window frame offset that is not a constant: {}", call.ToString());
  }
  if (offset->constant.is_null) return Status::BindError("frame {} offset must not be null", which);
  if (unit != FrameUnit::kRange) {
    if (!IsIntegerType(offset->type)) {
      return Status::TypeError("the frame {} offset of {} must be an integer, not {}", which, FrameUnitName(unit),
                               offset->type.ToString());
    }
    ORBIT_ASSIGN_OR_RETURN(Value v, CastValue(offset->constant, DataType::Int64()));
    if (v.int_value < 0) return Status::BindError("frame {} offset must not be negative", which);
    return v;
  }
  const DataType& key = order_by[0].expression->type;
  const DataType& given = offset->type;
  auto unsupported = [&] {
    return Status::BindError(
        "RANGE with offset PRECEDING/FOLLOWING is not supported for column type {} and offset type {}", key.ToString(),
        given.ToString());
  };
  DataType target = key;
  switch (key.id) {
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64:
      if (!IsIntegerType(given)) return unsupported();
      target = DataType::Int64();
      break;
    case TypeId::kDecimal:
      if (!given.is_numeric() || given.id == TypeId::kDouble) return unsupported();
      if (given.is_decimal() && given.scale > key.scale) {
        return Status::NotSupported("RANGE offset {} over a {} ORDER BY column: it has more digits after the point",
                                    offset->constant.ToString(), key.ToString());
      }
      target = DataType::Decimal(kMaxDecimalPrecision, key.scale);
      break;
    case TypeId::kFloat:
    case TypeId::kDouble:
      if (!given.is_numeric()) return unsupported();
      target = DataType::Double();
      break;
    default: return unsupported();
  }
  ORBIT_ASSIGN_OR_RETURN(Value v, CastValue(offset->constant, target));
  const bool negative = target.id == TypeId::kDouble ? v.double_value < 0 : v.AsInt128() < 0;
  if (negative) return Status::BindError("invalid preceding or following size in window function");
  return v;
}

Result<WindowFrame> ExpressionBinder::BindFrame(const ast::Expr& call, const std::vector<SortKey>& order_by) {
  const ast::WindowSpec& spec = *call.window;
  WindowFrame frame;  // RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  if (!spec.has_frame) return frame;
  frame.unit = spec.unit;
  frame.start.kind = spec.start;
  frame.end.kind = spec.end;
  frame.exclusion = spec.exclusion;
  if (frame.unit == FrameUnit::kGroups && order_by.empty()) {
    return Status::BindError("GROUPS mode requires an ORDER BY clause: {}", call.ToString());
  }
  if (frame.start.kind == FrameBoundKind::kUnboundedFollowing) {
    return Status::BindError("frame start cannot be UNBOUNDED FOLLOWING");
  }
  if (frame.end.kind == FrameBoundKind::kUnboundedPreceding) {
    return Status::BindError("frame end cannot be UNBOUNDED PRECEDING");
  }
  if (spec.start_offset >= 0) {
    ORBIT_ASSIGN_OR_RETURN(frame.start.offset,
                           BindFrameOffset(call, spec.start_offset, frame.unit, order_by, "starting"));
  }
  if (spec.end_offset >= 0) {
    ORBIT_ASSIGN_OR_RETURN(frame.end.offset, BindFrameOffset(call, spec.end_offset, frame.unit, order_by, "ending"));
  }
  return frame;
}

Result<ExprPtr> ExpressionBinder::BindWindow(const ast::Expr& call) {
  if (in_window_call_) return Status::BindError("window function calls cannot be nested: {}", call.ToString());
  if (!windows_) return Status::BindError("window functions are not allowed in {}: {}", clause_, call.ToString());
  if (call.distinct) {
    return Status::NotSupported("DISTINCT is not implemented for window functions: {}", call.ToString());
  }
  FlagScope binding(in_window_call_);
  const ast::WindowSpec& spec = *call.window;
  const std::vector<ast::ExprPtr> arguments(call.children.begin(),
                                            call.children.begin() + static_cast<std::ptrdiff_t>(spec.arguments));
  const FunctionRegistry& registry = BuiltinFunctions();
  WindowCall w;
  DataType narrowed;  // what an aggregate of a widened TINYINT, SMALLINT or REAL narrows back to
  w.name = call.name;
  if (registry.FindAggregate(call.name)) {
    w.kind = WindowKind::kAggregate;
    ORBIT_ASSIGN_OR_RETURN(w.aggregate,
                           BindAggregateArguments(
                               call, arguments, [this](const ast::Expr& e) { return BindNode(e); }, &narrowed));
    if (IsOrderedAggregate(w.aggregate.kind)) {
      return Status::NotSupported("{} as a window function (its group's values are sorted once, not per frame): {}",
                                  call.name, call.ToString());
    }
    w.type = w.aggregate.type;
  } else if (const WindowFunction* function = registry.FindWindow(call.name)) {
    const int count = static_cast<int>(arguments.size());
    if (call.star || count < function->min_arguments || count > function->max_arguments) {
      return Status::BindError("{} takes {}: {}", call.name,
                               function->signatures[0].arguments.empty()
                                   ? std::string("no arguments")
                                   : "(" + function->signatures[0].arguments + ")",
                               call.ToString());
    }
    w.kind = function->kind;
    for (const auto& a : arguments) {
      ORBIT_ASSIGN_OR_RETURN(ExprPtr bound, BindNode(*a));
      w.arguments.push_back(std::move(bound));
    }
    switch (w.kind) {
      case WindowKind::kRowNumber:
      case WindowKind::kRank:
      case WindowKind::kDenseRank: w.type = DataType::Int64(); break;
      case WindowKind::kPercentRank:
      case WindowKind::kCumeDist: w.type = DataType::Double(); break;
      case WindowKind::kNtile: {
        ORBIT_ASSIGN_OR_RETURN(w.arguments[0], IntegerArgument(w.arguments[0], call, "bucket count"));
        w.type = DataType::Int32();
        break;
      }
      case WindowKind::kLag:
      case WindowKind::kLead: {
        w.arguments[0] = ValueArgument(w.arguments[0]);
        if (w.arguments.size() > 1) {
          ORBIT_ASSIGN_OR_RETURN(w.arguments[1], IntegerArgument(w.arguments[1], call, "offset"));
        }
        w.type = w.arguments[0]->type;
        if (w.arguments.size() > 2) {
          // The value and the default take their common type (PostgreSQL's anycompatible).
          std::optional<DataType> common = CommonType(w.arguments[0]->type, w.arguments[2]->type);
          if (!common) {
            return Status::TypeError("the default of {} ({}) does not match its value ({}): {}", call.name,
                                     w.arguments[2]->type.ToString(), w.arguments[0]->type.ToString(), call.ToString());
          }
          w.type = *common;
          ORBIT_ASSIGN_OR_RETURN(w.arguments[0], CastExpr(w.arguments[0], w.type));
          if (w.arguments[2]->type.id == TypeId::kNull) {
            w.arguments[2] = Expr::Constant(Value::Null(w.type));
          } else {
            ORBIT_ASSIGN_OR_RETURN(w.arguments[2], CastExpr(w.arguments[2], w.type));
          }
        }
        break;
      }
      case WindowKind::kNthValue:
      case WindowKind::kFirstValue:
      case WindowKind::kLastValue: {
        if (w.kind == WindowKind::kNthValue) {
          ORBIT_ASSIGN_OR_RETURN(w.arguments[1], IntegerArgument(w.arguments[1], call, "row number"));
        }
        w.arguments[0] = ValueArgument(w.arguments[0]);
        w.type = w.arguments[0]->type;
        break;
      }
      case WindowKind::kAggregate: break;
    }
  } else if (registry.FindScalar(call.name)) {
    return Status::BindError("OVER specified, but {} is not a window function nor an aggregate function", call.name);
  } else {
    return Status::NotSupported("function {}", call.name);
  }
  for (size_t i = 0; i < spec.partitions; ++i) {
    ORBIT_ASSIGN_OR_RETURN(ExprPtr key, BindNode(*call.children[spec.partition_begin() + i]));
    w.partition_by.push_back(std::move(key));
  }
  for (size_t i = 0; i < spec.order.size(); ++i) {
    ORBIT_ASSIGN_OR_RETURN(ExprPtr key, BindNode(*call.children[spec.order_begin() + i]));
    SortKey sort;
    sort.expression = std::move(key);
    sort.descending = spec.order[i].descending;
    // PostgreSQL: NULLS LAST for ASC, NULLS FIRST for DESC.
    sort.nulls_first = spec.order[i].nulls_first.value_or(sort.descending);
    w.order_by.push_back(std::move(sort));
  }
  ORBIT_ASSIGN_OR_RETURN(w.frame, BindFrame(call, w.order_by));
  ExprPtr column = windows_->Add(std::move(w));
  // min(x) OVER (...) of a SMALLINT is a SMALLINT, as its aggregate (BindAggregateArguments).
  if (narrowed.id == TypeId::kNull) return column;
  return CastExpr(std::move(column), narrowed);
}

}  // namespace orbit
