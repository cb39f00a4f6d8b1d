// The unit operators pass along a pipeline: up to kVectorSize rows of several columns.
// A Vector either views table storage (owner null) or holds a freshly computed column
// (owner keeps it alive); both look the same to consumers.
#pragma once

#include <cstdint>
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
};

}  // namespace orbit
