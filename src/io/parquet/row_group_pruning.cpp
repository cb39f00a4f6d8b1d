#include "io/parquet/row_group_pruning.h"

#include <cmath>
#include <string_view>

namespace orbit {

namespace {

template <typename T>
int Order(const T& a, const T& b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

// -1, 0 or 1 as a is below, equal to or above b (both of one type, neither NULL).
int CompareValues(const Value& a, const Value& b) {
  switch (a.type.id) {
    case TypeId::kBoolean: return Order(a.bool_value, b.bool_value);
    case TypeId::kDouble: return Order(a.double_value, b.double_value);
    case TypeId::kVarchar: {
      // Byte order, as VARCHAR compares and as Parquet orders UTF-8 statistics.
      const std::string_view left = a.string_value;
      const int c = left.compare(b.string_value);
      return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    default: return Order(a.AsInt128(), b.AsInt128());
  }
}

}  // namespace

bool RuledOut(const ScanFilter& filter, const ColumnStatistics& statistics, int64_t rows) {
  // A comparison is never true on NULL: a row group of NULLs only has no row that passes.
  if (statistics.null_count >= 0 && statistics.null_count == rows) return true;
  if (!statistics.has_min_max || filter.constant.is_null) return false;
  if (statistics.min.type != filter.constant.type) return false;
  if (filter.constant.type.id == TypeId::kDouble) {
    if (std::isnan(filter.constant.double_value) || std::isnan(statistics.min.double_value) ||
        std::isnan(statistics.max.double_value)) {
      return false;
    }
    if (filter.op == ScanFilterOp::kGt || filter.op == ScanFilterOp::kGe) return false;
  }
  const int above_min = CompareValues(filter.constant, statistics.min);  // constant vs min
  const int above_max = CompareValues(filter.constant, statistics.max);  // constant vs max
  switch (filter.op) {
    case ScanFilterOp::kEq: return above_min < 0 || above_max > 0;
    case ScanFilterOp::kLt: return above_min <= 0;  // column < c, and min >= c
    case ScanFilterOp::kLe: return above_min < 0;
    case ScanFilterOp::kGt: return above_max >= 0;  // column > c, and max <= c
    case ScanFilterOp::kGe: return above_max > 0;
  }
  return false;
}

}  // namespace orbit
