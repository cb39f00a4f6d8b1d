// libpg_query expressions and type names -> ast::Expr / ast::TypeName.
#include <algorithm>
#include <cctype>
#include <map>

#include "columnar/value_format.h"
#include "functions/function_registry.h"
#include "sql/parser/parse_tree_transformer.h"

namespace orbit {

using Json = ParseTreeTransformer::Json;

namespace {

std::shared_ptr<ast::Expr> MakeExpr(ast::ExprKind kind, const Json& body) {
  auto e = std::make_shared<ast::Expr>();
  e->kind = kind;
  e->location = body.value("location", -1);
  return e;
}

std::string StringValue(const Json& node) { return ParseTreeTransformer::NodeBody(node).value("sval", std::string()); }

// agg(x, ...) FILTER (WHERE c) is agg(CASE WHEN c THEN x END, ...): every aggregate Orbit
// has skips NULL inputs, so a row c does not accept counts for nothing, as in PostgreSQL;
// count(*) FILTER (WHERE c) counts CASE WHEN c THEN 1 END.
Status ApplyAggregateFilter(ast::Expr& call, const ast::ExprPtr& condition) {
  if (BuiltinFunctions().FindAggregate(call.name) == nullptr) {
    return Status::BindError("FILTER specified, but {} is not an aggregate function", call.name);
  }
  if (call.name == "array_agg") {
    // array_agg keeps NULL values, so the rows FILTER drops cannot be NULLs: it keeps the condition.
    call.aggregate_filter = condition;
    return Status::OK();
  }
  if (call.star) {
    auto one = MakeExpr(ast::ExprKind::kConstant, Json::object());
    one->constant.kind = ast::ConstantKind::kInteger;
    one->constant.integer = 1;
    call.children = {one};
    call.star = false;
  }
  // The aggregated arguments read CASE: all but constants after the first (string_agg's
  // separator, quantile_cont's fraction) and, WITHIN GROUP, only the ORDER BY key.
  const size_t keys = call.aggregate_order.size();
  const size_t arguments = call.children.size() - keys;
  for (size_t i = 0; i < call.children.size(); ++i) {
    ast::ExprPtr& argument = call.children[i];
    const bool aggregated =
        call.within_group ? i >= arguments : i < arguments && (i == 0 || argument->kind != ast::ExprKind::kConstant);
    if (!aggregated) continue;
    auto filtered = MakeExpr(ast::ExprKind::kCase, Json::object());
    filtered->location = argument->location;
    filtered->children = {condition, argument};
    argument = filtered;
  }
  return Status::OK();
}

// Expressions PostgreSQL accepts and Orbit does not run yet, by parse tree node type.
std::string UnsupportedExpressionName(const std::string& type, const Json& body) {
  static const std::map<std::string, std::string> kNames = {
      {"RowExpr", "row constructors"},
      {"XmlExpr", "XML functions"},
  };
  if (type == "SQLValueFunction") {
    std::string op = body.value("op", std::string("SVFOP_"));
    return op.substr(op.find('_') + 1);  // SVFOP_CURRENT_DATE -> CURRENT_DATE
  }
  auto it = kNames.find(type);
  return it != kNames.end() ? it->second : "expression " + type;
}

// A_Expr kinds other than plain operators, IN and BETWEEN.
std::string UnsupportedAExprName(const std::string& kind) {
  static const std::map<std::string, std::string> kNames = {
      {"AEXPR_SIMILAR", "SIMILAR TO"},
      {"AEXPR_BETWEEN_SYM", "BETWEEN SYMMETRIC"},
      {"AEXPR_NOT_BETWEEN_SYM", "BETWEEN SYMMETRIC"},
  };
  auto it = kNames.find(kind);
  return it != kNames.end() ? it->second : kind;
}

bool IsSupportedOperator(const std::string& op) {
  static const char* kOperators[] = {"=", "<>", "<", "<=", ">",  ">=",  "+",   "-",   "*",  "/",
                                     "%", "||", "~", "~*", "!~", "!~*", "<->", "<#>", "<=>"};
  for (const char* o : kOperators) {
    if (op == o) return true;
  }
  return false;
}

// An integer literal as written ("-12", "3000000000") is kInteger when it fits int64; any
// other numeric literal keeps its text and is typed by the binder.
ast::Constant NumericConstant(const std::string& text) {
  ast::Constant c;
  bool integral = !text.empty() && text.find_first_not_of("-0123456789") == std::string::npos;
  if (auto v = integral ? ParseInt64(text) : std::nullopt) {
    c.kind = ast::ConstantKind::kInteger;
    c.integer = *v;
  } else {
    c.kind = ast::ConstantKind::kNumeric;
    c.text = text;
  }
  return c;
}

}  // namespace

Result<ast::ExprPtr> ParseTreeTransformer::TransformExpr(const Json& node) {
  const std::string& type = NodeType(node);
  const Json& body = NodeBody(node);
  if (type == "ColumnRef") return TransformColumnRef(body);
  if (type == "A_Const") return TransformConstant(body);
  if (type == "TypeCast") return TransformTypeCast(body);
  if (type == "A_Expr") return TransformAExpr(body);
  if (type == "BoolExpr") return TransformBoolExpr(body);
  if (type == "NullTest") return TransformNullTest(body);
  if (type == "FuncCall") return TransformFuncCall(body);
  if (type == "NamedArgExpr") return TransformNamedArg(body);
  if (type == "CaseExpr") return TransformCase(body);
  if (type == "SubLink") return TransformSubLink(body);
  if (type == "CoalesceExpr") return TransformCoalesce(body);
  if (type == "MinMaxExpr") return TransformGreatestLeast(body);
  if (type == "BooleanTest") return TransformBooleanTest(body);
  if (type == "GroupingFunc") {
    // GROUPING(a, b): bound after GROUP BY, over its keys (aggregate_binder.cpp).
    auto e = MakeExpr(ast::ExprKind::kFunction, body);
    e->name = "grouping";
    ORBIT_ASSIGN_OR_RETURN(e->children, TransformExprList(body.at("args")));
    return ast::ExprPtr(e);
  }
  if (type == "SetToDefault") return ast::ExprPtr(MakeExpr(ast::ExprKind::kDefault, body));
  if (type == "CollateClause") return TransformCollate(body);
  if (type == "SQLValueFunction") {
    // The SQL spellings without parentheses: CURRENT_DATE, CURRENT_TIMESTAMP, LOCALTIMESTAMP.
    static const std::map<std::string, std::string> kFunctions = {{"SVFOP_CURRENT_DATE", "current_date"},
                                                                  {"SVFOP_CURRENT_TIMESTAMP", "current_timestamp"},
                                                                  {"SVFOP_LOCALTIMESTAMP", "localtimestamp"},
                                                                  {"SVFOP_CURRENT_SCHEMA", "current_schema"}};
    auto it = kFunctions.find(body.value("op", std::string()));
    if (it != kFunctions.end()) {
      auto e = MakeExpr(ast::ExprKind::kFunction, body);
      e->name = it->second;
      return ast::ExprPtr(e);
    }
  }
  if (type == "A_ArrayExpr") {
    auto e = MakeExpr(ast::ExprKind::kArray, body);
    if (body.contains("elements")) {
      ORBIT_ASSIGN_OR_RETURN(e->children, TransformExprList(body["elements"]));
    }
    return ast::ExprPtr(e);
  }
  if (type == "A_Indirection") return TransformIndirection(body);
  if (type == "ParamRef") {
    auto e = MakeExpr(ast::ExprKind::kParameter, body);
    e->parameter = body.value("number", 0);
    if (e->parameter < 1) return Status::SyntaxError("parameter numbers start at $1");
    max_parameter_ = std::max(max_parameter_, e->parameter);
    return ast::ExprPtr(e);
  }
  return Status::NotSupported("{}", UnsupportedExpressionName(type, body));
}

Result<std::vector<ast::ExprPtr>> ParseTreeTransformer::TransformExprList(const Json& list) {
  std::vector<ast::ExprPtr> out;
  for (const Json& item : list) {
    ORBIT_ASSIGN_OR_RETURN(ast::ExprPtr e, TransformExpr(item));
    out.push_back(std::move(e));
  }
  return out;
}

// COLLATE "default" (psql writes pg_catalog.default) and "C" are Orbit's byte order; any
// other collation is refused.
Result<ast::ExprPtr> ParseTreeTransformer::TransformCollate(const Json& body) {
  const Json& names = body.at("collname");
  const std::string collation = names.empty() ? std::string() : StringValue(names.back());
  const bool qualified_ok = names.size() == 1 || (names.size() == 2 && StringValue(names[0]) == "pg_catalog");
  if (!qualified_ok || (collation != "default" && collation != "C")) {
    return Status::NotSupported("COLLATE \"{}\" (Orbit compares text by bytes: only \"default\" and \"C\")", collation);
  }
  return TransformExpr(body.at("arg"));
}

Result<ast::ExprPtr> ParseTreeTransformer::TransformColumnRef(const Json& body) {
  auto e = MakeExpr(ast::ExprKind::kColumnRef, body);
  for (const Json& field : body.at("fields")) {
    if (NodeType(field) == "A_Star") {
      e->kind = ast::ExprKind::kStar;
    } else {
      e->names.push_back(StringValue(field));
    }
  }
  return ast::ExprPtr(e);
}

int64_t ParseTreeTransformer::RecoverIntegerLiteral(int location) const {
  if (location < 0 || static_cast<size_t>(location) >= sql_.size()) return 0;
  // The location is that of the leading '-' of a folded negation: "-5", "- 5", "-(5)", "- -5".
  bool negative = false;
  size_t i = location;
  for (; i < sql_.size() && !std::isdigit(static_cast<unsigned char>(sql_[i])); ++i) {
    char c = sql_[i];
    if (c == '-') {
      negative = !negative;
    } else if (c != '+' && c != '(' && !std::isspace(static_cast<unsigned char>(c))) {
      return 0;
    }
  }
  size_t end = i;
  while (end < sql_.size() && std::isdigit(static_cast<unsigned char>(sql_[end]))) ++end;
  auto magnitude = ParseInt64(sql_.substr(i, end - i));
  if (!magnitude) return 0;
  return negative ? -*magnitude : *magnitude;
}

Result<ast::ExprPtr> ParseTreeTransformer::TransformConstant(const Json& body) {
  auto e = MakeExpr(ast::ExprKind::kConstant, body);
  ast::Constant& c = e->constant;
  if (body.value("isnull", false)) {
    c.kind = ast::ConstantKind::kNull;
  } else if (body.contains("ival")) {
    c.kind = ast::ConstantKind::kInteger;
    const Json& ival = body["ival"];
    c.integer = ival.contains("ival") ? ival["ival"].get<int64_t>() : RecoverIntegerLiteral(e->location);
  } else if (body.contains("fval")) {
    c = NumericConstant(body["fval"].value("fval", std::string("0")));
  } else if (body.contains("sval")) {
    c.kind = ast::ConstantKind::kString;
    c.text = body["sval"].value("sval", std::string());
  } else if (body.contains("boolval")) {
    c.kind = ast::ConstantKind::kBoolean;
    c.boolean = body["boolval"].value("boolval", false);
  } else {
    return Status::NotSupported("bit string constants");
  }
  return ast::ExprPtr(e);
}

Result<ast::TypeName> ParseTreeTransformer::TransformTypeName(const Json& body) {
  if (body.value("setof", false) || body.value("pct_type", false)) {
    return Status::NotSupported("SETOF and %TYPE");
  }
  ast::TypeName type;
  type.location = body.value("location", -1);
  for (const Json& n : body.at("names")) type.names.push_back(StringValue(n));
  if (body.contains("typmods")) {
    for (const Json& m : body["typmods"]) {
      ORBIT_ASSIGN_OR_RETURN(ast::ExprPtr e, TransformExpr(m));
      if (e->kind != ast::ExprKind::kConstant || e->constant.kind != ast::ConstantKind::kInteger) {
        return Status::SyntaxError("type modifiers must be integer constants in {}", type.ToString());
      }
      type.modifiers.push_back(e->constant.integer);
    }
  }
  if (body.contains("arrayBounds")) {
    // REAL[] has no bound: libpg_query writes an Integer node without ival (as for 0).
    for (const Json& bound : body["arrayBounds"]) {
      const int64_t n = bound.contains("Integer") ? bound["Integer"].value("ival", int64_t{-1}) : -1;
      type.array_bounds.push_back(n > 0 ? n : -1);
    }
  }
  return type;
}

Result<ast::ExprPtr> ParseTreeTransformer::TransformTypeCast(const Json& body) {
  auto e = MakeExpr(ast::ExprKind::kCast, body);
  ORBIT_ASSIGN_OR_RETURN(ast::ExprPtr arg, TransformExpr(body.at("arg")));
  ORBIT_ASSIGN_OR_RETURN(e->type, TransformTypeName(body.at("typeName")));
  if (e->location < 0) e->location = e->type.location;
  e->children.push_back(std::move(arg));
  return ast::ExprPtr(e);
}

Result<ast::ExprPtr> ParseTreeTransformer::TransformAExpr(const Json& body) {
  const std::string kind = body.value("kind", std::string());
  const Json& names = body.at("name");
  std::string op = StringValue(names.back());
  // OPERATOR(pg_catalog.~) is the operator itself (psql writes it so).
  if (names.size() > 2 || (names.size() == 2 && StringValue(names[0]) != "pg_catalog")) {
    return Status::NotSupported("OPERATOR({}) syntax", op);
  }

  // These transform their operands themselves: transforming lexpr here as well would do it
  // twice per level, doubling the work for each nested NULLIF.
  if (kind == "AEXPR_NULLIF") return TransformNullIf(body);
  if (kind == "AEXPR_DISTINCT" || kind == "AEXPR_NOT_DISTINCT") return TransformDistinctFrom(body, kind);
  if (kind == "AEXPR_ILIKE") return TransformILike(body, op);
  auto e = MakeExpr(ast::ExprKind::kBinaryOp, body);
  if (body.contains("lexpr")) {
    ORBIT_ASSIGN_OR_RETURN(ast::ExprPtr left, TransformExpr(body["lexpr"]));
    e->children.push_back(std::move(left));
  }
  if (kind == "AEXPR_OP") {
    if (!IsSupportedOperator(op)) return Status::NotSupported("operator {}", op);
    ORBIT_ASSIGN_OR_RETURN(ast::ExprPtr right, TransformExpr(body.at("rexpr")));
    e->children.push_back(std::move(right));
    e->name = op;
    if (e->children.size() == 1) {
      if (op != "-" && op != "+") return Status::NotSupported("prefix operator {}", op);
      e->kind = ast::ExprKind::kUnaryOp;
    }
    return ast::ExprPtr(e);
  }
  if (kind == "AEXPR_IN" || kind == "AEXPR_BETWEEN" || kind == "AEXPR_NOT_BETWEEN") {
    e->kind = kind == "AEXPR_IN" ? ast::ExprKind::kInList : ast::ExprKind::kBetween;
    e->negated = kind == "AEXPR_NOT_BETWEEN" || (kind == "AEXPR_IN" && op == "<>");
    ORBIT_ASSIGN_OR_RETURN(auto items, TransformExprList(NodeBody(body.at("rexpr")).at("items")));
    for (auto& item : items) e->children.push_back(std::move(item));
    return ast::ExprPtr(e);
  }
  if (kind == "AEXPR_OP_ANY" || kind == "AEXPR_OP_ALL") {
    // x op ANY (a): the registry's ANY operator over x, a and the operator as text.
    ORBIT_ASSIGN_OR_RETURN(ast::ExprPtr right, TransformExpr(body.at("rexpr")));
    e->children.push_back(std::move(right));
    auto symbol = MakeExpr(ast::ExprKind::kConstant, body);
    symbol->constant.kind = ast::ConstantKind::kString;
    symbol->constant.text = op;
    e->children.push_back(ast::ExprPtr(symbol));
    e->name = kind == "AEXPR_OP_ANY" ? "ANY" : "ALL";
    return ast::ExprPtr(e);
  }
  if (kind == "AEXPR_LIKE") {
    e->kind = ast::ExprKind::kLike;
    e->negated = op == "!~~";
    ORBIT_ASSIGN_OR_RETURN(ast::ExprPtr pattern, TransformLikePattern(body.at("rexpr")));
    e->children.push_back(std::move(pattern));
    return ast::ExprPtr(e);
  }
  return Status::NotSupported("{}", UnsupportedAExprName(kind));
}

// a[i] is array_extract(a, i) and a[i:j] array_slice(a, i, j), an omitted bound the
// array's first or last position.
Result<ast::ExprPtr> ParseTreeTransformer::TransformIndirection(const Json& body) {
  ORBIT_ASSIGN_OR_RETURN(ast::ExprPtr subject, TransformExpr(body.at("arg")));
  const Json& steps = body.at("indirection");
  if (steps.size() != 1 || NodeType(steps[0]) != "A_Indices") {
    if (steps.size() > 1)
      return Status::NotSupported("subscripts of multidimensional arrays (Orbit's arrays have one dimension)");
    return Status::NotSupported("field selection");
  }
  const Json& indices = NodeBody(steps[0]);
  auto e = MakeExpr(ast::ExprKind::kFunction, body);
  e->children.push_back(std::move(subject));
  auto bound = [&](const char* key, int64_t missing) -> Result<ast::ExprPtr> {
    if (indices.contains(key)) return TransformExpr(indices[key]);
    auto c = MakeExpr(ast::ExprKind::kConstant, indices);
    c->constant.kind = ast::ConstantKind::kInteger;
    c->constant.integer = missing;
    return ast::ExprPtr(c);
  };
  if (indices.value("is_slice", false)) {
    e->name = "array_slice";
    ORBIT_ASSIGN_OR_RETURN(ast::ExprPtr lo, bound("lidx", 1));
    ORBIT_ASSIGN_OR_RETURN(ast::ExprPtr hi, bound("uidx", INT32_MAX));
    e->children.push_back(std::move(lo));
    e->children.push_back(std::move(hi));
  } else {
    e->name = "array_extract";
    ORBIT_ASSIGN_OR_RETURN(ast::ExprPtr index, TransformExpr(indices.at("uidx")));
    e->children.push_back(std::move(index));
  }
  return ast::ExprPtr(e);
}

Result<ast::ExprPtr> ParseTreeTransformer::TransformBoolExpr(const Json& body) {
  const std::string op = body.value("boolop", std::string());
  ast::ExprKind kind = op == "AND_EXPR"  ? ast::ExprKind::kAnd
                       : op == "OR_EXPR" ? ast::ExprKind::kOr
                                         : ast::ExprKind::kNot;
  auto e = MakeExpr(kind, body);
  ORBIT_ASSIGN_OR_RETURN(e->children, TransformExprList(body.at("args")));
  return ast::ExprPtr(e);
}

Result<ast::ExprPtr> ParseTreeTransformer::TransformNullTest(const Json& body) {
  bool is_null = body.value("nulltesttype", std::string()) == "IS_NULL";
  auto e = MakeExpr(is_null ? ast::ExprKind::kIsNull : ast::ExprKind::kIsNotNull, body);
  ORBIT_ASSIGN_OR_RETURN(ast::ExprPtr arg, TransformExpr(body.at("arg")));
  e->children.push_back(std::move(arg));
  return ast::ExprPtr(e);
}

Result<ast::ExprPtr> ParseTreeTransformer::TransformFuncCall(const Json& body) {
  auto e = MakeExpr(ast::ExprKind::kFunction, body);
  const Json& names = body.at("funcname");
  e->name = StringValue(names.back());
  if (names.size() > 1 && StringValue(names[0]) != "pg_catalog") {
    return Status::NotSupported("schema-qualified function names");
  }
  e->distinct = body.value("agg_distinct", false);
  e->within_group = body.value("agg_within_group", false);
  if (body.value("func_variadic", false)) return Status::NotSupported("VARIADIC");
  e->star = body.value("agg_star", false);
  if (body.contains("args")) {
    ORBIT_ASSIGN_OR_RETURN(e->children, TransformExprList(body["args"]));
  }
  if (body.contains("agg_order")) {
    if (body.contains("over")) {
      return Status::NotSupported(
          "ORDER BY inside a window aggregate call (aggregate ORDER BY is not implemented "
          "for window functions): {}",
          e->name);
    }
    for (const Json& item : body["agg_order"]) {
      ORBIT_ASSIGN_OR_RETURN(ast::OrderItem order, TransformSortBy(NodeBody(item)));
      e->aggregate_order.push_back({order.descending, order.nulls_first});
      e->children.push_back(std::move(order.expr));
    }
  }
  // Before OVER: a window aggregate with FILTER aggregates the same CASE over its frame.
  if (body.contains("agg_filter")) {
    ORBIT_ASSIGN_OR_RETURN(ast::ExprPtr condition, TransformExpr(body["agg_filter"]));
    ORBIT_RETURN_IF_ERROR(ApplyAggregateFilter(*e, condition));
  }
  if (body.contains("over")) return TransformWindowCall(body["over"], std::move(e));
  if (e->name == "mod" && !e->star && !e->distinct) {
    // mod(a, b) is a % b, PostgreSQL's operator and its function being one rule.
    if (e->children.size() != 2) return Status::BindError("mod takes two arguments: {}", e->ToString());
    e->kind = ast::ExprKind::kBinaryOp;
    e->name = "%";
  }
  return ast::ExprPtr(e);
}

Result<ast::ExprPtr> ParseTreeTransformer::TransformNamedArg(const Json& body) {
  auto e = MakeExpr(ast::ExprKind::kNamedArgument, body);
  e->name = body.value("name", std::string());
  ORBIT_ASSIGN_OR_RETURN(ast::ExprPtr arg, TransformExpr(body.at("arg")));
  e->children.push_back(std::move(arg));
  return ast::ExprPtr(e);
}

Result<ast::ExprPtr> ParseTreeTransformer::TransformCase(const Json& body) {
  auto e = MakeExpr(ast::ExprKind::kCase, body);
  ast::ExprPtr operand;
  if (body.contains("arg")) {
    ORBIT_ASSIGN_OR_RETURN(operand, TransformExpr(body["arg"]));
  }
  for (const Json& item : body.at("args")) {
    const Json& when = NodeBody(item);
    ORBIT_ASSIGN_OR_RETURN(ast::ExprPtr condition, TransformExpr(when.at("expr")));
    if (operand) {
      // CASE x WHEN v THEN ... is CASE WHEN x = v THEN ...
      auto eq = MakeExpr(ast::ExprKind::kBinaryOp, when);
      eq->name = "=";
      eq->children = {operand, std::move(condition)};
      condition = ast::ExprPtr(eq);
    }
    ORBIT_ASSIGN_OR_RETURN(ast::ExprPtr result, TransformExpr(when.at("result")));
    e->children.push_back(std::move(condition));
    e->children.push_back(std::move(result));
  }
  if (body.contains("defresult")) {
    ORBIT_ASSIGN_OR_RETURN(ast::ExprPtr otherwise, TransformExpr(body["defresult"]));
    e->children.push_back(std::move(otherwise));
  }
  return ast::ExprPtr(e);
}

}  // namespace orbit
