// The value semantics every kernel backend must reproduce exactly, written once as plain
// scalar code: how values compare (PostgreSQL's order for doubles), how values hash, and
// how validity bitmaps and selection vectors are read. The per-element functions live in
// value_semantics.h, shared with the CUDA kernels. The reference backend is built from
// these; faster backends use them for their scalar tails and must agree with them bit for
// bit (the differential suite in tests/kernels checks that they do).
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "columnar/bitmap.h"
#include "kernels/kernel_table.h"
#include "kernels/value_semantics.h"

namespace orbit::kernels {

inline bool IsValidRow(const uint8_t* validity, size_t row) {
  return validity == nullptr || bitmap::Get(validity, row);
}

}  // namespace orbit::kernels
