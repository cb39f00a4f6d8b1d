#include "exec/operators/aggregate_state.h"

#include <algorithm>
#include <cmath>

#include "columnar/value_format.h"
#include "common/check.h"
#include "exec/operators/row_order.h"
#include "exec/operators/value_order_aggregates.h"
#include "kernels/hash_keys.h"
#include "kernels/hyper_log_log.h"

namespace orbit {

AggregateState::AggregateState(const AggregateCall& call) : call_(call) {
  if (call.argument) {
    input_type_ = call.argument->type;
    input_physical_ = physical_type(input_type_);
  }
  if (call.distinct) distinct_ = std::make_unique<DistinctValues>(input_type_);
  if (IsOrderedAggregate(call.kind)) {
    std::vector<DataType> types{input_type_};
    if (call.second) types.push_back(call.second->type);
    for (const SortKey& key : call.order_by) types.push_back(key.expression->type);
    collected_ = std::make_unique<CollectedRows>(std::move(types));
  }
}

namespace {
bool IsSum(AggregateKind k) { return k == AggregateKind::kSum || k == AggregateKind::kAvg; }
bool IsMinMax(AggregateKind k) { return k == AggregateKind::kMin || k == AggregateKind::kMax; }
bool IsSpread(AggregateKind k) {
  return k == AggregateKind::kVarSamp || k == AggregateKind::kVarPop || k == AggregateKind::kStddevSamp ||
         k == AggregateKind::kStddevPop;
}
bool IsLogical(AggregateKind k) { return k == AggregateKind::kBoolAnd || k == AggregateKind::kBoolOr; }

template <typename T>
void MinMaxScalar(bool is_min, const T& v, T& acc, int64_t& count) {
  if (count == 0 || (is_min ? v < acc : acc < v)) acc = v;
  ++count;
}
}  // namespace

bool IsBivariateAggregate(AggregateKind kind) { return kind >= AggregateKind::kCovarPop; }
bool IsHostOnlyAggregate(AggregateKind kind) {
  return IsSpread(kind) || IsLogical(kind) || IsBivariateAggregate(kind) || IsOrderedAggregate(kind) ||
         kind == AggregateKind::kApproxCountDistinct;
}
// min/max of BOOLEAN run the host's loop (UpdateScalarMinMax), as no kernel reads bits.
bool IsHostOnlyCall(const AggregateCall& call) {
  // INTERVAL sums and extremes fold per row on the host (interval_aggregate_state.cpp).
  return call.distinct || IsHostOnlyAggregate(call.kind) || (call.argument && call.argument->type.is_interval()) ||
         (IsMinMax(call.kind) && call.argument && call.argument->type.id == TypeId::kBoolean);
}

namespace {
constexpr int kSketchBits = 10;  // approx_count_distinct's registers: 1024 a group
constexpr size_t kSketchBytes = size_t{1} << kSketchBits;
}  // namespace

void AggregateState::Resize(size_t groups) {
  counts_.resize(groups, 0);
  if (distinct_ || collected_) return;
  if (call_.kind == AggregateKind::kApproxCountDistinct) {
    registers_.resize(groups * kSketchBytes, 0);
    return;
  }
  if (IsBivariateAggregate(call_.kind)) {
    co_moments_.Resize(groups);
  } else if (IsSpread(call_.kind)) {
    f64_.resize(groups, 0);
    m2_.resize(groups, 0);
    shift_.resize(groups, 0);
    i128_.resize(groups, 0);
  } else if (IsLogical(call_.kind)) {
    i64_.resize(groups, call_.kind == AggregateKind::kBoolAnd ? 1 : 0);
  } else if (IsSum(call_.kind)) {
    switch (input_physical_) {
      case PhysicalType::kInt32: i64_.resize(groups, 0); break;
      case PhysicalType::kInt64:
      case PhysicalType::kInt128: i128_.resize(groups, 0); break;
      case PhysicalType::kDouble: f64_.resize(groups, 0); break;
      default: break;
    }
  } else if (IsMinMax(call_.kind)) {
    switch (input_physical_) {
      case PhysicalType::kInt32: i32_.resize(groups, 0); break;
      case PhysicalType::kInt64:
      case PhysicalType::kBit: i64_.resize(groups, 0); break;
      case PhysicalType::kInt128: i128_.resize(groups, 0); break;
      case PhysicalType::kDouble: f64_.resize(groups, 0); break;
      case PhysicalType::kString: strings_.resize(groups); break;
      default: break;
    }
  }
}

Status AggregateState::OverflowError() const {
  return Status::OutOfRange("overflow in {}: the sum does not fit {}", call_.ToString(), call_.type.ToString());
}

Status AggregateState::Update(const KernelTable& kernels, const ColumnView* arg, const uint32_t* groups, int64_t n,
                              const uint8_t* row_mask) {
  if (distinct_) {
    kernels_ = &kernels;
    distinct_->Add(kernels.hash, *arg, groups, n, row_mask);
    return Status::OK();
  }
  if (IsIntervalAggregate()) return UpdateInterval(*arg, groups, n);
  switch (call_.kind) {
    case AggregateKind::kCountStar:
      if (groups == nullptr) {
        counts_[0] += n;
      } else {
        for (int64_t i = 0; i < n; ++i) ++counts_[groups[i]];
      }
      return Status::OK();
    case AggregateKind::kCount:
      if (groups == nullptr) {
        counts_[0] += arg->validity ? static_cast<int64_t>(bitmap::CountSet(arg->validity, n)) : n;
      } else {
        for (int64_t i = 0; i < n; ++i) counts_[groups[i]] += arg->IsValid(i);
      }
      return Status::OK();
    case AggregateKind::kSum:
    case AggregateKind::kAvg: return UpdateSum(kernels, *arg, groups, n);
    case AggregateKind::kMin:
    case AggregateKind::kMax: UpdateMinMax(kernels, *arg, groups, n); return Status::OK();
    case AggregateKind::kVarSamp:
    case AggregateKind::kVarPop:
    case AggregateKind::kStddevSamp:
    case AggregateKind::kStddevPop: UpdateSpread(*arg, groups, n); return Status::OK();
    case AggregateKind::kBoolAnd:
    case AggregateKind::kBoolOr: UpdateLogical(*arg, groups, n); return Status::OK();
    case AggregateKind::kApproxCountDistinct: UpdateSketch(kernels, *arg, groups, n); return Status::OK();
    default: return Status::Internal("{} reads pairs (UpdatePairs), not one argument", call_.ToString());
  }
  return Status::OK();
}

double AggregateState::SpreadUnit() const {
  return input_type_.is_decimal() ? static_cast<double>(Pow10(input_type_.scale)) : 1.0;
}

// a - b of a variance's shifts: exact in the integers an INTEGER, BIGINT or DECIMAL holds
// (1000000000.1 has no exact double, its distance from 1000000000.2 has), else in doubles.
double AggregateState::ShiftDistance(const AggregateState& a, size_t ga, const AggregateState& b, size_t gb) {
  if (a.input_physical_ == PhysicalType::kDouble) return a.shift_[ga] - b.shift_[gb];
  int128_t d = 0;
  if (__builtin_sub_overflow(a.i128_[ga], b.i128_[gb], &d)) {
    return (static_cast<double>(a.i128_[ga]) - static_cast<double>(b.i128_[gb])) / a.SpreadUnit();
  }
  return static_cast<double>(d) / a.SpreadUnit();
}

void AggregateState::UpdateSpread(const ColumnView& a, const uint32_t* g, int64_t n) {
  const double unit = SpreadUnit();
  const bool exact = input_physical_ != PhysicalType::kDouble;
  auto scaled = [&](int64_t i) -> int128_t {
    switch (input_physical_) {
      case PhysicalType::kInt32: return a.values<int32_t>()[i];
      case PhysicalType::kInt64: return a.values<int64_t>()[i];
      default: return a.values<int128_t>()[i];
    }
  };
  for (int64_t i = 0; i < n; ++i) {
    if (!a.IsValid(i)) continue;
    const uint32_t group = g ? g[i] : 0;
    // Welford's step over x less the group's first value (the shift): the mean moves by a
    // share of the distance, M2 grows by its product.
    double x = 0;
    if (exact) {
      const int128_t v = scaled(i);
      if (counts_[group] == 0) i128_[group] = v;
      int128_t d = 0;
      x = __builtin_sub_overflow(v, i128_[group], &d)
              ? (static_cast<double>(v) - static_cast<double>(i128_[group])) / unit
              : static_cast<double>(d) / unit;
    } else {
      const double v = a.values<double>()[i];
      if (counts_[group] == 0) shift_[group] = v;
      x = v - shift_[group];
    }
    const double before = x - f64_[group];
    f64_[group] += before / static_cast<double>(++counts_[group]);
    m2_[group] += before * (x - f64_[group]);
  }
}

void AggregateState::UpdateSketch(const KernelTable& kernels, const ColumnView& a, const uint32_t* g, int64_t n) {
  std::vector<uint64_t> hashes(static_cast<size_t>(n));
  HashKeys(kernels.hash, {a}, n, hashes.data());
  for (int64_t i = 0; i < n; ++i) {
    if (!a.IsValid(i)) continue;
    const uint32_t group = g ? g[i] : 0;
    hyper_log_log::Add(&registers_[group * kSketchBytes], kSketchBits, hashes[i]);
    ++counts_[group];
  }
}

void AggregateState::UpdateOrdered(const std::vector<ColumnView>& columns, const uint32_t* groups, int64_t n,
                                   const uint8_t* row_mask) {
  std::vector<uint8_t> keep(bitmap::Bytes(n), 0xFF);
  for (int64_t i = 0; i < n; ++i) {
    // array_agg keeps NULL values as NULL elements; the others leave them out.
    // array_agg's FILTER condition is its second column.
    const bool array_agg = call_.kind == AggregateKind::kArrayAgg;
    const bool skip_null = !array_agg && !columns[0].IsValid(i);
    const bool filtered = array_agg && call_.second && (!columns[1].IsValid(i) || !columns[1].GetBool(i));
    if (skip_null || filtered || (row_mask && !bitmap::Get(row_mask, i))) bitmap::Clear(keep.data(), i);
  }
  collected_->Add(columns, groups, n, keep.data());
}

void AggregateState::UpdatePairs(const ColumnView& y, const ColumnView& x, const uint32_t* g, int64_t n) {
  for (int64_t i = 0; i < n; ++i) {
    if (!y.IsValid(i) || !x.IsValid(i)) continue;
    const uint32_t group = g ? g[i] : 0;
    co_moments_.Add(group, ++counts_[group], y.values<double>()[i], x.values<double>()[i]);
  }
}

void AggregateState::UpdateLogical(const ColumnView& a, const uint32_t* g, int64_t n) {
  const bool all = call_.kind == AggregateKind::kBoolAnd;
  for (int64_t i = 0; i < n; ++i) {
    if (!a.IsValid(i)) continue;
    const uint32_t group = g ? g[i] : 0;
    const int64_t v = a.GetBool(i) ? 1 : 0;
    i64_[group] = all ? (i64_[group] & v) : (i64_[group] | v);
    ++counts_[group];
  }
}

bool AggregateState::Spread(AggregateKind kind, size_t g, double* out) const {
  const int64_t count = counts_[g];
  const bool sample = kind == AggregateKind::kVarSamp || kind == AggregateKind::kStddevSamp;
  if (count == 0 || (sample && count == 1)) return false;
  // M2 is a sum of squares; rounding must not make it negative.
  const double variance = std::max(0.0, m2_[g]) / static_cast<double>(sample ? count - 1 : count);
  *out = kind == AggregateKind::kVarSamp || kind == AggregateKind::kVarPop ? variance : std::sqrt(variance);
  return true;
}

Status AggregateState::UpdateSum(const KernelTable& k, const ColumnView& a, const uint32_t* g, int64_t n) {
  const uint8_t* v = a.validity;
  bool ok = true;
  switch (input_physical_) {
    case PhysicalType::kInt32:
      ok = g ? k.grouped_i32.sum(a.values<int32_t>(), v, g, n, i64_.data(), counts_.data())
             : k.agg_i32.sum(a.values<int32_t>(), v, n, &i64_[0], &counts_[0]);
      break;
    case PhysicalType::kInt64:
      ok = g ? k.grouped_i64.sum(a.values<int64_t>(), v, g, n, i128_.data(), counts_.data())
             : k.agg_i64.sum(a.values<int64_t>(), v, n, &i128_[0], &counts_[0]);
      break;
    case PhysicalType::kInt128:
      ok = g ? k.grouped_i128.sum(a.values<int128_t>(), v, g, n, i128_.data(), counts_.data())
             : k.agg_i128.sum(a.values<int128_t>(), v, n, &i128_[0], &counts_[0]);
      break;
    case PhysicalType::kDouble:
      ok = g ? k.grouped_f64.sum(a.values<double>(), v, g, n, f64_.data(), counts_.data())
             : k.agg_f64.sum(a.values<double>(), v, n, &f64_[0], &counts_[0]);
      break;
    default: ORBIT_UNREACHABLE("SUM over {}", input_type_.ToString());
  }
  return ok ? Status::OK() : OverflowError();
}

void AggregateState::UpdateMinMax(const KernelTable& k, const ColumnView& a, const uint32_t* g, int64_t n) {
  bool is_min = call_.kind == AggregateKind::kMin;
  const uint8_t* v = a.validity;
  auto run = [&](const auto& grouped, const auto& flat, const auto* values, auto& accs) {
    if (g) {
      (is_min ? grouped.min : grouped.max)(values, v, g, n, accs.data(), counts_.data());
      return;
    }
    // The ungrouped kernels need a starting value: seed it with the first valid row.
    if (counts_[0] == 0) {
      int64_t first = 0;
      while (first < n && !a.IsValid(first)) ++first;
      if (first == n) return;
      accs[0] = values[first];
    }
    (is_min ? flat.min : flat.max)(values, v, n, &accs[0], &counts_[0]);
  };
  switch (input_physical_) {
    case PhysicalType::kInt32: run(k.grouped_i32, k.agg_i32, a.values<int32_t>(), i32_); break;
    case PhysicalType::kInt64: run(k.grouped_i64, k.agg_i64, a.values<int64_t>(), i64_); break;
    case PhysicalType::kInt128: run(k.grouped_i128, k.agg_i128, a.values<int128_t>(), i128_); break;
    case PhysicalType::kDouble: run(k.grouped_f64, k.agg_f64, a.values<double>(), f64_); break;
    default: UpdateScalarMinMax(a, g, n); break;
  }
}

void AggregateState::UpdateScalarMinMax(const ColumnView& a, const uint32_t* g, int64_t n) {
  bool is_min = call_.kind == AggregateKind::kMin;
  for (int64_t i = 0; i < n; ++i) {
    if (!a.IsValid(i)) continue;
    uint32_t group = g ? g[i] : 0;
    if (input_physical_ == PhysicalType::kString) {
      std::string_view s = a.GetString(i);
      if (counts_[group] == 0 || (is_min ? s < strings_[group] : strings_[group] < s)) strings_[group] = s;
      ++counts_[group];
    } else {
      MinMaxScalar<int64_t>(is_min, a.GetBool(i), i64_[group], counts_[group]);
    }
  }
}

void AggregateState::PrepareMerge() {
  if (distinct_) distinct_->Prepare();
  if (collected_) collected_->Prepare();
}

Status AggregateState::Merge(const AggregateState& other, const std::vector<uint32_t>& map) {
  if (distinct_ || collected_) {
    std::vector<uint32_t> groups;
    std::vector<uint32_t> targets;
    for (size_t og = 0; og < map.size(); ++og) {
      if (map[og] == kSkip) continue;
      groups.push_back(static_cast<uint32_t>(og));
      targets.push_back(map[og]);
    }
    return MergeGroups(other, groups, targets);
  }
  for (size_t og = 0; og < other.counts_.size(); ++og) {
    if (map[og] != kSkip) ORBIT_RETURN_IF_ERROR(MergeGroup(other, og, map[og]));
  }
  return Status::OK();
}

Status AggregateState::MergeGroups(const AggregateState& other, const std::vector<uint32_t>& groups,
                                   const std::vector<uint32_t>& targets) {
  if (distinct_) {
    if (!kernels_) kernels_ = other.kernels_;
    if (kernels_) distinct_->MergeGroups(kernels_->hash, *other.distinct_, groups, targets);
    return Status::OK();
  }
  if (collected_) {
    collected_->MergeGroups(*other.collected_, groups, targets);
    return Status::OK();
  }
  for (size_t i = 0; i < groups.size(); ++i) ORBIT_RETURN_IF_ERROR(MergeGroup(other, groups[i], targets[i]));
  return Status::OK();
}

Status AggregateState::MergeGroup(const AggregateState& other, size_t og, uint32_t g) {
  if (distinct_) return MergeGroups(other, {static_cast<uint32_t>(og)}, {g});
  if (collected_) return Status::Internal("{} cannot merge one group at a time", call_.ToString());
  if (call_.kind == AggregateKind::kApproxCountDistinct) {
    for (size_t r = 0; r < kSketchBytes; ++r) {
      uint8_t& mine = registers_[g * kSketchBytes + r];
      mine = std::max(mine, other.registers_[og * kSketchBytes + r]);
    }
    counts_[g] += other.counts_[og];
    return Status::OK();
  }
  if (IsIntervalAggregate()) return MergeInterval(other, og, g);
  const bool is_min = call_.kind == AggregateKind::kMin;
  const int64_t oc = other.counts_[og];
  if (IsBivariateAggregate(call_.kind)) {
    co_moments_.Merge(g, counts_[g], other.co_moments_, og, oc);
  } else if (IsSpread(call_.kind) && oc > 0) {
    // Chan's pairwise merge of two (count, mean, M2), the means each less its own shift.
    if (counts_[g] == 0) {
      shift_[g] = other.shift_[og];
      i128_[g] = other.i128_[og];
      f64_[g] = other.f64_[og];
      m2_[g] = other.m2_[og];
    } else {
      const auto mine = static_cast<double>(counts_[g]), theirs = static_cast<double>(oc);
      const double total = mine + theirs;
      const double delta = ShiftDistance(other, og, *this, g) + (other.f64_[og] - f64_[g]);
      f64_[g] += delta * (theirs / total);
      m2_[g] += other.m2_[og] + delta * delta * (mine * theirs / total);
    }
  } else if (IsLogical(call_.kind) && oc > 0) {
    i64_[g] = call_.kind == AggregateKind::kBoolAnd ? (i64_[g] & other.i64_[og]) : (i64_[g] | other.i64_[og]);
  } else if (IsMinMax(call_.kind) && oc > 0) {
    auto take = [&](auto& mine, const auto& theirs) {
      bool better = is_min ? theirs[og] < mine[g] : mine[g] < theirs[og];
      if constexpr (std::is_same_v<std::decay_t<decltype(mine)>, Array<double>>) {
        // PostgreSQL order: NaN is the largest double.
        double x = theirs[og], y = mine[g];
        better = is_min ? (std::isnan(y) && !std::isnan(x)) || x < y : (std::isnan(x) && !std::isnan(y)) || y < x;
      }
      if (counts_[g] == 0 || better) mine[g] = theirs[og];
    };
    switch (input_physical_) {
      case PhysicalType::kInt32: take(i32_, other.i32_); break;
      case PhysicalType::kInt64:
      case PhysicalType::kBit: take(i64_, other.i64_); break;
      case PhysicalType::kInt128: take(i128_, other.i128_); break;
      case PhysicalType::kDouble: take(f64_, other.f64_); break;
      case PhysicalType::kString: take(strings_, other.strings_); break;
      default: break;
    }
  } else if (IsSum(call_.kind)) {
    switch (input_physical_) {
      case PhysicalType::kInt32:
        if (__builtin_add_overflow(i64_[g], other.i64_[og], &i64_[g])) return OverflowError();
        break;
      case PhysicalType::kInt64:
      case PhysicalType::kInt128:
        if (__builtin_add_overflow(i128_[g], other.i128_[og], &i128_[g])) return OverflowError();
        break;
      case PhysicalType::kDouble: f64_[g] += other.f64_[og]; break;
      default: break;
    }
  }
  counts_[g] += oc;
  return Status::OK();
}

// The aggregate of each group's distinct values, by an ordinary state fed the pairs.
Result<ColumnPtr> AggregateState::FinalizeDistinct(size_t groups, const AggregateCall& call) const {
  AggregateCall plain = call;
  plain.distinct = false;
  AggregateState state(plain);
  state.Resize(groups);
  if (distinct_->size() > 0) {
    std::vector<uint32_t> pair_groups;
    ColumnPtr values;
    distinct_->Pairs(&pair_groups, &values);
    const ColumnView view = values->view();
    ORBIT_RETURN_IF_ERROR(state.Update(*kernels_, &view, pair_groups.data(), static_cast<int64_t>(pair_groups.size())));
  }
  return state.Finalize(groups, plain);
}

Result<ColumnPtr> AggregateState::Finalize(size_t groups, const AggregateCall& call) const {
  if (distinct_) return FinalizeDistinct(groups, call);
  if (collected_) return FinalizeOrdered(groups, call);
  if (call.kind == AggregateKind::kApproxCountDistinct) {
    ColumnBuilder out(call.type, static_cast<int64_t>(groups));
    for (size_t g = 0; g < groups; ++g) {
      const double estimate = counts_[g] == 0 ? 0 : hyper_log_log::Estimate(&registers_[g * kSketchBytes], kSketchBits);
      out.AppendInt64(std::min(counts_[g], static_cast<int64_t>(std::llround(estimate))));
    }
    return out.Finish();
  }
  ColumnBuilder out(call.type, static_cast<int64_t>(groups));
  int scale = input_type_.is_decimal() ? input_type_.scale : 0;
  for (size_t g = 0; g < groups; ++g) {
    int64_t count = counts_[g];
    if (call.kind == AggregateKind::kCount || call.kind == AggregateKind::kCountStar ||
        call.kind == AggregateKind::kRegrCount) {
      out.AppendInt64(count);
      continue;
    }
    if (count == 0) {
      out.AppendNull();
      continue;
    }
    if (IsSpread(call.kind) || IsBivariateAggregate(call.kind)) {
      double spread = 0;
      if (IsBivariateAggregate(call.kind) ? co_moments_.Value(call.kind, g, count, &spread)
                                          : Spread(call.kind, g, &spread)) {
        out.AppendDouble(spread);
      } else {
        out.AppendNull();
      }
      continue;
    }
    if (IsLogical(call.kind)) {
      out.AppendBool(i64_[g] != 0);
      continue;
    }
    if (IsIntervalAggregate()) {
      ORBIT_ASSIGN_OR_RETURN(int128_t v, IntervalResult(call.kind, g));
      out.AppendInt128(v);
      continue;
    }
    if (call.kind == AggregateKind::kAvg) {
      long double sum = input_physical_ == PhysicalType::kDouble  ? f64_[g]
                        : input_physical_ == PhysicalType::kInt32 ? static_cast<long double>(i64_[g])
                                                                  : static_cast<long double>(i128_[g]);
      long double avg = sum / count;
      if (scale > 0) avg /= static_cast<long double>(Pow10(scale));
      out.AppendDouble(static_cast<double>(avg));
      continue;
    }
    if (call.kind == AggregateKind::kSum) {
      switch (input_physical_) {
        case PhysicalType::kInt32: out.AppendInt64(i64_[g]); break;
        case PhysicalType::kDouble: out.AppendDouble(f64_[g]); break;
        default: {
          int128_t max = MaxForPrecision(call.type.precision);
          if (i128_[g] > max || i128_[g] < -max) return OverflowError();
          out.AppendInt128(i128_[g]);
        }
      }
      continue;
    }
    switch (input_physical_) {
      case PhysicalType::kInt32: out.AppendInt32(i32_[g]); break;
      case PhysicalType::kInt64: out.AppendInt64(i64_[g]); break;
      case PhysicalType::kBit: out.AppendBool(i64_[g] != 0); break;
      case PhysicalType::kInt128: out.AppendInt128(i128_[g]); break;
      case PhysicalType::kDouble: out.AppendDouble(f64_[g]); break;
      case PhysicalType::kString: out.AppendString(strings_[g]); break;
      default: out.AppendNull();
    }
  }
  return out.Finish();
}

namespace {

// string_agg over one group's n rows rows[sorted[0]], ..., rows[sorted[n - 1]] in order
// (column 1 the value, column 2 the separator): each value after its own separator, but the first.
void AppendJoined(const Batch& rows, const uint32_t* sorted, size_t n, ColumnBuilder& out) {
  const ColumnView value = rows.columns[1]->view();
  const ColumnView separator = rows.columns[2]->view();
  std::string text;
  for (size_t i = 0; i < n; ++i) {
    if (i > 0 && separator.IsValid(sorted[i])) text += separator.GetString(sorted[i]);
    text += value.GetString(sorted[i]);
  }
  out.AppendString(text);
}

// array_agg over one group's rows in order: one array of their values.
void AppendCollected(const Batch& rows, const uint32_t* sorted, size_t n, ColumnBuilder& out) {
  const ColumnView value = rows.columns[1]->view();
  ColumnBuilder& elements = out.ListElements();
  for (size_t i = 0; i < n; ++i) elements.AppendFrom(value, sorted[i]);
  out.FinishListRow();
}

}  // namespace

// The quantiles and mode are ordered by their value alone (value_order_aggregates.h);
// string_agg's rows are sorted by group and its ORDER BY (else kept in input order), then joined.
Result<ColumnPtr> AggregateState::FinalizeOrdered(size_t groups, const AggregateCall& call) const {
  const Batch rows = collected_->Rows();
  if (call.kind == AggregateKind::kQuantileCont || call.kind == AggregateKind::kQuantileDisc) {
    return GroupQuantiles(rows, groups, call);
  }
  if (call.kind == AggregateKind::kMode) return GroupModes(rows, groups, call);
  std::vector<ColumnView> keys{rows.columns[0]->view()};
  std::vector<SortKey> directions(1);
  const size_t first_key = 2 + (call.second ? 1 : 0);
  for (size_t k = 0; k < call.order_by.size(); ++k) {
    keys.push_back(rows.columns[first_key + k]->view());
    directions.push_back(call.order_by[k]);
  }
  const RowOrder order = SortedRowsByColumns(keys, directions, rows.length);
  const ColumnView group_of = rows.columns[0]->view();
  ColumnBuilder out(call.type, static_cast<int64_t>(groups));
  size_t p = 0;
  for (size_t g = 0; g < groups; ++g) {
    const size_t begin = p;
    while (p < order.size() && group_of.values<int64_t>()[order[p]] == static_cast<int64_t>(g)) ++p;
    if (p == begin) {
      out.AppendNull();
    } else if (call.kind == AggregateKind::kArrayAgg) {
      AppendCollected(rows, &order[begin], p - begin, out);
    } else {
      AppendJoined(rows, &order[begin], p - begin, out);
    }
  }
  return out.Finish();
}

}  // namespace orbit
