// The reference graph steps: one BFS level and one spreading hop over CSR, as plain loops
// over the frontier in order and each node's edges in order, and the pulled hop as a loop
// over every node's in-edges in order (kernel_table.h GraphKernels).
#include "kernels/reference/reference_kernels.h"

namespace orbit::reference {
namespace {

size_t BfsLevel(const int64_t* offsets, const uint32_t* targets, const uint32_t* frontier, size_t frontier_count,
                int32_t level, int32_t* distance, uint32_t* next) {
  size_t written = 0;
  for (size_t k = 0; k < frontier_count; ++k) {
    const uint32_t u = frontier[k];
    for (int64_t e = offsets[u]; e < offsets[u + 1]; ++e) {
      const uint32_t v = targets[e];
      if (distance[v] >= 0) continue;
      distance[v] = level;
      next[written++] = v;
    }
  }
  return written;
}

size_t SpreadHop(const int64_t* offsets, const uint32_t* targets, const double* weights, const uint32_t* frontier,
                 const double* amounts, size_t frontier_count, double decay, const int32_t* fired_at, int32_t hop,
                 int32_t refractory, double* incoming, uint8_t* received, uint32_t* touched) {
  size_t written = 0;
  for (size_t k = 0; k < frontier_count; ++k) {
    const uint32_t u = frontier[k];
    for (int64_t e = offsets[u]; e < offsets[u + 1]; ++e) {
      const uint32_t v = targets[e];
      if (fired_at[v] >= 0 && hop - fired_at[v] <= refractory) continue;
      incoming[v] += (amounts[k] * weights[e]) * decay;
      if (received[v] == 0) {
        received[v] = 1;
        touched[written++] = v;
      }
    }
  }
  return written;
}

size_t SpreadPull(const int64_t* in_offsets, const uint32_t* in_sources, const double* in_weights, size_t num_nodes,
                  const double* sent, const uint8_t* firing, double decay, const int32_t* fired_at, int32_t hop,
                  int32_t refractory, double* incoming, uint8_t* received, uint32_t* touched) {
  size_t written = 0;
  for (size_t v = 0; v < num_nodes; ++v) {
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
    touched[written++] = static_cast<uint32_t>(v);
  }
  return written;
}

}  // namespace

GraphKernels Graph() { return {&BfsLevel, &SpreadHop, &SpreadPull}; }

}  // namespace orbit::reference
