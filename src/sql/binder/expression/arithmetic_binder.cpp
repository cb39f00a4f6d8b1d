// Arithmetic: + - * / % over numbers, DATE +/- INTEGER, DATE - DATE and DATE +/- INTERVAL
// literals, typed exactly as plan/expression.h promises the executor.
#include <cctype>

#include "columnar/value_format.h"
#include "sql/binder/constant_folding.h"
#include "sql/binder/expression/expression_binder.h"
#include "sql/binder/type_resolution.h"

namespace orbit {

namespace {

ArithmeticKind ArithmeticKindFor(const std::string& op) {
  if (op == "+") return ArithmeticKind::kAdd;
  if (op == "-") return ArithmeticKind::kSub;
  if (op == "*") return ArithmeticKind::kMul;
  if (op == "/") return ArithmeticKind::kDiv;
  return ArithmeticKind::kMod;
}

bool IsIntervalLiteral(const ast::Expr& e) { return e.kind == ast::ExprKind::kCast && e.type.name() == "interval"; }

// An INTERVAL literal in whole months and days (the only parts a DATE can take).
struct Interval {
  int64_t months = 0;
  int64_t days = 0;
};

// PostgreSQL's INTERVAL field masks, as in INTERVAL '3' DAY.
constexpr int64_t kYearMask = 1 << 2;
constexpr int64_t kMonthMask = 1 << 1;
constexpr int64_t kDayMask = 1 << 3;

// Adds `n` `unit`s to the interval; false when the unit is unknown.
Result<bool> AddIntervalPart(Interval* interval, int64_t n, const std::string& unit) {
  if (unit == "year" || unit == "years" || unit == "y" || unit == "yr" || unit == "yrs") {
    interval->months += n * 12;
  } else if (unit == "month" || unit == "months" || unit == "mon" || unit == "mons") {
    interval->months += n;
  } else if (unit == "week" || unit == "weeks" || unit == "w") {
    interval->days += n * 7;
  } else if (unit == "day" || unit == "days" || unit == "d") {
    interval->days += n;
  } else if (unit.starts_with("h") || unit.starts_with("m") || unit.starts_with("s")) {
    return Status::NotSupported("INTERVAL parts smaller than a day ({})", unit);
  } else {
    return false;
  }
  return true;
}

// '90' (with the unit from the type: INTERVAL '90' DAY), '3 days', '1 year 2 months', '-2 weeks'.
Result<Interval> ParseInterval(const ast::Expr& e) {
  const ast::Expr& arg = *e.children[0];
  if (!arg.IsStringLiteral()) return Status::NotSupported("INTERVAL of a non-literal value: {}", e.ToString());
  const std::string& text = arg.constant.text;
  auto invalid = [&] { return Status::TypeError("invalid INTERVAL literal '{}' in {}", text, e.ToString()); };
  Interval interval;
  size_t pos = 0, parts = 0;
  auto skip_space = [&] {
    while (pos < text.size() && std::isspace(static_cast<unsigned char>(text[pos]))) ++pos;
  };
  skip_space();
  while (pos < text.size()) {
    size_t start = pos;
    if (text[pos] == '-' || text[pos] == '+') ++pos;
    while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) ++pos;
    std::optional<int64_t> n = ParseInt64(std::string_view{text}.substr(start, pos - start));
    if (!n || *n > INT32_MAX || *n < -INT32_MAX) return invalid();
    skip_space();
    std::string unit;
    while (pos < text.size() && std::isalpha(static_cast<unsigned char>(text[pos]))) {
      unit += static_cast<char>(std::tolower(static_cast<unsigned char>(text[pos++])));
    }
    skip_space();
    ++parts;
    if (unit.empty()) {
      // A bare number takes its unit from the type: INTERVAL '3' MONTH.
      int64_t mask = e.type.modifiers.size() == 1 ? e.type.modifiers[0] : 0;
      unit = mask == kYearMask ? "year" : mask == kMonthMask ? "month" : mask == kDayMask ? "day" : "";
      if (unit.empty() || pos < text.size() || parts > 1) {
        return Status::NotSupported("INTERVAL without a unit of days, weeks, months or years: {}", e.ToString());
      }
    }
    ORBIT_ASSIGN_OR_RETURN(bool known, AddIntervalPart(&interval, *n, unit));
    if (!known) return invalid();
  }
  if (parts == 0) return invalid();
  if (std::abs(interval.months) > INT32_MAX || std::abs(interval.days) > INT32_MAX) return invalid();
  return interval;
}

// The decimal an exact operand counts as next to `other`: INTEGER is DECIMAL(10,0), BIGINT
// DECIMAL(19,0), except that a BIGINT literal of at most 18 digits next to a 64-bit decimal
// counts as DECIMAL(18,0), keeping the arithmetic in 64 bits.
DataType DecimalOperandType(const ExprPtr& e, const DataType& other) {
  if (e->type.id == TypeId::kInt64 && IsConstant(e) && !e->constant.is_null &&
      AsDecimal(other).precision <= kMaxDecimal64Precision) {
    int64_t v = e->constant.int_value;
    if (v <= MaxForPrecision(kMaxDecimal64Precision) && v >= -MaxForPrecision(kMaxDecimal64Precision)) {
      return DataType::Decimal(kMaxDecimal64Precision, 0);
    }
  }
  return AsDecimal(e->type);
}

Status ArithmeticTypeError(const ast::Expr& expr, const DataType& left, const DataType& right) {
  return Status::TypeError("cannot apply {} to {} and {} in {}", expr.name, left.ToString(), right.ToString(),
                           expr.ToString());
}

}  // namespace

Result<ExprPtr> ExpressionBinder::BindArithmetic(const ast::Expr& expr) {
  if (IsIntervalLiteral(*expr.children[0]) || IsIntervalLiteral(*expr.children[1])) {
    return BindIntervalArithmetic(expr);
  }
  ORBIT_ASSIGN_OR_RETURN(std::vector<ExprPtr> operands, BindOperands(expr));
  if (operands[0]->type.id == TypeId::kDate || operands[1]->type.id == TypeId::kDate) {
    return BindDateArithmetic(expr, std::move(operands[0]), std::move(operands[1]));
  }
  return BindNumericArithmetic(expr, ArithmeticKindFor(expr.name), std::move(operands[0]), std::move(operands[1]));
}

Result<ExprPtr> ExpressionBinder::BindNumericArithmetic(const ast::Expr& expr, ArithmeticKind op, ExprPtr left,
                                                        ExprPtr right) {
  // A NULL literal takes the other operand's type.
  if (left->type.id == TypeId::kNull) {
    left = Expr::Constant(Value::Null(right->type.id == TypeId::kNull ? DataType::Int32() : right->type));
  }
  if (right->type.id == TypeId::kNull) right = Expr::Constant(Value::Null(left->type));
  const DataType lt = left->type, rt = right->type;
  if (!lt.is_numeric() || !rt.is_numeric()) return ArithmeticTypeError(expr, lt, rt);
  if (op == ArithmeticKind::kMod && (!lt.is_integer() || !rt.is_integer())) {
    return Status::TypeError("operator % takes integer operands, not {} and {}, in {}", lt.ToString(), rt.ToString(),
                             expr.ToString());
  }

  DataType type;
  DataType left_type, right_type;  // what each operand is cast to
  if (lt.is_integer() && rt.is_integer()) {
    // Integer division truncates, as in PostgreSQL.
    type = lt.id == TypeId::kInt64 || rt.id == TypeId::kInt64 ? DataType::Int64() : DataType::Int32();
    left_type = right_type = type;
  } else if (op == ArithmeticKind::kDiv || lt.id == TypeId::kDouble || rt.id == TypeId::kDouble) {
    type = left_type = right_type = DataType::Double();
  } else if (op == ArithmeticKind::kMul) {
    DataType a = DecimalOperandType(left, rt), b = DecimalOperandType(right, lt);
    Result<DataType> product = DecimalMultiplyType(a, b);
    if (!product.ok()) return Status::TypeError("{} in {}", product.status().message(), expr.ToString());
    type = *product;
    // The executor multiplies operands of the result's width: 64-bit operands for a 64-bit
    // product, 128-bit ones (precision >= 19) otherwise.
    auto widen = [&](const DataType& t) {
      return type.is_wide_decimal() ? DataType::Decimal(std::max<int>(t.precision, kMaxDecimal64Precision + 1), t.scale)
                                    : t;
    };
    left_type = widen(a);
    right_type = widen(b);
  } else {
    type = DecimalAddType(DecimalOperandType(left, rt), DecimalOperandType(right, lt));
    left_type = right_type = type;
  }
  ORBIT_ASSIGN_OR_RETURN(left, CastExpr(std::move(left), left_type));
  ORBIT_ASSIGN_OR_RETURN(right, CastExpr(std::move(right), right_type));
  return ArithmeticExpr(op, type, std::move(left), std::move(right));
}

Result<ExprPtr> ExpressionBinder::BindDateArithmetic(const ast::Expr& expr, ExprPtr left, ExprPtr right) {
  auto is_date = [](const ExprPtr& e) { return e->type.id == TypeId::kDate; };
  auto is_days = [](const ExprPtr& e) { return e->type.is_integer() || e->type.id == TypeId::kNull; };
  if (expr.name == "+" && (is_date(left) || is_date(right)) && (is_days(left) || is_days(right))) {
    if (!is_date(left)) std::swap(left, right);
    ORBIT_ASSIGN_OR_RETURN(ExprPtr days, CastExpr(std::move(right), DataType::Int32()));
    return DateExpr(ExprKind::kDateAddDays, std::move(left), std::move(days));
  }
  if (expr.name == "-" && is_date(left) && is_date(right)) {
    return DateExpr(ExprKind::kDateDiff, std::move(left), std::move(right));
  }
  if (expr.name == "-" && is_date(left) && is_days(right)) {
    ORBIT_ASSIGN_OR_RETURN(ExprPtr days, CastExpr(std::move(right), DataType::Int32()));
    ORBIT_ASSIGN_OR_RETURN(days, NegateExpr(std::move(days)));
    return DateExpr(ExprKind::kDateAddDays, std::move(left), std::move(days));
  }
  return ArithmeticTypeError(expr, left->type, right->type);
}

Result<ExprPtr> ExpressionBinder::BindIntervalArithmetic(const ast::Expr& expr) {
  const ast::Expr& l = *expr.children[0];
  const ast::Expr& r = *expr.children[1];
  bool interval_left = IsIntervalLiteral(l);
  if ((expr.name != "+" && expr.name != "-") || (interval_left && IsIntervalLiteral(r)) ||
      (interval_left && expr.name == "-")) {
    return Status::NotSupported("INTERVAL arithmetic other than DATE +/- INTERVAL: {}", expr.ToString());
  }
  const ast::Expr& interval_expr = interval_left ? l : r;
  const ast::Expr& date_expr = interval_left ? r : l;
  ORBIT_ASSIGN_OR_RETURN(Interval interval, ParseInterval(interval_expr));
  ORBIT_ASSIGN_OR_RETURN(ExprPtr date, BindNode(date_expr));
  if (date_expr.IsStringLiteral() || date->type.id == TypeId::kNull) {
    ORBIT_ASSIGN_OR_RETURN(date, CastExpr(std::move(date), DataType::Date()));
  }
  if (date->type.id != TypeId::kDate) {
    return Status::TypeError("cannot apply {} to {} and INTERVAL in {}", expr.name, date->type.ToString(),
                             expr.ToString());
  }
  // Months first, then days, as PostgreSQL adds an interval's parts.
  int64_t sign = expr.name == "-" ? -1 : 1;
  if (interval.months != 0) {
    ORBIT_ASSIGN_OR_RETURN(date, DateExpr(ExprKind::kDateAddMonths, std::move(date),
                                          Expr::Constant(Value::Int32(static_cast<int32_t>(sign * interval.months)))));
  }
  if (interval.days != 0) {
    ORBIT_ASSIGN_OR_RETURN(date, DateExpr(ExprKind::kDateAddDays, std::move(date),
                                          Expr::Constant(Value::Int32(static_cast<int32_t>(sign * interval.days)))));
  }
  return date;
}

}  // namespace orbit
