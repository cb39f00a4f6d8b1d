// The order top-k selection keeps (TopKKernels in kernel_table.h), written once for every
// backend: PostgreSQL's order of doubles (NaN above everything, -0.0 = 0.0), in the asked
// direction, ties going to the smaller id in either direction.
#pragma once

#include <cstdint>

#include "kernels/kernel_table.h"
#include "kernels/value_semantics.h"

namespace orbit::kernels {

/// Whether (score_a, id_a) ranks before (score_b, id_b).
inline bool TopKBefore(TopKOrder order, double score_a, int64_t id_a, double score_b, int64_t id_b) {
  if (!ValuesEqual(score_a, score_b)) {
    return order == TopKOrder::kDescending ? ValueLess(score_b, score_a) : ValueLess(score_a, score_b);
  }
  return id_a < id_b;
}

}  // namespace orbit::kernels
