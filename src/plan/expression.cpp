#include "plan/expression.h"

#include <fmt/format.h>

namespace orbit {

ExprPtr Expr::ColumnRef(int index, DataType type, std::string name) {
  auto e = std::make_shared<Expr>();
  e->kind = ExprKind::kColumnRef;
  e->type = type;
  e->column_index = index;
  e->name = std::move(name);
  return e;
}

ExprPtr Expr::Constant(Value value) {
  auto e = std::make_shared<Expr>();
  e->kind = ExprKind::kConstant;
  e->type = value.type;
  e->constant = std::move(value);
  return e;
}

ExprPtr Expr::Cast(ExprPtr child, DataType type) { return Make(ExprKind::kCast, type, {std::move(child)}); }

ExprPtr Expr::Make(ExprKind kind, DataType type, std::vector<ExprPtr> children) {
  auto e = std::make_shared<Expr>();
  e->kind = kind;
  e->type = type;
  e->children = std::move(children);
  return e;
}

ExprPtr Expr::Arithmetic(ArithmeticKind op, DataType type, ExprPtr left, ExprPtr right) {
  auto e = Make(ExprKind::kArithmetic, type, {std::move(left), std::move(right)});
  e->arithmetic = op;
  return e;
}

ExprPtr Expr::Compare(CompareOp op, ExprPtr left, ExprPtr right) {
  auto e = Make(ExprKind::kCompare, DataType::Boolean(), {std::move(left), std::move(right)});
  e->compare = op;
  return e;
}

ExprPtr Expr::Function(const ScalarFunction& function, int variant, DataType type, std::vector<ExprPtr> children) {
  auto e = Make(ExprKind::kFunction, type, std::move(children));
  e->function = &function;
  e->variant = variant;
  return e;
}

namespace {

const char* ArithmeticSymbol(ArithmeticKind op) {
  switch (op) {
    case ArithmeticKind::kAdd: return "+";
    case ArithmeticKind::kSub: return "-";
    case ArithmeticKind::kMul: return "*";
    case ArithmeticKind::kDiv: return "/";
    case ArithmeticKind::kMod: return "%";
  }
  return "?";
}

const char* CompareSymbol(CompareOp op) {
  switch (op) {
    case CompareOp::kEq: return "=";
    case CompareOp::kNe: return "<>";
    case CompareOp::kLt: return "<";
    case CompareOp::kLe: return "<=";
    case CompareOp::kGt: return ">";
    case CompareOp::kGe: return ">=";
  }
  return "?";
}

std::string Joined(const std::vector<ExprPtr>& children, size_t from, const char* sep) {
  std::string out;
  for (size_t i = from; i < children.size(); ++i) {
    if (i > from) out += sep;
    out += children[i]->ToString();
  }
  return out;
}

}  // namespace

std::string Expr::ToString() const {
  switch (kind) {
    case ExprKind::kColumnRef: return name.empty() ? fmt::format("#{}", column_index) : name;
    case ExprKind::kConstant: return constant.ToSql();
    case ExprKind::kCast: return fmt::format("CAST({} AS {})", children[0]->ToString(), type.ToString());
    case ExprKind::kArithmetic:
      return fmt::format("({} {} {})", children[0]->ToString(), ArithmeticSymbol(arithmetic), children[1]->ToString());
    case ExprKind::kNegate: {
      const std::string operand = children[0]->ToString();
      return operand.starts_with('-') ? "-(" + operand + ")" : "-" + operand;  // never "--5": a comment
    }
    case ExprKind::kCompare:
      return fmt::format("({} {} {})", children[0]->ToString(), CompareSymbol(compare), children[1]->ToString());
    case ExprKind::kAnd: return "(" + Joined(children, 0, " AND ") + ")";
    case ExprKind::kOr: return "(" + Joined(children, 0, " OR ") + ")";
    case ExprKind::kNot: return "(NOT " + children[0]->ToString() + ")";
    case ExprKind::kIsNull: return "(" + children[0]->ToString() + " IS NULL)";
    case ExprKind::kIsNotNull: return "(" + children[0]->ToString() + " IS NOT NULL)";
    case ExprKind::kBetween:
      return fmt::format("({} BETWEEN {} AND {})", children[0]->ToString(), children[1]->ToString(),
                         children[2]->ToString());
    case ExprKind::kInList: return fmt::format("({} IN ({}))", children[0]->ToString(), Joined(children, 1, ", "));
    case ExprKind::kDateAddDays: return fmt::format("({} + {} days)", children[0]->ToString(), children[1]->ToString());
    case ExprKind::kDateAddMonths:
      return fmt::format("({} + {} months)", children[0]->ToString(), children[1]->ToString());
    case ExprKind::kDateDiff: return fmt::format("({} - {})", children[0]->ToString(), children[1]->ToString());
    case ExprKind::kTimestampAddMonths:
      return fmt::format("({} + {} months)", children[0]->ToString(), children[1]->ToString());
    case ExprKind::kTimestampAddMicros:
      return fmt::format("({} + {} microseconds)", children[0]->ToString(), children[1]->ToString());
    case ExprKind::kCase: {
      std::string out = "CASE";
      for (size_t i = 0; i + 1 < children.size(); i += 2) {
        out += " WHEN " + children[i]->ToString() + " THEN " + children[i + 1]->ToString();
      }
      return out + " ELSE " + children.back()->ToString() + " END";
    }
    case ExprKind::kLike: return fmt::format("({} LIKE {})", children[0]->ToString(), children[1]->ToString());
    case ExprKind::kOuterColumnRef: return "outer." + (name.empty() ? fmt::format("#{}", column_index) : name);
    case ExprKind::kFunction: {
      std::vector<std::string> arguments;
      for (const auto& child : children) arguments.push_back(child->ToString());
      return function->Display(variant, arguments);
    }
    case ExprKind::kIsDistinct:
      return fmt::format("({} IS DISTINCT FROM {})", children[0]->ToString(), children[1]->ToString());
    case ExprKind::kCoalesce:
    case ExprKind::kNullIf:
    case ExprKind::kGreatest:
    case ExprKind::kLeast: {
      const char* label = kind == ExprKind::kCoalesce   ? "coalesce"
                          : kind == ExprKind::kNullIf   ? "nullif"
                          : kind == ExprKind::kGreatest ? "greatest"
                                                        : "least";
      std::string out = std::string(label) + "(";
      for (size_t i = 0; i < children.size(); ++i) out += (i ? ", " : "") + children[i]->ToString();
      return out + ")";
    }
  }
  return "?";
}

}  // namespace orbit
