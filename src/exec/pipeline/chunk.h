// The unit operators pass along a pipeline: up to kVectorSize rows of several columns.
// A Vector either views table storage (owner null) or holds a freshly computed column
// (owner keeps it alive); both look the same to consumers.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "columnar/column.h"

namespace orbit {

/// Rows per vector: small enough that a vector of every column stays in L1/L2.
constexpr int64_t kVectorSize = 2048;

struct Vector {
  ColumnView view;
  ColumnPtr owner;

  static Vector Of(ColumnPtr column) {
    Vector v;
    v.view = column->view();
    v.owner = std::move(column);
    return v;
  }
};

struct Chunk {
  std::vector<Vector> columns;
  int64_t size = 0;

  /// Set only by a Filter that masks instead of compacting, for a consumer that accepts
  /// masked chunks (a grouped HashAggregate): of rows [0, size) only those whose bit is set
  /// exist, and every column reads NULL in the others (so expressions over them can fail
  /// on no filtered-out row). Compacting costs a copy of every column; when most rows pass,
  /// masking costs a bitmap.
  std::shared_ptr<Buffer> row_mask;
  int64_t masked_rows = 0;  // rows of [0, size) that the mask clears
  /// Buffers the views of a masked chunk point into (the masked validity bitmaps).
  std::vector<std::shared_ptr<Buffer>> keep_alive;

  /// The rows that exist.
  int64_t rows() const { return size - masked_rows; }
  /// Back to an unmasked chunk (a source reusing the chunk for its next vector).
  void ClearMask() {
    row_mask = nullptr;
    masked_rows = 0;
    keep_alive.clear();
  }
};

/// Rows [begin, begin + length) of `chunk` (begin a multiple of 8): views into the same
/// columns, sharing their ownership, and the matching part of a row mask.
Chunk SliceChunk(const Chunk& chunk, int64_t begin, int64_t length);

/// Per-row scratch space of an operator: on the stack for a host vector, on the heap for
/// a wide chunk of a device pipeline (kDeviceVectorRows). Left uninitialised.
template <typename T>
class RowScratch {
 public:
  explicit RowScratch(int64_t rows) {
    if (rows > kVectorSize) heap_.reset(new T[static_cast<size_t>(rows)]);
  }
  T* data() { return heap_ ? heap_.get() : stack_; }

 private:
  T stack_[kVectorSize];
  std::unique_ptr<T[]> heap_;
};

}  // namespace orbit
