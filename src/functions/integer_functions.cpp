// Integer functions: gcd and lcm of INTEGER or BIGINT (BIGINT when either is), PostgreSQL's
// rules: gcd(0, 0) = 0, the results are not negative, and a result that does not fit the
// type (gcd(-2147483648, 0), an lcm too large) is an error. mod(a, b) is a % b: the parser
// writes it as the operator (sql/parser/transform_expression.cpp), so the registry only
// lists it.
#include <limits>
#include <numeric>

#include "functions/function_registry.h"

namespace orbit {

namespace {

template <typename T>
Status GcdOrLcm(const ScalarCall& call, bool lcm, Column& out) {
  const ColumnView& a = call.arguments[0];
  const ColumnView& b = call.arguments[1];
  T* r = out.mutable_values<T>();
  auto overflow = [&](int64_t i) {
    return Status::OutOfRange("{} out of range: {}({}, {})", call.type.ToString(), lcm ? "lcm" : "gcd",
                              static_cast<int64_t>(a.values<T>()[i]), static_cast<int64_t>(b.values<T>()[i]));
  };
  for (int64_t i = 0; i < call.rows; ++i) {
    r[i] = 0;
    if (!a.IsValid(i) || !b.IsValid(i)) continue;
    const T x = a.values<T>()[i], y = b.values<T>()[i];
    // In the unsigned type: |min()| is one past max().
    using U = std::make_unsigned_t<T>;
    const U ux = x < 0 ? static_cast<U>(0) - static_cast<U>(x) : static_cast<U>(x);
    const U uy = y < 0 ? static_cast<U>(0) - static_cast<U>(y) : static_cast<U>(y);
    const U g = std::gcd(ux, uy);
    U result = g;
    if (lcm) {
      if (ux == 0 || uy == 0) {
        result = 0;
      } else if (__builtin_mul_overflow(ux / g, uy, &result)) {
        return overflow(i);
      }
    }
    if (result > static_cast<U>(std::numeric_limits<T>::max())) return overflow(i);
    r[i] = static_cast<T>(result);
  }
  return Status::OK();
}

Result<ColumnPtr> Evaluate(const ScalarCall& call) {
  auto out = Column::Allocate(call.type, call.rows);
  const bool lcm = call.variant == 1;
  if (call.type.id == TypeId::kInt32) {
    ORBIT_RETURN_IF_ERROR(GcdOrLcm<int32_t>(call, lcm, *out));
  } else {
    ORBIT_RETURN_IF_ERROR(GcdOrLcm<int64_t>(call, lcm, *out));
  }
  for (int64_t i = 0; i < call.rows; ++i) {
    if (!call.arguments[0].IsValid(i) || !call.arguments[1].IsValid(i)) out->SetNull(i);
  }
  return out;
}

template <int kVariant>
Result<Resolution> BindIntegers(const CallSite& call) {
  bool wide = false;
  for (const CallArgument& a : call.arguments) {
    if (a.type.id == TypeId::kNull) continue;
    if (!a.type.is_integer()) {
      return Status::TypeError("function {}({}, {}) does not exist (it takes INTEGER or BIGINT), in {}", call.name,
                               call.arguments[0].type.ToString(), call.arguments[1].type.ToString(), call.text);
    }
    wide = wide || a.type.id == TypeId::kInt64;
  }
  const DataType type = wide ? DataType::Int64() : DataType::Int32();
  for (const CallArgument& a : call.arguments) {
    if (a.type.id == TypeId::kNull) return Resolution::Null(type);
  }
  return Resolution::Call(type, {type, type}, kVariant);
}

ScalarFunction Function(std::string name, std::string description, ScalarBindRule bind) {
  ScalarFunction f;
  f.name = std::move(name);
  f.signatures = {{"INTEGER, INTEGER", "INTEGER"}, {"BIGINT, BIGINT", "BIGINT"}};
  f.description = std::move(description);
  f.min_arguments = f.max_arguments = 2;
  f.usage = "takes two arguments";
  f.bind = bind;
  f.implementation = Evaluate;
  return f;
}

}  // namespace

Status RegisterIntegerFunctions(FunctionRegistry& registry) {
  ORBIT_RETURN_IF_ERROR(registry.Add(Function("gcd", "the greatest common divisor (not negative)", BindIntegers<0>)));
  ORBIT_RETURN_IF_ERROR(registry.Add(Function("lcm", "the least common multiple (not negative)", BindIntegers<1>)));
  ScalarFunction mod;
  mod.name = "mod";
  mod.signatures = {{"numeric, numeric", "as a % b"}};
  mod.description = "the remainder of a / b, with the sign of a: a % b";
  return registry.Add(std::move(mod));
}

}  // namespace orbit
