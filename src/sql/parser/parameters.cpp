#include "sql/parser/parameters.h"

#include <algorithm>

#include "columnar/value_format.h"

namespace orbit {

namespace {

std::shared_ptr<ast::Expr> Constant(ast::ConstantKind kind, int location) {
  auto e = std::make_shared<ast::Expr>();
  e->kind = ast::ExprKind::kConstant;
  e->location = location;
  e->constant.kind = kind;
  return e;
}

std::shared_ptr<ast::Expr> Cast(ast::ExprPtr child, ast::TypeName type) {
  auto e = std::make_shared<ast::Expr>();
  e->kind = ast::ExprKind::kCast;
  e->location = child->location;
  e->type = std::move(type);
  e->children = {std::move(child)};
  return e;
}

std::shared_ptr<ast::Expr> TextConstant(std::string text, int location) {
  auto e = Constant(ast::ConstantKind::kString, location);
  e->constant.text = std::move(text);
  return e;
}

// The literal a typed value would be written as: integers and booleans bare, other types
// as text cast to exactly their type (so a DECIMAL keeps its precision and scale).
std::shared_ptr<ast::Expr> ValueExpr(const Value& value, int location) {
  if (value.type.id == TypeId::kNull) return Constant(ast::ConstantKind::kNull, location);
  if (value.is_null) return Cast(Constant(ast::ConstantKind::kNull, location), ast::TypeNameOf(value.type));
  switch (value.type.id) {
    case TypeId::kBoolean: {
      auto e = Constant(ast::ConstantKind::kBoolean, location);
      e->constant.boolean = value.bool_value;
      return e;
    }
    case TypeId::kInt32:
    case TypeId::kInt64: {
      auto e = Constant(ast::ConstantKind::kInteger, location);
      e->constant.integer = value.int_value;
      return e;
    }
    case TypeId::kDouble:
      return Cast(TextConstant(FormatDouble(value.double_value), location), ast::TypeNameOf(value.type));
    default: return Cast(TextConstant(value.ToString(), location), ast::TypeNameOf(value.type));
  }
}

// Copies the tree with every parameter replaced; the counts were checked before.
class Substitution {
 public:
  Substitution(const std::vector<ParameterValue>& values, const std::vector<ast::TypeName>& declared)
      : values_(values), declared_(declared) {}

  ast::Statement Statement(const ast::Statement& statement) {
    ast::Statement out;
    std::visit([&](const auto& node) { out.node = Node(node); }, statement.node);
    return out;
  }

 private:
  template <typename T>
  T Node(const T& node) {
    return node;  // statements without expressions: CREATE TABLE, COPY, DROP, SET, SHOW, ...
  }

  ast::SelectStatement Node(const ast::SelectStatement& select) {
    ast::SelectStatement out = select;
    for (auto& cte : out.ctes) cte.query = Select(cte.query);
    out.set_left = Select(out.set_left);
    out.set_right = Select(out.set_right);
    for (auto& item : out.targets) item.expr = Expr(item.expr);
    if (out.from) From(&*out.from);
    out.where = Expr(out.where);
    Exprs(&out.group_by);
    out.having = Expr(out.having);
    for (auto& item : out.order_by) item.expr = Expr(item.expr);
    out.limit = Expr(out.limit);
    out.offset = Expr(out.offset);
    return out;
  }

  ast::ExplainStatement Node(const ast::ExplainStatement& explain) {
    ast::ExplainStatement out;
    out.analyze = explain.analyze;
    out.statement = std::make_unique<ast::Statement>(Statement(*explain.statement));
    return out;
  }

  ast::CreateTableAsStatement Node(const ast::CreateTableAsStatement& create) {
    ast::CreateTableAsStatement out = create;
    out.query = Node(create.query);
    return out;
  }

  ast::InsertStatement Node(const ast::InsertStatement& insert) {
    ast::InsertStatement out = insert;
    for (auto& row : out.rows) Exprs(&row);
    out.query = Select(out.query);
    return out;
  }

  ast::CreateViewStatement Node(const ast::CreateViewStatement& create) {
    ast::CreateViewStatement out = create;
    out.query = Select(out.query);
    return out;
  }

  ast::UpdateStatement Node(const ast::UpdateStatement& update) {
    ast::UpdateStatement out = update;
    for (auto& assignment : out.assignments) assignment.value = Expr(assignment.value);
    if (out.from) From(&*out.from);
    out.where = Expr(out.where);
    return out;
  }

  ast::DeleteStatement Node(const ast::DeleteStatement& del) {
    ast::DeleteStatement out = del;
    if (out.using_items) From(&*out.using_items);
    out.where = Expr(out.where);
    return out;
  }

  ast::ExecuteStatement Node(const ast::ExecuteStatement& execute) {
    ast::ExecuteStatement out = execute;
    Exprs(&out.arguments);
    return out;
  }

  std::shared_ptr<const ast::SelectStatement> Select(const std::shared_ptr<const ast::SelectStatement>& select) {
    if (!select) return select;
    return std::make_shared<const ast::SelectStatement>(Node(*select));
  }

  void From(ast::TableRef* ref) {
    Exprs(&ref->arguments);
    for (auto& row : ref->values) Exprs(&row);
    ref->subquery = Select(ref->subquery);
    if (ref->join) {
      auto join = std::make_shared<ast::JoinClause>(*ref->join);
      From(&join->left);
      From(&join->right);
      join->condition = Expr(join->condition);
      ref->join = std::move(join);
    }
  }

  void Exprs(std::vector<ast::ExprPtr>* exprs) {
    for (auto& e : *exprs) e = Expr(e);
  }

  ast::ExprPtr Expr(const ast::ExprPtr& e) {
    if (!e) return e;
    if (e->kind == ast::ExprKind::kParameter) return Parameter(*e);
    auto out = std::make_shared<ast::Expr>(*e);
    Exprs(&out->children);
    out->subquery = Select(out->subquery);
    return out;
  }

  ast::ExprPtr Parameter(const ast::Expr& parameter) {
    const size_t i = static_cast<size_t>(parameter.parameter) - 1;
    const ParameterValue& value = values_[i];
    const int at = parameter.location;
    std::shared_ptr<ast::Expr> e = value.untyped ? TextConstant(value.text, at) : ValueExpr(value.value, at);
    if (i < declared_.size()) e = Cast(std::move(e), declared_[i]);
    e->parameter = parameter.parameter;  // named "?column?" in a select list, as PostgreSQL does
    return e;
  }

  const std::vector<ParameterValue>& values_;
  const std::vector<ast::TypeName>& declared_;
};

}  // namespace

Result<ast::Statement> SubstituteParameters(const ast::Statement& statement, const std::vector<ParameterValue>& values,
                                            const std::vector<ast::TypeName>& declared) {
  const size_t needed = static_cast<size_t>(statement.parameter_count);
  if (!declared.empty() && declared.size() < needed) {
    return Status::InvalidArgument("the statement uses ${} but declares the types of only {} parameter{}", needed,
                                   declared.size(), declared.size() == 1 ? "" : "s");
  }
  const size_t expected = std::max(needed, declared.size());
  if (values.size() != expected) {
    return Status::InvalidArgument("the statement takes {} parameter{} but {} value{} given", expected,
                                   expected == 1 ? "" : "s", values.size(), values.size() == 1 ? " was" : "s were");
  }
  return Substitution(values, declared).Statement(statement);
}

Status MissingParameterValues(const ast::Statement& statement) {
  const std::string which = statement.parameter_count == 1
                                ? "a parameter ($1)"
                                : fmt::format("parameters ($1 to ${})", statement.parameter_count);
  return Status::InvalidArgument(
      "the statement has {} but no values were given; pass them with the query (params) or use PREPARE and EXECUTE",
      which);
}

}  // namespace orbit
