// Host side of graph.cl: the pulled spreading hop on an OpenCL device (inputs copied per
// call, or read in place where the device shares host memory). The BFS level and the pushed
// hop are the reference's: their scattered first-receipt updates need atomics on bytes and
// doubles that OpenCL 1.2 lacks, and their inputs' extents are not known to the call.
#include "kernels/opencl/opencl_call.h"
#include "kernels/opencl/opencl_kernels.h"

namespace orbit::opencl {
namespace {

std::optional<size_t> DeviceSpreadPull(const int64_t* in_offsets, const uint32_t* in_sources, const double* in_weights,
                                       size_t num_nodes, const double* sent, const uint8_t* firing, double decay,
                                       const int32_t* fired_at, int32_t hop, int32_t refractory, double* incoming,
                                       uint8_t* received, uint32_t* touched) {
  const auto edges = static_cast<size_t>(in_offsets[num_nodes]);
  KernelCall call("graph_spread_pull");
  call.Input(in_offsets, (num_nodes + 1) * sizeof(int64_t));
  call.Input(in_sources, edges * sizeof(uint32_t));
  call.Input(in_weights, edges * sizeof(double));
  call.Input(sent, num_nodes * sizeof(double));
  call.Input(firing, num_nodes);
  call.Input(fired_at, num_nodes * sizeof(int32_t));
  call.Scalar<cl_double>(decay);
  call.Scalar<cl_int>(hop);
  call.Scalar<cl_int>(refractory);
  call.Scalar<cl_uint>(static_cast<cl_uint>(num_nodes));
  const int sums = call.Output(num_nodes * sizeof(double));
  const int reached = call.Output(num_nodes);
  call.Launch(num_nodes);
  std::vector<double> sum(num_nodes);
  std::vector<uint8_t> any(num_nodes);
  call.Read(sums, sum.data(), num_nodes * sizeof(double));
  call.Read(reached, any.data(), num_nodes);
  if (!call.Succeeded()) return std::nullopt;
  size_t written = 0;
  for (size_t v = 0; v < num_nodes; ++v) {
    if (any[v] == 0) continue;
    incoming[v] = sum[v];
    received[v] = 1;
    touched[written++] = static_cast<uint32_t>(v);
  }
  return written;
}

size_t SpreadPull(const int64_t* in_offsets, const uint32_t* in_sources, const double* in_weights, size_t num_nodes,
                  const double* sent, const uint8_t* firing, double decay, const int32_t* fired_at, int32_t hop,
                  int32_t refractory, double* incoming, uint8_t* received, uint32_t* touched) {
  if (num_nodes == 0) return 0;
  if (std::optional<size_t> count = DeviceSpreadPull(in_offsets, in_sources, in_weights, num_nodes, sent, firing, decay,
                                                     fired_at, hop, refractory, incoming, received, touched)) {
    return *count;
  }
  return reference::Graph().spread_pull(in_offsets, in_sources, in_weights, num_nodes, sent, firing, decay, fired_at,
                                        hop, refractory, incoming, received, touched);
}

}  // namespace

void AddGraph(KernelTable* table) {
  const GraphKernels reference = reference::Graph();
  table->graph = {reference.bfs_level, reference.spread_hop, &SpreadPull};
}

}  // namespace orbit::opencl
