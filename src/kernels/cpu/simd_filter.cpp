// SIMD filters (compare with a constant, compare two columns, BETWEEN, IN list) for int32,
// int64 and double. Doubles follow PostgreSQL's order (NaN equals NaN and is the greatest
// value, -0.0 equals 0.0), built from IEEE comparisons plus NaN masks. int128 filters stay
// on the reference (see SetFilterEntries).
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "kernels/cpu/simd_filter.cpp"
#include "hwy/foreach_target.h"  // IWYU pragma: keep

#include "hwy/highway.h"
#include "kernels/cpu/simd_blocks-inl.h"
#include "kernels/cpu/simd_kernels.h"

HWY_BEFORE_NAMESPACE();
namespace orbit::simd::HWY_NAMESPACE {
namespace {

template <class V>
HWY_INLINE auto VectorsEqual(V a, V b) {
  if constexpr (hwy::IsFloat<hn::TFromV<V>>()) {
    return hn::Or(hn::Eq(a, b), hn::And(hn::IsNaN(a), hn::IsNaN(b)));
  } else {
    return hn::Eq(a, b);
  }
}

template <class V>
HWY_INLINE auto VectorLess(V a, V b) {
  if constexpr (hwy::IsFloat<hn::TFromV<V>>()) {
    // IEEE a < b is false whenever a NaN is involved; a non-NaN is also below a NaN.
    return hn::Or(hn::Lt(a, b), hn::AndNot(hn::IsNaN(a), hn::IsNaN(b)));
  } else {
    return hn::Lt(a, b);
  }
}

template <CompareOp kOp, class V>
HWY_INLINE auto CompareVectors(V a, V b) {
  if constexpr (kOp == CompareOp::kEq) return VectorsEqual(a, b);
  if constexpr (kOp == CompareOp::kNe) return hn::Not(VectorsEqual(a, b));
  if constexpr (kOp == CompareOp::kLt) return VectorLess(a, b);
  if constexpr (kOp == CompareOp::kLe) return hn::Not(VectorLess(b, a));
  if constexpr (kOp == CompareOp::kGt) return VectorLess(b, a);
  if constexpr (kOp == CompareOp::kGe) return hn::Not(VectorLess(a, b));
}

/// Calls run(std::integral_constant<CompareOp, op>) so each operator gets its own loop.
template <class Run>
HWY_INLINE size_t WithCompareOp(CompareOp op, Run run) {
  switch (op) {
    case CompareOp::kEq: return run(std::integral_constant<CompareOp, CompareOp::kEq>());
    case CompareOp::kNe: return run(std::integral_constant<CompareOp, CompareOp::kNe>());
    case CompareOp::kLt: return run(std::integral_constant<CompareOp, CompareOp::kLt>());
    case CompareOp::kLe: return run(std::integral_constant<CompareOp, CompareOp::kLe>());
    case CompareOp::kGt: return run(std::integral_constant<CompareOp, CompareOp::kGt>());
    case CompareOp::kGe: return run(std::integral_constant<CompareOp, CompareOp::kGe>());
  }
  return 0;
}

template <typename T>
size_t CompareConstant(const T* values, const uint8_t* validity, size_t n, const uint32_t* sel, size_t sel_count,
                       CompareOp op, T constant, uint32_t* out) {
  const BlockTag<T> d;
  const auto constant_vec = hn::Set(d, constant);
  return WithCompareOp(op, [&](auto op_constant) {
    return FilterRows<T, 1>({values}, {validity}, n, sel, sel_count, out,
                            [&](auto v) { return CompareVectors<decltype(op_constant)::value>(v, constant_vec); });
  });
}

template <typename T>
size_t CompareColumns(const T* left, const uint8_t* left_validity, const T* right, const uint8_t* right_validity,
                      size_t n, const uint32_t* sel, size_t sel_count, CompareOp op, uint32_t* out) {
  return WithCompareOp(op, [&](auto op_constant) {
    return FilterRows<T, 2>({left, right}, {left_validity, right_validity}, n, sel, sel_count, out,
                            [&](auto l, auto r) { return CompareVectors<decltype(op_constant)::value>(l, r); });
  });
}

template <typename T>
size_t Between(const T* values, const uint8_t* validity, size_t n, const uint32_t* sel, size_t sel_count, T low, T high,
               uint32_t* out) {
  const BlockTag<T> d;
  const auto low_vec = hn::Set(d, low);
  const auto high_vec = hn::Set(d, high);
  return FilterRows<T, 1>({values}, {validity}, n, sel, sel_count, out,
                          [&](auto v) { return hn::Not(hn::Or(VectorLess(v, low_vec), VectorLess(high_vec, v))); });
}

template <typename T>
size_t InList(const T* values, const uint8_t* validity, size_t n, const uint32_t* sel, size_t sel_count, const T* list,
              size_t list_count, uint32_t* out) {
  const BlockTag<T> d;
  return FilterRows<T, 1>({values}, {validity}, n, sel, sel_count, out, [&](auto v) {
    auto found = hn::MaskFromVec(hn::Zero(d));
    for (size_t j = 0; j < list_count; ++j) found = hn::Or(found, VectorsEqual(v, hn::Set(d, list[j])));
    return found;
  });
}

template <typename T>
FilterKernels<T> FilterFunctions() {
  return {&CompareConstant<T>, &CompareColumns<T>, &Between<T>, &InList<T>};
}

}  // namespace

void SetFilterEntries(KernelTable* table) {
  table->filter_i32 = FilterFunctions<int32_t>();
  table->filter_i64 = FilterFunctions<int64_t>();
  table->filter_f64 = FilterFunctions<double>();
  // filter_i128 keeps the reference: no target has 128-bit integer lanes, and DECIMAL(>18)
  // filters are rare enough not to justify emulating them.
}

}  // namespace orbit::simd::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace orbit::simd {

HWY_EXPORT(SetFilterEntries);

void FillFilterKernels(KernelTable* table) { HWY_DYNAMIC_DISPATCH(SetFilterEntries)(table); }

}  // namespace orbit::simd
#endif
