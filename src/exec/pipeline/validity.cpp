#include "exec/pipeline/validity.h"

#include <cstring>

#include "columnar/bitmap.h"

namespace orbit {

std::shared_ptr<Buffer> CombineValidity(const uint8_t* a, const uint8_t* b, int64_t n) {
  if (a == nullptr && b == nullptr) return nullptr;
  size_t bytes = bitmap::Bytes(n);
  auto out = Buffer::Allocate(bytes);
  uint8_t* r = out->mutable_data();
  if (a == nullptr || b == nullptr) {
    std::memcpy(r, a ? a : b, bytes);
  } else {
    for (size_t i = 0; i < bytes; ++i) r[i] = a[i] & b[i];
  }
  return out;
}

}  // namespace orbit
