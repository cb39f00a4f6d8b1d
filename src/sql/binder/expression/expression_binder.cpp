#include "sql/binder/expression/expression_binder.h"

#include "columnar/array_value.h"
#include "columnar/interval.h"
#include "columnar/timestamp.h"
#include "columnar/value_format.h"
#include "exec/expression/cast.h"
#include "exec/expression/expression_evaluator.h"
#include "functions/function_registry.h"
#include "sql/binder/constant_folding.h"
#include "sql/binder/expression/interval_literal.h"
#include "sql/binder/expression/subquery_binder.h"
#include "sql/binder/interval_expressions.h"
#include "sql/binder/type_resolution.h"
#include "sql/catalog/catalog.h"

namespace orbit {

namespace {

bool SameName(const std::string& a, const std::string& b) { return ToLower(a) == ToLower(b); }

CompareOp FlippedCompare(CompareOp op) {
  switch (op) {
    case CompareOp::kLt: return CompareOp::kGt;
    case CompareOp::kLe: return CompareOp::kGe;
    case CompareOp::kGt: return CompareOp::kLt;
    case CompareOp::kGe: return CompareOp::kLe;
    default: return op;
  }
}

std::optional<CompareOp> CompareOpFor(const std::string& op) {
  if (op == "=") return CompareOp::kEq;
  if (op == "<>") return CompareOp::kNe;
  if (op == "<") return CompareOp::kLt;
  if (op == "<=") return CompareOp::kLe;
  if (op == ">") return CompareOp::kGt;
  if (op == ">=") return CompareOp::kGe;
  return std::nullopt;
}

Value IntegerValue(int64_t v) {
  if (v >= INT32_MIN && v <= INT32_MAX) return Value::Int32(static_cast<int32_t>(v));
  return Value::Int64(v);
}

Result<ExprPtr> BindConstant(const ast::Expr& expr) {
  const ast::Constant& c = expr.constant;
  switch (c.kind) {
    case ast::ConstantKind::kInteger: return Expr::Constant(IntegerValue(c.integer));
    case ast::ConstantKind::kNumeric: {
      std::optional<Value> v = NumericLiteralValue(c.text);
      if (!v) return Status::SyntaxError("invalid number {}", c.text);
      return Expr::Constant(std::move(*v));
    }
    case ast::ConstantKind::kString: return Expr::Constant(Value::Varchar(c.text));
    case ast::ConstantKind::kBoolean: return Expr::Constant(Value::Boolean(c.boolean));
    case ast::ConstantKind::kNull: return Expr::Constant(Value::Null());
  }
  return Status::Internal("unknown constant kind");
}

// An untyped string literal read as `type`, the type of what it is compared or combined with.
Result<ExprPtr> StringLiteralAs(const std::string& text, const DataType& type, const ast::Expr& whole) {
  std::optional<Value> v;
  switch (type.id) {
    case TypeId::kVarchar:
    case TypeId::kNull: v = Value::Varchar(text); break;
    case TypeId::kDate:
      if (auto days = ParseDate(text)) v = Value::Date(*days);
      break;
    case TypeId::kTimestamp:
      if (auto micros = ParseTimestamp(text)) v = Value::Timestamp(*micros);
      break;
    case TypeId::kBoolean:
      if (auto b = ParseBool(text)) v = Value::Boolean(*b);
      break;
    case TypeId::kDouble:
      if (auto d = ParseDouble(text)) v = Value::Double(*d);
      break;
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64:
    case TypeId::kDecimal: {
      std::string trimmed = text;
      trimmed.erase(0, trimmed.find_first_not_of(' '));
      trimmed.erase(trimmed.find_last_not_of(' ') + 1);
      v = NumericLiteralValue(trimmed);
      break;
    }
    case TypeId::kArray: {
      ORBIT_ASSIGN_OR_RETURN(std::vector<uint8_t> row, ParseArrayRow(type, text));
      v = Value::Array(type, std::move(row));
      break;
    }
    case TypeId::kFloat:
      if (auto f = ParseFloat(text)) v = Value::Float(*f);
      break;
    case TypeId::kInterval: {
      // A malformed interval is the parser's error (its SQLSTATE), not a type mismatch.
      ORBIT_ASSIGN_OR_RETURN(IntervalValue interval, ParseInterval(text));
      v = Value::Interval(interval);
      break;
    }
    case TypeId::kList: {
      // '{1,2,NULL}': read as a cast of the text reads it, with the same element rules.
      ColumnBuilder text_column(DataType::Varchar(), 1);
      text_column.AppendString(text);
      ORBIT_ASSIGN_OR_RETURN(ColumnPtr list, CastColumn(text_column.Finish()->view(), type));
      v = ValueAt(list->view(), 0);
      break;
    }
  }
  if (!v) return Status::TypeError("invalid {} literal '{}' in {}", type.ToString(), text, whole.ToString());
  return Expr::Constant(std::move(*v));
}

}  // namespace

std::optional<Value> NumericLiteralValue(std::string_view text) {
  if (text.find_first_of("eE") != std::string_view::npos) {
    if (auto d = ParseDouble(text)) return Value::Double(*d);
    return std::nullopt;
  }
  size_t start = !text.empty() && (text[0] == '-' || text[0] == '+') ? 1 : 0;
  size_t point = text.find('.');
  std::string_view digits = text.substr(start);
  if (digits.empty() || digits.find_first_not_of("0123456789.") != std::string_view::npos ||
      digits.find('.') != digits.rfind('.') || digits == ".") {
    return std::nullopt;
  }
  size_t first_significant = digits.find_first_not_of("0.");
  int significant = 0;
  if (first_significant != std::string_view::npos) {
    for (char c : digits.substr(first_significant)) significant += c != '.';
  }
  int scale = point == std::string_view::npos ? 0 : static_cast<int>(text.size() - point - 1);
  if (point == std::string_view::npos) {
    if (auto v = ParseInt64(text)) return IntegerValue(*v);
  }
  int precision = point == std::string_view::npos ? kMaxDecimalPrecision : std::max({significant, scale, 1});
  if (significant > kMaxDecimalPrecision || precision > kMaxDecimalPrecision) {
    if (auto d = ParseDouble(text)) return Value::Double(*d);
    return std::nullopt;
  }
  auto scaled = ParseDecimal(text, precision, scale);
  if (!scaled) return std::nullopt;
  return Value::Decimal(*scaled, precision, scale);
}

Status BindScope::AddRelation(std::string table_name, std::string alias, const Schema& schema, std::string in_schema) {
  ScopeRelation relation{std::move(table_name), std::move(alias), std::move(in_schema),
                         static_cast<int>(columns.size()), 0};
  for (const ScopeRelation& other : relations) {
    // s.t and u.t may both be in FROM (as in PostgreSQL); then a bare t.col is ambiguous.
    const bool other_schemas = relation.alias.empty() && other.alias.empty() && !relation.schema.empty() &&
                               !other.schema.empty() && relation.schema != other.schema;
    if (!relation.qualifier().empty() && SameName(other.qualifier(), relation.qualifier()) && !other_schemas) {
      return Status::BindError("table name \"{}\" specified more than once in FROM; give one of them an alias",
                               relation.qualifier());
    }
  }
  columns.insert(columns.end(), schema.begin(), schema.end());
  merged.resize(columns.size(), false);
  relation.end = static_cast<int>(columns.size());
  relations.push_back(std::move(relation));
  return Status::OK();
}

BindScope BindScope::Suffix(int begin) const {
  BindScope out;
  out.columns.assign(columns.begin() + begin, columns.end());
  out.merged.assign(merged.begin() + begin, merged.end());
  for (const ScopeRelation& r : relations) {
    if (r.begin < begin) continue;
    out.relations.push_back({r.table_name, r.alias, r.schema, r.begin - begin, r.end - begin});
  }
  return out;
}

Result<const ScopeRelation*> FindRelation(const BindScope* scope, const std::string& qualifier) {
  if (scope) {
    const ScopeRelation* found = nullptr;
    for (const ScopeRelation& r : scope->relations) {
      if (!SameName(qualifier, r.qualifier())) continue;
      if (found) return Status::BindError("table reference \"{}\" is ambiguous", qualifier);
      found = &r;
    }
    if (found) return found;
    for (const ScopeRelation& r : scope->relations) {
      if (!r.alias.empty() && SameName(qualifier, r.table_name)) {
        return Status::BindError("invalid reference to table \"{}\": it is called \"{}\" in FROM", qualifier, r.alias);
      }
    }
  }
  return Status::BindError("missing FROM-clause entry for table \"{}\"", qualifier);
}

Result<const ScopeRelation*> FindQualifiedRelation(const BindScope* scope, const std::string& schema,
                                                   const std::string& table) {
  if (scope) {
    for (const ScopeRelation& r : scope->relations) {
      if (r.alias.empty() && SameName(r.schema, schema) && SameName(r.table_name, table)) return &r;
    }
  }
  return Status::BindError("missing FROM-clause entry for table \"{}.{}\"", schema, table);
}

Result<int> ResolveColumn(const BindScope* scope, const std::vector<std::string>& names) {
  if (names.size() > 4) return Status::SyntaxError("improper qualified name (too many dotted names)");
  if (names.size() == 4 && ToLower(names[0]) != kDatabaseName) {
    return Status(StatusCode::kNotSupported, fmt::format("cross-database references are not implemented: {}.{}.{}.{}",
                                                         names[0], names[1], names[2], names[3]));
  }
  const std::string& name = names.back();
  int begin = 0;
  int end = scope ? static_cast<int>(scope->columns.size()) : 0;
  if (names.size() >= 2) {
    const ScopeRelation* relation = nullptr;
    if (names.size() == 2) {
      ORBIT_ASSIGN_OR_RETURN(relation, FindRelation(scope, names[0]));
    } else {
      ORBIT_ASSIGN_OR_RETURN(relation, FindQualifiedRelation(scope, names[names.size() - 3], names[names.size() - 2]));
    }
    begin = relation->begin;
    end = relation->end;
  }
  int found = -1;
  std::vector<std::string> candidates;
  for (int i = begin; i < end; ++i) {
    candidates.push_back(scope->columns[i].name);
    if (!SameName(scope->columns[i].name, name)) continue;
    // A column USING merged away is reachable only through its own table's name.
    if (names.size() == 1 && scope->merged[i]) continue;
    if (found >= 0) return Status::BindError("column reference \"{}\" is ambiguous", name);
    found = i;
  }
  if (found >= 0) return found;
  std::string suggestion = ClosestMatch(name, candidates);
  std::string shown;
  for (const std::string& part : names) shown += (shown.empty() ? "" : ".") + part;
  if (!suggestion.empty()) {
    return Status::BindError("column \"{}\" does not exist; did you mean \"{}\"?", shown, suggestion);
  }
  return Status::BindError("column \"{}\" does not exist", shown);
}

bool ContainsAggregate(const ast::Expr& expr) {
  if (expr.kind == ast::ExprKind::kFunction && IsAggregateFunction(expr.name)) return true;
  for (const auto& child : expr.children) {
    if (ContainsAggregate(*child)) return true;
  }
  return false;
}

bool ContainsWindow(const ast::Expr& expr) {
  if (expr.kind == ast::ExprKind::kWindow) return true;
  for (const auto& child : expr.children) {
    if (ContainsWindow(*child)) return true;
  }
  return false;
}

bool ContainsSetReturningCall(const ast::Expr& expr) {
  if (expr.kind == ast::ExprKind::kFunction && expr.name == "unnest") return true;
  for (const auto& child : expr.children) {
    if (ContainsSetReturningCall(*child)) return true;
  }
  return false;
}

Status ExpressionBinder::RefuseSetReturningCall(const ast::Expr& expr, const std::string& where) const {
  // Only where unnest could be bound at all: elsewhere its own error names the clause.
  if (unnests_ == nullptr || !ContainsSetReturningCall(expr)) return Status::OK();
  return Status::BindError("set-returning functions are not allowed in {}: {}", where, expr.ToString());
}

Result<ExprPtr> ExpressionBinder::BindNode(const ast::Expr& expr) { return BindDispatch(expr); }

Result<ExprPtr> ExpressionBinder::BindDispatch(const ast::Expr& expr) {
  switch (expr.kind) {
    case ast::ExprKind::kColumnRef: return BindColumnRef(expr);
    case ast::ExprKind::kConstant: return BindConstant(expr);
    case ast::ExprKind::kCast: return BindCast(expr);
    case ast::ExprKind::kUnaryOp: return BindUnary(expr);
    case ast::ExprKind::kBinaryOp: {
      if (auto op = CompareOpFor(expr.name)) return BindComparison(expr, *op);
      // || and the regular expression matches (~, ~*, !~, !~*) are the registry's operators.
      if (BuiltinFunctions().FindOperator(expr.name)) return BindOperatorCall(expr);
      return BindArithmetic(expr);
    }
    case ast::ExprKind::kAnd:
    case ast::ExprKind::kOr: return BindConjunction(expr);
    case ast::ExprKind::kNot: return BindNot(expr);
    case ast::ExprKind::kIsNull:
    case ast::ExprKind::kIsNotNull: {
      ORBIT_ASSIGN_OR_RETURN(ExprPtr child, BindNode(*expr.children[0]));
      ExprKind kind = expr.kind == ast::ExprKind::kIsNull ? ExprKind::kIsNull : ExprKind::kIsNotNull;
      return Expr::Make(kind, DataType::Boolean(), {std::move(child)});
    }
    case ast::ExprKind::kBetween: return BindBetween(expr);
    case ast::ExprKind::kInList: return BindInList(expr);
    case ast::ExprKind::kFunction: return BindFunction(expr);
    case ast::ExprKind::kStar: return Status::BindError("* is only allowed in the select list and in count(*)");
    case ast::ExprKind::kNamedArgument:
      return Status::BindError("named arguments are only allowed in table functions: {}", expr.ToString());
    case ast::ExprKind::kDefault: return Status::BindError("DEFAULT is only allowed in INSERT ... VALUES");
    case ast::ExprKind::kCase: return BindCase(expr);
    case ast::ExprKind::kConditional: return BindConditional(expr);
    case ast::ExprKind::kLike: return BindLike(expr);
    case ast::ExprKind::kSubquery: return BindSubquery(expr);
    // Parameters are replaced by their values before binding (sql/parser/parameters.h).
    case ast::ExprKind::kParameter: return Status::BindError("there is no parameter {}", expr.ToString());
    case ast::ExprKind::kArray: {
      // ARRAY[a, b, ...] is the registry's array_value(a, b, ...).
      if (expr.children.empty()) {
        return Status::TypeError("cannot determine the type of an empty array: cast it, as in ARRAY[]::INTEGER[]");
      }
      auto call = ast::NewExpr(ast::ExprKind::kFunction, expr.children, expr.location);
      call->name = "array_value";
      return BindFunction(*call);
    }
    case ast::ExprKind::kWindow: return BindWindow(expr);
  }
  return Status::Internal("unknown expression kind");
}

Result<ExprPtr> ExpressionBinder::BindColumnRef(const ast::Expr& expr) {
  Result<int> index = ResolveColumn(scope_, expr.names);
  for (size_t level = 0; !index.ok() && level < outer_scopes_.size(); ++level) {
    // A subquery's reference to an enclosing query (its own columns come first).
    Result<int> outer = ResolveColumn(outer_scopes_[level], expr.names);
    if (!outer.ok()) continue;
    if (level > 0) {
      return Status::NotSupported("correlated references to a query more than one level out: {}", expr.ToString());
    }
    const Field& field = outer_scopes_[level]->columns[*outer];
    ExprPtr ref = Expr::ColumnRef(*outer, field.type, field.name);
    ref->kind = ExprKind::kOuterColumnRef;
    return ref;
  }
  ORBIT_RETURN_IF_ERROR(index.status());
  const Field& field = scope_->columns[*index];
  return Expr::ColumnRef(*index, field.type, field.name);
}

Result<ExprPtr> ExpressionBinder::BindSubquery(const ast::Expr& expr) {
  if (!subqueries_) return Status::NotSupported("subqueries in {}", clause_);
  ExprPtr probe;
  if (expr.subquery_kind == ast::SubqueryKind::kIn) {
    ORBIT_ASSIGN_OR_RETURN(probe, BindNode(*expr.children[0]));
  }
  return subqueries_->BindValue(expr, std::move(probe), scope_);
}

Result<ExprPtr> ExpressionBinder::BindAggregate(const ast::Expr& call) {
  return Status::BindError("aggregate functions are not allowed in {}: {}", clause_, call.ToString());
}

Result<ExprPtr> ExpressionBinder::BindLike(const ast::Expr& expr) {
  // Both sides are text: a string literal stays VARCHAR rather than taking the other's type.
  std::vector<ExprPtr> operands;
  for (const auto& child : expr.children) {
    ORBIT_ASSIGN_OR_RETURN(ExprPtr operand, BindNode(*child));
    operands.push_back(std::move(operand));
  }
  for (auto& operand : operands) {
    if (operand->type.id == TypeId::kNull) operand = Expr::Constant(Value::Null(DataType::Varchar()));
    if (operand->type.id != TypeId::kVarchar) {
      return Status::TypeError("LIKE needs VARCHAR operands, not {}, in {}", operand->type.ToString(), expr.ToString());
    }
  }
  ExprPtr like = Expr::Make(ExprKind::kLike, DataType::Boolean(), std::move(operands));
  if (!expr.negated) return like;
  return Expr::Make(ExprKind::kNot, DataType::Boolean(), {std::move(like)});
}

Result<ExprPtr> ExpressionBinder::BindCase(const ast::Expr& expr) {
  // A branch's rows would multiply every row's, taken or not (PostgreSQL refuses it too).
  ORBIT_RETURN_IF_ERROR(RefuseSetReturningCall(expr, "CASE"));
  std::vector<ExprPtr> conditions;
  std::vector<const ast::Expr*> result_nodes;
  for (size_t i = 0; i + 1 < expr.children.size(); i += 2) {
    ORBIT_ASSIGN_OR_RETURN(ExprPtr condition, BindBoolean(*expr.children[i], expr, "CASE WHEN"));
    conditions.push_back(std::move(condition));
    result_nodes.push_back(expr.children[i + 1].get());
  }
  const bool has_else = expr.children.size() % 2 == 1;
  if (has_else) result_nodes.push_back(expr.children.back().get());
  // The results' common type, as for comparisons; untyped string literals take the type
  // of the typed results (PostgreSQL's "unknown" literals), else they are VARCHAR.
  std::vector<ExprPtr> results;
  std::optional<DataType> common;
  for (const ast::Expr* node : result_nodes) {
    ORBIT_ASSIGN_OR_RETURN(ExprPtr result, BindNode(*node));
    if (!node->IsStringLiteral() && result->type.id != TypeId::kNull) {
      std::optional<DataType> t = common ? CommonType(*common, result->type) : result->type;
      if (!t) {
        return Status::TypeError("CASE types {} and {} cannot be matched in {}", common->ToString(),
                                 result->type.ToString(), expr.ToString());
      }
      common = t;
    }
    results.push_back(std::move(result));
  }
  DataType type = common.value_or(DataType::Varchar());
  for (size_t i = 0; i < results.size(); ++i) {
    if (result_nodes[i]->IsStringLiteral() && type.id != TypeId::kVarchar) {
      ORBIT_ASSIGN_OR_RETURN(results[i], StringLiteralAs(result_nodes[i]->constant.text, type, expr));
    }
    if (results[i]->type.id == TypeId::kNull) results[i] = Expr::Constant(Value::Null(type));
    ORBIT_ASSIGN_OR_RETURN(results[i], CastExpr(results[i], type));
  }
  std::vector<ExprPtr> children;
  for (size_t i = 0; i < conditions.size(); ++i) {
    children.push_back(std::move(conditions[i]));
    children.push_back(std::move(results[i]));
  }
  children.push_back(has_else ? std::move(results.back()) : Expr::Constant(Value::Null(type)));
  return Expr::Make(ExprKind::kCase, type, std::move(children));
}

Result<ExprPtr> ExpressionBinder::BindCast(const ast::Expr& expr) {
  // INTERVAL '3' DAY: the literal's unit comes from the type, which a column's cast keeps not.
  if (IsIntervalLiteral(expr)) {
    ORBIT_ASSIGN_OR_RETURN(IntervalValue value, IntervalLiteralValue(expr));
    return Expr::Constant(Value::Interval(value));
  }
  ORBIT_ASSIGN_OR_RETURN(DataType target, ResolveTypeName(expr.type));
  if (expr.children[0]->kind == ast::ExprKind::kArray && expr.children[0]->children.empty()) {
    // ARRAY[]::T[]: the empty array's type is the cast's.
    if (!target.is_list()) return Status::TypeError("cannot cast an empty array to {}", target.ToString());
    return Expr::Constant(Value::List(target, {}));
  }
  ORBIT_ASSIGN_OR_RETURN(ExprPtr child, BindNode(*expr.children[0]));
  if (child->type.id == TypeId::kNull) return Expr::Constant(Value::Null(target));
  if (!CanCast(child->type, target)) {
    return Status::TypeError("cannot cast {} to {} in {}", child->type.ToString(), target.ToString(), expr.ToString());
  }
  return CastExpr(std::move(child), target);
}

Result<ExprPtr> ExpressionBinder::BindUnary(const ast::Expr& expr) {
  ORBIT_ASSIGN_OR_RETURN(ExprPtr child, BindNode(*expr.children[0]));
  if (expr.children[0]->IsStringLiteral()) {
    // -'5' reads the literal as a number (any numeric target type parses it as written).
    ORBIT_ASSIGN_OR_RETURN(child, StringLiteralAs(expr.children[0]->constant.text, DataType::Int64(), expr));
  }
  if (child->type.id == TypeId::kNull) return child;
  if (child->type.is_interval()) {
    // PostgreSQL has unary - for intervals, not unary +.
    if (expr.name == "+") return Status::TypeError("operator does not exist: + INTERVAL in {}", expr.ToString());
    return BindIntervalNegate(std::move(child));
  }
  if (!child->type.is_numeric()) {
    return Status::TypeError("cannot apply unary {} to {} in {}", expr.name, child->type.ToString(), expr.ToString());
  }
  if (expr.name == "+") return child;
  return NegateExpr(std::move(child));
}

Result<std::vector<ExprPtr>> ExpressionBinder::BindOperands(const ast::Expr& expr, size_t from) {
  std::vector<ExprPtr> operands;
  std::optional<DataType> reference;
  for (size_t i = from; i < expr.children.size(); ++i) {
    ORBIT_ASSIGN_OR_RETURN(ExprPtr e, BindNode(*expr.children[i]));
    if (!reference && !expr.children[i]->IsStringLiteral() && e->type.id != TypeId::kNull) reference = e->type;
    operands.push_back(std::move(e));
  }
  if (!reference || reference->id == TypeId::kVarchar) return operands;
  for (size_t i = from; i < expr.children.size(); ++i) {
    if (!expr.children[i]->IsStringLiteral()) continue;
    ORBIT_ASSIGN_OR_RETURN(operands[i - from], StringLiteralAs(expr.children[i]->constant.text, *reference, expr));
  }
  return operands;
}

Result<std::vector<ExprPtr>> ExpressionBinder::CastToCommonType(const ast::Expr& expr, std::vector<ExprPtr> operands) {
  DataType common = operands[0]->type;
  for (size_t i = 1; i < operands.size(); ++i) {
    std::optional<DataType> t = ComparisonType(common, operands[i]->type);
    if (!t) {
      return Status::TypeError("cannot compare {} and {} in {}", common.ToString(), operands[i]->type.ToString(),
                               expr.ToString());
    }
    common = *t;
  }
  if (common.id == TypeId::kNull) common = DataType::Boolean();
  // T[n] compare element by element as T[] do (PostgreSQL's array order); no kernel orders T[n].
  if (common.is_array()) common = DataType::List(common.element_type());
  // TINYINT and SMALLINT compare as INTEGER, REAL as DOUBLE: exact, and the comparison
  // kernels take those.
  if (common.is_small_integer()) common = DataType::Int32();
  if (common.id == TypeId::kFloat) common = DataType::Double();
  for (auto& operand : operands) {
    ORBIT_ASSIGN_OR_RETURN(operand, CastExpr(operand, common));
    // BETWEEN and IN compare intervals by their span, as CompareExpr does.
    ORBIT_ASSIGN_OR_RETURN(operand, ComparableExpr(std::move(operand)));
  }
  return operands;
}

Result<ExprPtr> ExpressionBinder::BindComparison(const ast::Expr& expr, CompareOp op) {
  ORBIT_ASSIGN_OR_RETURN(std::vector<ExprPtr> operands, BindOperands(expr));
  ORBIT_ASSIGN_OR_RETURN(operands, CastToCommonType(expr, std::move(operands)));
  // The filter kernels take `column <op> constant`: put the constant on the right.
  if (IsConstant(operands[0]) && !IsConstant(operands[1])) {
    return CompareExpr(FlippedCompare(op), std::move(operands[1]), std::move(operands[0]));
  }
  return CompareExpr(op, std::move(operands[0]), std::move(operands[1]));
}

Result<ExprPtr> ExpressionBinder::BindBoolean(const ast::Expr& operand, const ast::Expr& whole, const char* what) {
  ORBIT_ASSIGN_OR_RETURN(ExprPtr e, BindNode(operand));
  if (e->type.id == TypeId::kNull) return Expr::Constant(Value::Null(DataType::Boolean()));
  if (e->type.id != TypeId::kBoolean) {
    return Status::TypeError("argument of {} must be BOOLEAN, not {}, in {}", what, e->type.ToString(),
                             whole.ToString());
  }
  return e;
}

Result<ExprPtr> ExpressionBinder::BindConjunction(const ast::Expr& expr) {
  bool is_and = expr.kind == ast::ExprKind::kAnd;
  ExprKind kind = is_and ? ExprKind::kAnd : ExprKind::kOr;
  std::vector<ExprPtr> children;
  for (const auto& child : expr.children) {
    ORBIT_ASSIGN_OR_RETURN(ExprPtr e, BindBoolean(*child, expr, is_and ? "AND" : "OR"));
    if (e->kind == kind) {
      children.insert(children.end(), e->children.begin(), e->children.end());
    } else {
      children.push_back(std::move(e));
    }
  }
  return Expr::Make(kind, DataType::Boolean(), std::move(children));
}

Result<ExprPtr> ExpressionBinder::BindNot(const ast::Expr& expr) {
  ORBIT_ASSIGN_OR_RETURN(ExprPtr child, BindBoolean(*expr.children[0], expr, "NOT"));
  return Expr::Make(ExprKind::kNot, DataType::Boolean(), {std::move(child)});
}

Result<ExprPtr> ExpressionBinder::BindBetween(const ast::Expr& expr) {
  ORBIT_ASSIGN_OR_RETURN(std::vector<ExprPtr> operands, BindOperands(expr));
  ORBIT_ASSIGN_OR_RETURN(operands, CastToCommonType(expr, std::move(operands)));
  ExprPtr between = Expr::Make(ExprKind::kBetween, DataType::Boolean(), std::move(operands));
  if (!expr.negated) return between;
  return Expr::Make(ExprKind::kNot, DataType::Boolean(), {std::move(between)});
}

Result<ExprPtr> ExpressionBinder::BindInList(const ast::Expr& expr) {
  ORBIT_ASSIGN_OR_RETURN(std::vector<ExprPtr> operands, BindOperands(expr));
  ORBIT_ASSIGN_OR_RETURN(operands, CastToCommonType(expr, std::move(operands)));
  bool all_constant = true;
  for (size_t i = 1; i < operands.size(); ++i) all_constant = all_constant && IsConstant(operands[i]);
  ExprPtr in;
  if (all_constant) {
    in = Expr::Make(ExprKind::kInList, DataType::Boolean(), std::move(operands));
  } else {
    // The IN kernels take a constant list; anything else becomes x = a OR x = b ...
    std::vector<ExprPtr> equalities;
    for (size_t i = 1; i < operands.size(); ++i) {
      ORBIT_ASSIGN_OR_RETURN(ExprPtr eq, CompareExpr(CompareOp::kEq, operands[0], operands[i]));
      equalities.push_back(std::move(eq));
    }
    in = equalities.size() == 1 ? equalities[0] : Expr::Make(ExprKind::kOr, DataType::Boolean(), std::move(equalities));
  }
  if (!expr.negated) return in;
  return Expr::Make(ExprKind::kNot, DataType::Boolean(), {std::move(in)});
}

}  // namespace orbit
