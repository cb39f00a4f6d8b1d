// HyperLogLog over the hash kernels' hashes: the approximate number of distinct values in
// 2^bits one-byte registers (standard error about 1.04 / sqrt(2^bits)), for the optimizer's
// column statistics (4096 registers) and approx_count_distinct (1024 a group). Registers
// merge by their maximum, so partial sketches of threads and window frames combine.
#pragma once

#include <cstdint>

namespace orbit::hyper_log_log {

/// Counts the value whose hash kernel hash is `hash` into `registers` (2^bits of them).
void Add(uint8_t* registers, int bits, uint64_t hash);
/// The estimate of distinct values counted into `registers`.
double Estimate(const uint8_t* registers, int bits);

}  // namespace orbit::hyper_log_log
