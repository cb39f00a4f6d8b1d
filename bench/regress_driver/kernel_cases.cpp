#include "kernel_cases.h"

#include <algorithm>
#include <random>

#include "kernels/kernel_families.h"

namespace orbit::regress {

namespace {

void AddGraph(KernelInputs* in, std::mt19937_64* random) {
  const size_t nodes = GraphNodes(in->rows);
  const size_t edges = nodes * kGraphDegree;
  std::vector<size_t> in_degree(nodes + 1, 0);
  for (size_t u = 0; u <= nodes; ++u) in->graph_offsets.push_back(static_cast<int64_t>(u * kGraphDegree));
  for (size_t e = 0; e < edges; ++e) {
    const uint64_t r = (*random)();
    in->graph_targets.push_back(static_cast<uint32_t>(r % nodes));
    in->graph_weights.push_back(static_cast<double>((r >> 32) % 1000 + 1) / 1000.0);
    ++in_degree[in->graph_targets.back() + 1];
  }
  // The transpose by a counting sort on the target.
  in->graph_in_offsets.assign(nodes + 1, 0);
  for (size_t v = 0; v < nodes; ++v) in->graph_in_offsets[v + 1] = in->graph_in_offsets[v] + in_degree[v + 1];
  in->graph_in_sources.resize(edges);
  in->graph_in_weights.resize(edges);
  std::vector<int64_t> at(in->graph_in_offsets.begin(), in->graph_in_offsets.end() - 1);
  for (size_t u = 0; u < nodes; ++u) {
    for (size_t e = u * kGraphDegree; e < (u + 1) * kGraphDegree; ++e) {
      const int64_t slot = at[in->graph_targets[e]]++;
      in->graph_in_sources[slot] = static_cast<uint32_t>(u);
      in->graph_in_weights[slot] = in->graph_weights[e];
    }
  }
  in->graph_firing.assign(nodes, 0);
  for (size_t u = 0; u < nodes / 2; ++u) {
    in->graph_frontier.push_back(static_cast<uint32_t>(u));
    in->graph_amounts.push_back(1.0 + static_cast<double>(u % 7));
    in->graph_firing[u] = 1;
  }
  in->graph_never_fired.assign(nodes, -1);
}

}  // namespace

KernelInputs MakeKernelInputs(size_t rows, uint64_t seed) {
  KernelInputs in;
  in.rows = rows;
  std::mt19937_64 random(seed);
  const size_t bitmap_bytes = (rows + 7) / 8;
  in.validity.assign(bitmap_bytes, 0);
  in.bits.assign(bitmap_bytes, 0);
  in.string_offsets.push_back(0);
  for (size_t i = 0; i < rows; ++i) {
    const uint64_t r = random();
    in.i32.push_back(static_cast<int32_t>(r % 1000));
    in.i64.push_back(static_cast<int64_t>(r % 1000));
    in.i64_other.push_back(static_cast<int64_t>((r >> 20) % 1000));
    in.i128.push_back(static_cast<int128_t>(r % 1000) * 1000000007);
    in.f64.push_back(static_cast<double>(r % 100000) / 100.0);
    in.f64_other.push_back(static_cast<double>((r >> 24) % 100000) / 100.0);
    in.f32.push_back(static_cast<float>((r >> 8) % 2001) / 1000.0f - 1.0f);
    if ((r >> 40) % 10 != 0) in.validity[i / 8] |= static_cast<uint8_t>(1u << (i % 8));
    if ((r >> 44) % 2 != 0) in.bits[i / 8] |= static_cast<uint8_t>(1u << (i % 8));
    in.groups.push_back(static_cast<uint32_t>((r >> 48) % kGroups));
    if (i % 3 == 0) in.sel.push_back(static_cast<uint32_t>(i));
    const size_t length = (r >> 56) % 16;
    for (size_t c = 0; c < length; ++c) in.string_chars.push_back(static_cast<char>('a' + (r >> (c * 3)) % 26));
    in.string_offsets.push_back(static_cast<int32_t>(in.string_chars.size()));
  }
  AddGraph(&in, &random);
  return in;
}

KernelOutputs MakeKernelOutputs(size_t rows) {
  KernelOutputs out;
  out.rows_out.resize(rows);
  out.i32_out.resize(rows);
  out.i64_out.resize(rows);
  out.i128_out.resize(std::max(rows, kGroups));
  out.f64_out.resize(std::max(rows, kGroups));
  out.hashes.resize(rows);
  out.group_counts.resize(kGroups);
  out.graph_distance.resize(GraphNodes(rows));
  out.graph_touched.resize(GraphNodes(rows));
  out.graph_incoming.resize(GraphNodes(rows));
  out.graph_received.resize(GraphNodes(rows));
  return out;
}

namespace {

using In = const KernelInputs&;
using Out = KernelOutputs&;
using Table = const KernelTable&;

constexpr int32_t kInList32[] = {3, 17, 101, 250, 499, 640, 777, 998};
constexpr size_t kVectorDim = 64;  // the inputs' floats as rows / 64 vectors, 1:N against the first

// Clears what a graph step accumulates into, so every run of a case starts alike.
void ResetGraphState(Out out) {
  std::fill(out.graph_distance.begin(), out.graph_distance.end(), -1);
  std::fill(out.graph_incoming.begin(), out.graph_incoming.end(), 0.0);
  std::fill(out.graph_received.begin(), out.graph_received.end(), uint8_t{0});
}

// One line per guarded entry.
constexpr KernelCase kKernelCases[] = {
    {"vectors", "cosine_f32_1toN",
     [](Table t, In in, Out out) {
       t.vector_f32.cosine_similarity(in.f32.data(), 0, in.f32.data(), kVectorDim, kVectorDim, in.rows / kVectorDim,
                                      out.f64_out.data());
     }},
    {"vectors", "l2_f32_pairwise",
     [](Table t, In in, Out out) {
       t.vector_f32.l2_distance(in.f32.data(), kVectorDim, in.f32.data() + kVectorDim, kVectorDim, kVectorDim,
                                in.rows / kVectorDim - 1, out.f64_out.data());
     }},
    {"graph", "bfs_level_half_frontier",
     [](Table t, In in, Out out) {
       ResetGraphState(out);
       for (const uint32_t u : in.graph_frontier) out.graph_distance[u] = 0;
       out.i64_out[0] = static_cast<int64_t>(t.graph.bfs_level(in.graph_offsets.data(), in.graph_targets.data(),
                                                               in.graph_frontier.data(), in.graph_frontier.size(), 1,
                                                               out.graph_distance.data(), out.graph_touched.data()));
     }},
    {"graph", "spread_hop_half_frontier",
     [](Table t, In in, Out out) {
       ResetGraphState(out);
       out.i64_out[0] = static_cast<int64_t>(t.graph.spread_hop(
           in.graph_offsets.data(), in.graph_targets.data(), in.graph_weights.data(), in.graph_frontier.data(),
           in.graph_amounts.data(), in.graph_frontier.size(), 0.5, in.graph_never_fired.data(), 1, 0,
           out.graph_incoming.data(), out.graph_received.data(), out.graph_touched.data()));
     }},
    {"graph", "spread_pull_half_firing",
     [](Table t, In in, Out out) {
       ResetGraphState(out);
       out.i64_out[0] = static_cast<int64_t>(t.graph.spread_pull(
           in.graph_in_offsets.data(), in.graph_in_sources.data(), in.graph_in_weights.data(), in.graph_firing.size(),
           in.f64.data(), in.graph_firing.data(), 0.5, in.graph_never_fired.data(), 1, 0, out.graph_incoming.data(),
           out.graph_received.data(), out.graph_touched.data()));
     }},
    {"math", "sqrt_f64_nulls",
     [](Table t, In in, Out out) {
       out.i64_out[0] = t.math.unary(MathOp::kSqrt, in.f64.data(), in.validity.data(), in.rows, out.f64_out.data());
     }},
    {"math", "decay_f64_scalar_half_life",
     [](Table t, In in, Out out) {
       const double half_life = 30.0;
       out.i64_out[0] = t.math.decay(in.f64.data(), false, in.f64_other.data(), false, &half_life, true,
                                     in.validity.data(), in.rows, out.f64_out.data());
     }},
    {"filter", "i64_lt_constant",
     [](Table t, In in, Out out) {
       t.filter_i64.compare_constant(in.i64.data(), nullptr, in.rows, nullptr, 0, CompareOp::kLt, 500,
                                     out.rows_out.data());
     }},
    {"filter", "i32_eq_constant_nulls_sel",
     [](Table t, In in, Out out) {
       t.filter_i32.compare_constant(in.i32.data(), in.validity.data(), in.rows, in.sel.data(), in.sel.size(),
                                     CompareOp::kEq, 7, out.rows_out.data());
     }},
    {"filter", "f64_between_nulls",
     [](Table t, In in, Out out) {
       t.filter_f64.between(in.f64.data(), in.validity.data(), in.rows, nullptr, 0, 100.0, 600.0, out.rows_out.data());
     }},
    {"filter", "i64_ge_columns",
     [](Table t, In in, Out out) {
       t.filter_i64.compare_columns(in.i64.data(), nullptr, in.i64_other.data(), nullptr, in.rows, nullptr, 0,
                                    CompareOp::kGe, out.rows_out.data());
     }},
    {"filter", "i32_in_list8",
     [](Table t, In in, Out out) {
       t.filter_i32.in_list(in.i32.data(), nullptr, in.rows, nullptr, 0, kInList32, std::size(kInList32),
                            out.rows_out.data());
     }},
    {"filter", "i128_lt_constant",
     [](Table t, In in, Out out) {
       t.filter_i128.compare_constant(in.i128.data(), nullptr, in.rows, nullptr, 0, CompareOp::kLt,
                                      int128_t{500} * 1000000007, out.rows_out.data());
     }},
    {"aggregate", "sum_i64",
     [](Table t, In in, Out out) {
       int128_t sum = 0;
       int64_t count = 0;
       out.i64_out[0] = t.agg_i64.sum(in.i64.data(), nullptr, in.rows, &sum, &count);
     }},
    {"aggregate", "sum_f64_nulls",
     [](Table t, In in, Out out) {
       double sum = 0;
       int64_t count = 0;
       out.i64_out[0] = t.agg_f64.sum(in.f64.data(), in.validity.data(), in.rows, &sum, &count);
     }},
    {"aggregate", "min_i32",
     [](Table t, In in, Out out) {
       int64_t count = 0;
       out.i32_out[0] = 1000;
       t.agg_i32.min(in.i32.data(), nullptr, in.rows, &out.i32_out[0], &count);
     }},
    {"aggregate", "max_f64_nulls",
     [](Table t, In in, Out out) {
       int64_t count = 0;
       out.f64_out[0] = -1;
       t.agg_f64.max(in.f64.data(), in.validity.data(), in.rows, &out.f64_out[0], &count);
     }},
    {"aggregate", "sum_i128",
     [](Table t, In in, Out out) {
       int128_t sum = 0;
       int64_t count = 0;
       out.i64_out[0] = t.agg_i128.sum(in.i128.data(), nullptr, in.rows, &sum, &count);
     }},
    {"grouped", "sum_i64",
     [](Table t, In in, Out out) {
       t.grouped_i64.sum(in.i64.data(), nullptr, in.groups.data(), in.rows, out.i128_out.data(),
                         out.group_counts.data());
     }},
    {"grouped", "min_f64_nulls",
     [](Table t, In in, Out out) {
       t.grouped_f64.min(in.f64.data(), in.validity.data(), in.groups.data(), in.rows, out.f64_out.data(),
                         out.group_counts.data());
     }},
    {"arithmetic", "add_i64",
     [](Table t, In in, Out out) {
       t.arith_i64.binary(ArithmeticOp::kAdd, in.i64.data(), in.i64_other.data(), false, nullptr, in.rows,
                          int64_t{1} << 62, out.i64_out.data());
     }},
    {"arithmetic", "mul_i32_scalar_nulls",
     [](Table t, In in, Out out) {
       const int32_t three = 3;
       t.arith_i32.binary(ArithmeticOp::kMul, in.i32.data(), &three, true, in.validity.data(), in.rows,
                          int32_t{1} << 30, out.i32_out.data());
     }},
    {"arithmetic", "mul_f64",
     [](Table t, In in, Out out) {
       t.arith_f64.binary(ArithmeticOp::kMul, in.f64.data(), in.f64_other.data(), false, nullptr, in.rows, 1e300,
                          out.f64_out.data());
     }},
    {"hash", "int64",
     [](Table t, In in, Out out) { t.hash.int64(in.i64.data(), nullptr, in.rows, false, out.hashes.data()); }},
    {"hash", "float64_combine_nulls",
     [](Table t, In in, Out out) {
       t.hash.float64(in.f64.data(), in.validity.data(), in.rows, true, out.hashes.data());
     }},
    {"hash", "string",
     [](Table t, In in, Out out) {
       t.hash.string(in.string_offsets.data(), in.string_chars.data(), nullptr, in.rows, false, out.hashes.data());
     }},
    {"selection", "from_bitmap_nulls",
     [](Table t, In in, Out out) {
       t.selection.from_bitmap(in.bits.data(), in.validity.data(), in.rows, out.rows_out.data());
     }},
    {"selection", "gather64",
     [](Table t, In in, Out out) {
       t.selection.gather64(reinterpret_cast<const uint64_t*>(in.i64.data()), in.sel.data(), in.sel.size(),
                            reinterpret_cast<uint64_t*>(out.i64_out.data()));
     }},
    {"selection", "gather32",
     [](Table t, In in, Out out) {
       t.selection.gather32(reinterpret_cast<const uint32_t*>(in.i32.data()), in.sel.data(), in.sel.size(),
                            out.rows_out.data());
     }},
};

}  // namespace

std::span<const KernelCase> KernelCases() { return kKernelCases; }

}  // namespace orbit::regress
