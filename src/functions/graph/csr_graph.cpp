#include "functions/graph/csr_graph.h"

#include <tbb/parallel_sort.h>

#include <algorithm>
#include <limits>

#include "columnar/value_format.h"

namespace orbit {
namespace {

// Dense indices must fit a uint32_t, with one value to spare.
constexpr uint64_t kMaxNodes = std::numeric_limits<uint32_t>::max();

bool SameName(const std::string& a, const char* b) {
  const std::string_view other(b);
  if (a.size() != other.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    const char c = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
    if (c != other[i]) return false;
  }
  return true;
}

int FindColumn(const Table& table, const char* name) {
  for (int i = 0; i < table.num_columns(); ++i) {
    if (SameName(table.schema()[i].name, name)) return i;
  }
  return -1;
}

std::string ColumnNames(const Table& table) {
  std::string names;
  for (const Field& field : table.schema()) names += (names.empty() ? "" : ", ") + field.name;
  return names.empty() ? "none" : names;
}

// The edge columns found by CheckEdgeTable.
struct EdgeColumns {
  int source, target, weight;
};

EdgeColumns Columns(const Table& table, bool weighted) {
  return {FindColumn(table, "source"), FindColumn(table, "target"), weighted ? FindColumn(table, "weight") : -1};
}

int64_t NodeId(const Column& column, int64_t row) {
  return column.type().id == TypeId::kInt32 ? column.values<int32_t>()[row] : column.values<int64_t>()[row];
}

double WeightOf(const Column& column, int64_t row) {
  const DataType& type = column.type();
  switch (type.id) {
    case TypeId::kDouble: return column.values<double>()[row];
    case TypeId::kInt32: return column.values<int32_t>()[row];
    case TypeId::kInt64: return static_cast<double>(column.values<int64_t>()[row]);
    default:
      return type.is_wide_decimal() ? DecimalToDouble(column.values<int128_t>()[row], type.scale)
                                    : DecimalToDouble(column.values<int64_t>()[row], type.scale);
  }
}

// The edges as read: ids, weights, and the rows skipped for a NULL.
struct EdgeList {
  std::vector<int64_t> sources, targets;
  std::vector<double> weights;
  int64_t skipped = 0;
};

EdgeList ReadEdges(const Table& table, EdgeColumns columns) {
  EdgeList edges;
  edges.sources.reserve(table.num_rows());
  edges.targets.reserve(table.num_rows());
  if (columns.weight >= 0) edges.weights.reserve(table.num_rows());
  for (const Batch& batch : table.batches()) {
    const Column& source = *batch.columns[columns.source];
    const Column& target = *batch.columns[columns.target];
    const Column* weight = columns.weight >= 0 ? batch.columns[columns.weight].get() : nullptr;
    for (int64_t row = 0; row < batch.length; ++row) {
      if (!source.IsValid(row) || !target.IsValid(row) || (weight && !weight->IsValid(row))) {
        ++edges.skipped;
        continue;
      }
      edges.sources.push_back(NodeId(source, row));
      edges.targets.push_back(NodeId(target, row));
      if (weight) edges.weights.push_back(WeightOf(*weight, row));
    }
  }
  return edges;
}

// Fills graph->first_id or graph->ids; returns the node count.
Result<uint64_t> MapIds(const EdgeList& edges, CsrGraph* graph) {
  if (edges.sources.empty()) return 0;
  const auto [low_source, high_source] = std::minmax_element(edges.sources.begin(), edges.sources.end());
  const auto [low_target, high_target] = std::minmax_element(edges.targets.begin(), edges.targets.end());
  const int64_t low = std::min(*low_source, *low_target), high = std::max(*high_source, *high_target);
  const uint64_t span = static_cast<uint64_t>(high) - static_cast<uint64_t>(low) + 1;  // wraps only at 2^64
  // Dense enough: at most about two unused indices per id an edge names.
  if (span != 0 && span < kMaxNodes && span <= 4 * edges.sources.size() + 1024) {
    graph->first_id = low;
    return span;
  }
  std::vector<int64_t> ids(edges.sources);
  ids.insert(ids.end(), edges.targets.begin(), edges.targets.end());
  tbb::parallel_sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  if (ids.size() >= kMaxNodes) {
    return Status::OutOfRange("the edge table names {} distinct nodes; graph functions take at most {}", ids.size(),
                              kMaxNodes - 1);
  }
  graph->ids = std::move(ids);
  return graph->ids.size();
}

// CSR by `keys` (offsets sized to the node count + 1, zeroed): a counting sort, stable, so
// each node's edges keep the table's order.
void Group(const std::vector<uint32_t>& keys, const std::vector<uint32_t>& others, const std::vector<double>* weights,
           std::vector<int64_t>* offsets, std::vector<uint32_t>* grouped, std::vector<double>* grouped_weights) {
  const size_t nodes = offsets->size() - 1;
  for (uint32_t k : keys) ++(*offsets)[k + 1];
  for (size_t u = 0; u < nodes; ++u) (*offsets)[u + 1] += (*offsets)[u];
  std::vector<int64_t> cursor(offsets->begin(), offsets->end() - 1);
  grouped->resize(keys.size());
  if (weights) grouped_weights->resize(keys.size());
  for (size_t e = 0; e < keys.size(); ++e) {
    const int64_t at = cursor[keys[e]]++;
    (*grouped)[at] = others[e];
    if (weights) (*grouped_weights)[at] = (*weights)[e];
  }
}

}  // namespace

std::optional<uint32_t> CsrGraph::IndexOf(int64_t id) const {
  if (ids.empty()) {
    const uint64_t index = static_cast<uint64_t>(id) - static_cast<uint64_t>(first_id);
    if (id < first_id || index >= num_nodes()) return std::nullopt;
    return static_cast<uint32_t>(index);
  }
  auto it = std::lower_bound(ids.begin(), ids.end(), id);
  if (it == ids.end() || *it != id) return std::nullopt;
  return static_cast<uint32_t>(it - ids.begin());
}

size_t CsrGraph::bytes() const {
  return (offsets.size() + in_offsets.size() + ids.size()) * sizeof(int64_t) +
         (targets.size() + in_sources.size()) * sizeof(uint32_t) +
         (weights.size() + in_weights.size()) * sizeof(double);
}

Status CheckEdgeTable(const Table& table, bool weighted, const std::string& function) {
  const EdgeColumns columns = Columns(table, /*weighted=*/true);
  for (auto [index, name] : {std::pair{columns.source, "source"}, std::pair{columns.target, "target"}}) {
    if (index < 0) {
      return Status::BindError("{}: edge table \"{}\" has no column {} (its columns: {}); it needs source and target{}",
                               function, table.name(), name, ColumnNames(table), weighted ? " and weight" : "");
    }
    const DataType& type = table.schema()[index].type;
    if (!type.is_integer()) {
      return Status::TypeError("{}: column {} of edge table \"{}\" is {}; node ids must be INTEGER or BIGINT", function,
                               name, table.name(), type.ToString());
    }
  }
  if (!weighted) return Status::OK();
  if (columns.weight < 0) {
    return Status::BindError("{}: edge table \"{}\" has no column weight (its columns: {})", function, table.name(),
                             ColumnNames(table));
  }
  const DataType& type = table.schema()[columns.weight].type;
  if (!type.is_numeric()) {
    return Status::TypeError(
        "{}: column weight of edge table \"{}\" is {}; it must be DOUBLE, INTEGER, BIGINT or DECIMAL", function,
        table.name(), type.ToString());
  }
  return Status::OK();
}

Result<CsrGraphPtr> BuildCsrGraph(const Table& table, bool weighted) {
  ORBIT_RETURN_IF_ERROR(CheckEdgeTable(table, weighted, "graph"));
  const EdgeList edges = ReadEdges(table, Columns(table, weighted));
  auto graph = std::make_shared<CsrGraph>();
  graph->skipped_rows = edges.skipped;
  ORBIT_ASSIGN_OR_RETURN(const uint64_t nodes, MapIds(edges, graph.get()));
  graph->offsets.assign(nodes + 1, 0);  // before IndexOf, which reads the node count from it
  const size_t m = edges.sources.size();
  std::vector<uint32_t> source_index(m), target_index(m);
  for (size_t e = 0; e < m; ++e) {
    source_index[e] = *graph->IndexOf(edges.sources[e]);
    target_index[e] = *graph->IndexOf(edges.targets[e]);
  }
  const std::vector<double>* weights = weighted ? &edges.weights : nullptr;
  Group(source_index, target_index, weights, &graph->offsets, &graph->targets, &graph->weights);
  if (weighted) {
    graph->in_offsets.assign(nodes + 1, 0);
    Group(target_index, source_index, weights, &graph->in_offsets, &graph->in_sources, &graph->in_weights);
  }
  return CsrGraphPtr(std::move(graph));
}

}  // namespace orbit
