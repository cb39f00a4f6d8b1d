#include "exec/pipeline/vector_top_k_source.h"

#include <fmt/format.h>
#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <array>
#include <mutex>
#include <set>
#include <string>

#include "exec/physical_plan/physical_planner.h"
#include "exec/pipeline/executor.h"
#include "exec/pipeline/gather.h"
#include "exec/pipeline/subplan_source.h"
#include "plan/decorrelation.h"
#include "plan/expression_rewrite.h"
#include "plan/optimizer/optimizer.h"

namespace orbit {

namespace {

constexpr size_t kItemBlock = 1024;                // items per task: a block stays in cache across queries
constexpr size_t kStateEntries = size_t{1} << 22;  // top-k entries a thread keeps per round of queries
constexpr int64_t kMaxKept = 100000;               // limit + offset above this: the generic path

bool IsVectorMeasure(const Expr& e) {
  static const std::set<std::string> kNames = {"array_inner_product",
                                               "array_negative_inner_product",
                                               "array_cosine_similarity",
                                               "array_cosine_distance",
                                               "array_distance",
                                               "<->",
                                               "<#>",
                                               "<=>"};
  return e.kind == ExprKind::kFunction && e.function != nullptr && e.children.size() == 2 &&
         kNames.count(e.function->name) > 0 && e.children[0]->type.is_array() && e.children[1]->type.is_array();
}

bool HasOuter(const Expr& e) {
  if (e.kind == ExprKind::kOuterColumnRef) return true;
  return std::any_of(e.children.begin(), e.children.end(), [](const ExprPtr& c) { return HasOuter(*c); });
}

bool OnlyOuter(const Expr& e) { return HasOuter(e) && ReferencedColumns(e).empty(); }

LogicalPtr Projection(LogicalPtr child, std::vector<ExprPtr> expressions, Schema output) {
  auto op = std::make_unique<LogicalOperator>(LogicalKind::kProjection);
  op->expressions = std::move(expressions);
  op->output = std::move(output);
  op->children.push_back(std::move(child));
  return op;
}

// One kept item of a query: its position in the items' scan and its distance (NULL or not).
struct Hit {
  int64_t item;
  double score;
  bool null;
};

struct Shape {
  LogicalPtr queries;  // the left side's columns, then the query vector
  LogicalPtr items;    // the item vector, then the subquery projection's columns
  ExprPtr distance;
  int query_argument = 0;      // which of the distance's arguments is the outer one
  int distance_column = 0;     // in the subquery projection
  std::vector<int> output_of;  // subquery column -> projection column
  int64_t limit = 0;
  int64_t offset = 0;
  bool descending = false;
  bool nulls_first = false;
  JoinKind kind = JoinKind::kInner;
  int left_width = 0;
};

class VectorTopKSource final : public TableSource {
 public:
  VectorTopKSource(Shape shape, Schema schema, double estimated_rows)
      : shape_(std::move(shape)), schema_(std::move(schema)), estimated_rows_(estimated_rows) {
    name_ = fmt::format("{}LATERAL vector top-k per outer row: ORDER BY {} {} LIMIT {}{} (vector and top-k kernels)",
                        shape_.kind == JoinKind::kLeft ? "LEFT " : "", shape_.distance->ToString(),
                        shape_.descending ? "DESC" : "ASC", shape_.limit,
                        shape_.offset > 0 ? fmt::format(" OFFSET {}", shape_.offset) : "");
  }
  std::string name() const override { return name_; }
  const Schema& schema() const override { return schema_; }
  double estimated_rows() const override { return estimated_rows_; }

 protected:
  Result<TablePtr> Produce() const override;

 private:
  /// Each query's kept items, best first, the offset not yet dropped.
  Result<std::vector<std::vector<Hit>>> Rank(const ColumnView& queries, const ColumnView& items) const;

  Shape shape_;
  Schema schema_;
  double estimated_rows_;
  std::string name_;
};

Result<std::vector<std::vector<Hit>>> VectorTopKSource::Rank(const ColumnView& queries, const ColumnView& items) const {
  const auto m = static_cast<size_t>(queries.length);
  const auto n = static_cast<size_t>(items.length);
  const auto kept = static_cast<size_t>(std::min<int64_t>(shape_.limit + shape_.offset, items.length));
  std::vector<std::vector<Hit>> hits(m);
  if (kept == 0) return hits;
  const TopKOrder order = shape_.descending ? TopKOrder::kDescending : TopKOrder::kAscending;
  const KernelTable& kernels = SimdKernels();
  const Expr& distance = *shape_.distance;
  const std::function<std::string(int)> argument_sql = [&distance](int i) {
    return i >= 0 && static_cast<size_t>(i) < distance.children.size() ? distance.children[i]->ToString()
                                                                       : distance.ToString();
  };
  std::vector<int64_t> null_items;  // a NULL item vector: a NULL distance to every query
  for (size_t i = 0; i < n && null_items.size() < kept; ++i) {
    if (!items.IsValid(static_cast<int64_t>(i))) null_items.push_back(static_cast<int64_t>(i));
  }
  const size_t blocks = (n + kItemBlock - 1) / kItemBlock;
  const size_t round = std::max<size_t>(1, kStateEntries / kept);
  const size_t width = static_cast<size_t>(queries.type.byte_width());
  const ExecutionOptions& options = CurrentExecutionOptions();

  struct State {
    std::vector<double> scores;
    std::vector<int64_t> ids;
    std::vector<size_t> counts;
  };
  for (size_t first = 0; first < m; first += round) {
    if (options.interrupt != nullptr) ORBIT_RETURN_IF_ERROR(options.interrupt->Check());
    const size_t count = std::min(round, m - first);
    tbb::enumerable_thread_specific<State> states([&] {
      return State{std::vector<double>(count * kept), std::vector<int64_t>(count * kept), std::vector<size_t>(count)};
    });
    std::mutex failure_mutex;
    Status failure = Status::OK();
    tbb::parallel_for(tbb::blocked_range<size_t>(0, blocks, 1), [&](const tbb::blocked_range<size_t>& range) {
      State& state = states.local();
      std::vector<double> scores;
      std::vector<int64_t> ids;
      for (size_t b = range.begin(); b != range.end(); ++b) {
        const size_t begin = b * kItemBlock;
        const size_t length = std::min(kItemBlock, n - begin);
        const ColumnView block = items.Slice(static_cast<int64_t>(begin), static_cast<int64_t>(length));
        for (size_t q = 0; q < count; ++q) {
          const size_t row = first + q;
          if (!queries.IsValid(static_cast<int64_t>(row))) continue;
          ColumnView query = queries;  // one row: the function repeats it over the block
          query.length = 1;
          query.validity = nullptr;
          query.data = static_cast<const uint8_t*>(queries.data) + row * width;
          std::array<ColumnView, 2> arguments;
          arguments[shape_.query_argument] = query;
          arguments[1 - shape_.query_argument] = block;
          const ScalarCall call{arguments,    static_cast<int64_t>(length),  distance.type, distance.variant,
                                argument_sql, distance.function_state.get(), &kernels};
          Result<ColumnPtr> result = distance.function->implementation(call);
          if (!result.ok()) {
            std::lock_guard<std::mutex> lock(failure_mutex);
            if (failure.ok()) failure = result.status();
            return;
          }
          const Column& column = **result;
          double* best_scores = state.scores.data() + q * kept;
          int64_t* best_ids = state.ids.data() + q * kept;
          if (!column.has_validity()) {
            state.counts[q] = kernels.top_k.update(column.values<double>(), nullptr, static_cast<int64_t>(begin),
                                                   length, kept, order, best_scores, best_ids, state.counts[q]);
            continue;
          }
          scores.clear();
          ids.clear();
          for (size_t i = 0; i < length; ++i) {
            if (!column.IsValid(static_cast<int64_t>(i))) continue;
            scores.push_back(column.values<double>()[i]);
            ids.push_back(static_cast<int64_t>(begin + i));
          }
          state.counts[q] = kernels.top_k.update(scores.data(), ids.data(), 0, scores.size(), kept, order, best_scores,
                                                 best_ids, state.counts[q]);
        }
      }
    });
    ORBIT_RETURN_IF_ERROR(failure);
    std::vector<double> best_scores(kept);
    std::vector<int64_t> best_ids(kept);
    for (size_t q = 0; q < count; ++q) {
      const size_t row = first + q;
      size_t found = 0;
      for (const State& state : states) {
        found = kernels.top_k.update(state.scores.data() + q * kept, state.ids.data() + q * kept, 0, state.counts[q],
                                     kept, order, best_scores.data(), best_ids.data(), found);
      }
      std::vector<Hit> numbers;
      for (size_t i = 0; i < found; ++i) numbers.push_back({best_ids[i], best_scores[i], false});
      std::vector<Hit> nulls;
      if (!queries.IsValid(static_cast<int64_t>(row))) {
        for (size_t i = 0; i < kept; ++i) nulls.push_back({static_cast<int64_t>(i), 0, true});
      } else {
        for (int64_t i : null_items) nulls.push_back({i, 0, true});
      }
      std::vector<Hit>& out = hits[row];
      const std::vector<Hit>& head = shape_.nulls_first ? nulls : numbers;
      const std::vector<Hit>& tail = shape_.nulls_first ? numbers : nulls;
      out.insert(out.end(), head.begin(), head.end());
      out.insert(out.end(), tail.begin(), tail.end());
      if (out.size() > kept) out.resize(kept);
    }
  }
  return hits;
}

Result<TablePtr> VectorTopKSource::Produce() const {
  ORBIT_ASSIGN_OR_RETURN(TablePtr query_table, RunSubplan(CloneLogicalPlan(*shape_.queries)));
  ORBIT_ASSIGN_OR_RETURN(TablePtr item_table, RunSubplan(CloneLogicalPlan(*shape_.items)));
  const std::vector<ColumnPtr> queries = FlattenColumns(*query_table);
  const std::vector<ColumnPtr> items = FlattenColumns(*item_table);
  const int left_width = shape_.left_width;
  ORBIT_ASSIGN_OR_RETURN(std::vector<std::vector<Hit>> hits, Rank(queries[left_width]->view(), items[0]->view()));

  std::vector<ColumnBuilder> builders;
  for (const Field& f : schema_) builders.emplace_back(f.type);
  auto out = std::make_shared<orbit::Table>(name_, schema_);
  int64_t rows = 0;
  auto flush = [&] {
    if (rows == 0) return;
    Batch batch{{}, rows};
    for (ColumnBuilder& b : builders) batch.columns.push_back(b.Finish());
    out->Append(std::move(batch));
    rows = 0;
  };
  const auto offset = static_cast<size_t>(shape_.offset);
  for (size_t q = 0; q < hits.size(); ++q) {
    const std::vector<Hit>& kept = hits[q];
    const bool none = kept.size() <= offset;
    if (none && shape_.kind != JoinKind::kLeft) continue;
    for (size_t h = none ? 0 : offset; h < (none ? 1 : kept.size()); ++h) {
      size_t c = 0;
      for (int l = 0; l < left_width; ++l) builders[c++].AppendFrom(queries[l]->view(), static_cast<int64_t>(q));
      for (int column : shape_.output_of) {
        ColumnBuilder& builder = builders[c++];
        if (none) {
          builder.AppendNull();
        } else if (column == shape_.distance_column) {
          if (kept[h].null) {
            builder.AppendNull();
          } else {
            builder.AppendDouble(kept[h].score);
          }
        } else {
          builder.AppendFrom(items[1 + column]->view(), kept[h].item);
        }
      }
      if (++rows == (1 << 16)) flush();
    }
  }
  flush();
  return out;
}

// Whether `join` has the shape, filling `shape` (nothing moved yet) when it has.
bool Match(LateralJoin& join, Shape& shape, LogicalOperator** projection) {
  if (join.kind != JoinKind::kInner && join.kind != JoinKind::kLeft) return false;
  if (join.on &&
      !(join.on->kind == ExprKind::kConstant && !join.on->constant.is_null && join.on->constant.bool_value)) {
    return false;
  }
  LogicalOperator* op = join.subquery.get();
  const LogicalOperator* picked = nullptr;
  if (op->kind == LogicalKind::kProjection && op->child().kind == LogicalKind::kLimit) {
    for (const ExprPtr& e : op->expressions) {
      if (e->kind != ExprKind::kColumnRef) return false;
    }
    picked = op;
    op = op->children[0].get();
  }
  if (op->kind != LogicalKind::kLimit || !op->limit || *op->limit + op->offset > kMaxKept) return false;
  shape.limit = *op->limit;
  shape.offset = op->offset;
  op = op->children[0].get();
  if (op->kind != LogicalKind::kOrder || op->sort_keys.size() != 1 ||
      op->sort_keys[0].expression->kind != ExprKind::kColumnRef) {
    return false;
  }
  shape.distance_column = op->sort_keys[0].expression->column_index;
  shape.descending = op->sort_keys[0].descending;
  shape.nulls_first = op->sort_keys[0].nulls_first;
  op = op->children[0].get();
  if (op->kind != LogicalKind::kProjection || ReadsOuterColumns(op->child())) return false;
  const ExprPtr& distance = op->expressions.at(shape.distance_column);
  if (!IsVectorMeasure(*distance)) return false;
  const Expr& a = *distance->children[0];
  const Expr& b = *distance->children[1];
  if (OnlyOuter(a) && !HasOuter(b)) {
    shape.query_argument = 0;
  } else if (OnlyOuter(b) && !HasOuter(a)) {
    shape.query_argument = 1;
  } else {
    return false;
  }
  for (size_t i = 0; i < op->expressions.size(); ++i) {
    if (static_cast<int>(i) != shape.distance_column && HasOuter(*op->expressions[i])) return false;
  }
  const size_t width = join.subquery->output.size();
  for (size_t i = 0; i < width; ++i) {
    shape.output_of.push_back(picked ? picked->expressions[i]->column_index : static_cast<int>(i));
  }
  shape.distance = distance;
  shape.kind = join.kind;
  *projection = op;
  return true;
}

}  // namespace

Result<TableSourcePtr> MakeVectorTopKSource(LateralJoin& join) {
  Shape shape;
  LogicalOperator* projection = nullptr;
  if (!Match(join, shape, &projection)) return TableSourcePtr();
  Schema schema = join.left->output;
  schema.insert(schema.end(), join.subquery->output.begin(), join.subquery->output.end());
  const double left_rows = join.left->estimated_rows < 0 ? 1000 : join.left->estimated_rows;
  shape.left_width = static_cast<int>(join.left->output.size());

  // The queries: the left side's columns and the query vector.
  const ExprPtr& query = shape.distance->children[shape.query_argument];
  std::vector<ExprPtr> expressions;
  Schema output = join.left->output;
  for (int c = 0; c < shape.left_width; ++c) {
    expressions.push_back(Expr::ColumnRef(c, output[c].type, output[c].name));
  }
  expressions.push_back(ReplaceOuterColumns(
      query, [](const Expr& ref) { return Expr::ColumnRef(ref.column_index, ref.type, ref.name); }));
  output.push_back({"lateral_query_vector", query->type});
  shape.queries = Projection(std::move(join.left), std::move(expressions), std::move(output));

  // The items: their vector, then the projection's columns (the distance computed later).
  const ExprPtr& item = shape.distance->children[1 - shape.query_argument];
  expressions = {item};
  output = {{"lateral_item_vector", item->type}};
  for (size_t i = 0; i < projection->expressions.size(); ++i) {
    const bool is_distance = static_cast<int>(i) == shape.distance_column;
    expressions.push_back(is_distance ? Expr::Constant(Value::Null(shape.distance->type)) : projection->expressions[i]);
    output.push_back(projection->output[i]);
  }
  shape.items = Projection(std::move(projection->children[0]), std::move(expressions), std::move(output));
  const double rows = left_rows * static_cast<double>(shape.limit);
  return TableSourcePtr(std::make_shared<VectorTopKSource>(std::move(shape), std::move(schema), rows));
}

}  // namespace orbit
