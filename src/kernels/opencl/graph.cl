// Spreading activation's pulled hop (kernel_table.h GraphKernels::spread_pull): one work item
// per node sums what its in-edges from firing nodes bring, in in-edge order, as the
// reference does; the host turns the reached flags into the ascending touched list.
__kernel void graph_spread_pull(IN(long, in_offsets), IN(uint, in_sources), IN(double, in_weights),
                                IN(double, sent), IN(uchar, firing), IN(int, fired_at), double decay, int hop,
                                int refractory, uint num_nodes, __global double *sums, __global uchar *reached) {
  const uint v = get_global_id(0);
  if (v >= num_nodes) return;
  __global const long *offsets = AT(long, in_offsets);
  __global const uint *sources = AT(uint, in_sources);
  __global const double *weights = AT(double, in_weights);
  __global const double *amounts = AT(double, sent);
  __global const uchar *fires = AT(uchar, firing);
  const int last = AT(int, fired_at)[v];
  double sum = 0.0;
  uchar any = 0;
  if (last < 0 || hop - last > refractory) {
    for (long e = offsets[v]; e < offsets[v + 1]; ++e) {
      const uint u = sources[e];
      if (fires[u] == 0) continue;
      sum += (amounts[u] * weights[e]) * decay;
      any = 1;
    }
  }
  sums[v] = sum;
  reached[v] = any;
}
