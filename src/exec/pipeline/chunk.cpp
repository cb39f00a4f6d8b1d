#include "exec/pipeline/chunk.h"

#include <cstring>

#include "columnar/bitmap.h"

namespace orbit {

Chunk SliceChunk(const Chunk& chunk, int64_t begin, int64_t length) {
  Chunk slice;
  slice.size = length;
  slice.columns.reserve(chunk.columns.size());
  for (const Vector& column : chunk.columns) slice.columns.push_back({column.view.Slice(begin, length), column.owner});
  if (chunk.row_mask != nullptr) {
    const size_t bytes = bitmap::Bytes(static_cast<size_t>(length));
    auto mask = Buffer::Allocate(bytes);
    std::memcpy(mask->mutable_data(), chunk.row_mask->data() + begin / 8, bytes);
    // Bits past the slice's end must not count as rows.
    if (length % 8 != 0) mask->mutable_data()[bytes - 1] &= static_cast<uint8_t>((1u << (length % 8)) - 1);
    slice.masked_rows = length - static_cast<int64_t>(bitmap::CountSet(mask->data(), static_cast<size_t>(length)));
    slice.row_mask = std::move(mask);
    slice.keep_alive = chunk.keep_alive;
  }
  return slice;
}

}  // namespace orbit
