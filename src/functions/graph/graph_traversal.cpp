#include "functions/graph/graph_traversal.h"

namespace orbit {
namespace {

// A hop pulls over the transposed graph once its frontier's out-edges are at least a
// kPullFraction-th of all edges: reading every in-edge then costs less than atomic updates of
// that many scattered sums (bench/graph.py).
constexpr int64_t kPullFraction = 16;

}  // namespace

BfsResult RunBfs(const CsrGraph& graph, const GraphKernels& kernels, uint32_t source) {
  const size_t n = graph.num_nodes();
  std::vector<int32_t> distance(n, -1);
  std::vector<uint32_t> frontier{source}, next(n);
  distance[source] = 0;
  for (int32_t level = 1; !frontier.empty(); ++level) {
    const size_t count = kernels.bfs_level(graph.offsets.data(), graph.targets.data(), frontier.data(), frontier.size(),
                                           level, distance.data(), next.data());
    frontier.assign(next.begin(), next.begin() + static_cast<std::ptrdiff_t>(count));
  }
  BfsResult result;
  for (uint32_t v = 0; v < n; ++v) {
    if (distance[v] < 0) continue;
    result.nodes.push_back(v);
    result.distances.push_back(distance[v]);
  }
  return result;
}

SpreadResult RunSpreadingActivation(const CsrGraph& graph, const GraphKernels& kernels,
                                    const SpreadParameters& parameters) {
  const size_t n = graph.num_nodes();
  std::vector<int32_t> fired_at(n, -1);  // the last hop a node fired at
  std::vector<double> total(n, 0.0), incoming(n, 0.0);
  std::vector<uint8_t> received(n, 0);
  std::vector<uint32_t> frontier, touched(n);
  std::vector<double> amounts;
  for (uint32_t seed : parameters.seeds) {
    fired_at[seed] = 0;
    total[seed] = 1.0;
    frontier.push_back(seed);
    amounts.push_back(1.0);
  }
  std::vector<double> sent;  // pulled hops: what each node sends, and whether it fires
  std::vector<uint8_t> firing;
  SpreadResult result;
  for (int32_t hop = 1; hop <= parameters.max_hops && !frontier.empty(); ++hop) {
    int64_t frontier_edges = 0;
    for (uint32_t u : frontier) frontier_edges += graph.offsets[u + 1] - graph.offsets[u];
    result.edges_traversed += frontier_edges;
    size_t count = 0;
    if (frontier_edges * kPullFraction >= static_cast<int64_t>(graph.num_edges()) && kernels.spread_pull) {
      sent.resize(n, 0.0);
      firing.resize(n, 0);
      for (size_t k = 0; k < frontier.size(); ++k) {
        sent[frontier[k]] = amounts[k];
        firing[frontier[k]] = 1;
      }
      count = kernels.spread_pull(graph.in_offsets.data(), graph.in_sources.data(), graph.in_weights.data(), n,
                                  sent.data(), firing.data(), parameters.decay, fired_at.data(), hop,
                                  parameters.refractory, incoming.data(), received.data(), touched.data());
      for (uint32_t u : frontier) firing[u] = 0;
    } else {
      count = kernels.spread_hop(graph.offsets.data(), graph.targets.data(), graph.weights.data(), frontier.data(),
                                 amounts.data(), frontier.size(), parameters.decay, fired_at.data(), hop,
                                 parameters.refractory, incoming.data(), received.data(), touched.data());
    }
    frontier.clear();
    amounts.clear();
    for (size_t i = 0; i < count; ++i) {
      const uint32_t v = touched[i];
      const double sum = incoming[v];
      incoming[v] = 0.0;
      received[v] = 0;
      if (!(sum >= parameters.threshold)) continue;  // a NaN sum never fires
      fired_at[v] = hop;
      total[v] += sum;
      frontier.push_back(v);
      amounts.push_back(sum);
    }
  }
  for (uint32_t v = 0; v < n; ++v) {
    if (fired_at[v] < 0) continue;
    result.nodes.push_back(v);
    result.activations.push_back(total[v]);
  }
  return result;
}

}  // namespace orbit
