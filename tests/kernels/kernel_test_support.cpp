#include "kernel_test_support.h"

#include <algorithm>
#include <cstdlib>
#include <limits>
#include <sstream>

#include "kernels/cpu/simd_kernels.h"

namespace orbit::kernel_test {

std::vector<BackendUnderTest> BackendsUnderTest() {
  std::vector<BackendUnderTest> backends;
  for (const KernelTable* table : RegisteredKernelBackends()) {
    if (table != &ReferenceKernels()) backends.push_back({table->backend, table});
  }
  // The cpu-simd backend as every other Highway target present would run it; the one
  // dispatch picks is already in the list as "cpu-simd".
  static const std::vector<KernelTable> per_target = simd::SimdKernelsForEachTarget();
  for (const KernelTable& table : per_target) {
    if (table.backend != "cpu-simd/" + CpuSimdTargetName()) backends.push_back({table.backend, &table});
  }
  return backends;
}

std::string BackendTestName(const ::testing::TestParamInfo<BackendUnderTest>& info) {
  std::string name = info.param.name;
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

namespace {

uint64_t SeedFor(const std::string& test_name) {
  uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a: stable across runs and platforms
  for (char c : test_name) h = (h ^ static_cast<uint8_t>(c)) * 0x100000001b3ULL;
  return h;
}

bool EnvironmentSetsSeed() {
  const char* params = std::getenv("RC_PARAMS");
  return params != nullptr && std::string(params).find("seed") != std::string::npos;
}

}  // namespace

void CheckCompiledProperty(const rc::detail::Property& property, int max_success) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  const std::string test_name = std::string(info->test_suite_name()) + "." + info->name();
  rc::detail::TestParams params = rc::detail::configuration().testParams;
  if (!EnvironmentSetsSeed()) params.seed = SeedFor(test_name);
  params.maxSuccess = max_success;

  rc::detail::TestMetadata metadata;
  metadata.id = test_name;
  metadata.description = test_name;
  const auto result = rc::detail::checkProperty(property, metadata, params);
  if (!result.is<rc::detail::SuccessResult>()) {
    std::ostringstream message;
    rc::detail::printResultMessage(result, message);
    ADD_FAILURE() << message.str() << "\nReproduce with RC_PARAMS=\"seed=" << params.seed
                  << "\" --gtest_filter=" << test_name;
  }
}

template <typename T>
rc::Gen<T> GenValue() {
  using Limits = std::numeric_limits<T>;
  if constexpr (std::is_floating_point_v<T>) {
    // Finite values are multiples of 1/1024 below 2^53 in magnitude, so they repeat often.
    return rc::gen::weightedOneOf<T>({
        {4, rc::gen::map(rc::gen::inRange(-8, 9), [](int v) { return static_cast<T>(v); })},
        {2, rc::gen::map(rc::gen::arbitrary<int64_t>(), [](int64_t v) { return static_cast<T>(v) / 1024; })},
        {1, rc::gen::arbitrary<T>()},
        {2, rc::gen::element<T>(Limits::quiet_NaN(), -Limits::quiet_NaN(), std::nan("0x5"), Limits::infinity(),
                                -Limits::infinity(), 0.0, -0.0, Limits::max(), Limits::lowest(), Limits::denorm_min(),
                                -Limits::denorm_min(), Limits::min())},
    });
  } else if constexpr (std::is_same_v<T, int128_t>) {
    const int128_t max = ~(static_cast<int128_t>(1) << 127);
    const int128_t min = -max - 1;
    return rc::gen::weightedOneOf<T>({
        {4, rc::gen::map(rc::gen::inRange(-8, 9), [](int v) { return static_cast<T>(v); })},
        {3, rc::gen::map(rc::gen::pair(rc::gen::arbitrary<int64_t>(), rc::gen::arbitrary<uint64_t>()),
                         [](std::pair<int64_t, uint64_t> p) {
                           return static_cast<T>((static_cast<unsigned __int128>(p.first) << 64) | p.second);
                         })},
        {2, rc::gen::map(rc::gen::arbitrary<int64_t>(), [](int64_t v) { return static_cast<T>(v); })},
        {2, rc::gen::elementOf(std::vector<T>{max, min, max - 1, min + 1, 0, -1, 1})},
    });
  } else {
    return rc::gen::weightedOneOf<T>({
        {4, rc::gen::map(rc::gen::inRange(-8, 9), [](int v) { return static_cast<T>(v); })},
        {3, rc::gen::arbitrary<T>()},
        {2, rc::gen::element<T>(Limits::max(), Limits::min(), Limits::max() - 1, Limits::min() + 1, T{0}, T{-1}, T{1})},
    });
  }
}

template rc::Gen<int32_t> GenValue();
template rc::Gen<int64_t> GenValue();
template rc::Gen<int128_t> GenValue();
template rc::Gen<double> GenValue();

rc::Gen<size_t> GenLength() {
  return rc::gen::weightedOneOf<size_t>({
      {9, rc::gen::inRange<size_t>(0, 301)},
      {1, rc::gen::inRange<size_t>(4000, 5001)},
  });
}

template <typename T>
rc::Gen<std::vector<T>> GenValues(size_t n) {
  return rc::gen::weightedOneOf<std::vector<T>>({
      {5, rc::gen::container<std::vector<T>>(n, GenValue<T>())},
      {1, rc::gen::map(GenValue<T>(), [n](T v) { return std::vector<T>(n, v); })},
  });
}

template rc::Gen<std::vector<int32_t>> GenValues(size_t);
template rc::Gen<std::vector<int64_t>> GenValues(size_t);
template rc::Gen<std::vector<int128_t>> GenValues(size_t);
template rc::Gen<std::vector<double>> GenValues(size_t);

namespace {

/// n booleans, true with one of a few probabilities (0, 10%, 50%, 90%, 100%).
rc::Gen<std::vector<bool>> GenFlags(size_t n) {
  return rc::gen::exec([n] {
    const int percent = *rc::gen::element(0, 10, 50, 90, 100);
    std::vector<bool> flags(n);
    if (percent == 0 || percent == 100) {
      std::fill(flags.begin(), flags.end(), percent == 100);
    } else {
      flags = *rc::gen::container<std::vector<bool>>(
          n, rc::gen::weightedElement<bool>(
                 {{static_cast<size_t>(percent), true}, {static_cast<size_t>(100 - percent), false}}));
    }
    return flags;
  });
}

}  // namespace

rc::Gen<std::vector<uint8_t>> GenValidityBits(size_t n) {
  return rc::gen::map(GenFlags(n), [n](const std::vector<bool>& valid) {
    std::vector<uint8_t> bits(bitmap::Bytes(n), 0xff);  // bits past n stay set: garbage
    for (size_t i = 0; i < n; ++i) bitmap::SetTo(bits.data(), i, valid[i]);
    return bits;
  });
}

rc::Gen<SelectionInput> GenSelection(size_t n) {
  return rc::gen::exec([n] {
    SelectionInput selection;
    selection.present = *rc::gen::weightedElement<bool>({{1, true}, {1, false}});
    if (selection.present) {
      const std::vector<bool> keep = *GenFlags(n);
      for (size_t i = 0; i < n; ++i) {
        if (keep[i]) selection.rows.push_back(static_cast<uint32_t>(i));
      }
    }
    return selection;
  });
}

bool SumsAgree(double expected, double actual, double magnitude) {
  if (std::isnan(expected) || std::isnan(actual)) return std::isnan(expected) && std::isnan(actual);
  if (std::isinf(expected) || std::isinf(actual)) return expected == actual;
  return std::fabs(expected - actual) <= 1e-9 * magnitude;
}

std::string ToString(int128_t v) {
  if (v == 0) return "0";
  const bool negative = v < 0;
  auto magnitude = negative ? -static_cast<unsigned __int128>(v) : static_cast<unsigned __int128>(v);
  std::string digits;
  for (; magnitude != 0; magnitude /= 10) digits.insert(digits.begin(), static_cast<char>('0' + magnitude % 10));
  return negative ? "-" + digits : digits;
}

}  // namespace orbit::kernel_test
