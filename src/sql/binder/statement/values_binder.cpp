// VALUES (...), ... as a FROM item: constant rows, each column typed as PostgreSQL types a
// VALUES list (as UNION would: numbers widen to a common type; a quoted literal or a NULL
// takes the type the other rows give it, and a column of only those is VARCHAR). The rows
// become a table the scan reads, like a table function's.
#include "columnar/value_rows.h"
#include "sql/binder/constant_folding.h"
#include "sql/binder/expression/expression_binder.h"
#include "sql/binder/statement/statement_binders.h"
#include "sql/binder/type_resolution.h"

namespace orbit {

namespace {

bool IsUntyped(const ast::Expr& e) {
  return e.IsStringLiteral() || (e.kind == ast::ExprKind::kConstant && e.constant.kind == ast::ConstantKind::kNull);
}

Status AtRow(const Status& s, size_t row, size_t column) {
  return Status(s.code(), fmt::format("{} (VALUES row {}, column {})", s.message(), row + 1, column + 1));
}

}  // namespace

Result<TableSourcePtr> BindValues(const std::vector<std::vector<ast::ExprPtr>>& rows) {
  const size_t width = rows.at(0).size();
  std::vector<std::vector<Value>> values;
  for (size_t r = 0; r < rows.size(); ++r) {
    if (rows[r].size() != width) return Status::SyntaxError("VALUES lists must all be the same length");
    std::vector<Value> row;
    for (size_t c = 0; c < width; ++c) {
      ExpressionBinder binder(nullptr, "VALUES");
      ORBIT_ASSIGN_OR_RETURN(ExprPtr bound, binder.Bind(*rows[r][c]));
      if (!IsConstant(bound)) {
        return Status::NotSupported("non-constant expressions in VALUES: {}", rows[r][c]->ToString());
      }
      row.push_back(bound->constant);
    }
    values.push_back(std::move(row));
  }
  Schema schema;
  for (size_t c = 0; c < width; ++c) {
    std::optional<DataType> type;
    for (size_t r = 0; r < rows.size(); ++r) {
      if (IsUntyped(*rows[r][c])) continue;
      const DataType& t = values[r][c].type;
      if (!type || *type == t) {
        type = t;
        continue;
      }
      std::optional<DataType> common;
      if (NumericRank(*type) > 0 && NumericRank(t) > 0) common = CommonType(*type, t);
      // ARRAY[1, 2] with '{}'::INTEGER[], or with ARRAY[3]: the column is INTEGER[].
      if (type->is_list() || t.is_list() || (type->is_array() && t.is_array())) common = CommonType(*type, t);
      if (!common) {
        return Status::TypeError("VALUES types {} and {} cannot be matched (column {})", type->ToString(), t.ToString(),
                                 c + 1);
      }
      type = *common;
    }
    schema.push_back({"column" + std::to_string(c + 1), type.value_or(DataType::Varchar())});
  }
  for (size_t r = 0; r < rows.size(); ++r) {
    for (size_t c = 0; c < width; ++c) {
      Value& v = values[r][c];
      if (v.is_null) {
        v = Value::Null(schema[c].type);
        continue;
      }
      Result<Value> cast = CastValue(v, schema[c].type);
      if (!cast.ok()) return AtRow(cast.status(), r, c);
      v = std::move(*cast);
    }
  }
  auto table = std::make_shared<Table>("*VALUES*", schema);
  table->Append(RowsToBatch(schema, values));
  return TableSourcePtr(std::make_shared<GeneratedTableSource>("VALUES", schema, static_cast<double>(rows.size()),
                                                               [table] { return table; }));
}

}  // namespace orbit
