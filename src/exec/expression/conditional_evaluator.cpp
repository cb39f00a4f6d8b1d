// COALESCE, NULLIF, GREATEST, LEAST and IS DISTINCT FROM. Each argument is evaluated once per chunk (COALESCE's
// later arguments only on the rows still NULL, as PostgreSQL evaluates them lazily), so
// nesting them costs linear time, unlike the CASE expressions they are defined by.
#include <cmath>

#include "columnar/interval.h"
#include "exec/expression/cast.h"
#include "exec/expression/expression_evaluator.h"

#include "columnar/array_value.h"
#include "columnar/list_value.h"
#include "exec/pipeline/gather.h"
#include "plan/expression_rewrite.h"

namespace orbit {

namespace {

template <typename T>
int Order(T a, T b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

// Orders row i of `a` and row j of `b` (same type, both valid) as comparisons do: NaN is
// the largest double and equal to itself.
int CompareCells(const ColumnView& a, int64_t i, const ColumnView& b, int64_t j) {
  switch (physical_type(a.type)) {
    case PhysicalType::kBit: return Order<int>(a.GetBool(i), b.GetBool(j));
    case PhysicalType::kInt8: return Order(a.values<int8_t>()[i], b.values<int8_t>()[j]);
    case PhysicalType::kInt16: return Order(a.values<int16_t>()[i], b.values<int16_t>()[j]);
    case PhysicalType::kInt32: return Order(a.values<int32_t>()[i], b.values<int32_t>()[j]);
    case PhysicalType::kInt64: return Order(a.values<int64_t>()[i], b.values<int64_t>()[j]);
    case PhysicalType::kInt128:
      if (a.type.is_interval()) {
        return Order(IntervalSpanOfBits(a.values<int128_t>()[i]), IntervalSpanOfBits(b.values<int128_t>()[j]));
      }
      return Order(a.values<int128_t>()[i], b.values<int128_t>()[j]);
    case PhysicalType::kDouble: {
      const double x = a.values<double>()[i], y = b.values<double>()[j];
      if (std::isnan(x) || std::isnan(y)) return Order<int>(std::isnan(x), std::isnan(y));
      return Order(x, y);
    }
    case PhysicalType::kString: {
      const int c = a.GetString(i).compare(b.GetString(j));
      return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    case PhysicalType::kFloat: {
      const float x = a.values<float>()[i], y = b.values<float>()[j];
      if (std::isnan(x) || std::isnan(y)) return Order<int>(std::isnan(x), std::isnan(y));
      return Order(x, y);
    }
    case PhysicalType::kFixedArray: return CompareArrayRows(a.type, ArrayRowAt(a, i), ArrayRowAt(b, j));
    case PhysicalType::kList: return CompareListRows(a, i, b, j);
    case PhysicalType::kNone: return 0;
  }
  return 0;
}

}  // namespace

Result<Vector> ExpressionEvaluator::EvaluateCoalesce(const Expr& expr, const Chunk& chunk) {
  const int64_t n = chunk.size;
  std::vector<Vector> values(expr.children.size());
  // Per row: the argument that gives its value, and the row's position in that argument.
  std::vector<uint32_t> source(n, 0), position(n, 0);
  std::vector<uint32_t> remaining(n);
  for (int64_t i = 0; i < n; ++i) remaining[i] = static_cast<uint32_t>(i);
  for (size_t k = 0; k < expr.children.size() && !remaining.empty(); ++k) {
    const Expr& child = *expr.children[k];
    if (remaining.size() == static_cast<size_t>(n)) {
      ORBIT_ASSIGN_OR_RETURN(values[k], Evaluate(child, chunk));
    } else {
      Chunk sub = GatherRows(kernels_, chunk, ReferencedColumns(child), remaining.data(), remaining.size());
      ORBIT_ASSIGN_OR_RETURN(values[k], Evaluate(child, sub));
    }
    const bool last = k + 1 == expr.children.size();
    std::vector<uint32_t> still_null;
    for (size_t j = 0; j < remaining.size(); ++j) {
      if (!last && !values[k].view.IsValid(static_cast<int64_t>(j))) {
        still_null.push_back(remaining[j]);
        continue;
      }
      source[remaining[j]] = static_cast<uint32_t>(k);
      position[remaining[j]] = static_cast<uint32_t>(j);
    }
    remaining = std::move(still_null);
  }
  return Vector::Of(InterleaveRows(expr.type, values, source.data(), position.data(), n));
}

Result<Vector> ExpressionEvaluator::EvaluateNullIf(const Expr& expr, const Chunk& chunk) {
  const int64_t n = chunk.size;
  ORBIT_ASSIGN_OR_RETURN(Vector value, Evaluate(*expr.children[0], chunk));
  ORBIT_ASSIGN_OR_RETURN(Vector other, Evaluate(*expr.children[1], chunk));
  // Compared in the comparison type (children[1]'s); the result keeps children[0]'s own value.
  ColumnPtr converted;
  ColumnView compared = value.view;
  if (value.view.type != other.view.type) {
    ORBIT_ASSIGN_OR_RETURN(converted, CastColumn(value.view, other.view.type));
    compared = converted->view();
  }
  ColumnBuilder builder(expr.type, n);
  for (int64_t i = 0; i < n; ++i) {
    if (compared.IsValid(i) && other.view.IsValid(i) && CompareCells(compared, i, other.view, i) == 0) {
      builder.AppendNull();
    } else {
      builder.AppendFrom(value.view, i);
    }
  }
  return Vector::Of(builder.Finish());
}

Result<Vector> ExpressionEvaluator::EvaluateIsDistinct(const Expr& expr, const Chunk& chunk) {
  const int64_t n = chunk.size;
  ORBIT_ASSIGN_OR_RETURN(Vector a, Evaluate(*expr.children[0], chunk));
  ORBIT_ASSIGN_OR_RETURN(Vector b, Evaluate(*expr.children[1], chunk));
  ColumnBuilder builder(DataType::Boolean(), n);
  for (int64_t i = 0; i < n; ++i) {
    const bool a_valid = a.view.IsValid(i), b_valid = b.view.IsValid(i);
    builder.AppendBool(a_valid != b_valid || (a_valid && CompareCells(a.view, i, b.view, i) != 0));
  }
  return Vector::Of(builder.Finish());
}

Result<Vector> ExpressionEvaluator::EvaluateGreatestLeast(const Expr& expr, const Chunk& chunk) {
  const int64_t n = chunk.size;
  const int want = expr.kind == ExprKind::kGreatest ? 1 : -1;
  std::vector<Vector> values(expr.children.size());
  for (size_t k = 0; k < expr.children.size(); ++k) {
    ORBIT_ASSIGN_OR_RETURN(values[k], Evaluate(*expr.children[k], chunk));
  }
  ColumnBuilder builder(expr.type, n);
  for (int64_t i = 0; i < n; ++i) {
    const ColumnView* best = nullptr;
    for (const Vector& v : values) {
      if (!v.view.IsValid(i)) continue;  // NULLs are ignored, as in PostgreSQL
      if (best == nullptr || CompareCells(v.view, i, *best, i) == want) best = &v.view;
    }
    if (best == nullptr) {
      builder.AppendNull();
    } else {
      builder.AppendFrom(*best, i);
    }
  }
  return Vector::Of(builder.Finish());
}

}  // namespace orbit
