// The window functions proper, PostgreSQL's: the ranking functions (row_number, rank,
// dense_rank, percent_rank, cume_dist, ntile), lag and lead, and the value functions
// (first_value, last_value, nth_value), which read the frame. Their arguments' types and
// their results are the binder's (sql/binder/expression/window_binder.cpp); the window
// operator computes them (exec/operators/window_functions.cpp).
#include "functions/function_registry.h"

namespace orbit {

const char* FrameUnitName(FrameUnit unit) {
  switch (unit) {
    case FrameUnit::kRows: return "ROWS";
    case FrameUnit::kRange: return "RANGE";
    case FrameUnit::kGroups: return "GROUPS";
  }
  return "";
}

namespace {

WindowFunction Window(std::string name, WindowKind kind, std::vector<Signature> signatures, std::string description,
                      int min_arguments, int max_arguments) {
  WindowFunction f;
  f.name = std::move(name);
  f.kind = kind;
  f.signatures = std::move(signatures);
  f.description = std::move(description);
  f.min_arguments = min_arguments;
  f.max_arguments = max_arguments;
  return f;
}

}  // namespace

Status RegisterWindowFunctions(FunctionRegistry& registry) {
  const WindowFunction functions[] = {
      Window("row_number", WindowKind::kRowNumber, {{"", "BIGINT"}}, "the number of the row in its partition, from 1",
             0, 0),
      Window("rank", WindowKind::kRank, {{"", "BIGINT"}},
             "the rank of the row with gaps: the row_number of its first peer", 0, 0),
      Window("dense_rank", WindowKind::kDenseRank, {{"", "BIGINT"}},
             "the rank of the row without gaps: the number of its peer group", 0, 0),
      Window("percent_rank", WindowKind::kPercentRank, {{"", "DOUBLE"}},
             "the relative rank of the row: (rank - 1) / (partition rows - 1), 0 for one row", 0, 0),
      Window("cume_dist", WindowKind::kCumeDist, {{"", "DOUBLE"}},
             "the cumulative distribution: rows up to the row's last peer / partition rows", 0, 0),
      Window("ntile", WindowKind::kNtile, {{"INTEGER buckets", "INTEGER"}},
             "the bucket from 1 to n the row falls in, dividing the partition as evenly as possible", 1, 1),
      Window("lag", WindowKind::kLag, {{"T [, INTEGER offset [, T default]]", "T"}},
             "the value offset rows (default 1) before the row in its partition, else the default (NULL)", 1, 3),
      Window("lead", WindowKind::kLead, {{"T [, INTEGER offset [, T default]]", "T"}},
             "the value offset rows (default 1) after the row in its partition, else the default (NULL)", 1, 3),
      Window("first_value", WindowKind::kFirstValue, {{"T", "T"}}, "the value at the first row of the frame", 1, 1),
      Window("last_value", WindowKind::kLastValue, {{"T", "T"}}, "the value at the last row of the frame", 1, 1),
      Window("nth_value", WindowKind::kNthValue, {{"T, INTEGER n", "T"}},
             "the value at the n-th row of the frame (from 1), NULL when the frame is shorter", 2, 2),
  };
  for (const WindowFunction& f : functions) ORBIT_RETURN_IF_ERROR(registry.Add(f));
  return Status::OK();
}

}  // namespace orbit
