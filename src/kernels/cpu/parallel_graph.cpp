// The cpu-simd backend's graph steps: the frontier split into batches of nodes run in
// parallel on TBB, each edge's update an atomic on its target (a CAS for a BFS distance, a
// relaxed fetch_add for an activation sum, an exchange for the first-receipt flag), each
// batch's new nodes gathered locally and appended once. The work is scattered loads and
// stores, which SIMD lanes do not speed up (no conflict-free scatter-add), so this is not
// Highway code. Frontiers with few edges run the reference's loop: a parallel step costs
// more than it saves there.
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <atomic>
#include <vector>

#include "kernels/cpu/simd_kernels.h"
#include "kernels/reference/reference_kernels.h"

namespace orbit::simd {
namespace {

constexpr int64_t kParallelEdges = 1 << 15;  // below this many frontier edges one thread wins
constexpr size_t kFrontierGrain = 256;       // frontier nodes per task

int64_t FrontierEdges(const int64_t* offsets, const uint32_t* frontier, size_t frontier_count) {
  int64_t edges = 0;
  for (size_t k = 0; k < frontier_count; ++k) edges += offsets[frontier[k] + 1] - offsets[frontier[k]];
  return edges;
}

// Appends a task's new nodes to `out` at a place reserved by one fetch_add.
void AppendNodes(const std::vector<uint32_t>& local, std::atomic<size_t>* written, uint32_t* out) {
  if (local.empty()) return;
  const size_t at = written->fetch_add(local.size(), std::memory_order_relaxed);
  std::copy(local.begin(), local.end(), out + at);
}

size_t BfsLevel(const int64_t* offsets, const uint32_t* targets, const uint32_t* frontier, size_t frontier_count,
                int32_t level, int32_t* distance, uint32_t* next) {
  if (FrontierEdges(offsets, frontier, frontier_count) < kParallelEdges) {
    return reference::Graph().bfs_level(offsets, targets, frontier, frontier_count, level, distance, next);
  }
  std::atomic<size_t> written{0};
  tbb::parallel_for(tbb::blocked_range<size_t>(0, frontier_count, kFrontierGrain),
                    [&](const tbb::blocked_range<size_t>& range) {
                      std::vector<uint32_t> local;
                      for (size_t k = range.begin(); k < range.end(); ++k) {
                        const uint32_t u = frontier[k];
                        for (int64_t e = offsets[u]; e < offsets[u + 1]; ++e) {
                          std::atomic_ref<int32_t> d(distance[targets[e]]);
                          int32_t seen = d.load(std::memory_order_relaxed);
                          if (seen >= 0) continue;
                          if (d.compare_exchange_strong(seen, level, std::memory_order_relaxed)) {
                            local.push_back(targets[e]);
                          }
                        }
                      }
                      AppendNodes(local, &written, next);
                    });
  return written.load();
}

size_t SpreadHop(const int64_t* offsets, const uint32_t* targets, const double* weights, const uint32_t* frontier,
                 const double* amounts, size_t frontier_count, double decay, const int32_t* fired_at, int32_t hop,
                 int32_t refractory, double* incoming, uint8_t* received, uint32_t* touched) {
  if (FrontierEdges(offsets, frontier, frontier_count) < kParallelEdges) {
    return reference::Graph().spread_hop(offsets, targets, weights, frontier, amounts, frontier_count, decay, fired_at,
                                         hop, refractory, incoming, received, touched);
  }
  std::atomic<size_t> written{0};
  tbb::parallel_for(
      tbb::blocked_range<size_t>(0, frontier_count, kFrontierGrain), [&](const tbb::blocked_range<size_t>& range) {
        std::vector<uint32_t> local;
        for (size_t k = range.begin(); k < range.end(); ++k) {
          const uint32_t u = frontier[k];
          const double amount = amounts[k];
          for (int64_t e = offsets[u]; e < offsets[u + 1]; ++e) {
            const uint32_t v = targets[e];
            if (fired_at[v] >= 0 && hop - fired_at[v] <= refractory) continue;
            std::atomic_ref<double>(incoming[v]).fetch_add((amount * weights[e]) * decay, std::memory_order_relaxed);
            std::atomic_ref<uint8_t> flag(received[v]);
            if (flag.load(std::memory_order_relaxed) == 0 && flag.exchange(1, std::memory_order_relaxed) == 0) {
              local.push_back(v);
            }
          }
        }
        AppendNodes(local, &written, touched);
      });
  return written.load();
}

// Nodes in fixed chunks, each chunk's touched nodes kept apart and joined in chunk order,
// so the output stays ascending; no atomics: each node's sum is one task's.
size_t SpreadPull(const int64_t* in_offsets, const uint32_t* in_sources, const double* in_weights, size_t num_nodes,
                  const double* sent, const uint8_t* firing, double decay, const int32_t* fired_at, int32_t hop,
                  int32_t refractory, double* incoming, uint8_t* received, uint32_t* touched) {
  if (in_offsets[num_nodes] < kParallelEdges) {
    return reference::Graph().spread_pull(in_offsets, in_sources, in_weights, num_nodes, sent, firing, decay, fired_at,
                                          hop, refractory, incoming, received, touched);
  }
  constexpr size_t kChunkNodes = 4096;
  const size_t chunks = (num_nodes + kChunkNodes - 1) / kChunkNodes;
  std::vector<std::vector<uint32_t>> found(chunks);
  tbb::parallel_for(size_t{0}, chunks, [&](size_t chunk) {
    const size_t end = std::min(num_nodes, (chunk + 1) * kChunkNodes);
    for (size_t v = chunk * kChunkNodes; v < end; ++v) {
      if (fired_at[v] >= 0 && hop - fired_at[v] <= refractory) continue;
      double sum = 0.0;
      bool reached = false;
      for (int64_t e = in_offsets[v]; e < in_offsets[v + 1]; ++e) {
        const uint32_t u = in_sources[e];
        if (firing[u] == 0) continue;
        sum += (sent[u] * in_weights[e]) * decay;
        reached = true;
      }
      if (!reached) continue;
      incoming[v] = sum;
      received[v] = 1;
      found[chunk].push_back(static_cast<uint32_t>(v));
    }
  });
  size_t written = 0;
  for (const std::vector<uint32_t>& nodes : found) {
    std::copy(nodes.begin(), nodes.end(), touched + written);
    written += nodes.size();
  }
  return written;
}

}  // namespace

void FillGraphKernels(KernelTable* table) { table->graph = {&BfsLevel, &SpreadHop, &SpreadPull}; }

}  // namespace orbit::simd
