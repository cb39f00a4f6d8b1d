// Reference hashing: the hash functions of kernel_semantics.h applied row by row.
#include "kernels/kernel_semantics.h"
#include "kernels/reference/reference_kernels.h"

namespace orbit::reference {
namespace {

/// Stores or folds in the hash of each row; `row_hash(i)` is only asked for valid rows.
template <typename RowHash>
void HashRows(const uint8_t* validity, size_t n, bool combine, uint64_t* out, RowHash row_hash) {
  for (size_t i = 0; i < n; ++i) {
    const uint64_t h = kernels::IsValidRow(validity, i) ? row_hash(i) : kernels::kNullHash;
    out[i] = combine ? kernels::CombineHashes(out[i], h) : h;
  }
}

void HashInt32(const int32_t* values, const uint8_t* validity, size_t n, bool combine, uint64_t* out) {
  HashRows(validity, n, combine, out, [&](size_t i) { return kernels::HashInt32(values[i]); });
}

void HashInt64(const int64_t* values, const uint8_t* validity, size_t n, bool combine, uint64_t* out) {
  HashRows(validity, n, combine, out, [&](size_t i) { return kernels::HashInt64(values[i]); });
}

void HashInt128(const int128_t* values, const uint8_t* validity, size_t n, bool combine, uint64_t* out) {
  HashRows(validity, n, combine, out, [&](size_t i) { return kernels::HashInt128(values[i]); });
}

void HashDouble(const double* values, const uint8_t* validity, size_t n, bool combine, uint64_t* out) {
  HashRows(validity, n, combine, out, [&](size_t i) { return kernels::HashDouble(values[i]); });
}

void HashString(const int32_t* offsets, const char* chars, const uint8_t* validity, size_t n, bool combine,
                uint64_t* out) {
  HashRows(validity, n, combine, out, [&](size_t i) {
    return kernels::HashBytes(chars + offsets[i], static_cast<size_t>(offsets[i + 1] - offsets[i]));
  });
}

}  // namespace

HashKernels Hash() { return {&HashInt32, &HashInt64, &HashInt128, &HashDouble, &HashString}; }

}  // namespace orbit::reference
