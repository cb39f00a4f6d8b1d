// The kernel calls an operator makes on each vector, by family, counted from its bound
// expressions (never from its display text): what placement's cost model multiplies by a
// device's per-row figures (pipeline_profile.h). A rough count: it shapes the model, and
// the performance database corrects its level.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "placement/device_figures.h"
#include "plan/expression.h"

namespace orbit {

struct KernelCalls {
  std::array<double, kKernelFamilyCount> per_vector{};
  /// Work only the host runs (an aggregate with no device kernel, e.g. "stddev_samp(x)");
  /// empty when every call has a device kernel. Placement keeps such a pipeline on the CPU.
  std::string host_only;

  void Add(KernelFamily family, double calls) { per_vector[static_cast<size_t>(family)] += calls; }
  double operator[](KernelFamily family) const { return per_vector[static_cast<size_t>(family)]; }
  KernelCalls& operator+=(const KernelCalls& other);
};

/// The filter calls selecting rows by `predicate` takes: one per condition its AND, OR and
/// NOT combine (a comparison, BETWEEN, IN, LIKE, IS NULL, ...).
int FilterCalls(const Expr& predicate);
/// The arithmetic calls evaluating `e` takes: one per +, -, *, / and % anywhere in it.
int ArithmeticCalls(const Expr& e);
int ArithmeticCalls(const std::vector<ExprPtr>& expressions);
/// A hash join probe's calls: its keys hashed (and computed), its residual condition (if
/// any) selecting among the pairs.
KernelCalls ProbeKernelCalls(const std::vector<ExprPtr>& keys, const Expr* residual);

}  // namespace orbit
