// Shared machinery of the kernel differential suite (DESIGN rule 1): the backends under
// test, RapidCheck generators for kernel inputs (NULLs, odd lengths, unaligned starts,
// extremes, NaN, selection vectors), exactly-sized buffers so a kernel that reads or writes
// past an input trips AddressSanitizer, and a property runner with fixed seeds.
//
// Every backend in RegisteredKernelBackends() except the reference is tested, plus the
// cpu-simd backend compiled for each other Highway target this CPU supports. A new backend
// therefore needs no test code: registering it is enough.
#pragma once

#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <cmath>
#include <cstring>
#include <memory>
#include <new>
#include <ostream>
#include <sstream>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "columnar/bitmap.h"
#include "kernels/kernel_families.h"
#include "kernels/kernel_semantics.h"
#include "kernels/kernel_table.h"

namespace orbit::kernel_test {

struct BackendUnderTest {
  std::string name;
  const KernelTable* table;
};

/// gtest prints a parameter of a failing test with this: the backend's name.
inline void PrintTo(const BackendUnderTest& backend, std::ostream* os) { *os << backend.name; }

/// Every table the differential suite compares with ReferenceKernels().
std::vector<BackendUnderTest> BackendsUnderTest();

/// "cpu-simd/SSE4" -> "cpu_simd_SSE4", for gtest parameter names.
std::string BackendTestName(const ::testing::TestParamInfo<BackendUnderTest>& info);

/// Base fixture of the differential tests: parameterized over BackendsUnderTest().
class KernelDifferentialTest : public ::testing::TestWithParam<BackendUnderTest> {
 protected:
  /// A device backend answers a failed call with the reference's result: the answer
  /// matched, but the device did not run it, which must fail the test.
  void TearDown() override {
    if (backend().take_failure == nullptr) return;
    const std::string failure = backend().take_failure();
    EXPECT_EQ(failure, "") << "the " << backend().backend << " backend failed and fell back to the reference";
  }
  const KernelTable& backend() const { return *GetParam().table; }
  static const KernelTable& reference() { return ReferenceKernels(); }
};

/// Runs a RapidCheck property `max_success` times from a seed derived from the current
/// test's name (RC_PARAMS="seed=N" overrides it) and fails the test with RapidCheck's
/// shrunk counterexample and the seed to reproduce it.
void CheckCompiledProperty(const rc::detail::Property& property, int max_success);

template <typename Testable>
void CheckProperty(Testable&& testable, int max_success = 100) {
  CheckCompiledProperty(rc::detail::toProperty(std::forward<Testable>(testable)), max_success);
}

/// A copy of `values` in its own exactly-sized, 64-byte-aligned allocation, starting
/// `offset` elements in (offset 1 gives an unaligned start).
template <typename T>
class ExactBuffer {
 public:
  ExactBuffer(const std::vector<T>& values, size_t offset)
      : bytes_((offset + values.size()) * sizeof(T)),
        storage_(static_cast<T*>(::operator new (bytes_ == 0 ? 1 : bytes_, std::align_val_t{64}))),
        offset_(offset) {
    if (!values.empty()) std::memcpy(storage_.get() + offset, values.data(), values.size() * sizeof(T));
  }
  T* data() { return storage_.get() + offset_; }
  const T* data() const { return storage_.get() + offset_; }

 private:
  struct AlignedDelete {
    void operator()(T* p) const { ::operator delete (p, std::align_val_t{64}); }
  };
  size_t bytes_;
  std::unique_ptr<T, AlignedDelete> storage_;
  size_t offset_;
};

/// One input column of n rows as a kernel sees it.
template <typename T>
struct ColumnInput {
  std::vector<T> values;
  bool has_validity = false;
  std::vector<uint8_t> validity;  // Bytes(n) bytes; bits past n are set (garbage to ignore)
  size_t offset = 0;              // elements the data pointer is moved from an aligned start

  size_t size() const { return values.size(); }
  bool IsValid(size_t row) const { return !has_validity || bitmap::Get(validity.data(), row); }
};

std::string ToString(int128_t v);

template <typename T>
std::string ToString(T v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

/// Shown by RapidCheck in counterexamples: the rows, NULL rows as "null".
template <typename T>
std::ostream& operator<<(std::ostream& os, const ColumnInput<T>& column) {
  os << "{n=" << column.size() << " offset=" << column.offset << (column.has_validity ? "" : " no-bitmap") << " [";
  for (size_t i = 0; i < column.size(); ++i) {
    os << (i == 0 ? "" : " ") << (column.IsValid(i) ? ToString(column.values[i]) : "null");
  }
  return os << "]}";
}

/// A column's buffers laid out for a kernel call.
template <typename T>
struct ColumnBuffers {
  explicit ColumnBuffers(const ColumnInput<T>& input)
      : values(input.values, input.offset), validity(input.validity, 0), has_validity(input.has_validity) {}
  const T* data() const { return values.data(); }
  const uint8_t* bitmap() const { return has_validity ? validity.data() : nullptr; }

  ExactBuffer<T> values;
  ExactBuffer<uint8_t> validity;
  bool has_validity;
};

/// An ascending selection vector over rows [0, n), or none.
struct SelectionInput {
  bool present = false;
  std::vector<uint32_t> rows;
  size_t count(size_t n) const { return present ? rows.size() : n; }
};

// Generators. Values favour what breaks kernels: repeats (so equality matches), the type's
// extremes, and for doubles NaN (several payloads and signs), +-inf, -0.0 and denormals.

template <typename T>
rc::Gen<T> GenValue();

/// 0..300 rows mostly, sometimes 4000..5000.
rc::Gen<size_t> GenLength();

/// n values: independent, or all equal.
template <typename T>
rc::Gen<std::vector<T>> GenValues(size_t n);

/// A validity bitmap for n rows with a random density of valid rows (none, 10%, half,
/// 90%, all).
rc::Gen<std::vector<uint8_t>> GenValidityBits(size_t n);

/// n rows: values, a bitmap two times in three (else nullptr), and an aligned or unaligned start.
template <typename T>
rc::Gen<ColumnInput<T>> GenColumn(size_t n) {
  return rc::gen::exec([n] {
    ColumnInput<T> column;
    column.values = *GenValues<T>(n);
    column.has_validity = *rc::gen::weightedElement<bool>({{2, true}, {1, false}});
    if (column.has_validity) column.validity = *GenValidityBits(n);
    column.offset = *rc::gen::inRange<size_t>(0, 2);
    return column;
  });
}

rc::Gen<SelectionInput> GenSelection(size_t n);

/// Doubles agree if both are NaN, equal (-0.0 == 0.0), or within 1e-9 of `magnitude` (the
/// sum of the absolute values that went in) — the error bound of a reordered sum.
bool SumsAgree(double expected, double actual, double magnitude);

/// Doubles agree under kernels::ValuesEqual; other types with ==.
template <typename T>
bool SameValue(T a, T b) {
  return kernels::ValuesEqual(a, b);
}

/// Sum of |v| over the valid rows: the scale of a double sum's rounding error. Infinite when
/// an intermediate sum could overflow, where the result depends on the order of additions.
template <typename T>
double Magnitude(const ColumnInput<T>& column) {
  double magnitude = 0;
  for (size_t i = 0; i < column.size(); ++i) {
    if (column.IsValid(i) && std::isfinite(static_cast<double>(column.values[i]))) {
      magnitude += std::fabs(static_cast<double>(column.values[i]));
    }
  }
  return magnitude;
}

/// A reordered double sum matches a sequential one (to 1e-9 of `magnitude`) only when no
/// intermediate sum can reach infinity; beyond that even the sign of the result is up to
/// the order of additions, so the suite compares no value there.
inline bool DoubleSumIsComparable(double magnitude) { return magnitude < 1e300; }

/// Bitwise equal, or both NaN.
inline bool SameDoubleResult(double a, double b) {
  // NOLINTNEXTLINE(bugprone-suspicious-memory-comparison): bit-for-bit is the point (-0.0 != 0.0)
  return (std::isnan(a) && std::isnan(b)) || std::memcmp(&a, &b, sizeof(double)) == 0;
}

}  // namespace orbit::kernel_test
