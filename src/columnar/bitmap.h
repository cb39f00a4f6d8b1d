// Arrow validity bitmaps: bit i (least significant bit first) says whether row i is valid.
#pragma once

#include <cstddef>
#include <cstdint>

namespace orbit::bitmap {

inline bool Get(const uint8_t* bits, size_t i) { return (bits[i >> 3] >> (i & 7)) & 1; }
inline void Set(uint8_t* bits, size_t i) { bits[i >> 3] |= static_cast<uint8_t>(1u << (i & 7)); }
inline void Clear(uint8_t* bits, size_t i) { bits[i >> 3] &= static_cast<uint8_t>(~(1u << (i & 7))); }
inline void SetTo(uint8_t* bits, size_t i, bool v) { v ? Set(bits, i) : Clear(bits, i); }
inline size_t Bytes(size_t bits) { return (bits + 7) / 8; }
/// Number of set bits among the first `n`.
size_t CountSet(const uint8_t* bits, size_t n);

}  // namespace orbit::bitmap
