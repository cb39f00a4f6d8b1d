// sum, avg, min and max of INTERVAL values, in an AggregateState's 16-byte slots: the sum
// part by part with PostgreSQL's overflow error, avg as the sum divided with interval_div's
// cascading, min and max by the span ('1 mon' = '30 days'; the first one seen is kept).
#include "columnar/interval.h"
#include "exec/operators/aggregate_state.h"

namespace orbit {

namespace {

bool Better(bool is_min, int128_t candidate, int128_t current) {
  const int128_t a = IntervalSpanOfBits(candidate), b = IntervalSpanOfBits(current);
  return is_min ? a < b : b < a;
}

}  // namespace

bool AggregateState::IsIntervalAggregate() const {
  return input_type_.is_interval() && !distinct_ && !collected_ &&
         (call_.kind == AggregateKind::kSum || call_.kind == AggregateKind::kAvg || call_.kind == AggregateKind::kMin ||
          call_.kind == AggregateKind::kMax);
}

Status AggregateState::Fold(uint32_t g, int128_t value, int64_t count) {
  const bool is_min = call_.kind == AggregateKind::kMin;
  if (call_.kind == AggregateKind::kSum || call_.kind == AggregateKind::kAvg) {
    ORBIT_ASSIGN_OR_RETURN(IntervalValue sum, IntervalAdd(UnpackInterval(i128_[g]), UnpackInterval(value)));
    i128_[g] = PackInterval(sum);
  } else if (counts_[g] == 0 || Better(is_min, value, i128_[g])) {
    i128_[g] = value;
  }
  counts_[g] += count;
  return Status::OK();
}

Status AggregateState::UpdateInterval(const ColumnView& a, const uint32_t* groups, int64_t n) {
  const int128_t* values = a.values<int128_t>();
  for (int64_t i = 0; i < n; ++i) {
    if (a.IsValid(i)) ORBIT_RETURN_IF_ERROR(Fold(groups ? groups[i] : 0, values[i], 1));
  }
  return Status::OK();
}

Status AggregateState::MergeInterval(const AggregateState& other, size_t og, uint32_t g) {
  if (other.counts_[og] == 0) return Status::OK();
  return Fold(g, other.i128_[og], other.counts_[og]);
}

Result<int128_t> AggregateState::IntervalResult(AggregateKind kind, size_t g) const {
  if (kind != AggregateKind::kAvg) return i128_[g];
  ORBIT_ASSIGN_OR_RETURN(IntervalValue avg, IntervalDivide(UnpackInterval(i128_[g]), static_cast<double>(counts_[g])));
  return PackInterval(avg);
}

}  // namespace orbit
