#include "main/update_in_place.h"

#include <tbb/parallel_for.h>

#include <atomic>
#include <limits>
#include <mutex>
#include <new>
#include <numeric>

#include "common/memory_account.h"
#include "common/memory_scope.h"
#include "exec/expression/expression_evaluator.h"
#include "exec/pipeline/executor.h"
#include "exec/pipeline/gather.h"
#include "plan/expression_rewrite.h"

namespace orbit {

namespace {

struct InPlaceShape {
  const std::vector<int>* scanned;  // table position of each column the expressions read
  const Expr* match;                // BOOLEAN, TRUE for a row that changes
  std::vector<const Expr*> values;  // the new value of each updated column
  const std::vector<int>* updated;  // their positions in the table
};

// Rows [begin, begin + n) of the scanned columns of `batch`, as views into its buffers.
Chunk ChunkOf(const Batch& batch, const std::vector<int>& scanned, int64_t begin, int64_t n) {
  Chunk chunk;
  chunk.size = n;
  for (int position : scanned) {
    Vector v;
    v.view = batch.columns[static_cast<size_t>(position)]->view().Slice(begin, n);
    chunk.columns.push_back(std::move(v));
  }
  return chunk;
}

// `value` on the rows sel[0..matched) of the chunk alone (so that it cannot fail on a row the
// condition leaves alone), or on every row when all match.
Result<Vector> NewValues(const Expr& value, const Chunk& chunk, const uint32_t* sel, size_t matched,
                         ExpressionEvaluator& evaluator) {
  if (matched == static_cast<size_t>(chunk.size)) return evaluator.Evaluate(value, chunk);
  Chunk rows = GatherRows(evaluator.kernels(), chunk, ReferencedColumns(value), sel, matched);
  return evaluator.Evaluate(value, rows);
}

// The old values with rows sel[k] replaced by row k of `next`.
ColumnPtr Merged(const Vector& old, const Vector& next, const uint32_t* sel, size_t matched) {
  const auto n = static_cast<size_t>(old.view.length);
  std::vector<uint32_t> source_of(n, 0), position(n);
  std::iota(position.begin(), position.end(), 0u);
  for (size_t k = 0; k < matched; ++k) {
    source_of[sel[k]] = 1;
    position[sel[k]] = static_cast<uint32_t>(k);
  }
  return InterleaveRows(old.view.type, {old, next}, source_of.data(), position.data(), static_cast<int64_t>(n));
}

// The batch's next version and how many of its rows changed; the batch itself when none did.
Result<std::pair<Batch, int64_t>> UpdateBatch(const Batch& batch, const InPlaceShape& shape,
                                              ExpressionEvaluator& evaluator, const QueryInterrupt* interrupt) {
  std::vector<uint32_t> sel(static_cast<size_t>(kVectorSize));
  // Per updated column, the vectors of its next values, chunk by chunk (computed ones own
  // their memory; a chunk without a match keeps a view of the old values).
  std::vector<std::vector<Vector>> parts(shape.values.size());
  int64_t changed = 0;
  for (int64_t begin = 0; begin < batch.length; begin += kVectorSize) {
    if (interrupt != nullptr) ORBIT_RETURN_IF_ERROR(interrupt->Check());
    const int64_t n = std::min<int64_t>(kVectorSize, batch.length - begin);
    Chunk chunk = ChunkOf(batch, *shape.scanned, begin, n);
    ORBIT_ASSIGN_OR_RETURN(size_t matched,
                           evaluator.Select(*shape.match, chunk, nullptr, static_cast<size_t>(n), sel.data()));
    changed += static_cast<int64_t>(matched);
    for (size_t j = 0; j < shape.values.size(); ++j) {
      if (matched == 0) {
        Vector old;
        old.view = batch.columns[static_cast<size_t>((*shape.updated)[j])]->view().Slice(begin, n);
        parts[j].push_back(std::move(old));
        continue;
      }
      ORBIT_ASSIGN_OR_RETURN(Vector next, NewValues(*shape.values[j], chunk, sel.data(), matched, evaluator));
      if (matched < static_cast<size_t>(n)) {
        Vector old;
        old.view = batch.columns[static_cast<size_t>((*shape.updated)[j])]->view().Slice(begin, n);
        next = Vector::Of(Merged(old, next, sel.data(), matched));
      }
      parts[j].push_back(std::move(next));
    }
  }
  if (changed == 0) return std::pair{batch, int64_t{0}};
  Batch next = batch;
  for (size_t j = 0; j < shape.values.size(); ++j) {
    const auto column = static_cast<size_t>((*shape.updated)[j]);
    std::vector<ColumnView> views;
    views.reserve(parts[j].size());
    for (const Vector& v : parts[j]) views.push_back(v.view);
    next.columns[column] = ConcatenateViews(views, batch.columns[column]->type());
  }
  return std::pair{std::move(next), changed};
}

std::optional<InPlaceShape> ShapeOf(const TablePtr& target, const LogicalOperator& values,
                                    const std::vector<int>& updated_columns) {
  if (values.kind != LogicalKind::kProjection || values.children.size() != 1) return std::nullopt;
  const LogicalOperator& scan = values.child();
  if (scan.kind != LogicalKind::kGet || scan.table != target) return std::nullopt;
  if (values.expressions.size() != updated_columns.size() + 1) return std::nullopt;
  InPlaceShape shape{&scan.column_ids, values.expressions[0].get(), {}, &updated_columns};
  for (size_t j = 0; j < updated_columns.size(); ++j) {
    const Expr& value = *values.expressions[j + 1];
    const Field& field = target->schema()[static_cast<size_t>(updated_columns[j])];
    if (value.type != field.type) return std::nullopt;
    shape.values.push_back(&value);
  }
  return shape;
}

}  // namespace

std::optional<Result<UpdatedTable>> UpdateInPlace(const TablePtr& target, const LogicalOperator& values,
                                                  const std::vector<int>& updated_columns, const std::string& kernels,
                                                  int threads, const QueryInterrupt* interrupt) {
  std::optional<InPlaceShape> shape = ShapeOf(target, values, updated_columns);
  if (!shape) return std::nullopt;
  const KernelTable& table = kernels == "reference" ? ReferenceKernels() : SimdKernels();
  const std::vector<Batch>& batches = target->batches();
  std::vector<Batch> next(batches.size());
  std::vector<int64_t> changed(batches.size(), 0);
  // The error of the first batch (in table order) that fails, so the same statement always
  // reports the same row's error; batches after a failed one are skipped.
  std::atomic<size_t> first_failed{std::numeric_limits<size_t>::max()};
  std::mutex error_mutex;
  Status error;
  auto update_one = [&](size_t i) {
    if (i > first_failed.load()) return;
    Result<std::pair<Batch, int64_t>> done = Status::Internal("UPDATE's batch did not run");
    try {
      ExpressionEvaluator evaluator(table);
      done = UpdateBatch(batches[i], *shape, evaluator, interrupt);
    } catch (const std::bad_alloc& e) {
      done = OutOfMemoryStatus(e);
    }
    if (done.ok()) {
      next[i] = std::move(done->first);
      changed[i] = done->second;
      return;
    }
    std::lock_guard lock(error_mutex);
    if (i < first_failed.load()) {
      first_failed = i;
      error = done.status();
    }
  };
  RunWithThreads(threads, [&] {
    tbb::parallel_for(tbb::blocked_range<size_t>(0, batches.size(), 1),
                      UnderCurrentMemoryAccount([&](const tbb::blocked_range<size_t>& r) {
                        for (size_t i = r.begin(); i != r.end(); ++i) update_one(i);
                      }));
  });
  if (first_failed.load() != std::numeric_limits<size_t>::max()) return Result<UpdatedTable>(error);
  UpdatedTable updated{std::make_shared<Table>(target->name(), target->schema()), 0};
  for (size_t i = 0; i < next.size(); ++i) {
    if (next[i].length > 0) updated.next->Append(std::move(next[i]));
    updated.changed += changed[i];
  }
  return Result<UpdatedTable>(std::move(updated));
}

}  // namespace orbit
