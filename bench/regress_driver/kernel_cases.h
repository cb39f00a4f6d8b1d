// The kernel part of bench/regress: one case per kernel entry worth guarding, each a call
// of one KernelTable entry over fixed inputs (fixed seed, fixed size), run for every host
// backend (reference, cpu-simd). A kernel family is guarded by adding its lines to
// kKernelCases in kernel_cases.cpp, then `bench/regress --update`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "kernels/kernel_table.h"

namespace orbit::regress {

/// The inputs every case reads: n rows of each type, made from one fixed seed.
struct KernelInputs {
  size_t rows = 0;
  std::vector<int32_t> i32;
  std::vector<int64_t> i64, i64_other;
  std::vector<int128_t> i128;
  std::vector<double> f64, f64_other;
  std::vector<float> f32;         // rows floats: rows / kVectorDim vectors for the vector family
  std::vector<uint8_t> validity;  // Arrow bitmap, about one row in ten NULL
  std::vector<uint8_t> bits;      // Arrow bitmap, about half the bits set
  std::vector<uint32_t> groups;   // group index of each row, in [0, kGroups)
  std::vector<uint32_t> sel;      // every third row, ascending
  std::vector<int32_t> string_offsets;
  std::vector<char> string_chars;
  // A graph of GraphNodes(rows) nodes with kGraphDegree out-edges each in CSR form, and its
  // transpose, for the graph family; frontier holds its first half, firing marks it.
  std::vector<int64_t> graph_offsets, graph_in_offsets;
  std::vector<uint32_t> graph_targets, graph_in_sources, graph_frontier;
  std::vector<double> graph_weights, graph_in_weights, graph_amounts;
  std::vector<uint8_t> graph_firing;
  std::vector<int32_t> graph_never_fired;  // fired_at: -1 for every node
};

/// What cases write into, sized for `rows` (and kGroups group states).
struct KernelOutputs {
  std::vector<uint32_t> rows_out;
  std::vector<int32_t> i32_out;
  std::vector<int64_t> i64_out;
  std::vector<int128_t> i128_out;
  std::vector<double> f64_out;
  std::vector<uint64_t> hashes;
  std::vector<int64_t> group_counts;
  // The graph steps' state, reset by each graph case before its call.
  std::vector<int32_t> graph_distance;
  std::vector<uint32_t> graph_touched;
  std::vector<double> graph_incoming;
  std::vector<uint8_t> graph_received;
};

inline constexpr size_t kGroups = 1024;
// The graph has one node per 40 rows (1,638 nodes and 13,104 edges at 64K rows; twice that
// at --scale 2): below the cpu-simd graph steps' parallel threshold (2^15 frontier edges)
// either way, so both host backends run one thread and callgrind's count does not depend on
// how TBB schedules; the serial loop is what every small hop runs.
inline constexpr size_t GraphNodes(size_t rows) { return rows / 40; }
inline constexpr size_t kGraphDegree = 8;

KernelInputs MakeKernelInputs(size_t rows, uint64_t seed);
KernelOutputs MakeKernelOutputs(size_t rows);

struct KernelCase {
  const char* family;  // the KernelTable family: filter, aggregate, grouped, arithmetic, hash, selection, ...
  const char* name;
  void (*run)(const KernelTable& table, const KernelInputs& in, KernelOutputs& out);
};

std::span<const KernelCase> KernelCases();

}  // namespace orbit::regress
