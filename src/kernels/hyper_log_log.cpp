#include "kernels/hyper_log_log.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstddef>

namespace orbit::hyper_log_log {

namespace {

// The hash kernels' output re-mixed (splitmix64's finaliser), so that register index and
// rank draw on well-spread bits whatever the kernels' hash looks like.
uint64_t Mix(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace

void Add(uint8_t* registers, int bits, uint64_t hash) {
  const uint64_t h = Mix(hash);
  const size_t index = h >> (64 - bits);
  const auto rank = static_cast<uint8_t>(std::countl_zero((h << bits) | 1) + 1);
  registers[index] = std::max(registers[index], rank);
}

double Estimate(const uint8_t* registers, int bits) {
  const size_t count = size_t{1} << bits;
  double sum = 0;
  size_t zeros = 0;
  for (size_t i = 0; i < count; ++i) {
    sum += std::ldexp(1.0, -registers[i]);
    zeros += registers[i] == 0;
  }
  const double m = static_cast<double>(count);
  const double estimate = 0.7213 / (1 + 1.079 / m) * m * m / sum;
  // Small cardinalities: linear counting over the empty registers is more accurate.
  if (estimate <= 2.5 * m && zeros > 0) return m * std::log(m / static_cast<double>(zeros));
  return estimate;
}

}  // namespace orbit::hyper_log_log
