// Hashing the key columns of a set of rows into one 64-bit hash per row, through the hash
// kernels of a backend: what group tables, join tables and distinct-count statistics share.
#pragma once

#include <cstdint>
#include <vector>

#include "columnar/column.h"

namespace orbit {

struct HashKernels;

/// Hashes for n rows of the key columns (combined), using the given hash kernels.
void HashKeys(const HashKernels& kernels, const std::vector<ColumnView>& keys, int64_t n, uint64_t* out);

}  // namespace orbit
