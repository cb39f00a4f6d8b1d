// Breadth-first search and spreading activation over a CsrGraph, hop by hop through a
// kernel table's graph steps (kernels/kernel_table.h GraphKernels), so every backend runs
// the same driver and the differential tests compare whole traversals as well as steps.
#pragma once

#include <cstdint>
#include <vector>

#include "functions/graph/csr_graph.h"
#include "kernels/kernel_table.h"

namespace orbit {

/// Reachable nodes (dense indices, ascending) and their hop distances; the source is at 0.
struct BfsResult {
  std::vector<uint32_t> nodes;
  std::vector<int32_t> distances;
};

/// Hop distances from node index `source` (< graph.num_nodes()) over directed edges.
BfsResult RunBfs(const CsrGraph& graph, const GraphKernels& kernels, uint32_t source);

struct SpreadParameters {
  std::vector<uint32_t> seeds;  // dense indices, distinct
  int32_t max_hops = 3;
  double decay = 0.5;
  double threshold = 0.01;
  int32_t refractory = 1;
};

/// Every node that fired (dense indices, ascending) and its total activation.
struct SpreadResult {
  std::vector<uint32_t> nodes;
  std::vector<double> activations;
  int64_t edges_traversed = 0;  // out-edges of the nodes that fired before the last hop
};

/// Spreading activation (issue 16): the seeds fire at hop 0 with activation 1.0; at each hop
/// h = 1 .. max_hops every node u that fired at hop h-1 sends a(u) * weight(u->v) * decay to
/// each out-neighbour v, a(u) being what u received when it fired (1.0 for a seed); a node's
/// amounts at one hop are summed; a node that fired at hop f receives nothing while
/// h - f <= refractory; a node whose sum reaches the threshold (sum >= threshold) fires and
/// its sum adds to its total activation. The graph must be weighted.
SpreadResult RunSpreadingActivation(const CsrGraph& graph, const GraphKernels& kernels,
                                    const SpreadParameters& parameters);

}  // namespace orbit
