#include "exec/operators/aggregate_state.h"

#include <cmath>

#include "columnar/value_format.h"
#include "common/check.h"

namespace orbit {

AggregateState::AggregateState(const AggregateCall& call) : call_(call) {
  if (call.argument) {
    input_type_ = call.argument->type;
    input_physical_ = physical_type(input_type_);
  }
}

namespace {
bool IsSum(AggregateKind k) { return k == AggregateKind::kSum || k == AggregateKind::kAvg; }
bool IsMinMax(AggregateKind k) { return k == AggregateKind::kMin || k == AggregateKind::kMax; }

template <typename T>
void MinMaxScalar(bool is_min, const T& v, T& acc, int64_t& count) {
  if (count == 0 || (is_min ? v < acc : acc < v)) acc = v;
  ++count;
}
}  // namespace

void AggregateState::Resize(size_t groups) {
  counts_.resize(groups, 0);
  if (IsSum(call_.kind)) {
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

Status AggregateState::Update(const KernelTable& kernels, const ColumnView* arg, const uint32_t* groups, int64_t n) {
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
  }
  return Status::OK();
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

Status AggregateState::Merge(const AggregateState& other, const std::vector<uint32_t>& map) {
  for (size_t og = 0; og < other.counts_.size(); ++og) {
    if (map[og] != kSkip) ORBIT_RETURN_IF_ERROR(MergeGroup(other, og, map[og]));
  }
  return Status::OK();
}

Status AggregateState::MergeGroups(const AggregateState& other, const std::vector<uint32_t>& groups,
                                   const std::vector<uint32_t>& targets) {
  for (size_t i = 0; i < groups.size(); ++i) ORBIT_RETURN_IF_ERROR(MergeGroup(other, groups[i], targets[i]));
  return Status::OK();
}

Status AggregateState::MergeGroup(const AggregateState& other, size_t og, uint32_t g) {
  const bool is_min = call_.kind == AggregateKind::kMin;
  const int64_t oc = other.counts_[og];
  if (IsMinMax(call_.kind) && oc > 0) {
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

Result<ColumnPtr> AggregateState::Finalize(size_t groups, const AggregateCall& call) const {
  ColumnBuilder out(call.type, static_cast<int64_t>(groups));
  int scale = input_type_.is_decimal() ? input_type_.scale : 0;
  for (size_t g = 0; g < groups; ++g) {
    int64_t count = counts_[g];
    if (call.kind == AggregateKind::kCount || call.kind == AggregateKind::kCountStar) {
      out.AppendInt64(count);
      continue;
    }
    if (count == 0) {
      out.AppendNull();
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

}  // namespace orbit
