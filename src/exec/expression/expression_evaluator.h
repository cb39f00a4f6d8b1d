// Evaluates bound expressions over a chunk, calling the kernels of the pipeline's device.
// Two entry points: Evaluate computes a column of values (three-valued logic for
// booleans); Select computes which rows satisfy a predicate as a selection vector, which
// lets conjunctions narrow the rows step by step through the filter kernels.
#pragma once

#include <cstdint>
#include <vector>

#include "common/status.h"
#include "exec/pipeline/chunk.h"
#include "kernels/kernel_table.h"
#include "plan/expression.h"

namespace orbit {

class ExpressionEvaluator {
 public:
  explicit ExpressionEvaluator(const KernelTable& kernels) : kernels_(kernels) {}

  Result<Vector> Evaluate(const Expr& expr, const Chunk& chunk);

  /// Writes the rows (ascending) of `sel` (all rows when sel is null) for which `expr` is
  /// TRUE into `out` and returns how many. `out` may alias `sel`.
  Result<size_t> Select(const Expr& expr, const Chunk& chunk, const uint32_t* sel, size_t count, uint32_t* out);

  const KernelTable& kernels() const { return kernels_; }

 private:
  Result<Vector> EvaluateArithmetic(const Expr& expr, const Chunk& chunk);
  Result<Vector> EvaluateDivision(const Expr& expr, const Vector& a, const Vector& b, int64_t n);
  Result<Vector> EvaluateBoolean(const Expr& expr, const Chunk& chunk);
  Result<Vector> EvaluateDate(const Expr& expr, const Chunk& chunk);
  Result<Vector> EvaluateTimestamp(const Expr& expr, const Chunk& chunk);
  Result<Vector> EvaluateCase(const Expr& expr, const Chunk& chunk);           // case_evaluator.cpp
  Result<Vector> EvaluateFunction(const Expr& expr, const Chunk& chunk);       // function_evaluator.cpp
  Result<Vector> EvaluateCoalesce(const Expr& expr, const Chunk& chunk);       // conditional_evaluator.cpp
  Result<Vector> EvaluateNullIf(const Expr& expr, const Chunk& chunk);         // conditional_evaluator.cpp
  Result<Vector> EvaluateIsDistinct(const Expr& expr, const Chunk& chunk);     // conditional_evaluator.cpp
  Result<Vector> EvaluateGreatestLeast(const Expr& expr, const Chunk& chunk);  // conditional_evaluator.cpp
  Result<size_t> SelectLike(const Expr& expr, const Chunk& chunk, const uint32_t* sel, size_t count, uint32_t* out);
  Result<size_t> SelectCompare(const Expr& expr, const Chunk& chunk, const uint32_t* sel, size_t count, uint32_t* out);
  Result<size_t> SelectByValue(const Expr& expr, const Chunk& chunk, const uint32_t* sel, size_t count, uint32_t* out);
  // Select and Evaluate on some rows of the chunk alone when `expr` can raise an error, so
  // that it never fails on a row an earlier condition excluded.
  Result<size_t> SelectOnRows(const Expr& expr, const Chunk& chunk, const uint32_t* sel, size_t count, uint32_t* out);
  Result<Vector> EvaluateOnRows(const Expr& expr, const Chunk& chunk, const std::vector<uint32_t>& rows);

  const KernelTable& kernels_;
};

/// Evaluates an expression with no column references (constant folding).
Result<Value> EvaluateConstant(const Expr& expr);

/// A column of `n` copies of `value`.
ColumnPtr ConstantColumn(const Value& value, int64_t n);

/// Row `i` of a column as a Value.
Value ValueAt(const ColumnView& column, int64_t i);

}  // namespace orbit
