// The kernel registry's contract: every kernel family Orbit runs, as plain function
// pointers over raw Arrow-layout arrays. A backend (reference, cpu SIMD, later CUDA and
// OpenCL) fills one KernelTable; the executor calls whichever table the connection's
// kernel mode and the placement picked; the differential suite in tests/kernels compares
// every registered table with the reference, entry by entry (DESIGN rule 1).
//
// Conventions shared by every kernel:
//  - `validity` is an Arrow bitmap (bit i = row i is valid) or nullptr when all rows are
//    valid; rows that are NULL never pass a filter, never reach an aggregate, and may hold
//    any bits in their value slot (kernels must not fault or report overflow on them).
//  - `sel`/`sel_count`: an optional selection vector of ascending row indices to consider;
//    when `sel` is nullptr all rows 0..n-1 are considered. Output selections are
//    ascending row indices, written to `out` (room for n or sel_count entries), and the
//    kernel returns how many it wrote.
//  - Doubles order as PostgreSQL does: NaN equals NaN and is greater than every other
//    value; -0.0 equals 0.0.
//  - Arithmetic kernels return the index of the first valid row whose result overflows
//    (or exceeds `max_abs`), or -1 when every row succeeded.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

#include "columnar/data_type.h"
#include "kernels/kernel_ops.h"

namespace orbit {

template <typename T>
struct FilterKernels {
  /// values[i] <op> constant.
  size_t (*compare_constant)(const T* values, const uint8_t* validity, size_t n, const uint32_t* sel, size_t sel_count,
                             CompareOp op, T constant, uint32_t* out);
  /// left[i] <op> right[i]; a row passes only if both sides are valid.
  size_t (*compare_columns)(const T* left, const uint8_t* left_validity, const T* right, const uint8_t* right_validity,
                            size_t n, const uint32_t* sel, size_t sel_count, CompareOp op, uint32_t* out);
  /// low <= values[i] <= high.
  size_t (*between)(const T* values, const uint8_t* validity, size_t n, const uint32_t* sel, size_t sel_count, T low,
                    T high, uint32_t* out);
  /// values[i] equals one of list[0..list_count).
  size_t (*in_list)(const T* values, const uint8_t* validity, size_t n, const uint32_t* sel, size_t sel_count,
                    const T* list, size_t list_count, uint32_t* out);
};

/// Ungrouped aggregates over dense arrays. They accumulate into the caller's state (so a
/// morsel's vectors add up), counting the valid rows they saw in *count.
template <typename T, typename SumT>
struct AggregateKernels {
  /// *sum += sum of valid values; returns false if the running sum overflowed SumT
  /// (only possible for SumT = int128_t over int128_t inputs).
  bool (*sum)(const T* values, const uint8_t* validity, size_t n, SumT* sum, int64_t* count);
  /// *acc = min(*acc, valid values) (acc must start at the type's identity or a real value).
  void (*min)(const T* values, const uint8_t* validity, size_t n, T* acc, int64_t* count);
  void (*max)(const T* values, const uint8_t* validity, size_t n, T* acc, int64_t* count);
};

/// The accumulator type of T's SUM in KernelTable (int32 -> int64, int64 -> int128, ...).
template <typename T>
using SumTypeOf = std::conditional_t<std::is_same_v<T, int32_t>, int64_t,
                                     std::conditional_t<std::is_same_v<T, double>, double, int128_t>>;

/// Grouped aggregates: row i updates the state at index groups[i].
template <typename T, typename SumT>
struct GroupedAggregateKernels {
  /// sums[g] += values[i]; counts[g] += 1 for valid rows. False on SumT overflow.
  bool (*sum)(const T* values, const uint8_t* validity, const uint32_t* groups, size_t n, SumT* sums, int64_t* counts);
  /// accs[g] = min(accs[g], values[i]) where counts[g] > 0, else accs[g] = values[i]; counts[g] += 1.
  void (*min)(const T* values, const uint8_t* validity, const uint32_t* groups, size_t n, T* accs, int64_t* counts);
  void (*max)(const T* values, const uint8_t* validity, const uint32_t* groups, size_t n, T* accs, int64_t* counts);
};

/// Element-wise checked arithmetic: out[i] = a[i] <op> b[i] (b[0] for every row when
/// b_is_scalar). A result whose magnitude exceeds max_abs, or that overflows T, fails:
/// the kernel returns that row's index. For double there is no failure (returns -1).
template <typename T>
struct ArithmeticKernels {
  int64_t (*binary)(ArithmeticOp op, const T* a, const T* b, bool b_is_scalar, const uint8_t* validity, size_t n,
                    T max_abs, T* out);
};

/// Largest error, in ULP (units in the last place, counted across the subnormals too), that
/// a backend's math results may have against the reference's on rows before the first
/// failure. Stated by each backend beside its functions; the differential suite holds it to them.
struct MathErrorBounds {
  double exp = 0, ln = 0, log10 = 0, sqrt = 0, power = 0, decay = 0;
};

/// Element-wise double math with PostgreSQL's float8 rules (kernels/math_semantics.h is the
/// reference, row by row). Each returns the first valid row that is an error, exactly where
/// the reference's is, or -1: a domain error (ln or log10 of x <= 0, sqrt of x < 0, 0 to a
/// negative power, a negative number to a non-integer power, decay with half_life <= 0), or
/// finite inputs whose result overflows to infinity (every function) or underflows to zero
/// (exp and power; decay may reach zero). `out` is unspecified for NULL rows and from the
/// first failing row on. A backend computes the rows whose result lies near the ends of the
/// doubles with the reference, so that its bound never moves a failure.
struct MathKernels {
  int64_t (*unary)(MathOp op, const double* x, const uint8_t* validity, size_t n, double* out);
  /// out[i] = x[i] ^ y[i] (y[0] for every row when y_is_scalar).
  int64_t (*power)(const double* x, const double* y, bool y_is_scalar, const uint8_t* validity, size_t n, double* out);
  /// out[i] = value * 0.5^(elapsed / half_life); each argument a column or, when its flag is
  /// set, one value for every row.
  int64_t (*decay)(const double* value, bool value_is_scalar, const double* elapsed, bool elapsed_is_scalar,
                   const double* half_life, bool half_life_is_scalar, const uint8_t* validity, size_t n, double* out);
  MathErrorBounds bounds;
};

struct HashKernels {
  /// out[i] = hash of row i (combine=false) or mix(out[i], hash of row i) (combine=true).
  /// NULL rows hash to a fixed value. Equal values hash equally (-0.0 and 0.0 included;
  /// every NaN hashes the same).
  void (*int32)(const int32_t* values, const uint8_t* validity, size_t n, bool combine, uint64_t* out);
  void (*int64)(const int64_t* values, const uint8_t* validity, size_t n, bool combine, uint64_t* out);
  void (*int128)(const int128_t* values, const uint8_t* validity, size_t n, bool combine, uint64_t* out);
  void (*float64)(const double* values, const uint8_t* validity, size_t n, bool combine, uint64_t* out);
  void (*string)(const int32_t* offsets, const char* chars, const uint8_t* validity, size_t n, bool combine,
                 uint64_t* out);
};

struct SelectionKernels {
  /// Row indices i (ascending) where bit i of `bits` is set and the row is valid.
  size_t (*from_bitmap)(const uint8_t* bits, const uint8_t* validity, size_t n, uint32_t* out);
  /// out[k] = in[sel[k]] for fixed-width values of 4, 8 and 16 bytes.
  void (*gather32)(const uint32_t* in, const uint32_t* sel, size_t count, uint32_t* out);
  void (*gather64)(const uint64_t* in, const uint32_t* sel, size_t count, uint64_t* out);
  void (*gather128)(const int128_t* in, const uint32_t* sel, size_t count, int128_t* out);
};

/// Similarity of fixed-size vectors (an array column T[dim]: one buffer of length * dim
/// values, row i's vector at values + i * dim). For rows i < n, row i compares the vector
/// at a + i * a_stride with the one at b + i * b_stride, each of `dim` values: a stride of
/// dim walks a column, a stride of 0 repeats one vector (a query against every row). NULL
/// rows never reach these kernels (the operator skips them); dim >= 1.
///
/// The reference accumulates in double in index order. Other backends may reorder the sums
/// but keep double accumulators; with S = sum_j |a_j b_j| they must meet
///   inner_product:      |r - ref| <= 1e-6 * S
///   l2_squared:         |r - ref| <= 1e-6 * sum_j (a_j - b_j)^2   (= 1e-6 * ref)
///   l2_distance:        |r - ref| <= 1e-6 * ref                   (sqrt halves the relative error)
///   cosine_similarity:  |r - ref| <= 1e-6 * (S / (|a| |b|) + |ref|) <= 2e-6
/// (the cosine bound: dot within 1e-6 S, each squared norm within 1e-6 of itself, so the
/// quotient moves by at most 1e-6 S / (|a||b|) from the dot and 1e-6 |ref| from the norms,
/// to first order; S <= |a||b| by Cauchy-Schwarz). Non-finite inputs follow IEEE: a NaN
/// anywhere gives NaN, an infinity gives +-inf or NaN as the double arithmetic of the
/// reference does; float inputs cannot overflow a double sum, so every backend agrees there.
template <typename T>
struct VectorKernels {
  /// out[i] = sum_j a_j * b_j.
  void (*inner_product)(const T* a, size_t a_stride, const T* b, size_t b_stride, size_t dim, size_t n, double* out);
  /// out[i] = dot(a, b) / (|a| * |b|); NaN when either norm is 0 (PostgreSQL's pgvector
  /// answers NaN there too, and no similarity is defined).
  void (*cosine_similarity)(const T* a, size_t a_stride, const T* b, size_t b_stride, size_t dim, size_t n,
                            double* out);
  /// out[i] = sqrt(sum_j (a_j - b_j)^2).
  void (*l2_distance)(const T* a, size_t a_stride, const T* b, size_t b_stride, size_t dim, size_t n, double* out);
  /// out[i] = sum_j (a_j - b_j)^2: ranks as l2_distance does, without the square root.
  void (*l2_squared)(const T* a, size_t a_stride, const T* b, size_t b_stride, size_t dim, size_t n, double* out);
};

/// Which end of the order a top-k keeps (TopKKernels).
enum class TopKOrder : int32_t { kDescending = 0, kAscending = 1 };

/// Top-k selection over scored rows, mergeable: the state is the best `count` (<= k)
/// entries so far, best first, in the caller's arrays best_scores/best_ids (room for k).
/// `update` folds n candidates (scores[i] with id ids[i], or id_base + i when ids is
/// nullptr) into the state and returns its new count, min(k, count + n). Per-thread states
/// merge by folding one state's entries into another's as candidates, in any order: the
/// result is a function of the multiset of (score, id) pairs seen, never of their order.
///
/// Order: kDescending keeps the largest scores, kAscending the smallest, in PostgreSQL's
/// order of doubles: NaN equals NaN and is greater than everything (so it comes first
/// descending and last ascending), -0.0 equals 0.0. Among equal scores the smaller id wins,
/// whichever the direction. Ids should be distinct; equal (score, id) pairs are kept as
/// separate entries.
struct TopKKernels {
  size_t (*update)(const double* scores, const int64_t* ids, int64_t id_base, size_t n, size_t k, TopKOrder order,
                   double* best_scores, int64_t* best_ids, size_t count);
};

/// Traversal steps over a directed graph in CSR form with dense node indices: node u's
/// out-edges are e = offsets[u] .. offsets[u+1], to targets[e] with weights[e]. A caller
/// (functions/graph) loops over the steps hop by hop; outputs have room for every node.
struct GraphKernels {
  /// One BFS level: each node of frontier[0..frontier_count) visits its out-neighbours; a
  /// neighbour v with distance[v] < 0 gets distance[v] = level and is written to `next`,
  /// once. Returns how many were written; their order is unspecified.
  size_t (*bfs_level)(const int64_t* offsets, const uint32_t* targets, const uint32_t* frontier, size_t frontier_count,
                      int32_t level, int32_t* distance, uint32_t* next);
  /// One spreading hop: frontier[k] sends (amounts[k] * weights[e]) * decay along each
  /// out-edge e to v = targets[e], unless v is refractory (fired_at[v] >= 0 and
  /// hop - fired_at[v] <= refractory). What v receives adds into incoming[v]; the first time v
  /// receives (received[v] == 0) received[v] becomes 1 and v is written to `touched`, once.
  /// Returns how many were written (order unspecified). Sums may be reordered: backends
  /// agree to the rounding of a reordered sum.
  size_t (*spread_hop)(const int64_t* offsets, const uint32_t* targets, const double* weights, const uint32_t* frontier,
                       const double* amounts, size_t frontier_count, double decay, const int32_t* fired_at, int32_t hop,
                       int32_t refractory, double* incoming, uint8_t* received, uint32_t* touched);
  /// The same hop pulled over the transposed graph, for frontiers that reach much of it:
  /// node v's in-edges are e = in_offsets[v] .. in_offsets[v+1], from in_sources[e] with
  /// in_weights[e]; firing[u] says whether u sends and sent[u] what. Every v < num_nodes that
  /// is not refractory and has an in-edge from a firing node gets incoming[v] = the sum of
  /// (sent[u] * in_weights[e]) * decay over those edges and received[v] = 1, and is written to
  /// `touched` in ascending order. Returns how many were written.
  size_t (*spread_pull)(const int64_t* in_offsets, const uint32_t* in_sources, const double* in_weights,
                        size_t num_nodes, const double* sent, const uint8_t* firing, double decay,
                        const int32_t* fired_at, int32_t hop, int32_t refractory, double* incoming, uint8_t* received,
                        uint32_t* touched);
};

struct KernelTable {
  std::string backend;  // "reference", "cpu-simd", ...
  FilterKernels<int32_t> filter_i32;
  FilterKernels<int64_t> filter_i64;
  FilterKernels<int128_t> filter_i128;
  FilterKernels<double> filter_f64;
  AggregateKernels<int32_t, int64_t> agg_i32;
  AggregateKernels<int64_t, int128_t> agg_i64;
  AggregateKernels<int128_t, int128_t> agg_i128;
  AggregateKernels<double, double> agg_f64;
  GroupedAggregateKernels<int32_t, int64_t> grouped_i32;
  GroupedAggregateKernels<int64_t, int128_t> grouped_i64;
  GroupedAggregateKernels<int128_t, int128_t> grouped_i128;
  GroupedAggregateKernels<double, double> grouped_f64;
  ArithmeticKernels<int32_t> arith_i32;
  ArithmeticKernels<int64_t> arith_i64;
  ArithmeticKernels<int128_t> arith_i128;
  ArithmeticKernels<double> arith_f64;
  HashKernels hash;
  SelectionKernels selection;
  VectorKernels<float> vector_f32;
  VectorKernels<double> vector_f64;
  TopKKernels top_k;
  /// Null entries where a backend has no graph kernels (the device backends, so far).
  GraphKernels graph{};
  MathKernels math;
  /// Backends on a device that can fail at run time (OpenCL, CUDA) answer a failed call
  /// with the reference's result and report the failure; outside a pipeline this returns
  /// and clears the first such failure ("" when none). nullptr for host backends, which
  /// cannot fail. The differential suite checks it after every test.
  std::string (*take_failure)() = nullptr;
};

/// The plain scalar implementations every other backend is checked against.
const KernelTable& ReferenceKernels();
/// Highway SIMD implementations, dispatched at run time to the best target of this CPU.
const KernelTable& SimdKernels();
/// The OpenCL backend (kernels/opencl), or nullptr when this machine has no OpenCL device.
const KernelTable* OpenCLKernelsIfPresent();
/// The CUDA backend (kernels/cuda, run by the liborbit_cuda.so plugin), or nullptr when
/// this machine has no plugin, driver or CUDA device.
const KernelTable* CudaKernelsIfPresent();
/// Every registered backend, the reference first. The differential suite iterates this.
std::vector<const KernelTable*> RegisteredKernelBackends();
/// The SIMD target Highway dispatches to on this machine ("AVX3", "AVX2", "SSE4", "NEON", ...).
std::string CpuSimdTargetName();

}  // namespace orbit
