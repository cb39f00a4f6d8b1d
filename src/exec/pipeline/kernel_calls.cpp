#include "exec/pipeline/kernel_calls.h"

namespace orbit {

KernelCalls& KernelCalls::operator+=(const KernelCalls& other) {
  for (size_t i = 0; i < per_vector.size(); ++i) per_vector[i] += other.per_vector[i];
  if (host_only.empty()) host_only = other.host_only;
  return *this;
}

int FilterCalls(const Expr& predicate) {
  switch (predicate.kind) {
    case ExprKind::kAnd:
    case ExprKind::kOr:
    case ExprKind::kNot: {
      int calls = 0;
      for (const auto& child : predicate.children) calls += FilterCalls(*child);
      return calls;
    }
    default: return 1;
  }
}

int ArithmeticCalls(const Expr& e) {
  int calls = e.kind == ExprKind::kArithmetic ? 1 : 0;
  for (const auto& child : e.children) calls += ArithmeticCalls(*child);
  return calls;
}

int ArithmeticCalls(const std::vector<ExprPtr>& expressions) {
  int calls = 0;
  for (const auto& e : expressions) calls += ArithmeticCalls(*e);
  return calls;
}

KernelCalls ProbeKernelCalls(const std::vector<ExprPtr>& keys, const Expr* residual) {
  KernelCalls calls;
  calls.Add(KernelFamily::kHash, static_cast<double>(keys.size()));
  calls.Add(KernelFamily::kArithmetic, ArithmeticCalls(keys));
  if (residual != nullptr) {
    calls.Add(KernelFamily::kFilter, FilterCalls(*residual));
    calls.Add(KernelFamily::kArithmetic, ArithmeticCalls(*residual));
  }
  return calls;
}

}  // namespace orbit
