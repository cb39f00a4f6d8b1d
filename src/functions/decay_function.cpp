// decay(value, elapsed, half_life) = value * 0.5^(elapsed / half_life): exponential decay
// with a half-life, as a memory system ages its strengths (DOUBLE; integers and decimals are
// cast). Computed by the pipeline's math kernels (kernels/math_semantics.h's ApplyDecay is
// the rule): a half_life <= 0 is an error, decaying to zero is not, and finite inputs whose
// result overflows (a negative elapsed far beyond the half-life) are an overflow. NULL in,
// NULL out.
#include <fmt/format.h>

#include "functions/function_registry.h"
#include "functions/math_kernel_call.h"
#include "kernels/math_semantics.h"

namespace orbit {

namespace {

Status DecayError(const ScalarCall& call, int64_t row) {
  const double half_life = call.arguments[2].values<double>()[row];
  if (half_life <= 0) {
    // The argument as written, where it is more than the value itself (a column, an expression).
    const std::string value = fmt::format("{}", half_life);
    const std::string written = call.argument_sql(2);
    return Status::OutOfRange("decay's half_life must be greater than zero, not {}{}", value,
                              written == value ? "" : " (" + written + ")");
  }
  return Status::OutOfRange("value out of range: overflow (in decay, at value {} and elapsed {})",
                            call.arguments[0].values<double>()[row], call.arguments[1].values<double>()[row]);
}

Result<ColumnPtr> Decay(const ScalarCall& call) {
  MathKernelResult result(call.arguments, call.rows);
  const int64_t failed = MathKernelsOf(call).decay(
      call.arguments[0].values<double>(), false, call.arguments[1].values<double>(), false,
      call.arguments[2].values<double>(), false, result.validity(), static_cast<size_t>(call.rows), result.values());
  if (failed >= 0) return DecayError(call, failed);
  return result.Finish();
}

Result<Resolution> BindDecay(const CallSite& call) {
  std::vector<DataType> types;
  for (const CallArgument& a : call.arguments) {
    if (a.type.id == TypeId::kNull) return Resolution::Null(DataType::Double());
    if (!a.type.is_numeric() && !a.string_literal) {
      return Status::TypeError("decay takes numbers (value, elapsed, half_life), not {}, in {}", a.type.ToString(),
                               call.text);
    }
    types.push_back(DataType::Double());
  }
  return Resolution::Call(DataType::Double(), std::move(types));
}

}  // namespace

Status RegisterDecayFunction(FunctionRegistry& registry) {
  ScalarFunction f;
  f.name = "decay";
  f.signatures = {{"DOUBLE value, DOUBLE elapsed, DOUBLE half_life", "DOUBLE"}};
  f.description = "value * 0.5^(elapsed / half_life): exponential decay with a half-life (an error for half_life <= 0)";
  f.min_arguments = f.max_arguments = 3;
  f.usage = "takes three arguments (value, elapsed, half_life)";
  f.bind = BindDecay;
  f.implementation = Decay;
  f.device_kernel = "math";
  return registry.Add(std::move(f));
}

}  // namespace orbit
