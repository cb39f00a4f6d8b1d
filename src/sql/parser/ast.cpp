#include "sql/parser/ast.h"

#include <map>

#include <fmt/format.h>

namespace orbit::ast {

namespace {

// libpg_query's internal type names, spelled as users write them.
const std::map<std::string, std::string>& SqlTypeSpellings() {
  static const std::map<std::string, std::string> kSpellings = {
      {"int2", "SMALLINT"}, {"int4", "INTEGER"},    {"int8", "BIGINT"}, {"float4", "REAL"},
      {"float8", "DOUBLE"}, {"numeric", "DECIMAL"}, {"bpchar", "CHAR"}, {"varchar", "VARCHAR"},
      {"bool", "BOOLEAN"},  {"text", "TEXT"},       {"date", "DATE"},   {"interval", "INTERVAL"},
  };
  return kSpellings;
}

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// INTERVAL '3' DAY carries its unit as a field mask (PostgreSQL's INTERVAL_MASK).
std::string IntervalUnit(int64_t mask) {
  switch (mask) {
    case 1 << 2: return " YEAR";
    case 1 << 1: return " MONTH";
    case 1 << 3: return " DAY";
    default: return "";
  }
}

std::string JoinChildren(const std::vector<ExprPtr>& children, size_t from, const char* separator) {
  std::string out;
  for (size_t i = from; i < children.size(); ++i) {
    if (i > from) out += separator;
    out += children[i]->ToString();
  }
  return out;
}

const char* BoundText(FrameBoundKind kind) {
  switch (kind) {
    case FrameBoundKind::kUnboundedPreceding: return "UNBOUNDED PRECEDING";
    case FrameBoundKind::kPreceding: return " PRECEDING";
    case FrameBoundKind::kCurrentRow: return "CURRENT ROW";
    case FrameBoundKind::kFollowing: return " FOLLOWING";
    case FrameBoundKind::kUnboundedFollowing: return "UNBOUNDED FOLLOWING";
  }
  return "";
}

// f(args) OVER (PARTITION BY ... ORDER BY ... frame), as written.
std::string WindowText(const Expr& e) {
  const WindowSpec& w = *e.window;
  std::string out = e.name + "(" + (e.distinct ? "DISTINCT " : "");
  if (e.star) out += "*";
  for (size_t i = 0; i < w.arguments; ++i) out += (i ? ", " : "") + e.children[i]->ToString();
  out += ") OVER (";
  std::string inside;
  for (size_t i = 0; i < w.partitions; ++i) {
    inside += (i ? ", " : "PARTITION BY ") + e.children[w.partition_begin() + i]->ToString();
  }
  for (size_t i = 0; i < w.order.size(); ++i) {
    inside += i ? ", " : (inside.empty() ? "ORDER BY " : " ORDER BY ");
    inside += e.children[w.order_begin() + i]->ToString() + (w.order[i].descending ? " DESC" : "");
    if (w.order[i].nulls_first) inside += *w.order[i].nulls_first ? " NULLS FIRST" : " NULLS LAST";
  }
  if (w.has_frame) {
    auto bound = [&](FrameBoundKind kind, int offset) {
      std::string text = BoundText(kind);
      return offset >= 0 ? e.children[offset]->ToString() + text : text;
    };
    inside += inside.empty() ? "" : " ";
    inside += std::string(FrameUnitName(w.unit)) + " BETWEEN " + bound(w.start, w.start_offset) + " AND " +
              bound(w.end, w.end_offset);
    static const char* const kExclusions[] = {"", " EXCLUDE CURRENT ROW", " EXCLUDE GROUP", " EXCLUDE TIES"};
    inside += kExclusions[static_cast<int>(w.exclusion)];
  }
  return out + inside + ")";
}

std::string ConstantText(const Constant& c) {
  switch (c.kind) {
    case ConstantKind::kInteger: return std::to_string(c.integer);
    case ConstantKind::kNumeric: return c.text;
    case ConstantKind::kBoolean: return c.boolean ? "TRUE" : "FALSE";
    case ConstantKind::kNull: return "NULL";
    case ConstantKind::kString: {
      std::string out = "'";
      for (char ch : c.text) {
        out += ch;
        if (ch == '\'') out += '\'';
      }
      return out + "'";
    }
  }
  return "?";
}

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ".") + n;
  return out;
}

}  // namespace

std::shared_ptr<Expr> NewExpr(ExprKind kind, std::vector<ExprPtr> children, int location) {
  auto e = std::make_shared<Expr>();
  e->kind = kind;
  e->children = std::move(children);
  e->location = location;
  return e;
}

std::string TypeName::ToString() const {
  auto it = SqlTypeSpellings().find(name());
  std::string out = it != SqlTypeSpellings().end() ? it->second : Upper(name());
  if (!modifiers.empty() && name() != "interval") {
    out += "(";
    for (size_t i = 0; i < modifiers.size(); ++i) out += (i ? "," : "") + std::to_string(modifiers[i]);
    out += ")";
  }
  for (int64_t bound : array_bounds) out += bound < 0 ? "[]" : fmt::format("[{}]", bound);
  return out;
}

std::string Expr::ToString() const {
  switch (kind) {
    case ExprKind::kColumnRef: return JoinNames(names);
    case ExprKind::kStar: return names.empty() ? "*" : JoinNames(names) + ".*";
    case ExprKind::kConstant: return ConstantText(constant);
    case ExprKind::kCast:
      if (children[0]->IsStringLiteral()) {
        std::string unit =
            type.name() == "interval" && type.modifiers.size() == 1 ? IntervalUnit(type.modifiers[0]) : "";
        return type.ToString() + " " + children[0]->ToString() + unit;
      }
      return fmt::format("CAST({} AS {})", children[0]->ToString(), type.ToString());
    case ExprKind::kUnaryOp: return name + children[0]->ToString();
    case ExprKind::kBinaryOp: return fmt::format("({} {} {})", children[0]->ToString(), name, children[1]->ToString());
    case ExprKind::kAnd: return "(" + JoinChildren(children, 0, " AND ") + ")";
    case ExprKind::kOr: return "(" + JoinChildren(children, 0, " OR ") + ")";
    case ExprKind::kNot: return "(NOT " + children[0]->ToString() + ")";
    case ExprKind::kIsNull: return "(" + children[0]->ToString() + " IS NULL)";
    case ExprKind::kIsNotNull: return "(" + children[0]->ToString() + " IS NOT NULL)";
    case ExprKind::kBetween:
      return fmt::format("({} {}BETWEEN {} AND {})", children[0]->ToString(), negated ? "NOT " : "",
                         children[1]->ToString(), children[2]->ToString());
    case ExprKind::kInList:
      return fmt::format("({} {}IN ({}))", children[0]->ToString(), negated ? "NOT " : "",
                         JoinChildren(children, 1, ", "));
    case ExprKind::kConditional:
      if (name == kIsDistinctFrom)
        return "(" + children[0]->ToString() + " IS DISTINCT FROM " + children[1]->ToString() + ")";
      if (name == kIsTrue || name == kIsFalse)
        return "(" + children[0]->ToString() + (name == kIsTrue ? " IS TRUE)" : " IS FALSE)");
      return name + "(" + JoinChildren(children, 0, ", ") + ")";
    case ExprKind::kFunction: {
      const std::string filter = aggregate_filter ? " FILTER (WHERE " + aggregate_filter->ToString() + ")" : "";
      if (aggregate_order.empty()) {
        return name + "(" + (distinct ? "DISTINCT " : "") + (star ? "*" : JoinChildren(children, 0, ", ")) + ")" +
               filter;
      }
      const size_t keys = aggregate_order.size();
      const size_t arguments = children.size() - keys;
      std::string direct;
      for (size_t i = 0; i < arguments; ++i) direct += (i ? ", " : "") + children[i]->ToString();
      std::string order = "ORDER BY ";
      for (size_t i = 0; i < keys; ++i) {
        order += (i ? ", " : "") + children[arguments + i]->ToString() + (aggregate_order[i].descending ? " DESC" : "");
      }
      if (within_group) return name + "(" + direct + ") WITHIN GROUP (" + order + ")";
      return name + "(" + (distinct ? "DISTINCT " : "") + direct + " " + order + ")" + filter;
    }
    case ExprKind::kNamedArgument: return name + " => " + children[0]->ToString();
    case ExprKind::kDefault: return "DEFAULT";
    case ExprKind::kCase: {
      std::string out = "CASE";
      for (size_t i = 0; i + 1 < children.size(); i += 2) {
        out += " WHEN " + children[i]->ToString() + " THEN " + children[i + 1]->ToString();
      }
      if (children.size() % 2 == 1) out += " ELSE " + children.back()->ToString();
      return out + " END";
    }
    case ExprKind::kLike:
      return fmt::format("({} {}LIKE {})", children[0]->ToString(), negated ? "NOT " : "", children[1]->ToString());
    case ExprKind::kSubquery:
      if (subquery_kind == SubqueryKind::kExists) return "EXISTS (SELECT ...)";
      if (subquery_kind == SubqueryKind::kIn) return "(" + children[0]->ToString() + " IN (SELECT ...))";
      return "(SELECT ...)";
    case ExprKind::kParameter: return "$" + std::to_string(parameter);
    case ExprKind::kArray: return "[" + JoinChildren(children, 0, ", ") + "]";
    case ExprKind::kWindow: return WindowText(*this);
  }
  return "?";
}

TypeName TypeNameOf(const DataType& type) {
  TypeName name;
  switch (type.id) {
    case TypeId::kBoolean: name.names = {"bool"}; break;
    case TypeId::kInt8: name.names = {"int1"}; break;
    case TypeId::kInt16: name.names = {"int2"}; break;
    case TypeId::kInt32: name.names = {"int4"}; break;
    case TypeId::kInt64: name.names = {"int8"}; break;
    case TypeId::kDouble: name.names = {"float8"}; break;
    case TypeId::kDecimal:
      name.names = {"numeric"};
      name.modifiers = {type.precision, type.scale};
      break;
    case TypeId::kDate: name.names = {"date"}; break;
    case TypeId::kTimestamp: name.names = {"timestamp"}; break;
    case TypeId::kInterval: name.names = {"interval"}; break;
    case TypeId::kVarchar: name.names = {"varchar"}; break;
    case TypeId::kNull: name.names = {"unknown"}; break;
    case TypeId::kFloat: name.names = {"float4"}; break;
    case TypeId::kArray:
      name = TypeNameOf(type.element_type());
      name.array_bounds = {type.dimension};
      break;
    case TypeId::kList:
      name = TypeNameOf(type.element_type());
      name.array_bounds = {-1};
      break;
  }
  return name;
}

}  // namespace orbit::ast
