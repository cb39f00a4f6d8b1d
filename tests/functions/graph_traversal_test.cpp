// Edge tables to CSR (id mapping, NULL rows, column types, errors), the graph cache (built
// once per table version) and whole traversals on every backend's graph kernels against an
// independent implementation written here over the edge list itself (maps by node id, no
// CSR): random graphs with duplicate edges, self-loops, isolated seeds, max_hops 0 and
// refractory 0. Seeds are fixed and printed on failure.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <random>
#include <set>

#include "functions/graph/csr_graph.h"
#include "functions/graph/graph_cache.h"
#include "functions/graph/graph_traversal.h"
#include "kernels/kernel_registry.h"

namespace orbit {
namespace {

struct Edge {
  int64_t source, target;
  double weight;
};

// A BIGINT edge table (source, target, weight DOUBLE); rows in `null_rows` get a NULL source.
TablePtr EdgeTableOf(const std::vector<Edge>& edges, const std::set<size_t>& null_rows = {}) {
  Schema schema{{"source", DataType::Int64()}, {"Target", DataType::Int64()}, {"weight", DataType::Double()}};
  auto table = std::make_shared<Table>("edges", schema);
  const auto n = static_cast<int64_t>(edges.size());
  auto source = Column::Allocate(DataType::Int64(), n);
  auto target = Column::Allocate(DataType::Int64(), n);
  auto weight = Column::Allocate(DataType::Double(), n);
  for (int64_t i = 0; i < n; ++i) {
    source->mutable_values<int64_t>()[i] = edges[i].source;
    target->mutable_values<int64_t>()[i] = edges[i].target;
    weight->mutable_values<double>()[i] = edges[i].weight;
    if (null_rows.count(i)) source->SetNull(i);
  }
  if (n > 0) table->Append(Batch{{source, target, weight}, n});
  return table;
}

// Spreading activation exactly as issue 16 states it, over the edge list.
std::map<int64_t, double> NaiveSpread(const std::vector<Edge>& edges, const std::vector<int64_t>& seeds,
                                      const SpreadParameters& p) {
  std::map<int64_t, double> total, fired;  // fired: what each node that fired at the last hop received
  std::map<int64_t, int> fired_at;
  for (int64_t s : seeds) {
    total[s] = 1.0;
    fired[s] = 1.0;
    fired_at[s] = 0;
  }
  for (int h = 1; h <= p.max_hops && !fired.empty(); ++h) {
    std::map<int64_t, double> sums;
    for (const Edge& e : edges) {
      auto sender = fired.find(e.source);
      if (sender == fired.end()) continue;
      auto last = fired_at.find(e.target);
      if (last != fired_at.end() && h - last->second <= p.refractory) continue;
      sums[e.target] += sender->second * e.weight * p.decay;
    }
    fired.clear();
    for (const auto& [v, sum] : sums) {
      if (sum < p.threshold) continue;
      fired[v] = sum;
      fired_at[v] = h;
      total[v] += sum;
    }
  }
  return total;
}

std::map<int64_t, int32_t> NaiveBfs(const std::vector<Edge>& edges, int64_t source) {
  std::map<int64_t, int32_t> distance{{source, 0}};
  for (int32_t level = 1;; ++level) {
    std::map<int64_t, int32_t> found;
    for (const Edge& e : edges) {
      auto d = distance.find(e.source);
      if (d != distance.end() && d->second == level - 1 && !distance.count(e.target)) found[e.target] = level;
    }
    if (found.empty()) return distance;
    distance.insert(found.begin(), found.end());
  }
}

// Random ids far apart (the sorted-id mapping) or dense, power-law-ish targets, some self-loops.
std::vector<Edge> RandomEdges(std::mt19937_64& rng, bool sparse_ids) {
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  const int64_t n = 1 + static_cast<int64_t>(rng() % 60);
  const size_t m = rng() % (5 * n);
  auto id = [&](int64_t index) { return sparse_ids ? index * 1'000'000'007LL - 3'000'000'000LL : index + 10; };
  std::vector<Edge> edges;
  for (size_t i = 0; i < m; ++i) {
    const int64_t u = static_cast<int64_t>(rng() % n);
    const int64_t v = unit(rng) < 0.1 ? u : static_cast<int64_t>(static_cast<double>(n) * std::pow(unit(rng), 2.0));
    edges.push_back({id(u), id(std::min(v, n - 1)), 0.05 + unit(rng)});
  }
  return edges;
}

std::vector<const KernelTable*> GraphBackends() {
  std::vector<const KernelTable*> backends;
  for (const KernelTable* table : RegisteredKernelBackends()) {
    if (table->graph.spread_hop != nullptr) backends.push_back(table);
  }
  return backends;
}

TEST(GraphTraversal, SpreadingMatchesTheStatedRulesOnRandomGraphs) {
  for (uint64_t seed = 1; seed <= 300; ++seed) {
    std::mt19937_64 rng(seed);
    const bool sparse = seed % 3 == 0;
    const std::vector<Edge> edges = RandomEdges(rng, sparse);
    const TablePtr table = EdgeTableOf(edges);
    auto built = BuildCsrGraph(*table, /*weighted=*/true);
    ASSERT_TRUE(built.ok()) << built.status().ToString();
    const CsrGraph& graph = **built;
    SpreadParameters p;
    p.max_hops = static_cast<int32_t>(rng() % 5);  // 0 included
    p.refractory = static_cast<int32_t>(rng() % 3);
    p.decay = 0.3 + 0.7 * std::uniform_real_distribution<double>()(rng);
    p.threshold = (rng() % 4) * 0.05;
    std::vector<int64_t> seeds;
    for (const Edge& e : edges) {
      if (rng() % 8 == 0 && std::find(seeds.begin(), seeds.end(), e.source) == seeds.end()) seeds.push_back(e.source);
    }
    for (int64_t s : seeds) p.seeds.push_back(*graph.IndexOf(s));
    SCOPED_TRACE(testing::Message() << "seed " << seed << " edges " << edges.size() << " max_hops " << p.max_hops
                                    << " refractory " << p.refractory << " threshold " << p.threshold);
    const std::map<int64_t, double> expected = NaiveSpread(edges, seeds, p);
    for (const KernelTable* backend : GraphBackends()) {
      SCOPED_TRACE(backend->backend);
      const SpreadResult result = RunSpreadingActivation(graph, backend->graph, p);
      ASSERT_EQ(result.nodes.size(), expected.size());
      for (size_t i = 0; i < result.nodes.size(); ++i) {
        const int64_t id = graph.IdOf(result.nodes[i]);
        ASSERT_TRUE(expected.count(id)) << "node " << id << " fired, but not by the rules";
        EXPECT_NEAR(result.activations[i], expected.at(id), 1e-9 * (1 + std::fabs(expected.at(id)))) << id;
      }
    }
  }
}

TEST(GraphTraversal, BfsMatchesLevelByLevelRelaxation) {
  for (uint64_t seed = 1; seed <= 300; ++seed) {
    std::mt19937_64 rng(seed);
    const std::vector<Edge> edges = RandomEdges(rng, seed % 2 == 0);
    if (edges.empty()) continue;
    const TablePtr table = EdgeTableOf(edges);
    auto built = BuildCsrGraph(*table, /*weighted=*/false);
    ASSERT_TRUE(built.ok()) << built.status().ToString();
    const int64_t source = edges[rng() % edges.size()].source;
    SCOPED_TRACE(testing::Message() << "seed " << seed << " source " << source);
    const std::map<int64_t, int32_t> expected = NaiveBfs(edges, source);
    for (const KernelTable* backend : GraphBackends()) {
      SCOPED_TRACE(backend->backend);
      const BfsResult result = RunBfs(**built, backend->graph, *(*built)->IndexOf(source));
      std::map<int64_t, int32_t> actual;
      for (size_t i = 0; i < result.nodes.size(); ++i) actual[(*built)->IdOf(result.nodes[i])] = result.distances[i];
      ASSERT_EQ(actual, expected);
    }
  }
}

TEST(CsrGraph, MapsSparseIdsAndSkipsNullRows) {
  const std::vector<Edge> edges = {{-5, 9'000'000'000'000LL, 1}, {7, -5, 2}, {7, 7, 3}, {1, 2, 4}, {7, 9, 5}};
  auto built = BuildCsrGraph(*EdgeTableOf(edges, {3}), /*weighted=*/true);
  ASSERT_TRUE(built.ok()) << built.status().ToString();
  const CsrGraph& graph = **built;
  EXPECT_EQ(graph.skipped_rows, 1);
  EXPECT_EQ(graph.num_nodes(), 4u);  // -5, 7, 9, 9e12: rows naming 1 and 2 were skipped
  EXPECT_EQ(graph.num_edges(), 4u);
  EXPECT_FALSE(graph.IndexOf(1).has_value());
  const uint32_t seven = *graph.IndexOf(7);
  ASSERT_EQ(graph.offsets[seven + 1] - graph.offsets[seven], 3);  // the table's order kept
  EXPECT_EQ(graph.IdOf(graph.targets[graph.offsets[seven]]), -5);
  EXPECT_EQ(graph.IdOf(graph.targets[graph.offsets[seven] + 1]), 7);
  EXPECT_EQ(graph.weights[graph.offsets[seven] + 2], 5.0);
}

TEST(CsrGraph, ReadsIntegerIdsAndDecimalWeights) {
  Schema schema{{"source", DataType::Int32()}, {"target", DataType::Int32()}, {"weight", DataType::Decimal(6, 2)}};
  Table table("e", schema);
  auto source = Column::Allocate(DataType::Int32(), 2), target = Column::Allocate(DataType::Int32(), 2);
  auto weight = Column::Allocate(DataType::Decimal(6, 2), 2);
  const int32_t sources[] = {3, 4}, targets[] = {4, 3};
  const int64_t hundredths[] = {125, -50};
  for (int i = 0; i < 2; ++i) {
    source->mutable_values<int32_t>()[i] = sources[i];
    target->mutable_values<int32_t>()[i] = targets[i];
    weight->mutable_values<int64_t>()[i] = hundredths[i];
  }
  table.Append(Batch{{source, target, weight}, 2});
  auto built = BuildCsrGraph(table, /*weighted=*/true);
  ASSERT_TRUE(built.ok()) << built.status().ToString();
  EXPECT_EQ((*built)->weights, (std::vector<double>{1.25, -0.5}));
  EXPECT_EQ((*built)->first_id, 3);
}

TEST(CsrGraph, NamesWhatAnEdgeTableLacks) {
  Table no_target("e", {{"source", DataType::Int64()}, {"dst", DataType::Int64()}});
  EXPECT_NE(CheckEdgeTable(no_target, false, "graph_bfs").message().find("has no column target"), std::string::npos);
  Table text_ids("e", {{"source", DataType::Varchar()}, {"target", DataType::Int64()}});
  EXPECT_NE(CheckEdgeTable(text_ids, false, "graph_bfs").message().find("INTEGER or BIGINT"), std::string::npos);
  Table unweighted("e", {{"source", DataType::Int64()}, {"target", DataType::Int64()}});
  EXPECT_TRUE(CheckEdgeTable(unweighted, false, "graph_bfs").ok());
  EXPECT_NE(CheckEdgeTable(unweighted, true, "spread_activation").message().find("no column weight"),
            std::string::npos);
  Table text_weight("e",
                    {{"source", DataType::Int64()}, {"target", DataType::Int64()}, {"weight", DataType::Varchar()}});
  EXPECT_NE(CheckEdgeTable(text_weight, true, "spread_activation").message().find("DOUBLE"), std::string::npos);
}

TEST(GraphCache, BuildsOncePerTableVersion) {
  GraphCache cache;
  TablePtr first = EdgeTableOf({{1, 2, 0.5}});
  ASSERT_TRUE(cache.Get(first, true).ok());
  ASSERT_TRUE(cache.Get(first, true).ok());
  EXPECT_EQ(cache.builds(), 1u);
  ASSERT_TRUE(cache.Get(first, false).ok());  // the unweighted graph is another entry
  EXPECT_EQ(cache.builds(), 2u);
  TablePtr next = EdgeTableOf({{1, 2, 0.5}, {2, 3, 0.5}});  // the table after an INSERT
  auto graph = cache.Get(next, true);
  ASSERT_TRUE(graph.ok());
  EXPECT_EQ((*graph)->num_edges(), 2u);
  EXPECT_EQ(cache.builds(), 3u);
  first.reset();  // the old version is gone: so are its graphs
  EXPECT_EQ(cache.graphs(), 1u);
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(cache.Get(EdgeTableOf({{i, i + 1, 1.0}}), true).ok());
  EXPECT_LE(cache.graphs(), GraphCache::kMaxGraphs);
}

}  // namespace
}  // namespace orbit
