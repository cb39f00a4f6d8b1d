// A window function as the registry holds it (row_number, rank, lag, first_value, ...), and
// what a window frame is. Every aggregate of the registry is also a window function; those
// are AggregateFunction entries, run over frames by the window operator with the hash
// aggregate's own states (exec/operators/window_sink.h). The entry says what a name calls,
// how many arguments it takes and what it returns, for the binder and orbit_functions().
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "columnar/data_type.h"
#include "functions/scalar_function.h"

namespace orbit {

enum class WindowKind : uint8_t {
  kAggregate,  // an aggregate over the frame (WindowCall::aggregate)
  kRowNumber,
  kRank,
  kDenseRank,
  kPercentRank,
  kCumeDist,
  kNtile,
  kLag,
  kLead,
  kFirstValue,
  kLastValue,
  kNthValue,
};

/// Whether the function reads the frame (the value functions); the ranking functions and
/// lag/lead read the partition and the peers only, as in PostgreSQL.
inline bool UsesFrame(WindowKind kind) {
  return kind == WindowKind::kAggregate || kind == WindowKind::kFirstValue || kind == WindowKind::kLastValue ||
         kind == WindowKind::kNthValue;
}

/// ROWS counts rows, RANGE compares the ORDER BY value, GROUPS counts peer groups.
enum class FrameUnit : uint8_t { kRows, kRange, kGroups };
enum class FrameBoundKind : uint8_t { kUnboundedPreceding, kPreceding, kCurrentRow, kFollowing, kUnboundedFollowing };
enum class FrameExclusion : uint8_t { kNoOthers, kCurrentRow, kGroup, kTies };

const char* FrameUnitName(FrameUnit unit);

struct WindowFunction {
  std::string name;
  WindowKind kind = WindowKind::kRowNumber;
  std::vector<Signature> signatures;
  std::string description;
  int min_arguments = 0;
  int max_arguments = 0;
};

}  // namespace orbit
