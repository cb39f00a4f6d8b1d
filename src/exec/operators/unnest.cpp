#include "exec/operators/unnest.h"

#include <algorithm>

#include "columnar/column.h"
#include "columnar/list_value.h"
#include "exec/expression/expression_evaluator.h"
#include "exec/pipeline/gather.h"

namespace orbit {

std::string Unnest::detail() const {
  std::string out = keep_empty_ ? "keeping empty, " : "";
  for (size_t i = 0; i < arrays_.size(); ++i) out += (i ? ", " : "") + arrays_[i]->ToString();
  return out;
}

namespace {

// The output rows being assembled: which input row each repeats, and per array where its
// element comes from (source 0, the elements, at `position`; source 1, a NULL).
struct PendingRows {
  std::vector<uint32_t> input_row;
  std::vector<std::vector<uint32_t>> source_of, position;

  explicit PendingRows(size_t arrays) : source_of(arrays), position(arrays) {}
  size_t size() const { return input_row.size(); }
  void Clear() {
    input_row.clear();
    for (auto& s : source_of) s.clear();
    for (auto& p : position) p.clear();
  }
};

}  // namespace

Status Unnest::Process(Chunk& chunk, ExecutionContext& context, const ChunkConsumer& emit) {
  std::vector<Vector> arrays;
  std::vector<std::vector<Vector>> sources;  // per array: its elements, then one NULL element
  for (const ExprPtr& e : arrays_) {
    ORBIT_ASSIGN_OR_RETURN(Vector v, context.evaluator->Evaluate(*e, chunk));
    const DataType element = e->type.element_type();
    ColumnBuilder null_element(element, 1);
    null_element.AppendNull();
    Vector elements;
    elements.view = v.view.ChildView();
    sources.push_back({elements, Vector::Of(null_element.Finish())});
    arrays.push_back(std::move(v));
  }
  const KernelTable& kernels = context.evaluator->kernels();
  PendingRows rows(arrays.size());
  auto flush = [&]() -> Status {
    if (rows.size() == 0) return Status::OK();
    Chunk out;
    out.size = static_cast<int64_t>(rows.size());
    for (const Vector& column : chunk.columns) {
      out.columns.push_back(Vector::Of(GatherColumn(kernels, column.view, rows.input_row.data(), rows.size())));
    }
    for (size_t k = 0; k < arrays.size(); ++k) {
      out.columns.push_back(Vector::Of(InterleaveRows(arrays_[k]->type.element_type(), sources[k],
                                                      rows.source_of[k].data(), rows.position[k].data(), out.size)));
    }
    rows.Clear();
    return emit(out);
  };
  for (int64_t r = 0; r < chunk.size; ++r) {
    int32_t longest = 0;
    for (const Vector& a : arrays) {
      if (a.view.IsValid(r)) longest = std::max(longest, ListLength(a.view, r));
    }
    const int32_t emitted = longest == 0 && keep_empty_ ? 1 : longest;
    for (int32_t e = 0; e < emitted; ++e) {
      rows.input_row.push_back(static_cast<uint32_t>(r));
      for (size_t k = 0; k < arrays.size(); ++k) {
        const ColumnView& a = arrays[k].view;
        const bool present = a.IsValid(r) && e < ListLength(a, r);
        rows.source_of[k].push_back(present ? 0 : 1);
        rows.position[k].push_back(present ? static_cast<uint32_t>(ListBegin(a, r) + e) : 0);
      }
      if (static_cast<int64_t>(rows.size()) == kVectorSize) ORBIT_RETURN_IF_ERROR(flush());
    }
  }
  return flush();
}

}  // namespace orbit
