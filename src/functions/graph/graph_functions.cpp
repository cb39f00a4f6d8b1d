// The graph table functions over an edge table of the catalog (columns source, target and,
// for spreading, weight; csr_graph.h):
//   graph_bfs('edges', 42) -> (node BIGINT, distance INTEGER): the hop distance of every node
//     reachable from node 42 over directed edges, 42 itself at 0.
//   spread_activation('edges', seeds => ARRAY[42, 7], max_hops => 3, decay => 0.5,
//     threshold => 0.01, refractory => 1) -> (node BIGINT, activation DOUBLE): every node that
//     fired and its total activation (graph_traversal.h states the rules).
// The bind checks the table's columns; the CSR graph is built (or taken from GraphCache) when
// the scan runs, and traversed with the cpu-simd backend's graph kernels. A source or seed that
// no edge names is a node without edges: it is in the result, at distance 0 or activation 1.0.
// Rows in no particular order.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>

#include "columnar/column.h"
#include "common/check.h"
#include "functions/function_registry.h"
#include "functions/graph/graph_cache.h"
#include "functions/graph/graph_traversal.h"

namespace orbit {
namespace {

constexpr int64_t kBatchRows = 64 * 1024;
// A traversal does not poll the statement's interrupt yet, so its length is bounded: each hop
// reads at most every edge once.
constexpr int64_t kMaxHops = 1000;
constexpr int64_t kMaxRefractory = 1'000'000;

// A source whose rows a function computes when the scan runs, and which may fail.
class GraphTableSource final : public TableSource {
 public:
  GraphTableSource(std::string name, Schema schema, double estimated_rows, std::function<Result<TablePtr>()> produce)
      : name_(std::move(name)),
        schema_(std::move(schema)),
        estimated_rows_(estimated_rows),
        produce_(std::move(produce)) {}
  std::string name() const override { return name_; }
  const Schema& schema() const override { return schema_; }
  double estimated_rows() const override { return estimated_rows_; }

 protected:
  Result<TablePtr> Produce() const override { return produce_(); }

 private:
  std::string name_;
  Schema schema_;
  double estimated_rows_;
  std::function<Result<TablePtr>()> produce_;
};

// A table of (node BIGINT, value) rows in batches of kBatchRows.
template <typename T>
TablePtr NodeTable(const std::string& name, const Schema& schema, const std::vector<int64_t>& nodes,
                   const std::vector<T>& values) {
  auto table = std::make_shared<Table>(name, schema);
  const int64_t rows = static_cast<int64_t>(nodes.size());
  for (int64_t begin = 0; begin < rows; begin += kBatchRows) {
    const int64_t length = std::min(kBatchRows, rows - begin);
    auto node_column = Column::Allocate(schema[0].type, length);
    auto value_column = Column::Allocate(schema[1].type, length);
    std::copy_n(nodes.begin() + begin, length, node_column->mutable_values<int64_t>());
    std::copy_n(values.begin() + begin, length, value_column->mutable_values<T>());
    Batch batch;
    batch.length = length;
    batch.columns = {std::move(node_column), std::move(value_column)};
    table->Append(std::move(batch));
  }
  return table;
}

const TableArgument* Named(const TableFunctionArguments& arguments, const std::string& name) {
  for (const auto& [parameter, argument] : arguments.named) {
    if (parameter->name == name) return &argument;
  }
  return nullptr;
}

// The edge table named by the first argument, checked for the columns `function` needs.
Result<TablePtr> EdgeTable(const TableFunctionArguments& arguments, const TableFunctionEnvironment& environment,
                           bool weighted, const std::string& function) {
  ORBIT_CHECK(environment.find_table != nullptr, "{} bound without the catalog", function);
  ORBIT_ASSIGN_OR_RETURN(TablePtr table, environment.find_table(arguments.positional.at(0).text));
  ORBIT_RETURN_IF_ERROR(CheckEdgeTable(*table, weighted, function));
  return table;
}

Result<TableSourcePtr> BindGraphBfs(const TableFunctionArguments& arguments,
                                    const TableFunctionEnvironment& environment) {
  ORBIT_ASSIGN_OR_RETURN(TablePtr table, EdgeTable(arguments, environment, /*weighted=*/false, "graph_bfs"));
  const int64_t source = arguments.positional.at(1).integer;
  Schema schema{{"node", DataType::Int64()}, {"distance", DataType::Int32()}};
  const std::string name = fmt::format("graph_bfs('{}', {})", table->name(), source);
  auto produce = [table, source, schema, name]() -> Result<TablePtr> {
    ORBIT_ASSIGN_OR_RETURN(CsrGraphPtr graph, GraphCache::Global().Get(table, /*weighted=*/false));
    std::vector<int64_t> nodes{source};
    std::vector<int32_t> distances{0};
    if (std::optional<uint32_t> index = graph->IndexOf(source)) {
      BfsResult result = RunBfs(*graph, SimdKernels().graph, *index);
      nodes.assign(result.nodes.size(), 0);
      for (size_t i = 0; i < nodes.size(); ++i) nodes[i] = graph->IdOf(result.nodes[i]);
      distances = std::move(result.distances);
    }
    return NodeTable(name, schema, nodes, distances);
  };
  return TableSourcePtr(
      std::make_shared<GraphTableSource>(name, schema, static_cast<double>(table->num_rows() + 1), std::move(produce)));
}

// The named options of spread_activation, checked.
Result<SpreadParameters> ReadSpreadOptions(const TableFunctionArguments& arguments) {
  SpreadParameters parameters;
  const TableArgument* max_hops = Named(arguments, "max_hops");
  const TableArgument* decay = Named(arguments, "decay");
  const TableArgument* threshold = Named(arguments, "threshold");
  const TableArgument* refractory = Named(arguments, "refractory");
  if (max_hops && (max_hops->integer < 0 || max_hops->integer > kMaxHops)) {
    return Status::InvalidArgument("spread_activation: max_hops must be between 0 and {}, not {}", kMaxHops,
                                   max_hops->integer);
  }
  if (refractory && (refractory->integer < 0 || refractory->integer > kMaxRefractory)) {
    return Status::InvalidArgument("spread_activation: refractory must be between 0 and {} hops, not {}",
                                   kMaxRefractory, refractory->integer);
  }
  for (auto [option, what] : {std::pair{decay, "decay"}, std::pair{threshold, "threshold"}}) {
    if (option && !std::isfinite(option->number)) {
      return Status::InvalidArgument("spread_activation: {} must be a finite number, not {}", what, option->number);
    }
  }
  if (max_hops) parameters.max_hops = static_cast<int32_t>(max_hops->integer);
  if (refractory) parameters.refractory = static_cast<int32_t>(refractory->integer);
  if (decay) parameters.decay = decay->number;
  if (threshold) parameters.threshold = threshold->number;
  return parameters;
}

Result<TableSourcePtr> BindSpreadActivation(const TableFunctionArguments& arguments,
                                            const TableFunctionEnvironment& environment) {
  ORBIT_ASSIGN_OR_RETURN(TablePtr table, EdgeTable(arguments, environment, /*weighted=*/true, "spread_activation"));
  const TableArgument* seeds_argument = Named(arguments, "seeds");
  if (seeds_argument == nullptr) {
    return Status::InvalidArgument(
        "spread_activation needs seeds: spread_activation('{}', seeds => ARRAY[42, 7], max_hops => 3)", table->name());
  }
  std::vector<int64_t> seeds = seeds_argument->integers;
  std::sort(seeds.begin(), seeds.end());
  seeds.erase(std::unique(seeds.begin(), seeds.end()), seeds.end());  // a seed named twice fires once
  ORBIT_ASSIGN_OR_RETURN(const SpreadParameters options, ReadSpreadOptions(arguments));
  Schema schema{{"node", DataType::Int64()}, {"activation", DataType::Double()}};
  const std::string name = fmt::format(
      "spread_activation('{}', seeds => [{}], max_hops => {}, decay => {}, threshold => {}, "
      "refractory => {})",
      table->name(), fmt::join(seeds, ", "), options.max_hops, options.decay, options.threshold, options.refractory);
  auto produce = [table, seeds, options, schema, name]() -> Result<TablePtr> {
    ORBIT_ASSIGN_OR_RETURN(CsrGraphPtr graph, GraphCache::Global().Get(table, /*weighted=*/true));
    SpreadParameters parameters = options;
    std::vector<int64_t> nodes;
    std::vector<double> activations;
    for (int64_t seed : seeds) {
      if (std::optional<uint32_t> index = graph->IndexOf(seed)) {
        parameters.seeds.push_back(*index);
      } else {
        nodes.push_back(seed);  // no edges: it fires at hop 0 and sends nothing
        activations.push_back(1.0);
      }
    }
    SpreadResult result = RunSpreadingActivation(*graph, SimdKernels().graph, parameters);
    for (size_t i = 0; i < result.nodes.size(); ++i) {
      nodes.push_back(graph->IdOf(result.nodes[i]));
      activations.push_back(result.activations[i]);
    }
    return NodeTable(name, schema, nodes, activations);
  };
  return TableSourcePtr(
      std::make_shared<GraphTableSource>(name, schema, static_cast<double>(table->num_rows() + 1), std::move(produce)));
}

}  // namespace

Status RegisterGraphFunctions(FunctionRegistry& registry) {
  TableFunction bfs;
  bfs.name = "graph_bfs";
  bfs.positional = {{"edge table name", {}, TableParameterKind::kText},
                    {"source node", {}, TableParameterKind::kInteger}};
  bfs.example = "graph_bfs('edges', 42)";
  bfs.signatures = {{"VARCHAR, BIGINT", "TABLE(node BIGINT, distance INTEGER)"}};
  bfs.description =
      "hop distances from a source node over the directed edges of a table (source, target), reachable nodes only";
  bfs.bind = BindGraphBfs;
  ORBIT_RETURN_IF_ERROR(registry.Add(std::move(bfs)));

  TableFunction spread;
  spread.name = "spread_activation";
  spread.positional = {{"edge table name", {}, TableParameterKind::kText}};
  spread.named = {{"seeds", {}, TableParameterKind::kIntegerList},
                  {"max_hops", {}, TableParameterKind::kInteger},
                  {"decay", {}, TableParameterKind::kDouble},
                  {"threshold", {}, TableParameterKind::kDouble},
                  {"refractory", {}, TableParameterKind::kInteger}};
  spread.example = "spread_activation('edges', seeds => ARRAY[42, 7])";
  spread.signatures = {
      {"VARCHAR, seeds => BIGINT[] [, max_hops => INTEGER, decay => DOUBLE, threshold => DOUBLE, "
       "refractory => INTEGER]",
       "TABLE(node BIGINT, activation DOUBLE)"}};
  spread.description =
      "spreading activation from seed nodes over a weighted edge table (source, target, weight): hop by hop, "
      "decayed, thresholded, with refractory periods (defaults: max_hops 3, decay 0.5, threshold 0.01, refractory 1)";
  spread.bind = BindSpreadActivation;
  return registry.Add(std::move(spread));
}

}  // namespace orbit
