// Filter kernels of every backend select exactly the rows the reference selects.
#include <algorithm>

#include "kernel_test_support.h"

namespace orbit::kernel_test {
namespace {

/// Runs `filter(kernels, out)` with the reference's kernels and the backend's, each into an
/// exactly-sized output, and asserts they return the same rows.
template <typename T, typename Filter>
void AssertSameRows(const KernelTable& backend, size_t capacity, Filter filter) {
  ExactBuffer<uint32_t> expected_out(std::vector<uint32_t>(capacity), 0);
  ExactBuffer<uint32_t> actual_out(std::vector<uint32_t>(capacity), 0);
  const size_t expected_count = filter(FiltersOf<T>(ReferenceKernels()), expected_out.data());
  const size_t actual_count = filter(FiltersOf<T>(backend), actual_out.data());
  RC_ASSERT(expected_count <= capacity);
  const std::vector<uint32_t> expected(expected_out.data(), expected_out.data() + expected_count);
  const std::vector<uint32_t> actual(actual_out.data(), actual_out.data() + std::min(actual_count, capacity));
  RC_ASSERT(actual == expected);
  RC_ASSERT(actual_count == expected_count);
}

/// A constant worth comparing with: often one of the column's own values.
template <typename T>
T PickConstant(const std::vector<T>& values) {
  if (!values.empty() && *rc::gen::arbitrary<bool>()) return *rc::gen::elementOf(values);
  return *GenValue<T>();
}

template <typename T>
void CheckCompareConstant(const KernelTable& backend) {
  CheckProperty([&] {
    const size_t n = *GenLength();
    const auto column = *GenColumn<T>(n);
    const auto selection = *GenSelection(n);
    const auto op = *rc::gen::element(CompareOp::kEq, CompareOp::kNe, CompareOp::kLt, CompareOp::kLe, CompareOp::kGt,
                                      CompareOp::kGe);
    const T constant = PickConstant(column.values);
    const ColumnBuffers<T> values(column);
    const ExactBuffer<uint32_t> sel(selection.rows, 0);
    AssertSameRows<T>(backend, selection.count(n), [&](const FilterKernels<T>& kernels, uint32_t* out) {
      return kernels.compare_constant(values.data(), values.bitmap(), n, selection.present ? sel.data() : nullptr,
                                      selection.rows.size(), op, constant, out);
    });
  });
}

template <typename T>
void CheckCompareColumns(const KernelTable& backend) {
  CheckProperty([&] {
    const size_t n = *GenLength();
    const auto left_column = *GenColumn<T>(n);
    const auto right_column = *GenColumn<T>(n);
    const auto selection = *GenSelection(n);
    const auto op = *rc::gen::element(CompareOp::kEq, CompareOp::kNe, CompareOp::kLt, CompareOp::kLe, CompareOp::kGt,
                                      CompareOp::kGe);
    const ColumnBuffers<T> left(left_column);
    const ColumnBuffers<T> right(right_column);
    const ExactBuffer<uint32_t> sel(selection.rows, 0);
    AssertSameRows<T>(backend, selection.count(n), [&](const FilterKernels<T>& kernels, uint32_t* out) {
      return kernels.compare_columns(left.data(), left.bitmap(), right.data(), right.bitmap(), n,
                                     selection.present ? sel.data() : nullptr, selection.rows.size(), op, out);
    });
  });
}

template <typename T>
void CheckBetween(const KernelTable& backend) {
  CheckProperty([&] {
    const size_t n = *GenLength();
    const auto column = *GenColumn<T>(n);
    const auto selection = *GenSelection(n);
    T low = PickConstant(column.values);
    T high = PickConstant(column.values);
    if (*rc::gen::arbitrary<bool>() && kernels::ValueLess(high, low)) std::swap(low, high);
    const ColumnBuffers<T> values(column);
    const ExactBuffer<uint32_t> sel(selection.rows, 0);
    AssertSameRows<T>(backend, selection.count(n), [&](const FilterKernels<T>& kernels, uint32_t* out) {
      return kernels.between(values.data(), values.bitmap(), n, selection.present ? sel.data() : nullptr,
                             selection.rows.size(), low, high, out);
    });
  });
}

template <typename T>
void CheckInList(const KernelTable& backend) {
  CheckProperty([&] {
    const size_t n = *GenLength();
    const auto column = *GenColumn<T>(n);
    const auto selection = *GenSelection(n);
    const size_t list_count = *rc::gen::inRange<size_t>(0, 12);
    std::vector<T> list;
    for (size_t j = 0; j < list_count; ++j) list.push_back(PickConstant(column.values));
    const ColumnBuffers<T> values(column);
    const ExactBuffer<uint32_t> sel(selection.rows, 0);
    const ExactBuffer<T> list_buffer(list, 0);
    AssertSameRows<T>(backend, selection.count(n), [&](const FilterKernels<T>& kernels, uint32_t* out) {
      return kernels.in_list(values.data(), values.bitmap(), n, selection.present ? sel.data() : nullptr,
                             selection.rows.size(), list_buffer.data(), list_count, out);
    });
  });
}

class KernelFilterDifferential : public KernelDifferentialTest {};

TEST_P(KernelFilterDifferential, CompareConstantInt32) { CheckCompareConstant<int32_t>(backend()); }
TEST_P(KernelFilterDifferential, CompareConstantInt64) { CheckCompareConstant<int64_t>(backend()); }
TEST_P(KernelFilterDifferential, CompareConstantInt128) { CheckCompareConstant<int128_t>(backend()); }
TEST_P(KernelFilterDifferential, CompareConstantDouble) { CheckCompareConstant<double>(backend()); }

TEST_P(KernelFilterDifferential, CompareColumnsInt32) { CheckCompareColumns<int32_t>(backend()); }
TEST_P(KernelFilterDifferential, CompareColumnsInt64) { CheckCompareColumns<int64_t>(backend()); }
TEST_P(KernelFilterDifferential, CompareColumnsInt128) { CheckCompareColumns<int128_t>(backend()); }
TEST_P(KernelFilterDifferential, CompareColumnsDouble) { CheckCompareColumns<double>(backend()); }

TEST_P(KernelFilterDifferential, BetweenInt32) { CheckBetween<int32_t>(backend()); }
TEST_P(KernelFilterDifferential, BetweenInt64) { CheckBetween<int64_t>(backend()); }
TEST_P(KernelFilterDifferential, BetweenInt128) { CheckBetween<int128_t>(backend()); }
TEST_P(KernelFilterDifferential, BetweenDouble) { CheckBetween<double>(backend()); }

TEST_P(KernelFilterDifferential, InListInt32) { CheckInList<int32_t>(backend()); }
TEST_P(KernelFilterDifferential, InListInt64) { CheckInList<int64_t>(backend()); }
TEST_P(KernelFilterDifferential, InListInt128) { CheckInList<int128_t>(backend()); }
TEST_P(KernelFilterDifferential, InListDouble) { CheckInList<double>(backend()); }

INSTANTIATE_TEST_SUITE_P(Backends, KernelFilterDifferential, ::testing::ValuesIn(BackendsUnderTest()), BackendTestName);

}  // namespace
}  // namespace orbit::kernel_test
