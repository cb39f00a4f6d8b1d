// The KernelTable of an accelerator backend, assembled the same way for every backend:
// each entry skips empty inputs, runs the backend's device step, and, when the device
// failed (the step returned nullopt or false; its call reported the failure), answers
// with the reference kernel (DESIGN rule 4). A backend writes only its device steps, one
// family per file, and names them in a small Steps struct per family (Add*Entries below).
// Device steps only write the caller's outputs and states once the device succeeded, so
// the reference always starts from the caller's own state.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>

#include "kernels/device/device_call.h"
#include "kernels/grouped_runs.h"
#include "kernels/kernel_semantics.h"
#include "kernels/kernel_table.h"
#include "kernels/math_semantics.h"
#include "kernels/reference/reference_kernels.h"

namespace orbit::device {

/// The rows a filter considers: the selection's, or all n.
inline size_t Considered(size_t n, const uint32_t* sel, size_t sel_count) { return sel == nullptr ? n : sel_count; }

/// *sum + total with the reference's one overflow check against SumT (integer sums).
template <typename SumT>
bool AddExactTotal(int128_t total, SumT* sum) {
  SumT result;
  if (__builtin_add_overflow(*sum, total, &result)) return false;
  *sum = result;
  return true;
}

/// Folds the best of `rows` valid rows (min when kMin) into *acc and *count.
template <typename T, bool kMin>
void FoldBest(T best, int64_t rows, T* acc, int64_t* count) {
  if (rows == 0) return;
  if (kMin ? kernels::ValueLess(best, *acc) : kernels::ValueLess(*acc, best)) *acc = best;
  *count += rows;
}

/// Which similarity a device kernel computes (VectorKernels' entries); the number is the
/// device kernels' `metric` argument.
enum class VectorMetric : int32_t { kInnerProduct = 0, kCosineSimilarity = 1, kL2Distance = 2, kL2Squared = 3 };

namespace entries {

template <typename T, auto kDevice>
size_t CompareConstant(const T* values, const uint8_t* validity, size_t n, const uint32_t* sel, size_t sel_count,
                       CompareOp op, T constant, uint32_t* out) {
  if (Considered(n, sel, sel_count) == 0) return 0;
  if (std::optional<size_t> count = kDevice(values, validity, n, sel, sel_count, op, constant, out)) return *count;
  return reference::Filter<T>().compare_constant(values, validity, n, sel, sel_count, op, constant, out);
}

template <typename T, auto kDevice>
size_t CompareColumns(const T* left, const uint8_t* left_validity, const T* right, const uint8_t* right_validity,
                      size_t n, const uint32_t* sel, size_t sel_count, CompareOp op, uint32_t* out) {
  if (Considered(n, sel, sel_count) == 0) return 0;
  if (std::optional<size_t> count = kDevice(left, left_validity, right, right_validity, n, sel, sel_count, op, out)) {
    return *count;
  }
  return reference::Filter<T>().compare_columns(left, left_validity, right, right_validity, n, sel, sel_count, op, out);
}

template <typename T, auto kDevice>
size_t Between(const T* values, const uint8_t* validity, size_t n, const uint32_t* sel, size_t sel_count, T low, T high,
               uint32_t* out) {
  if (Considered(n, sel, sel_count) == 0) return 0;
  if (std::optional<size_t> count = kDevice(values, validity, n, sel, sel_count, low, high, out)) return *count;
  return reference::Filter<T>().between(values, validity, n, sel, sel_count, low, high, out);
}

template <typename T, auto kDevice>
size_t InList(const T* values, const uint8_t* validity, size_t n, const uint32_t* sel, size_t sel_count, const T* list,
              size_t list_count, uint32_t* out) {
  if (Considered(n, sel, sel_count) == 0 || list_count == 0) return 0;
  if (std::optional<size_t> count = kDevice(values, validity, n, sel, sel_count, list, list_count, out)) {
    return *count;
  }
  return reference::Filter<T>().in_list(values, validity, n, sel, sel_count, list, list_count, out);
}

/// kDevice: nullopt on device failure, else the kernel's answer (false: SumT overflowed).
template <typename T, typename SumT, auto kDevice>
bool Sum(const T* values, const uint8_t* validity, size_t n, SumT* sum, int64_t* count) {
  if (n == 0) return true;
  if (std::optional<bool> ok = kDevice(values, validity, n, sum, count)) return *ok;
  return reference::Aggregate<T, SumT>().sum(values, validity, n, sum, count);
}

template <typename T, bool kMin, auto kDevice>
void MinMax(const T* values, const uint8_t* validity, size_t n, T* acc, int64_t* count) {
  if (n == 0 || kDevice(values, validity, n, acc, count)) return;
  const auto reference = reference::Aggregate<T, SumTypeOf<T>>();
  (kMin ? reference.min : reference.max)(values, validity, n, acc, count);
}

/// kDevice(op, values, validity, groups, n, accs, counts, &overflow): false on device
/// failure; on success the states are updated unless *overflow (the caller then discards
/// them, as after the reference).
template <typename T, typename SumT, auto kDevice>
bool GroupedSum(const T* values, const uint8_t* validity, const uint32_t* groups, size_t n, SumT* sums,
                int64_t* counts) {
  if (n == 0) return true;
  bool overflow = false;
  if (kDevice(kernels::GroupedOp::kSum, values, validity, groups, n, sums, counts, &overflow)) return !overflow;
  return reference::GroupedAggregate<T, SumT>().sum(values, validity, groups, n, sums, counts);
}

template <typename T, bool kMin, auto kDevice>
void GroupedMinMax(const T* values, const uint8_t* validity, const uint32_t* groups, size_t n, T* accs,
                   int64_t* counts) {
  if (n == 0) return;
  bool overflow = false;
  const kernels::GroupedOp op = kMin ? kernels::GroupedOp::kMin : kernels::GroupedOp::kMax;
  if (kDevice(op, values, validity, groups, n, accs, counts, &overflow)) return;
  const auto reference = reference::GroupedAggregate<T, SumTypeOf<T>>();
  (kMin ? reference.min : reference.max)(values, validity, groups, n, accs, counts);
}

template <typename T, auto kDevice>
int64_t Binary(ArithmeticOp op, const T* a, const T* b, bool b_is_scalar, const uint8_t* validity, size_t n, T max_abs,
               T* out) {
  if (n == 0) return -1;
  if (std::optional<int64_t> failure = kDevice(op, a, b, b_is_scalar, validity, n, max_abs, out)) return *failure;
  return reference::Arithmetic<T>().binary(op, a, b, b_is_scalar, validity, n, max_abs, out);
}

template <typename T, auto kDevice, auto kReference>
void HashFixed(const T* values, const uint8_t* validity, size_t n, bool combine, uint64_t* out) {
  if (n == 0 || kDevice(values, validity, n, combine, out)) return;
  (reference::Hash().*kReference)(values, validity, n, combine, out);
}

template <auto kDevice>
void HashString(const int32_t* offsets, const char* chars, const uint8_t* validity, size_t n, bool combine,
                uint64_t* out) {
  if (n == 0 || kDevice(offsets, chars, validity, n, combine, out)) return;
  reference::Hash().string(offsets, chars, validity, n, combine, out);
}

template <auto kDevice>
size_t FromBitmap(const uint8_t* bits, const uint8_t* validity, size_t n, uint32_t* out) {
  if (n == 0) return 0;
  if (std::optional<size_t> count = kDevice(bits, validity, n, out)) return *count;
  return reference::Selection().from_bitmap(bits, validity, n, out);
}

template <typename Word, auto kDevice, auto kReference>
void Gather(const Word* in, const uint32_t* sel, size_t count, Word* out) {
  if (count == 0 || kDevice(in, sel, count, out)) return;
  (reference::Selection().*kReference)(in, sel, count, out);
}

/// kDevice(metric, a, a_stride, b, b_stride, dim, n, out): false on failure.
template <typename T, VectorMetric kMetric, auto kDevice, auto kReference>
void Similarity(const T* a, size_t a_stride, const T* b, size_t b_stride, size_t dim, size_t n, double* out) {
  if (n == 0) return;
  if (dim > 0 && kDevice(kMetric, a, a_stride, b, b_stride, dim, n, out)) return;
  (reference::Vector<T>().*kReference)(a, a_stride, b, b_stride, dim, n, out);
}

/// kDevice: nullopt on device failure, else the first valid row the device left undecided
/// (an error, a special value or a result near the ends of the doubles) or -1; from that
/// row on the reference computes every row, so failures fall exactly where its do.
template <auto kDevice>
int64_t MathUnary(MathOp op, const double* x, const uint8_t* validity, size_t n, double* out) {
  if (n == 0) return -1;
  const std::optional<int64_t> undecided = kDevice(op, x, validity, n, out);
  const size_t from = !undecided ? 0 : *undecided < 0 ? n : static_cast<size_t>(*undecided);
  return kernels::MathRows(op, x, validity, from, n, out);
}

template <auto kDevice>
int64_t MathPower(const double* x, const double* y, bool y_is_scalar, const uint8_t* validity, size_t n, double* out) {
  if (n == 0) return -1;
  const std::optional<int64_t> undecided = kDevice(x, y, y_is_scalar, validity, n, out);
  const size_t from = !undecided ? 0 : *undecided < 0 ? n : static_cast<size_t>(*undecided);
  return kernels::PowerRows(x, y, y_is_scalar, validity, from, n, out);
}

template <auto kDevice>
int64_t MathDecay(const double* value, bool value_is_scalar, const double* elapsed, bool elapsed_is_scalar,
                  const double* half_life, bool half_life_is_scalar, const uint8_t* validity, size_t n, double* out) {
  if (n == 0) return -1;
  const kernels::DecayArguments a{value, value_is_scalar, elapsed, elapsed_is_scalar, half_life, half_life_is_scalar};
  const std::optional<int64_t> undecided = kDevice(a, validity, n, out);
  const size_t from = !undecided ? 0 : *undecided < 0 ? n : static_cast<size_t>(*undecided);
  return kernels::DecayRows(a, validity, from, n, out);
}

}  // namespace entries

// Each Add*Entries fills one family of a table from the backend's device steps, named as
// the family's entries: Steps<T>::compare_constant, ..., for every element type.

/// Steps<T>: compare_constant, compare_columns, between, in_list (nullopt on failure).
template <template <typename> class Steps>
void AddFilterEntries(KernelTable* table) {
  auto entries_of = []<typename T>(FilterKernels<T>* family) {
    *family = {&entries::CompareConstant<T, Steps<T>::compare_constant>,
               &entries::CompareColumns<T, Steps<T>::compare_columns>, &entries::Between<T, Steps<T>::between>,
               &entries::InList<T, Steps<T>::in_list>};
  };
  entries_of(&table->filter_i32);
  entries_of(&table->filter_i64);
  entries_of(&table->filter_i128);
  entries_of(&table->filter_f64);
}

/// Steps<T>: sum (nullopt on failure), min and max (false on failure), over SumTypeOf<T>.
template <template <typename> class Steps>
void AddAggregateEntries(KernelTable* table) {
  auto entries_of = []<typename T, typename SumT>(AggregateKernels<T, SumT>* family) {
    *family = {&entries::Sum<T, SumT, Steps<T>::sum>, &entries::MinMax<T, true, Steps<T>::min>,
               &entries::MinMax<T, false, Steps<T>::max>};
  };
  entries_of(&table->agg_i32);
  entries_of(&table->agg_i64);
  entries_of(&table->agg_i128);
  entries_of(&table->agg_f64);
}

/// Steps<T>: sum over SumTypeOf<T> states, best (min and max) over T states.
template <template <typename> class Steps>
void AddGroupedAggregateEntries(KernelTable* table) {
  auto entries_of = []<typename T, typename SumT>(GroupedAggregateKernels<T, SumT>* family) {
    *family = {&entries::GroupedSum<T, SumT, Steps<T>::sum>, &entries::GroupedMinMax<T, true, Steps<T>::best>,
               &entries::GroupedMinMax<T, false, Steps<T>::best>};
  };
  entries_of(&table->grouped_i32);
  entries_of(&table->grouped_i64);
  entries_of(&table->grouped_i128);
  entries_of(&table->grouped_f64);
}

/// Steps<T>: binary (nullopt on failure).
template <template <typename> class Steps>
void AddArithmeticEntries(KernelTable* table) {
  auto entries_of = []<typename T>(ArithmeticKernels<T>* family) { *family = {&entries::Binary<T, Steps<T>::binary>}; };
  entries_of(&table->arith_i32);
  entries_of(&table->arith_i64);
  entries_of(&table->arith_i128);
  entries_of(&table->arith_f64);
}

/// Steps: int32, int64, int128, float64, string (false on failure).
template <typename Steps>
void AddHashEntries(KernelTable* table) {
  table->hash = {&entries::HashFixed<int32_t, Steps::int32, &HashKernels::int32>,
                 &entries::HashFixed<int64_t, Steps::int64, &HashKernels::int64>,
                 &entries::HashFixed<int128_t, Steps::int128, &HashKernels::int128>,
                 &entries::HashFixed<double, Steps::float64, &HashKernels::float64>,
                 &entries::HashString<Steps::string>};
}

/// Steps: from_bitmap (nullopt on failure), gather32, gather64, gather128 (false on failure).
template <typename Steps>
void AddSelectionEntries(KernelTable* table) {
  table->selection = {&entries::FromBitmap<Steps::from_bitmap>,
                      &entries::Gather<uint32_t, Steps::gather32, &SelectionKernels::gather32>,
                      &entries::Gather<uint64_t, Steps::gather64, &SelectionKernels::gather64>,
                      &entries::Gather<int128_t, Steps::gather128, &SelectionKernels::gather128>};
}

/// Steps<T>: similarity (false on failure), for T = float and double. Top-k stays on the
/// host (the reference's): it reads one score per row, which a device pipeline would
/// rather reduce where the scores are, and no device step exists for it yet.
template <template <typename> class Steps>
void AddVectorEntries(KernelTable* table) {
  auto entries_of = []<typename T>(VectorKernels<T>* family) {
    using K = VectorKernels<T>;
    constexpr auto kStep = Steps<T>::similarity;
    *family = {&entries::Similarity<T, VectorMetric::kInnerProduct, kStep, &K::inner_product>,
               &entries::Similarity<T, VectorMetric::kCosineSimilarity, kStep, &K::cosine_similarity>,
               &entries::Similarity<T, VectorMetric::kL2Distance, kStep, &K::l2_distance>,
               &entries::Similarity<T, VectorMetric::kL2Squared, kStep, &K::l2_squared>};
  };
  entries_of(&table->vector_f32);
  entries_of(&table->vector_f64);
  table->top_k = reference::TopK();
}

/// Steps: unary, power, decay (nullopt on failure, else the first undecided row or -1);
/// `bounds` is the backend's stated error of its device math.
template <typename Steps>
void AddMathEntries(KernelTable* table, MathErrorBounds bounds) {
  table->math = {&entries::MathUnary<Steps::unary>, &entries::MathPower<Steps::power>,
                 &entries::MathDecay<Steps::decay>, bounds};
}

/// A backend's table: each of `families` adds its entries (Add*Entries above).
/// `take_failure` is the backend's DeviceBackend::TakeFailureOutsidePipelines.
inline KernelTable AssembleKernelTable(const DeviceBackend& backend,
                                       std::initializer_list<void (*)(KernelTable*)> families,
                                       std::string (*take_failure)()) {
  KernelTable table;
  table.backend = backend.name();
  for (auto add_family : families) add_family(&table);
  table.take_failure = take_failure;
  return table;
}

}  // namespace orbit::device
