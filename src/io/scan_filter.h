// A condition a file reader may use to skip data it need not read: a column compared with
// a constant. The optimizer finds these among a scan's filters (which still run on every
// row read); readers with statistics (Parquet's row groups) skip what cannot match.
#pragma once

#include <cstdint>
#include <string>

#include "columnar/value.h"

namespace orbit {

enum class ScanFilterOp : uint8_t { kEq, kLt, kLe, kGt, kGe };

struct ScanFilter {
  int column = 0;  // position in the source's columns
  ScanFilterOp op = ScanFilterOp::kEq;
  Value constant;  // of the column's type, never NULL

  /// "l_quantity < 5", for EXPLAIN.
  std::string ToString(const std::string& column_name) const;
};

}  // namespace orbit
