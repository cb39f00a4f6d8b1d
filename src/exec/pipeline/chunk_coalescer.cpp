#include "exec/pipeline/chunk_coalescer.h"

#include "exec/pipeline/gather.h"

namespace orbit {

void ChunkCoalescer::Add(const Chunk& chunk) {
  rows_ += chunk.size;
  parts_.push_back(chunk);
}

Chunk ChunkCoalescer::Take() {
  Chunk out;
  if (parts_.size() == 1) {
    out = std::move(parts_[0]);
  } else {
    out.size = rows_;
    const size_t width = parts_[0].columns.size();
    std::vector<ColumnView> views(parts_.size());
    for (size_t c = 0; c < width; ++c) {
      for (size_t p = 0; p < parts_.size(); ++p) views[p] = parts_[p].columns[c].view;
      out.columns.push_back(Vector::Of(ConcatenateViews(views, views[0].type)));
    }
  }
  parts_.clear();
  rows_ = 0;
  return out;
}

}  // namespace orbit
